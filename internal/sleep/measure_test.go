package sleep

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
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
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var peak atomic.Uint64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
		t0 := time.Now()
		res := e.s.IngestFile(context.Background(), sn, "big.cwa", data, FileOptions{})
		close(stop)
		<-done
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if res.Error != "" {
			t.Fatal(res.Error)
		}
		t.Logf("refused %d, problems %d, first %s last %s", res.Refused, len(res.Problems), res.First, res.Last)
		t.Logf("file %d MiB: %d samples, %d epochs in %s; heap in use before %d MiB (file included), peak %d MiB (+%d MiB); TotalAlloc +%d MiB",
			len(data)>>20, res.Samples, res.Epochs, time.Since(t0).Round(time.Millisecond), before.HeapInuse>>20, peak.Load()>>20, (peak.Load()-before.HeapInuse)>>20, (after.TotalAlloc-before.TotalAlloc)>>20)
	})
}
