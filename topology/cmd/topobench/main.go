// Command topobench times nines topo on generated topologies of 1,000 and
// 10,000 components (3 calls each) and prints the time of each phase and
// the 10k/1k ratio, for scripts and CI:
//
//	go run ./topology/cmd/topobench [-check] [-runs 3]
//	go run ./topology/cmd/topobench -emit 10000 > big.nines.hcl
//
// With -check it exits 1 when 10,000 components take 2 s or more, or cost
// more than 12 times 1,000 components.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
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
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as nines topo does
	}
	if *emit > 0 {
		os.Stdout.Write(topogen.Generate(*emit, 1))
		return
	}
	var totals []time.Duration
	for _, n := range []int{1000, 10000} {
		best, err := measure(n, *runs)
		if err != nil {
			fmt.Fprintf(os.Stderr, "topobench: %d components: %v\n", n, err)
			os.Exit(2)
		}
		total := best.Load + best.Math + best.Policy
		totals = append(totals, total)
		fmt.Printf("components=%d calls=%d total=%s load=%s math=%s policy=%s cpu=%s\n",
			n, 3*n, ms(total), ms(best.Load), ms(best.Math), ms(best.Policy), ms(best.cpu))
	}
	ratio := float64(totals[1]) / float64(totals[0])
	fmt.Printf("ratio_10k_over_1k=%.1f\n", ratio)
	if *check && (totals[1] >= 2*time.Second || ratio > 12) {
		fmt.Fprintln(os.Stderr, "topobench: over budget: 10,000 components must take under 2s and at most 12x 1,000")
		os.Exit(1)
	}
}

type timings struct {
	topology.Timings
	cpu time.Duration // user + system time of the process during the check
}

func measure(n, runs int) (timings, error) {
	fsys := fstest.MapFS{"gen.nines.hcl": {Data: topogen.Generate(n, 1)}}
	var best timings
	for i := range max(runs, 1) {
		runtime.GC()
		c0 := cpuTime()
		r, err := topology.Check(context.Background(), fsys, []string{"gen.nines.hcl"}, topology.Options{})
		if err != nil {
			return best, err
		}
		t := timings{r.Timings, cpuTime() - c0}
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
