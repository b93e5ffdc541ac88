// Command topobench times nines topo on generated topologies of 1,000,
// 10,000 and 50,000 components (3 calls each) and prints the time of each
// phase, the memory allocated, the process's peak resident set, and the
// growth ratios, for scripts and CI:
//
//	go run ./topology/cmd/topobench [-check] [-runs 3] [-sizes 1000,10000,50000]
//	go run ./topology/cmd/topobench -emit 10000 > big.nines.hcl
//
// With -check it exits 1 when 10,000 components take 2 s or more, or cost
// more than 12 times 1,000 components.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/topogen"
)

func main() {
	check := flag.Bool("check", false, "exit 1 when over the budget (2 s at 10k, 12x from 1k to 10k)")
	runs := flag.Int("runs", 3, "runs per size; the fastest counts")
	emit := flag.Int("emit", 0, "print the generated topology of N components and exit")
	sizesFlag := flag.String("sizes", "1000,10000,50000", "comma-separated component counts; the first two are the budget's 1k and 10k")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as nines topo does
	}
	if *emit > 0 {
		os.Stdout.Write(topogen.Generate(*emit, 1))
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
	if len(sizes) < 2 {
		fmt.Fprintln(os.Stderr, "topobench: -sizes needs at least two counts")
		os.Exit(2)
	}
	var totals []time.Duration
	for _, n := range sizes {
		best, err := measure(n, *runs)
		if err != nil {
			fmt.Fprintf(os.Stderr, "topobench: %d components: %v\n", n, err)
			os.Exit(2)
		}
		total := best.Load + best.Math + best.Policy
		totals = append(totals, total)
		fmt.Printf("components=%d calls=%d total=%s load=%s math=%s policy=%s cpu=%s alloc=%dMiB peak_rss=%dMiB\n",
			n, 3*n, ms(total), ms(best.Load), ms(best.Math), ms(best.Policy), ms(best.cpu), best.alloc>>20, peakRSS()>>10)
	}
	for i := 1; i < len(sizes); i++ {
		fmt.Printf("ratio_%d_over_%d=%.1f (components %.0fx)\n", sizes[i], sizes[i-1],
			float64(totals[i])/float64(totals[i-1]), float64(sizes[i])/float64(sizes[i-1]))
	}
	ratio := float64(totals[1]) / float64(totals[0])
	if *check && (totals[1] >= 2*time.Second || ratio > 12) {
		fmt.Fprintln(os.Stderr, "topobench: over budget: 10,000 components must take under 2s and at most 12x 1,000")
		os.Exit(1)
	}
}

type timings struct {
	topology.Timings
	cpu   time.Duration // user + system time of the process during the check
	alloc uint64        // bytes allocated during the check
}

func measure(n, runs int) (timings, error) {
	fsys, names := split(topogen.Generate(n, 1))
	var best timings
	for i := range max(runs, 1) {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		c0 := cpuTime()
		r, err := topology.Check(context.Background(), fsys, names, topology.Options{})
		if err != nil {
			return best, err
		}
		runtime.ReadMemStats(&m1)
		t := timings{r.Timings, cpuTime() - c0, m1.TotalAlloc - m0.TotalAlloc}
		if i == 0 || t.Load+t.Math+t.Policy < best.Load+best.Math+best.Policy {
			best = t
		}
	}
	return best, nil
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

// peakRSS is the process's peak resident set so far, in KiB.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss
}
