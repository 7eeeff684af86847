package sleep

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/testkit"
)

// bigCWA repeats the data blocks of the AX3 reference file, each copy
// shifted in time and sequence so the whole reads as one recording, until
// the file has about size bytes.
func bigCWA(t *testing.T, size int) []byte {
	t.Helper()
	ref, err := os.ReadFile(filepath.Join(testkit.Reference(t), "raw", "ax3_testfile.cwa"))
	if err != nil {
		t.Fatal(err)
	}
	const head, bs = 1024, 512
	blocks := (len(ref) - head) / bs
	stamp := func(b []byte) time.Time {
		v := binary.LittleEndian.Uint32(b[14:])
		return time.Date(int(v>>26&0x3f)+2000, time.Month(v>>22&0x0f), int(v>>17&0x1f), int(v>>12&0x1f), int(v>>6&0x3f), int(v&0x3f), 0, time.UTC)
	}
	first, last := stamp(ref[head:]), stamp(ref[head+(blocks-1)*bs:])
	span := last.Sub(first) + 2*time.Second
	out := append(make([]byte, 0, size+len(ref)), ref[:head]...)
	for k := 0; len(out) < size; k++ {
		for i := range blocks {
			b := append([]byte(nil), ref[head+i*bs:head+(i+1)*bs]...)
			ts := stamp(b).Add(time.Duration(k) * span)
			binary.LittleEndian.PutUint32(b[14:], uint32(ts.Year()-2000)<<26|uint32(ts.Month())<<22|uint32(ts.Day())<<17|uint32(ts.Hour())<<12|uint32(ts.Minute())<<6|uint32(ts.Second()))
			binary.LittleEndian.PutUint32(b[10:], binary.LittleEndian.Uint32(b[10:])+uint32(k*blocks))
			var sum uint16
			for j := 0; j < bs-2; j += 2 {
				sum += binary.LittleEndian.Uint16(b[j:])
			}
			binary.LittleEndian.PutUint16(b[bs-2:], -sum)
			out = append(out, b...)
		}
	}
	return out
}

// TestMeasureRawIngestMemory measures the heap one large legitimate raw
// file costs through IngestFile: peak HeapInuse (sampled every 5 ms) and
// TotalAlloc. Size in MB from VOLWAARDIG_MEASURE_MB (default 50).
//
//	VOLWAARDIG_MEASURE=1 go test ./internal/sleep/ -run MeasureRawIngest -v
func TestMeasureRawIngestMemory(t *testing.T) {
	if os.Getenv("VOLWAARDIG_MEASURE") == "" {
		t.Skip("a measurement; set VOLWAARDIG_MEASURE=1")
	}
	mb := 50
	if v, err := strconv.Atoi(os.Getenv("VOLWAARDIG_MEASURE_MB")); err == nil && v > 0 {
		mb = v
	}
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		if d.Dialect() != db.SQLite {
			t.Skip("measured once, on SQLite")
		}
		e := newEnv(t, d, false)
		data := bigCWA(t, mb<<20)
		from := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		sn := e.sensor(t, "AX3-39434", KindWrist, e.client, from)
		if _, err := e.clients.AddConsent(context.Background(), nil, clients.Consent{ClientID: e.client, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisWzd, ValidFrom: from}); err != nil {
			t.Fatal(err)
		}
		m := startHeapMeter()
		t0 := time.Now()
		res := e.s.IngestFile(context.Background(), sn, "big.cwa", data, FileOptions{})
		m.stop()
		if res.Error != "" {
			t.Fatal(res.Error)
		}
		t.Logf("refused %d, problems %d, first %s last %s", res.Refused, len(res.Problems), res.First, res.Last)
		t.Logf("file %d MiB: %d samples, %d epochs in %s; %s", len(data)>>20, res.Samples, res.Epochs, time.Since(t0).Round(time.Millisecond), m)
	})
}

