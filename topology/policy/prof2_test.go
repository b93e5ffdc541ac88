package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

func TestProfileOne(t *testing.T) {
	pkg := os.Getenv("PKG")
	b, err := os.ReadFile("/tmp/facts10k.json")
	if err != nil || pkg == "" {
		t.Skip()
	}
	var in any
	json.Unmarshal(b, &in)
	v, _ := toValue(in)
	pq, err := rego.New(rego.Query("x := "+pkg), rego.Compiler(compilerForTest()), rego.Store(inmem.New())).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p := profiler.New()
	_, err = pq.Eval(context.Background(), rego.EvalParsedInput(v.(ast.Value)), rego.EvalQueryTracer(p))
	if err != nil {
		t.Fatal(err)
	}
	rep := p.ReportTopNResults(40, []string{"total_time_ns"})
	sort.Slice(rep, func(i, j int) bool { return rep[i].ExprTimeNs > rep[j].ExprTimeNs })
	for _, r := range rep {
		fmt.Printf("%8.1fms %7d %s:%d\n", float64(r.ExprTimeNs)/1e6, r.NumEval, r.Location.File, r.Location.Row)
	}
}
