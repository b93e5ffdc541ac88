package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestProfileRules(t *testing.T) {
	b, err := os.ReadFile("/tmp/facts10k.json")
	if err != nil {
		t.Skip()
	}
	var in any
	json.Unmarshal(b, &in)
	var v any
	for range 3 {
		c0 := cpu()
		v, _ = toValue(in)
		fmt.Println("toValue", cpu()-c0)
	}
	if _, err := prepare(context.Background(), Options{}); err != nil {
		t.Fatal(err)
	}
	mods, _ := builtinModules()
	_ = mods
	for _, pkg := range []string{"spof.single_instance", "spof.single_zone", "spof.manual_failover", "availability.slo_unmet", "availability.slo_impossible", "timeout.missing", "timeout.below_p99", "timeout.budget_exceeded", "retry.excessive", "retry.no_backoff", "retry.no_jitter", "retry.non_idempotent", "retry.amplification", "resilience.no_circuit_breaker", "resilience.no_fallback", "scaling.stateful_service", "data.rpo_violated", "data.rto_violated", "data.consistency_mismatch"} {
		pq, err := rego.New(rego.Query("x := data.nines.rules."+pkg+".report"), rego.Compiler(compilerForTest()), rego.Store(inmem.New())).PrepareForEval(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		c0 := cpu()
		rs, err := pq.Eval(context.Background(), rego.EvalParsedInput(v.(ast.Value)))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%-32s %v %d\n", pkg, cpu()-c0, len(rs[0].Bindings["x"].([]any)))
	}
}
