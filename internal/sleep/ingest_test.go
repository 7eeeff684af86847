package sleep

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
	"github.com/volwaardig/volwaardig/internal/web"
)

func epochCount(t *testing.T, e *env, client int64) (n int, sum float64) {
	t.Helper()
	var s *float64
	if err := e.db.QueryRowContext(context.Background(), `SELECT COUNT(*), SUM(counts) FROM sleep_epochs WHERE client_id = $1`, client).Scan(&n, &s); err != nil {
		t.Fatal(err)
	}
	if s != nil {
		sum = *s
	}
	return n, sum
}

func webCode(err error) web.Code {
	var we *web.Error
	if errors.As(err, &we) {
		return we.Code
	}
	return ""
}

// TestStreamIngest sends an hour and a half of 30-s batches, retries one,
// replays part of the stream under new sequence numbers, and checks that
// every minute is stored once with the same counts, that bad batches are
// refused with the reason, and that nothing outside the link or without a
// legal basis is stored.
func TestStreamIngest(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		linkStart := time.Date(2026, 3, 1, 22, 0, 0, 0, time.UTC)
		e.sensor(t, "W1", KindWrist, e.client, linkStart)
		e.sensor(t, "W2", KindWrist, e.noBasis, linkStart)
		e.sensor(t, "W3", KindWrist, 0, time.Time{})
		start := time.Date(2026, 3, 1, 22, 30, 0, 0, time.UTC)
		var bodies [][]byte
		for i := range 180 { // 90 minutes of 30-s batches
			b := synthBatch(uint64(i+1), start.Add(time.Duration(i)*30*time.Second), 30000, 900, float64(i)*30)
			bodies = append(bodies, EncodeBatch(b))
		}
		for i, body := range bodies {
			res, err := e.s.IngestBatch(ctx, "W1", body)
			if err != nil {
				t.Fatalf("batch %d: %v", i, err)
			}
			if res.Samples != 900 || res.Duplicate {
				t.Fatalf("batch %d: %+v", i, res)
			}
		}
		// A retry of a stored batch is acknowledged, not stored again.
		res, err := e.s.IngestBatch(ctx, "W1", bodies[7])
		if err != nil || !res.Duplicate || res.Samples != 0 {
			t.Fatalf("retry: %+v %v", res, err)
		}
		// The same sequence number with other content is a conflict.
		other := synthBatch(8, start, 30000, 900, 999)
		if _, err := e.s.IngestBatch(ctx, "W1", EncodeBatch(other)); webCode(err) != web.CodeConflict {
			t.Fatalf("same seq, other content: %v", err)
		}
		// Ten minutes replayed under new sequence numbers (a sensor that
		// lost its acknowledgements): stored, but kept once on reduction.
		for i := 20; i < 40; i++ {
			b := synthBatch(uint64(1000+i), start.Add(time.Duration(i)*30*time.Second), 30000, 900, float64(i)*30)
			if _, err := e.s.IngestBatch(ctx, "W1", EncodeBatch(b)); err != nil {
				t.Fatal(err)
			}
		}
		// Wrong rate, corrupt batch, unknown sensor, no basis, no link.
		if _, err := e.s.IngestBatch(ctx, "W1", EncodeBatch(synthBatch(5000, start, 50000, 500, 0))); webCode(err) != web.CodeBadInput || !strings.Contains(err.Error(), "differs") {
			t.Errorf("wrong rate: %v", err)
		}
		bad := cloneBytes(bodies[3])
		bad[100] ^= 1
		if _, err := e.s.IngestBatch(ctx, "W1", bad); webCode(err) != web.CodeBadInput {
			t.Errorf("corrupt batch: %v", err)
		}
		if _, err := e.s.IngestBatch(ctx, "NOPE", bodies[0]); webCode(err) != web.CodeNotFound {
			t.Errorf("unknown sensor: %v", err)
		}
		if _, err := e.s.IngestBatch(ctx, "W2", bodies[0]); webCode(err) != web.CodeForbidden {
			t.Errorf("client without basis: %v", err)
		}
		if _, err := e.s.IngestBatch(ctx, "W3", bodies[0]); webCode(err) != web.CodeBadInput {
			t.Errorf("sensor without link: %v", err)
		}
		early := synthBatch(6000, linkStart.Add(-10*time.Minute), 30000, 30*60*20, 0) // 10 min before the link, 10 after
		res, err = e.s.IngestBatch(ctx, "W1", EncodeBatch(early))
		if err != nil || res.Refused != 30*60*10 || res.Samples != 30*60*10 {
			t.Fatalf("batch across the link start: %+v %v", res, err)
		}
		// Nothing is reduced before the hour is over (plus grace) ...
		e.clock.Set(time.Date(2026, 3, 1, 23, 3, 0, 0, time.UTC))
		if n, err := e.s.ReducePending(ctx, false); err != nil || n != 0 {
			t.Fatalf("reduced %d hours early (%v)", n, err)
		}
		e.clock.Set(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
		if n, err := e.s.ReducePending(ctx, false); err != nil || n != 2 {
			t.Fatalf("reduced %d hours, want 2 (%v)", n, err)
		}
		n, sum := epochCount(t, e, e.client)
		// 22:00-22:10 from the early batch and 22:30-24:00 from the stream.
		if n != 100 {
			t.Errorf("%d minutes stored, want 100", n)
		}
		// Reducing again changes nothing; a late batch for a reduced hour
		// merges into the stored hour block.
		late := synthBatch(7000, start.Add(10*time.Minute), 30000, 900, 600)
		if _, err := e.s.IngestBatch(ctx, "W1", EncodeBatch(late)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.ReducePending(ctx, false); err != nil {
			t.Fatal(err)
		}
		n2, sum2 := epochCount(t, e, e.client)
		if n2 != n || math.Abs(sum2-sum) > 0.5 {
			t.Errorf("after a repeated batch: %d minutes (%.0f counts), before %d (%.0f)", n2, sum2, n, sum)
		}
		var hours, chunks int
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_raw_hours`).Scan(&hours)
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_raw_chunks`).Scan(&chunks)
		if hours != 2 || chunks != 0 {
			t.Errorf("raw hours %d (want 2), chunks left %d (want 0)", hours, chunks)
		}
		if n, _ := epochCount(t, e, e.noBasis); n != 0 {
			t.Errorf("%d minutes stored for a client without basis", n)
		}
		if e.aud.count("sleep_epochs", "") == 0 {
			t.Error("storing epochs was not audited")
		}
	})
}

