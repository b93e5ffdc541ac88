//go:build !ninesplan

package policy_test

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/nines-dev/nines/topology/policy"
)

// largeFacts builds a facts document of n components and 3n calls in the
// shape of docs/design/topology-facts.md, with a mix of defects so that
// every kind of rule has work to do, and 10 journeys whose closures cover
// every component.
func largeFacts(n int) map[string]any { return genFacts(n, 1) }

// cleanFacts is largeFacts with defects only on every defectEvery-th item.
func genFacts(n, defectEvery int) map[string]any {
	defect := func(i int) bool { return i%defectEvery == 0 }
	kinds := []string{"service", "service", "database", "cache", "queue", "load_balancer", "external"}
	components := make(map[string]any, n)
	name := func(i int) string { return fmt.Sprintf("c%05d", i) }
	const journeys = 10
	serial := make([][]string, journeys)
	for i := range n {
		kind := kinds[i%len(kinds)]
		j := fmt.Sprintf("j%d", i%journeys)
		var rto, lag, rpo any
		if i%11 == 0 {
			rto, lag, rpo = 30.0, 10.0, 5.0
		}
		c := map[string]any{
			"name": name(i), "kind": kind, "file": "big.nines.hcl", "line": 1 + i*20, "column": 1,
			"instances": 1 + i%3, "zones": []string{"z1"}, "distinct_zones": min(1, i%4),
			"instance_availability": 0.999, "availability": 0.9995 + float64(i%5)/10000,
			"min_healthy": 1, "mode": []string{"active-active", "active-passive"}[i%2],
			"failover":              []string{"automatic", "manual"}[(i/2)%2],
			"failover_time_seconds": 60.0, "mttr_seconds": 3600.0,
			"stateless": i%13 != 0, "session_store": "",
			"engine": "postgresql", "consistency": []string{"strong", "eventual"}[i%2], "replication": "async",
			"replication_lag_seconds": lag, "rpo_seconds": rpo, "rto_seconds": rto,
			"latency_p99_seconds": 0.05,
			"required":            true, "journeys": []string{j},
		}
		if !defect(i) {
			c["instances"], c["distinct_zones"], c["mode"], c["stateless"], c["rto_seconds"] = 3, 2, "active-active", true, nil
			c["availability"], c["replication"] = 0.99999, "sync"
		}
		components[name(i)] = c
		serial[i%journeys] = append(serial[i%journeys], name(i))
	}
	calls := make([]any, 0, 3*n)
	for i := range n {
		for k := 1; k <= 3; k++ {
			to := (i + k*7) % n
			var timeout any = 0.04 + float64(k)/100
			if (i+k)%17 == 0 {
				timeout = nil
			}
			retries := (i + k) % 8
			call := map[string]any{
				"id": name(i) + "->" + name(to), "from": name(i), "to": name(to),
				"file": "big.nines.hcl", "line": 2 + i*20 + k, "column": 3,
				"timeout_seconds": timeout, "retries": retries, "unlimited_retries": false, "attempts": retries + 1,
				"backoff": []string{"none", "constant", "exponential"}[k%3],
				"jitter":  i%2 == 0, "idempotent": i%3 == 0, "idempotency_key": false,
				"circuit_breaker": i%5 == 0, "fallback": "", "required": true,
				"consistency": []string{"", "strong"}[i%2],
				"target_kind": kinds[to%len(kinds)], "target_latency_p99_seconds": 0.05,
				"target_consistency":             []string{"strong", "eventual"}[to%2],
				"caller_inbound_timeout_seconds": 0.2, "caller_inbound_source": "journey j0",
			}
			if !defect(i*3 + k) {
				call["timeout_seconds"], call["retries"], call["attempts"], call["consistency"], call["circuit_breaker"] = 0.07, 1, 2, "", true
				call["backoff"], call["jitter"], call["idempotent"], call["fallback"] = "exponential", true, true, "x"
			}
			calls = append(calls, call)
		}
	}
	js := make([]any, journeys)
	for j := range journeys {
		js[j] = map[string]any{
			"name": fmt.Sprintf("j%d", j), "entry": serial[j][0], "file": "big.nines.hcl", "line": 1 + n*20 + j*5, "column": 1,
			"slo": 0.9999, "window": "30d", "window_minutes": 43200, "timeout_seconds": 3.0,
			"availability": 0.99, "meets_slo": false, "downtime_minutes": 432.0, "error_budget_minutes": 4.32,
			"components": serial[j], "serial_components": serial[j],
			"contributors":  []any{map[string]any{"component": serial[j][1], "unavailability": 0.0005}},
			"amplification": map[string]any{"product": 64, "unlimited": false, "path": serial[j][:3]},
		}
	}
	return map[string]any{"components": components, "calls": calls, "journeys": js}
}

