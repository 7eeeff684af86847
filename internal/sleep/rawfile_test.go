package sleep

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/volwaardig/volwaardig/internal/db"
	"github.com/volwaardig/volwaardig/internal/db/dbtest"
	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
)

// TestRawSplitterMatchesSplitRaw: cutting a recording as it streams, gaps
// arriving as records, gives exactly the pieces (client, hour, sample
// range, start, milli-g samples), refusals, first and last time that
// cutting the recording held whole gave (splitRaw, then conversion per
// piece, as ingest did before it streamed). The recording runs 3 hours at
// a fractional rate (85.7 Hz) across hour boundaries, through a link to a
// client with a basis, a link to one without, and time outside both, with
// short and long gaps (one across an hour boundary) and single missing
// samples.
func TestRawSplitterMatchesSplitRaw(t *testing.T) {
	dbtest.Each(t, migrations(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, false)
		ctx := context.Background()
		t0 := time.Date(2026, 3, 1, 22, 40, 13, 370_000_000, time.UTC)
		id, err := e.s.CreateSensor(ctx, Sensor{Serial: "SPLIT-1", Kind: KindWrist, OrganisationID: e.org, LocationID: e.loc}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.LinkSensor(ctx, id, e.client, t0.Add(20*time.Minute), t0.Add(150*time.Minute), 0); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.LinkSensor(ctx, id, e.noBasis, t0.Add(150*time.Minute), time.Time{}, 0); err != nil {
			t.Fatal(err)
		}
		links, err := e.s.Links(ctx, id)
		if err != nil || len(links) != 2 {
			t.Fatalf("links %v %v", links, err)
		}
		const hz = 85.7
		n := int(3 * 3600 * hz)
		rng := rand.New(rand.NewPCG(1, 2))
		raw := &devicefile.Raw{SampleRate: hz, Start: t0, X: make([]float32, n), Y: make([]float32, n), Z: make([]float32, n)}
		for i := range n {
			raw.X[i], raw.Y[i], raw.Z[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64()), float32(rng.NormFloat64())
		}
		nan := float32(math.NaN())
		hole := func(from, to int) {
			for i := from; i < to && i < n; i++ {
				raw.X[i], raw.Y[i], raw.Z[i] = nan, nan, nan
			}
		}
		hole(1000, 1300)
		hole(int(19*60*hz), int(41*60*hz)) // across the hour at 23:00 and the link's start
		hole(int(99*60*hz), int(99*60*hz)+17)
		for range 50 {
			i := rng.IntN(n)
			raw.Y[i] = nan // one axis missing: the sample is missing
		}
		hole(n-500, n)
		rateMHz := uint32(math.Round(hz * 1000))

		// Cut whole, as ingest did before it streamed.
		want := &Result{}
		old, err := e.s.splitRaw(ctx, links, t0, rateMHz, n, want)
		if err != nil {
			t.Fatal(err)
		}
		wantValid := 0
		for i := range old {
			p := &old[i]
			m := p.n()
			x, y, z := make([]int16, m), make([]int16, m), make([]int16, m)
			for j := range m {
				at := p.from + j
				x[j], y[j], z[j] = MilliG(raw.X[at]), MilliG(raw.Y[at]), MilliG(raw.Z[at])
				if x[j] == MissingSample || y[j] == MissingSample || z[j] == MissingSample {
					x[j], y[j], z[j] = MissingSample, MissingSample, MissingSample
				} else {
					wantValid++
				}
			}
			p.blk.X, p.blk.Y, p.blk.Z = x, y, z
		}

		// Streamed, in blocks of uneven size, runs of missing samples as
		// gap records.
		got := &Result{}
		sp := e.s.newRawSplitter(ctx, links, t0, rateMHz, got)
		for i := 0; i < n; {
			if raw.X[i] != raw.X[i] {
				j := i
				for j < n && raw.X[j] != raw.X[j] {
					j++
				}
				if err := sp.add(devicefile.Block{Index: int64(i), Gap: int64(j - i)}); err != nil {
					t.Fatal(err)
				}
				i = j
				continue
			}
			j := i
			for j < n && j-i < 1+rng.IntN(5000) && raw.X[j] == raw.X[j] {
				j++
			}
			if err := sp.add(devicefile.Block{Index: int64(i), X: raw.X[i:j], Y: raw.Y[i:j], Z: raw.Z[i:j]}); err != nil {
				t.Fatal(err)
			}
			i = j
		}
		pieces, err := sp.finish()
		if err != nil {
			t.Fatal(err)
		}
		if len(pieces) != len(old) || len(old) < 3 {
			t.Fatalf("%d pieces streamed, %d cut whole", len(pieces), len(old))
		}
		for i, p := range pieces {
			o := old[i]
			b, err := DecodeBlock(p.enc)
			if err != nil {
				t.Fatal(err)
			}
			if p.clientID != o.clientID || p.hour != o.hour || p.from != o.from || p.to != o.to || !b.Start.Equal(o.blk.Start) || b.RateMHz != o.blk.RateMHz {
				t.Fatalf("piece %d: client %d hour %d [%d,%d) at %v; cut whole: client %d hour %d [%d,%d) at %v", i, p.clientID, p.hour, p.from, p.to, b.Start, o.clientID, o.hour, o.from, o.to, o.blk.Start)
			}
			if !reflect.DeepEqual(b.X, o.blk.X) || !reflect.DeepEqual(b.Y, o.blk.Y) || !reflect.DeepEqual(b.Z, o.blk.Z) {
				t.Fatalf("piece %d: samples differ", i)
			}
		}
		if sp.valid != wantValid || got.Refused != want.Refused || got.Refused == 0 || !got.First.Equal(want.First) || !got.Last.Equal(want.Last) || !reflect.DeepEqual(got.Problems, want.Problems) {
			t.Errorf("valid %d refused %d first %v last %v %v; cut whole: %d %d %v %v %v", sp.valid, got.Refused, got.First, got.Last, got.Problems, wantValid, want.Refused, want.First, want.Last, want.Problems)
		}
	})
}

// TestEncodeBlockKeepsOnlyItsBytes: a compressed hour of missing samples
// (a gap's hour) is a few hundred bytes and holds no more memory than that;
// it held the megabyte reserved for compressing an hour of signal, which
// a file's pieces keep until they are stored (40 gap hours: 40 MiB).
func TestEncodeBlockKeepsOnlyItsBytes(t *testing.T) {
	n := 3600 * 100
	b := &Block{Start: time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC), RateMHz: 100000, X: make([]int16, n), Y: make([]int16, n), Z: make([]int16, n)}
	for i := range n {
		b.X[i], b.Y[i], b.Z[i] = MissingSample, MissingSample, MissingSample
	}
	enc, err := EncodeBlock(b)
	if err != nil {
		t.Fatal(err)
	}
	if cap(enc) > 8<<10 {
		t.Errorf("an hour of missing samples: %d bytes holding %d", len(enc), cap(enc))
	}
	back, err := DecodeBlock(enc)
	if err != nil || back.Len() != n || back.X[n-1] != MissingSample {
		t.Fatalf("round trip: %v", err)
	}
}