func cloneBytes(b []byte) []byte { return append([]byte(nil), b...) }

func epochCSV(start time.Time, minutes int, f func(i int) int) string {
	var sb strings.Builder
	sb.WriteString("timestamp,axis1,axis2,axis3\n")
	for i := range minutes {
		c := f(i)
		fmt.Fprintf(&sb, "%s,%d,%d,%d\n", start.Add(time.Duration(i)*time.Minute).Format("2006-01-02T15:04:05Z"), c, c/2, c/3)
	}
	return sb.String()
}

// nightCounts is a plausible night: active until 22:30, asleep with a
// short awakening, up at 07:00.
func nightCounts(start time.Time) func(i int) int {
	return func(i int) int {
		t := start.Add(time.Duration(i) * time.Minute)
		h := t.Hour()*60 + t.Minute()
		switch {
		case h >= 22*60+30 || h < 7*60:
			if h == 3*60 || h == 3*60+1 || h == 3*60+2 {
				return 400
			}
			if i%9 == 0 {
				return 12
			}
			return 0
		default:
			return 300 + i%200
		}
	}
}

func TestFileIngest(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		w := e.sensor(t, "AG1", KindWrist, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		bed := e.sensor(t, "BED1", KindBed, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		other := e.sensor(t, "AG2", KindWrist, e.noBasis, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		// Wall-clock times (no zone): 18:00 local on 2 March, 18 hours.
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		csv := epochCSV(start, 18*60, nightCounts(start))
		res := e.s.IngestFile(ctx, w, "nacht.csv", []byte(csv), FileOptions{})
		if res.Error != "" || res.Format != FormatEpochCSV || res.Epochs != 18*60 {
			t.Fatalf("epoch CSV: %+v", res)
		}
		if len(res.Nights) == 0 || res.Nights[0] != "2026-03-02" {
			t.Errorf("nights %v", res.Nights)
		}
		ns, err := e.s.Nights(ctx, e.client, "2026-03-02", "2026-03-02")
		if err != nil || len(ns) != 1 {
			t.Fatalf("nights: %v %v", ns, err)
		}
		n := ns[0]
		if n.Status != StatusOK || n.Source != SourceWrist || n.TST < 7*60 || n.TST > 9*60 || n.Awakenings < 1 {
			t.Errorf("night: %+v", n)
		}
		if got := n.InBed.In(e.s.loc).Format("15:04"); got < "22:25" || got > "22:40" {
			t.Errorf("in bed at %s (local), want about 22:30", got)
		}
		// The same file again: recognised, nothing stored twice.
		again := e.s.IngestFile(ctx, w, "kopie.csv", []byte(csv), FileOptions{})
		if !again.Duplicate || again.Epochs != 0 {
			t.Errorf("second upload: %+v", again)
		}
		cnt, sum := epochCount(t, e, e.client)
		// An overlapping file (the last 6 hours again, plus 2 more)
		// replaces those minutes instead of adding to them.
		start2 := start.Add(12 * time.Hour)
		over := epochCSV(start2, 8*60, nightCounts(start2))
		if r := e.s.IngestFile(ctx, w, "overlap.csv", []byte(over), FileOptions{}); r.Error != "" {
			t.Fatal(r.Error)
		}
		cnt2, _ := epochCount(t, e, e.client)
		if cnt2 != cnt+2*60 {
			t.Errorf("overlap: %d minutes, want %d", cnt2, cnt+120)
		}
		_ = sum
		// A truncated file: the good rows kept, the cut row reported.
		trunc := csv[:len(csv)-15]
		r := e.s.IngestFile(ctx, w, "afgebroken.csv", []byte(trunc+"\n2026-03-0"), FileOptions{})
		if r.Error != "" || len(r.Problems) == 0 {
			t.Errorf("truncated: %+v", r)
		}
		// A mislabelled file: CSV named .cwa.
		if r := e.s.IngestFile(ctx, w, "nacht.cwa", []byte(csv), FileOptions{}); r.Error == "" {
			t.Errorf("mislabelled: %+v", r)
		}
		// Bed CSV on the mattress sensor merges into the same minutes.
		var sb strings.Builder
		sb.WriteString("timestamp,movement,heart_rate,breathing_rate,in_bed\n")
		for i := range 60 {
			fmt.Fprintf(&sb, "%s,%d,%d,,1\n", time.Date(2026, 3, 2, 23, i, 0, 0, time.UTC).Format("2006-01-02T15:04:05Z"), i%5, 60)
		}
		if r := e.s.IngestFile(ctx, bed, "matras.csv", []byte(sb.String()), FileOptions{}); r.Error != "" || r.Epochs != 60 || r.Format != FormatBedCSV {
			t.Errorf("bed CSV: %+v", r)
		}
		var merged int
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_epochs WHERE client_id = $1 AND counts IS NOT NULL AND in_bed = 1`, e.client).Scan(&merged)
		if merged != 60 {
			t.Errorf("%d minutes with wrist and bed data, want 60", merged)
		}
		// A bed file on a wrist sensor is refused with a reason.
		if r := e.s.IngestFile(ctx, w, "matras.csv", []byte(sb.String()), FileOptions{}); r.Error == "" {
			t.Error("bed file on a wrist sensor accepted")
		}
		// Raw CSV: needs rate and start; 10 minutes at 30 Hz.
		var raw strings.Builder
		raw.WriteString("x,y,z\n")
		for i := range 30 * 600 {
			fmt.Fprintf(&raw, "%.3f,%.3f,%.3f\n", 0.1*math.Sin(float64(i)/7), -1+0.2*math.Sin(float64(i)/11), 0.05)
		}
		if r := e.s.IngestFile(ctx, w, "ruw.csv", []byte(raw.String()), FileOptions{}); !strings.Contains(r.Error, "samplefrequentie") {
			t.Errorf("raw CSV without rate: %+v", r.Error)
		}
		rs := time.Date(2026, 3, 4, 1, 0, 0, 0, e.s.loc)
		r = e.s.IngestFile(ctx, w, "ruw.csv", []byte(raw.String()), FileOptions{Hz: 30, Start: rs})
		if r.Error != "" || r.Samples != 30*600 || r.Epochs != 10 {
			t.Errorf("raw CSV: %+v", r)
		}
		// A client without basis: refused with the Dutch reason.
		r = e.s.IngestFile(ctx, other, "nacht.csv", []byte(csv), FileOptions{})
		if r.Refused != 18*60 || r.Epochs != 0 || len(r.Problems) == 0 || r.Problems[len(r.Problems)-1].Code != "geen_grondslag" {
			t.Errorf("no basis: %+v", r)
		}
	})
}

// TestTableNight: a sensor lying on a table all night is non-wear, not
// sleep.
func TestTableNight(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		w := e.sensor(t, "AG1", KindWrist, e.client, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
		start := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
		csv := epochCSV(start, 18*60, func(i int) int {
			if i < 90 {
				return 250
			}
			return 0
		})
		if r := e.s.IngestFile(ctx, w, "tafel.csv", []byte(csv), FileOptions{}); r.Error != "" {
			t.Fatal(r.Error)
		}
		ns, err := e.s.Nights(ctx, e.client, "2026-03-02", "2026-03-02")
		if err != nil || len(ns) != 1 {
			t.Fatal(ns, err)
		}
		if ns[0].Status != StatusNonWear || ns[0].TST != 0 || !ns[0].HasFlag(FlagNonWear) {
			t.Errorf("table night: %+v", ns[0])
		}
		var nw int
		_ = d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sleep_epochs WHERE client_id = $1 AND nonwear = 1`, e.client).Scan(&nw)
		if nw < 800 {
			t.Errorf("%d minutes marked non-wear", nw)
		}
	})
}