// TestLargeTopology evaluates 10,000 components and 30,000 calls and logs
// the time it takes next to 1,000 components.
func TestLargeTopology(t *testing.T) {
	if testing.Short() {
		t.Skip("large topology evaluation takes a few seconds of CPU")
	}
	ctx := context.Background()
	if _, err := policy.Evaluate(ctx, largeFacts(100), policy.Options{Timeout: time.Minute}); err != nil { // compile once
		t.Fatal(err)
	}
	measure := func(n int) (wall, cpu time.Duration, count int) {
		facts := genFacts(n, 20)
		wall, cpu = time.Duration(1<<62), time.Duration(1<<62)
		for range 3 {
			start, startCPU := time.Now(), cpuTime()
			f, err := policy.Evaluate(ctx, facts, policy.Options{Timeout: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			wall, cpu = min(wall, time.Since(start)), min(cpu, cpuTime()-startCPU)
			count = len(f)
		}
		return wall, cpu, count
	}
	smallWall, smallCPU, smallCount := measure(1000)
	largeWall, largeCPU, largeCount := measure(10000)
	t.Logf("1,000 components / 3,000 calls: %s (%s CPU), %d findings", smallWall, smallCPU, smallCount)
	t.Logf("10,000 components / 30,000 calls: %s (%s CPU), %d findings, %.1fx the CPU of 1,000",
		largeWall, largeCPU, largeCount, float64(largeCPU)/float64(smallCPU))
	// Speed is a benchmark's job (go run ./topology/cmd/topobench prints
	// the ratio measured side by side); here the large input must simply
	// evaluate and find what the dense generator plants.
	if smallCount == 0 || largeCount <= smallCount {
		t.Errorf("findings: %d at 1,000 components, %d at 10,000; want some, growing", smallCount, largeCount)
	}
}

// cpuTime is the CPU time used by the process: on a machine shared with
// other builds, wall-clock time says more about the neighbours.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkEvaluate10k(b *testing.B) {
	facts := largeFacts(10000)
	ctx := context.Background()
	for b.Loop() {
		if _, err := policy.Evaluate(ctx, facts, policy.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluate10kClean(b *testing.B) {
	facts := genFacts(10000, 20)
	ctx := context.Background()
	for b.Loop() {
		if _, err := policy.Evaluate(ctx, facts, policy.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParallelQueriesMatchOne checks that the two queries evaluated in
// parallel find exactly what the single query of a one-CPU process finds.
func TestParallelQueriesMatchOne(t *testing.T) {
	facts := genFacts(300, 3)
	run := func(procs int) []policy.Finding {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		f, err := policy.Evaluate(context.Background(), facts, policy.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	one, two := run(1), run(2)
	if len(one) == 0 || !reflect.DeepEqual(one, two) {
		t.Errorf("one query found %d findings, two queries %d", len(one), len(two))
	}
	rulesSeen := map[string]bool{}
	for _, f := range two {
		rulesSeen[f.Rule] = true
	}
	t.Logf("%d findings of %d rules", len(two), len(rulesSeen))
}