// heapMeter samples the heap every 5 ms while a measurement runs: the
// peak of HeapInuse (which includes garbage the collector has not yet
// reclaimed, so it follows GOGC's pacing: about twice what is live) and
// the peak of the live heap as the last collection found it.
type heapMeter struct {
	before         runtime.MemStats
	inuse, live    atomic.Uint64
	liveBefore     uint64
	quit, finished chan struct{}
	after          runtime.MemStats
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapMeter() *heapMeter {
	m := &heapMeter{quit: make(chan struct{}), finished: make(chan struct{})}
	runtime.GC()
	runtime.ReadMemStats(&m.before)
	m.liveBefore = liveHeap()
	go func() {
		defer close(m.finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > m.inuse.Load() {
				m.inuse.Store(ms.HeapInuse)
			}
			if l := liveHeap(); l > m.live.Load() {
				m.live.Store(l)
			}
			select {
			case <-m.quit:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return m
}

func (m *heapMeter) stop() {
	close(m.quit)
	<-m.finished
	runtime.ReadMemStats(&m.after)
}

func (m *heapMeter) String() string {
	return fmt.Sprintf("heap in use before %d MiB (file included), peak %d MiB (+%d MiB); live heap before %d MiB, peak +%d MiB; TotalAlloc +%d MiB",
		m.before.HeapInuse>>20, m.inuse.Load()>>20, (m.inuse.Load()-min(m.inuse.Load(), m.before.HeapInuse))>>20,
		m.liveBefore>>20, (m.live.Load()-min(m.live.Load(), m.liveBefore))>>20, (m.after.TotalAlloc-m.before.TotalAlloc)>>20)
}

// TestMeasureGapIngestMemory measures what a claimed gap costs through
// IngestFile: a 2 MiB CWA file whose second half of blocks is dated 4 or
// 40 hours after the first (within what gapLimit grants a file of that
// size). Streaming, the gap is one record and its hours are written one at
// a time, so the peak should not grow with the gap.
//
//	VOLWAARDIG_MEASURE=1 go test ./internal/sleep/ -run MeasureGapIngest -v
func TestMeasureGapIngestMemory(t *testing.T) {
	if os.Getenv("VOLWAARDIG_MEASURE") == "" {
		t.Skip("a measurement; set VOLWAARDIG_MEASURE=1")
	}
	for _, gap := range []time.Duration{4 * time.Hour, 40 * time.Hour} {
		t.Run(gap.String(), func(t *testing.T) { measureGapIngest(t, gap) })
	}
}

func measureGapIngest(t *testing.T, gap time.Duration) {
	{
		dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
			if d.Dialect() != db.SQLite {
				t.Skip("measured once, on SQLite")
			}
			e := newEnv(t, d, false)
			data := shiftCWA(bigCWA(t, 2<<20), gap)
			from := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
			sn := e.sensor(t, "AX3-39434", KindWrist, e.client, from)
			if _, err := e.clients.AddConsent(context.Background(), nil, clients.Consent{ClientID: e.client, Subject: clients.SubjectSleepMonitoring, Basis: clients.BasisWzd, ValidFrom: from}); err != nil {
				t.Fatal(err)
			}
			m := startHeapMeter()
			t0 := time.Now()
			res := e.s.IngestFile(context.Background(), sn, "gap.cwa", data, FileOptions{})
			m.stop()
			if res.Error != "" {
				t.Fatal(res.Error)
			}
			t.Logf("file %d KiB with a gap of %v: %d samples, %d epochs, first %s last %s in %s; %s", len(data)>>10, gap, res.Samples, res.Epochs,
				res.First.Format(time.RFC3339), res.Last.Format(time.RFC3339), time.Since(t0).Round(time.Millisecond), m)
		})
	}
}

// shiftCWA dates every data block of the second half of a CWA file d
// later (checksums made right), leaving a gap of d in the recording.
func shiftCWA(data []byte, d time.Duration) []byte {
	const head, bs = 1024, 512
	out := append([]byte(nil), data...)
	blocks := (len(out) - head) / bs
	for i := blocks / 2; i < blocks; i++ {
		b := out[head+i*bs : head+(i+1)*bs]
		v := binary.LittleEndian.Uint32(b[14:])
		ts := time.Date(int(v>>26&0x3f)+2000, time.Month(v>>22&0x0f), int(v>>17&0x1f), int(v>>12&0x1f), int(v>>6&0x3f), int(v&0x3f), 0, time.UTC).Add(d)
		binary.LittleEndian.PutUint32(b[14:], uint32(ts.Year()-2000)<<26|uint32(ts.Month())<<22|uint32(ts.Day())<<17|uint32(ts.Hour())<<12|uint32(ts.Minute())<<6|uint32(ts.Second()))
		var sum uint16
		for j := 0; j < bs-2; j += 2 {
			sum += binary.LittleEndian.Uint16(b[j:])
		}
		binary.LittleEndian.PutUint16(b[bs-2:], -sum)
	}
	return out
}