// TestFileIngestBadInput: each kind of bad file gets a clear Dutch report;
// what is good in it is kept, and nothing is stored twice.
func TestFileIngestBadInput(t *testing.T) {
	ref := testkit.Reference(t)
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		if _, err := e.clients.AddConsent(ctx, nil, clients.Consent{ClientID: e.client, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisClient,
			ValidFrom: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), RecordedBy: e.users[auth.RoleZorgverlener]}); err != nil {
			t.Fatal(err)
		}
		w := e.sensor(t, "AG1", KindWrist, e.client, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
		has := func(r *Result, code, dutch string) bool {
			for _, p := range r.Problems {
				if p.Code == code && strings.Contains(p.What, dutch) {
					return true
				}
			}
			return false
		}
		// Timestamps going backwards: the row is skipped and said so, the
		// other 59 minutes are stored.
		start := time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC)
		lines := strings.Split(strings.TrimSuffix(epochCSV(start, 60, func(i int) int { return i }), "\n"), "\n")
		back := append(append([]string{}, lines[:31]...), start.Add(10*time.Minute).Format("2006-01-02T15:04:05Z")+",5,2,1")
		back = append(back, lines[31:]...)
		r := e.s.IngestFile(ctx, w, "terug.csv", []byte(strings.Join(back, "\n")+"\n"), FileOptions{})
		if r.Error != "" || r.Epochs != 60 || !has(r, "time_backwards", "Tijden liepen terug") {
			t.Errorf("backwards: %+v", r)
		}
		if n, sum := epochCount(t, e, e.client); n != 60 || sum != 59*60/2 {
			t.Errorf("backwards: %d minutes with %v counts stored, want 60 with %d", n, sum, 59*60/2)
		}
		// A rate the count algorithm cannot take (10 Hz): refused, with the
		// rate in the message, nothing stored.
		var raw strings.Builder
		for range 10 * 600 {
			raw.WriteString("0.01,-0.99,0.02\n")
		}
		r = e.s.IngestFile(ctx, w, "traag.csv", []byte(raw.String()), FileOptions{Hz: 10, Start: start})
		if !strings.Contains(r.Error, "samplefrequentie 10 Hz kan niet worden verwerkt") || r.Samples != 0 {
			t.Errorf("10 Hz: %+v", r)
		}
		// A truncated device file (the AX3 reference cut inside a block):
		// the whole blocks are kept, the cut one reported.
		data, err := os.ReadFile(filepath.Join(ref, "raw", "ax3_testfile.cwa"))
		if err != nil {
			t.Fatal(err)
		}
		cut := data[:len(data)*6/10+100]
		w2 := e.sensor(t, "AX3-39434", KindWrist, e.client, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
		r = e.s.IngestFile(ctx, w2, "afgebroken.cwa", cut, FileOptions{})
		if r.Error != "" || r.Samples == 0 || !has(r, "truncated", "afgebroken kopie") {
			t.Errorf("truncated cwa: %+v", r.Problems)
		}
		// Mislabelled: CSV bytes named .gt3x, and a GENEActiv file named .cwa.
		for name, body := range map[string][]byte{"nacht.gt3x": []byte(strings.Join(lines, "\n")), "opname.cwa": mustRead(t, filepath.Join(ref, "raw", "GENEActiv_testfile.bin"))} {
			if r := e.s.IngestFile(ctx, w2, name, body, FileOptions{}); r.Error == "" || !strings.Contains(r.Error, "kon niet worden gelezen") {
				t.Errorf("mislabelled %s: %+v", name, r)
			}
		}
		// The same raw file again under another name: recognised by its
		// content, nothing stored twice.
		var before int
		_ = d.QueryRowContext(ctx, `SELECT COALESCE(SUM(present), 0) FROM sleep_raw_hours`).Scan(&before)
		if r := e.s.IngestFile(ctx, w2, "kopie.cwa", cut, FileOptions{}); !r.Duplicate {
			t.Errorf("second upload: %+v", r)
		}
		var after int
		_ = d.QueryRowContext(ctx, `SELECT COALESCE(SUM(present), 0) FROM sleep_raw_hours`).Scan(&after)
		if after != before {
			t.Errorf("raw samples %d after the repeat, %d before", after, before)
		}
	})
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
