package policy

import (
	"context"
	"encoding/json"
	"os"
	"sort"
	"testing"
	"fmt"

	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
)

func TestProfileRules(t *testing.T) {
	b, err := os.ReadFile("/tmp/facts10k.json")
	if err != nil { t.Skip() }
	var in any
	json.Unmarshal(b, &in)
	pq, err := prepare(context.Background(), Options{})
	if err != nil { t.Fatal(err) }
	v, _ := toValue(in)
	p := profiler.New()
	_, err = pq.Eval(context.Background(), rego.EvalParsedInput(v), rego.EvalQueryTracer(p))
	if err != nil { t.Fatal(err) }
	rep := p.ReportTopNResults(40, []string{"total_time_ns"})
	sort.Slice(rep, func(i, j int) bool { return rep[i].ExprTimeNs > rep[j].ExprTimeNs })
	for _, r := range rep { fmt.Printf("%8.1fms %7d %s:%d\n", float64(r.ExprTimeNs)/1e6, r.NumEval, r.Location.File, r.Location.Row) }
}
