// Command counts benchmarks ActiGraph counts (internal/sleep/counts and
// `volwaardig sleep counts`).
//
// It measures, in one run:
//   - in-memory throughput of one axis per core (counts.Axis on generated
//     signals, one goroutine) for each way a rate is resampled;
//   - the whole process `volwaardig sleep counts --hz 30 --epoch 60` on a
//     generated week of 30 Hz x,y,z CSV, against references run on the same
//     file in the same run: `wc -l` (reading and scanning the bytes), pandas
//     read_csv alone (the first step of any Python reference) and
//     reference.py (a numpy/scipy stand-in for agcounts, which cannot be
//     installed here because PyPI is unreachable), whose output must be
//     identical.
//
// Usage: go run ./bench/counts -bin /path/to/volwaardig [-days 7] [-dir DIR]
// With -equality it only checks integer equality with reference.py at every
// rate the reference supports.
// Wall-clock and CPU (user+system) times of every child process are
// reported: the machine is shared, and CPU time is less disturbed by other
// load.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"github.com/volwaardig/volwaardig/internal/sleep/counts"
)

func main() {
	bin := flag.String("bin", "", "volwaardig binary (required)")
	days := flag.Float64("days", 7, "days of 30 Hz data in the CSV")
	dir := flag.String("dir", os.TempDir(), "directory for the generated CSV")
	python := flag.String("python", "/usr/bin/python3", "python with numpy, scipy and pandas")
	ref := flag.String("ref", "bench/counts/reference.py", "the numpy/scipy reference script")
	skipPython := flag.Bool("skip-python", false, "do not run the Python references")
	equality := flag.Bool("equality", false, "only compare counts with reference.py at every reference rate (15 min, 1 s epochs) and exit")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "counts bench: -bin is required")
		os.Exit(2)
	}
	if *equality {
		if !compareAll(*bin, *python, *ref, *dir) {
			os.Exit(1)
		}
		return
	}
	fmt.Printf("machine: %d CPUs visible, GOMAXPROCS %d, %s/%s, %s\n\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())

	inMemory()

	n := int(*days * 24 * 3600 * 30)
	path := filepath.Join(*dir, fmt.Sprintf("counts-bench-%gd-30hz.csv", *days))
	if err := generate(path, n); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	st, _ := os.Stat(path)
	fmt.Printf("\nwhole process on %s: %d lines of x,y,z (30 Hz, %g days), %.0f MB\n\n", filepath.Base(path), n, *days, float64(st.Size())/1e6)
	fmt.Println("| run | wall s | CPU s | wall / volwaardig's | CPU / volwaardig's |")
	fmt.Println("|---|---:|---:|---:|---:|")
	goOut, goWall, goCPU := run(*bin, "sleep", "counts", "--hz", "30", "--epoch", "60", path)
	row := func(name string, wall, cpu time.Duration) {
		fmt.Printf("| %s | %.2f | %.2f | %.2f× | %.2f× |\n", name, wall.Seconds(), cpu.Seconds(), wall.Seconds()/goWall.Seconds(), cpu.Seconds()/goCPU.Seconds())
	}
	row("volwaardig sleep counts --hz 30 --epoch 60", goWall, goCPU)
	_, w, c := run("wc", "-l", path)
	row("wc -l (read and scan the bytes)", w, c)
	if !*skipPython {
		_, w, c = run(*python, "-c", "import pandas,sys; pandas.read_csv(sys.argv[1])", path)
		row("pandas.read_csv alone", w, c)
		pyOut, w, c := run(*python, *ref, path, "30", "60")
		row("reference.py (numpy/scipy stand-in for agcounts)", w, c)
		fmt.Printf("\noutputs identical: %v (%d epochs)\n", bytes.Equal(goOut, pyOut), bytes.Count(goOut, []byte("\n"))-1)
	}
}

// run executes a command and returns its stdout, wall time and CPU time.
func run(name string, args ...string) ([]byte, time.Duration, time.Duration) {
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "%s %v: %v\n%s", name, args, err, errb.String())
		os.Exit(1)
	}
	wall := time.Since(start)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return out.Bytes(), wall, cpu
}

// signal is a wrist-like axis: gravity, bouts of 1-2.5 Hz movement of
// varying strength, noise.
func signal(n int, hz float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 42))
	x := make([]float64, n)
	amp, f := 0.0, 1.0
	block := int(hz * 7)
	for i := range x {
		if i%block == 0 {
			amp = []float64{0, 0, 0.02, 0.1, 0.3, 0.8}[rng.IntN(6)]
			f = 1 + 1.5*rng.Float64()
		}
		t := float64(i) / hz
		x[i] = 0.95 + amp*math.Sin(2*math.Pi*f*t) + 0.01*rng.NormFloat64()
	}
	return x
}

