// Command sleep-score measures the sleep pipeline of DESIGN §5: one month of
// one-minute epochs for 1,000 people (synthetic, fixed seed) aggregated to
// minutes, scored by both Cole-Kripke and Sadeh and reduced to Tudor-Locke
// nights, all in memory. Optionally it also parses the same data as epoch
// CSV (the file path of `volwaardig sleep score`) for a subset of people.
//
// The reference is a trivial pass over the same data in the same process
// (summing the counts), measured person by person next to the pipeline; the
// ratio says how many such passes the pipeline costs, which stays
// meaningful on another machine where absolute figures do not.
//
// Usage: go run ./bench/sleep-score [-people 1000] [-days 30] [-seed 1] [-csv-people 100]
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/sleep/devicefile"
	"github.com/volwaardig/volwaardig/internal/sleep/score"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sleep-score", flag.ContinueOnError)
	fs.SetOutput(stderr)
	people := fs.Int("people", 1000, "number of people")
	days := fs.Int("days", 30, "days of one-minute epochs per person")
	seed := fs.Uint64("seed", 1, "seed of the synthetic data")
	csvPeople := fs.Int("csv-people", 100, "people whose data is also parsed from epoch CSV (0: skip)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	start := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	n := *days * 1440
	times := make([]time.Time, n)
	for i := range times {
		times[i] = start.Add(time.Duration(i) * time.Minute)
	}
	counts := make([]float64, n)

	runtime.LockOSThread() // so the thread CPU time is ours
	defer runtime.UnlockOSThread()
	var pipeline, baseline, pipelineCPU, baselineCPU time.Duration
	var nights, sleepMinutes int
	var sink float64
	for p := range *people {
		Synthesize(counts, *seed, uint64(p))
		c0, _ := threadCPU()
		t0 := time.Now()
		sink += Baseline(counts)
		t1 := time.Now()
		c1, _ := threadCPU()
		r, err := Pipeline(times, counts)
		t2 := time.Now()
		c2, _ := threadCPU()
		if err != nil {
			_, _ = fmt.Fprintln(stderr, err) // the exit status reports the failure; stderr has no one else to tell
			return 1
		}
		baseline += t1.Sub(t0)
		pipeline += t2.Sub(t1)
		baselineCPU += c1 - c0
		pipelineCPU += c2 - c1
		nights += r.Nights
		sleepMinutes += r.SleepMinutes
	}
	total := float64(*people) * float64(n)
	// The results are the program's product: written through a buffer whose
	// first error Flush returns, so a failed write exits 1.
	out := bufio.NewWriter(stdout)
	fmt.Fprintf(out, "machine: %s/%s, %d CPUs, %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(out, "data: %d people x %d days = %.0f one-minute epochs (seed %d)\n", *people, *days, total, *seed)
	fmt.Fprintf(out, "pipeline (aggregate, Cole-Kripke + Sadeh, Tudor-Locke nights for both): %v, %.3g minutes/s\n",
		pipeline.Round(time.Millisecond), total/pipeline.Seconds())
	fmt.Fprintf(out, "baseline (sum of counts, same data, same process): %v, %.3g minutes/s\n",
		baseline.Round(time.Microsecond), total/baseline.Seconds())
	fmt.Fprintf(out, "ratio pipeline/baseline: %.0f\n", pipeline.Seconds()/baseline.Seconds())
	if _, ok := threadCPU(); ok {
		fmt.Fprintf(out, "thread CPU time (our thread only, robust to other load; GC on other threads excluded): pipeline %v (%.3g minutes/s), baseline %v, ratio %.0f\n",
			pipelineCPU.Round(time.Millisecond), total/pipelineCPU.Seconds(), baselineCPU.Round(time.Microsecond), pipelineCPU.Seconds()/baselineCPU.Seconds())
	}
	fmt.Fprintf(out, "result: %d Tudor-Locke nights, %d sleep minutes (Sadeh+Cole-Kripke), checksum %.0f\n", nights, sleepMinutes, sink)

	if *csvPeople > 0 {
		var parse, csvBase time.Duration
		var buf bytes.Buffer
		var bytesTotal int
		for p := range min(*csvPeople, *people) {
			Synthesize(counts, *seed, uint64(p))
			buf.Reset()
			WriteEpochCSV(&buf, times, counts)
			data := buf.Bytes()
			bytesTotal += len(data)
			t0 := time.Now()
			sink += float64(bytes.Count(data, []byte{'\n'}))
			t1 := time.Now()
			e, err := devicefile.ReadEpochCSV(bytes.NewReader(data))
			if err != nil {
				_, _ = fmt.Fprintln(stderr, err) // the exit status reports the failure; stderr has no one else to tell
				return 1
			}
			_, err = Pipeline(e.Times, e.Axis1())
			t2 := time.Now()
			if err != nil {
				_, _ = fmt.Fprintln(stderr, err) // the exit status reports the failure; stderr has no one else to tell
				return 1
			}
			csvBase += t1.Sub(t0)
			parse += t2.Sub(t1)
		}
		m := float64(min(*csvPeople, *people)) * float64(n)
		fmt.Fprintf(out, "from CSV bytes (%d people, %.0f MB): parse + pipeline %v, %.3g minutes/s; line count baseline %v; ratio %.0f\n",
			min(*csvPeople, *people), float64(bytesTotal)/1e6, parse.Round(time.Millisecond), m/parse.Seconds(),
			csvBase.Round(time.Microsecond), parse.Seconds()/csvBase.Seconds())
	}
	if err := out.Flush(); err != nil {
		_, _ = fmt.Fprintln(stderr, err) // the exit status reports the failure; stderr has no one else to tell
		return 1
	}
	return 0
}

// Result is what the pipeline found for one person, kept so the work
// cannot be optimised away and so runs can be compared.
type Result struct {
	Nights       int
	SleepMinutes int
}

// Pipeline is the work measured: minute aggregation, both scorings and
// Tudor-Locke periods with their metrics for each.
func Pipeline(times []time.Time, counts []float64) (Result, error) {
	var r Result
	minutes, err := score.ToMinutes(times, counts)
	if err != nil {
		return r, err
	}
	c := score.Counts(minutes)
	for _, states := range [][]score.State{score.ColeKripke(c), score.Sadeh(c)} {
		periods, err := score.TudorLocke(minutes, states, score.DefaultTudorLocke())
		if err != nil {
			return r, err
		}
		r.Nights += len(periods)
		for _, p := range periods {
			r.SleepMinutes += p.TotalSleep
		}
	}
	return r, nil
}

// Baseline is the reference: one trivial pass over the same counts.
func Baseline(counts []float64) float64 {
	var s float64
	for _, c := range counts {
		s += c
	}
	return s
}

// Synthesize fills counts with a plausible month of one-minute axis-1
// counts for one person: active days (bursts of 0-3000 counts with still
// spells), and nights from about 23:00 to 07:00 (shifted up to an hour per
// night) that are mostly zero with short movements and an occasional
// awakening. counts[0] is noon. The same (seed, person) gives the same data.
func Synthesize(counts []float64, seed, person uint64) {
	rng := rand.New(rand.NewPCG(seed, person))
	for day := 0; day*1440 < len(counts); day++ {
		bed := 11*60 + rng.IntN(121) - 60  // minutes after noon: 22:00-24:00
		wake := 19*60 + rng.IntN(121) - 60 // 06:00-08:00
		for m := 0; m < 1440; m++ {
			i := day*1440 + m
			if i >= len(counts) {
				return
			}
			if m >= bed && m < wake {
				switch r := rng.Float64(); {
				case r < 0.90:
					counts[i] = 0
				case r < 0.98:
					counts[i] = float64(rng.IntN(100))
				default:
					counts[i] = float64(200 + rng.IntN(1500)) // turning over, getting up
				}
				continue
			}
			if rng.Float64() < 0.15 {
				counts[i] = 0 // sitting still
			} else {
				counts[i] = float64(rng.IntN(3000))
			}
		}
	}
}

// WriteEpochCSV writes epochs in the layout `volwaardig sleep score` reads.
func WriteEpochCSV(w *bytes.Buffer, times []time.Time, counts []float64) {
	w.WriteString("timestamp,axis1\n")
	var b []byte
	for i, t := range times {
		b = t.AppendFormat(b[:0], "2006-01-02T15:04:05Z")
		b = append(b, ',')
		b = strconv.AppendFloat(b, counts[i], 'f', -1, 64)
		b = append(b, '\n')
		w.Write(b)
	}
}
