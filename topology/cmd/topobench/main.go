// Command topobench times nines topo on generated topologies (see
// topology/topogen) of 1,000, 10,000, 50,000 and 100,000 components (3
// calls each) and prints, for each size, the time of each phase, the CPU
// time, the memory allocated and the peak resident set, then the growth
// ratios between consecutive sizes, all measured in the same run:
//
//	go run ./topology/cmd/topobench [-check] [-runs 3] [-sizes 1000,10000,50000,100000]
//	go run ./topology/cmd/topobench -sizes 10000 -cpuprofile cpu.out -memprofile mem.out
//	go run ./topology/cmd/topobench -sizes 100000 -runs 1 -peakprofile peak.out
//	go run ./topology/cmd/topobench -emit 10000 > big.nines.hcl
//
// Each size is measured in a process of its own, so that its peak resident
// set is its own, with the collector set as nines topo sets it (GOGC 400
// under topology.SoftMemoryLimit) unless GOGC or GOMEMLIMIT is set. The
// generated files are written to a temporary directory and read from it,
// as nines topo reads its files, so the generated text is not held during
// the checks.
//
// With -check it exits 1 when a budget is missed: 10,000 components take
// 2 s or more, or more than 12 times 1,000 components; 100,000 components
// take more than 2.2 times 50,000, or peak above 1 GiB; 10,000 components
// peak above 300 MiB. Budgets whose sizes were not measured are skipped.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/topogen"
)

func main() {
	check := flag.Bool("check", false, "exit 1 when a budget is missed (see the command's doc)")
	runs := flag.Int("runs", 3, "runs per size; the fastest counts")
	emit := flag.Int("emit", 0, "print the generated topology of N components and exit")
	sizesFlag := flag.String("sizes", "1000,10000,50000,100000", "comma-separated component counts")
	one := flag.Int("one", 0, "measure N components in this process and print the result as JSON (used by the parent)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the checks to this file (with one size)")
	memProfile := flag.String("memprofile", "", "write a heap profile of the first check to this file, taken at its end (with one size)")
	peakProfile := flag.String("peakprofile", "", "write a heap profile of the first check to this file, taken after the collection that found the most live heap (with one size)")
	flag.Parse()
	if *emit > 0 {
		os.Stdout.Write(topogen.Generate(*emit, 1))
		return
	}
	if *one > 0 {
		res, err := measure(*one, *runs, *cpuProfile, *memProfile, *peakProfile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "topobench: %d components: %v\n", *one, err)
			os.Exit(2)
		}
		json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	var sizes []int
	for _, f := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "topobench: -sizes: %q is not a component count\n", f)
			os.Exit(2)
		}
		sizes = append(sizes, n)
	}
	if (*cpuProfile != "" || *memProfile != "" || *peakProfile != "") && len(sizes) != 1 {
		fmt.Fprintln(os.Stderr, "topobench: -cpuprofile, -memprofile and -peakprofile need a single size in -sizes")
		os.Exit(2)
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "topobench: %v\n", err)
		os.Exit(2)
	}
	results := map[int]result{}
	for _, n := range sizes {
		args := []string{"-one", strconv.Itoa(n), "-runs", strconv.Itoa(*runs),
			"-cpuprofile", *cpuProfile, "-memprofile", *memProfile, "-peakprofile", *peakProfile}
		cmd := exec.Command(self, args...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			fmt.Fprintf(os.Stderr, "topobench: %d components: %v\n", n, err)
			os.Exit(2)
		}
		var r result
		if err := json.Unmarshal(out, &r); err != nil {
			fmt.Fprintf(os.Stderr, "topobench: %d components: reading the result: %v\n", n, err)
			os.Exit(2)
		}
		results[n] = r
		fmt.Printf("components=%d calls=%d input=%.1fMB total=%s load=%s math=%s policy=%s cpu=%s alloc=%dMiB peak_rss=%dMiB\n",
			n, 3*n, float64(r.InputBytes)/1e6, ms(r.total()), ms(r.Load), ms(r.Math), ms(r.Policy), ms(r.CPU), r.Alloc>>20, r.PeakRSS>>20)
	}
	for i := 1; i < len(sizes); i++ {
		a, b := results[sizes[i-1]], results[sizes[i]]
		fmt.Printf("ratio_%d_over_%d=%.2f (components %.0fx)\n", sizes[i], sizes[i-1],
			float64(b.total())/float64(a.total()), float64(sizes[i])/float64(sizes[i-1]))
	}
	if *check {
		var missed []string
		r1k, ok1 := results[1000]
		r10k, ok10 := results[10000]
		r50k, ok50 := results[50000]
		r100k, ok100 := results[100000]
		if ok10 && r10k.total() >= 2*time.Second {
			missed = append(missed, "10,000 components must take under 2s")
		}
		if ok1 && ok10 && float64(r10k.total()) > 12*float64(r1k.total()) {
			missed = append(missed, "10,000 components must take at most 12x 1,000")
		}
		if ok10 && r10k.PeakRSS > 300<<20 {
			missed = append(missed, "10,000 components must peak at 300 MiB or less")
		}
		if ok50 && ok100 && float64(r100k.total()) > 2.2*float64(r50k.total()) {
			missed = append(missed, "100,000 components must take at most 2.2x 50,000")
		}
		if ok100 && r100k.PeakRSS > 1<<30 {
			missed = append(missed, "100,000 components must peak at 1 GiB or less")
		}
		if len(missed) > 0 {
			fmt.Fprintf(os.Stderr, "topobench: over budget: %s\n", strings.Join(missed, "; "))
			os.Exit(1)
		}
	}
}