// threadCPU is the CPU time of the calling OS thread
// (clock_gettime(CLOCK_THREAD_CPUTIME_ID), Linux).
func threadCPU() time.Duration {
	var ts syscall.Timespec
	const clockThreadCPUTime = 3
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}

// inMemory times one axis per rate on one goroutine locked to its thread,
// by wall clock and by the thread's CPU time (which other load on a shared
// machine does not inflate).
func inMemory() {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fmt.Println("in memory, one axis on one goroutine (4 hours of samples per run, 60 s epochs, best of 5):")
	fmt.Println()
	fmt.Println("| rate | path | million axis values/s (wall) | million axis values/s (thread CPU) |")
	fmt.Println("|---:|---|---:|---:|")
	for _, hz := range []float64{30, 60, 100, 85.7, 32, 256} {
		x := signal(int(hz*3600*4), hz, 1)
		r, _ := counts.PlanRate(hz)
		path := "reference"
		if r.Interpolated {
			path = fmt.Sprintf("linear to %d Hz, then reference", r.Reference)
		}
		bestWall, bestCPU := math.Inf(1), math.Inf(1)
		var dst []int
		for rep := 0; rep < 5; rep++ {
			start, cpu0 := time.Now(), threadCPU()
			a, _ := counts.NewAxis(hz, 60)
			dst = a.Close(a.Write(x, dst[:0]))
			bestWall = min(bestWall, time.Since(start).Seconds())
			bestCPU = min(bestCPU, (threadCPU() - cpu0).Seconds())
		}
		fmt.Printf("| %g Hz | %s | %.1f | %.1f |\n", hz, path, float64(len(x))/bestWall/1e6, float64(len(x))/bestCPU/1e6)
	}
}

// compareAll checks that `volwaardig sleep counts` and reference.py print
// identical counts for 15 minutes of x,y,z at every rate the reference
// supports, written with 3, 4 and 9 decimals.
func compareAll(bin, python, ref, dir string) bool {
	ok := true
	fmt.Println("| rate | decimals | epochs | identical |")
	fmt.Println("|---:|---:|---:|---|")
	for _, hz := range []int{30, 32, 40, 50, 60, 64, 70, 80, 90, 100, 128, 256} {
		for _, dec := range []int{3, 4, 9} {
			n := hz*900 + 13
			cols := [3][]float64{signal(n, float64(hz), uint64(hz*10+dec)), signal(n, float64(hz), uint64(hz*10+dec+1000)), signal(n, float64(hz), uint64(hz*10+dec+2000))}
			var b []byte
			b = append(b, "x,y,z\n"...)
			for i := 0; i < n; i++ {
				for k := range cols {
					if k > 0 {
						b = append(b, ',')
					}
					b = strconv.AppendFloat(b, cols[k][i]-float64(k)*0.7, 'f', dec, 64)
				}
				b = append(b, '\n')
			}
			path := filepath.Join(dir, fmt.Sprintf("counts-equality-%d-%d.csv", hz, dec))
			if err := os.WriteFile(path, b, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return false
			}
			goOut, _, _ := run(bin, "sleep", "counts", "--hz", strconv.Itoa(hz), "--epoch", "1", path)
			pyOut, _, _ := run(python, ref, path, strconv.Itoa(hz), "1")
			same := bytes.Equal(goOut, pyOut)
			ok = ok && same
			fmt.Printf("| %d Hz | %d | %d | %v |\n", hz, dec, bytes.Count(goOut, []byte("\n"))-1, same)
			if err := os.Remove(path); err != nil {
				fmt.Fprintln(os.Stderr, err)
				ok = false
			}
		}
	}
	return ok
}

// generate writes n lines of x,y,z with 4 decimals (and a header), unless
// the file already has the expected line count.
func generate(path string, n int) error {
	if f, err := os.Open(path); err == nil {
		lines := 0
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			lines++
		}
		_ = f.Close() // read only: a close error loses nothing
		if lines == n+1 {
			return nil
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("x,y,z\n")
	const chunk = 1 << 20
	var b []byte
	for start := 0; start < n; start += chunk {
		m := min(chunk, n-start)
		xs := signal(m, 30, uint64(start)+1)
		ys := signal(m, 30, uint64(start)+2)
		zs := signal(m, 30, uint64(start)+3)
		for i := 0; i < m; i++ {
			b = strconv.AppendFloat(b[:0], xs[i]-0.9, 'f', 4, 64)
			b = append(b, ',')
			b = strconv.AppendFloat(b, ys[i]-1.1, 'f', 4, 64)
			b = append(b, ',')
			b = strconv.AppendFloat(b, zs[i], 'f', 4, 64)
			b = append(b, '\n')
			w.Write(b)
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