// result is the measurement of one size: the fastest run's phases, its
// CPU time and allocation, and the process's peak resident set.
type result struct {
	topology.Timings
	CPU        time.Duration // user + system time of the process during the check
	Alloc      uint64        // bytes allocated during the check
	PeakRSS    int64         // bytes, over all runs
	InputBytes int
}

func (r result) total() time.Duration { return r.Load + r.Math + r.Policy }

// limits are the default limits with room for the blocks of 100,000
// components and their 300,000 calls (the default allows 250,000 blocks).
var limits = topology.Limits{MaxBlocks: 1 << 20}

func measure(n, runs int, cpuProfile, memProfile, peakProfile string) (result, error) {
	// The files are read from a directory, as nines topo reads them: the
	// generated text is not held while the topology is checked.
	dir, err := os.MkdirTemp("", "topobench")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	src := topogen.Generate(n, 1)
	inputBytes := len(src)
	files, names := split(src)
	for name, f := range files {
		if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
			return result{}, err
		}
	}
	src, files = nil, nil
	fsys := os.DirFS(dir)
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// As nines topo does (internal/driver/cli/topo.go).
		debug.SetGCPercent(400)
		debug.SetMemoryLimit(topology.SoftMemoryLimit(int64(inputBytes)))
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return result{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return result{}, err
		}
		defer pprof.StopCPUProfile()
	}
	if memProfile != "" || peakProfile != "" {
		runtime.MemProfileRate = 64 << 10
	}
	var best result
	for i := range max(runs, 1) {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		c0 := cpuTime()
		stopWatch := func() error { return nil }
		if peakProfile != "" && i == 0 {
			stopWatch = watchPeak(peakProfile)
		}
		r, err := topology.Check(context.Background(), fsys, names, topology.Options{Limits: limits})
		if err := stopWatch(); err != nil {
			return best, err
		}
		if err != nil {
			return best, err
		}
		runtime.ReadMemStats(&m1)
		t := result{Timings: r.Timings, CPU: cpuTime() - c0, Alloc: m1.TotalAlloc - m0.TotalAlloc}
		if i == 0 || t.total() < best.total() {
			best = t
		}
		if memProfile != "" && i == 0 {
			// The report is still live here: the profile shows what a
			// check holds at its end, and every allocation it made.
			f, err := os.Create(memProfile)
			if err != nil {
				return best, err
			}
			if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
				f.Close()
				return best, err
			}
			f.Close()
		}
		runtime.KeepAlive(r)
	}
	best.PeakRSS = peakRSS()
	best.InputBytes = inputBytes
	return best, nil
}

// watchPeak samples the live heap measured by the last collection every
// few milliseconds and, after the collection that follows each largest
// one seen, writes a heap profile to path: a heap profile's in-use figures
// are those of the collection before the last, so that one shows what the
// largest live heap held. The returned function stops the watch and
// returns its first error.
func watchPeak(path string) func() error {
	done := make(chan struct{})
	var werr error
	var wg sync.WaitGroup
	wg.Go(func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
		var most, cycle, peak uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for werr == nil {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			live, c := sample[0].Value.Uint64(), sample[1].Value.Uint64()
			if c == cycle {
				continue
			}
			cycle = c
			if c == peak+1 {
				werr = writeHeap(path)
			}
			if live > most {
				most, peak = live, c
			}
		}
	})
	return func() error {
		close(done)
		wg.Wait()
		return werr
	}
}

func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0fms", float64(d.Microseconds())/1000) }

// split cuts a generated topology between top-level blocks into files of
// about 4 MiB, under the 10 MiB limit of one topology file, as a large
// system would be described across files.
func split(src []byte) (fstest.MapFS, []string) {
	const target = 4 << 20
	fsys := fstest.MapFS{}
	var names []string
	for start := 0; start < len(src); {
		end := len(src)
		if start+target < len(src) {
			if k := bytes.Index(src[start+target:], []byte("\n}\n")); k >= 0 {
				end = start + target + k + 3
			}
		}
		name := fmt.Sprintf("gen-%03d.nines.hcl", len(names))
		fsys[name] = &fstest.MapFile{Data: src[start:end]}
		names = append(names, name)
		start = end
	}
	return fsys, names
}

// peakRSS is the process's peak resident set so far, in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss << 10
}
