package retrybackoff

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/internal/analysis/generated"
	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/analysis/structlit"
)

//go:embed doc.go
var doc []byte

// Analyzer is the retrybackoff analysis pass.
var Analyzer = &analysis.Analyzer{
	Name:     "retrybackoff",
	Doc:      ruledoc.MustExtract(doc, "retrybackoff"),
	URL:      ruledoc.URL("retrybackoff"),
	Requires: []*analysis.Analyzer{generated.Analyzer, retryloop.Analyzer, WaitAnalyzer, structlit.StoresAnalyzer},
	Run:      run,
}

// formula is the wait every message recommends, from the reference.
const formula = "wait = base × 2^attempt + random jitter"

func run(pass *analysis.Pass) (any, error) {
	generated.SkipReports(pass)
	res, _ := pass.ResultOf[retryloop.Analyzer].(*retryloop.Result)
	waits, _ := pass.ResultOf[WaitAnalyzer].(*Waits)
	stores, _ := pass.ResultOf[structlit.StoresAnalyzer].(*structlit.Stores)
	if res == nil || pass.TypesInfo == nil {
		return nil, nil
	}
	seen := map[string]bool{}
	report := func(pos token.Pos, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		key := fmt.Sprint(pos, msg)
		if seen[key] || !pos.IsValid() {
			return
		}
		seen[key] = true
		pass.Report(analysis.Diagnostic{Pos: pos, Message: msg})
	}
	for _, r := range res.Retries {
		if r.InTest {
			// A test is the only client of the fixture it polls: there is
			// no herd for backoff and jitter to break up.
			continue
		}
		if generated.InHarness(pass, r.Pos) {
			// Test-support code outside _test.go (a testutil package, a
			// mock server's WaitForReady) polls the test's own fixture.
			continue
		}
		if retryloop.LocalOnly(pass, r) || retryloop.LoopbackOnly(pass.TypesInfo, stores, r) || supportOnly(pass, r) {
			// Retrying a rename on the local disk, or a poll of a server
			// on this machine, loads no dependency other clients share.
			continue
		}
		if retriesAtMostOnce(pass.TypesInfo, r) {
			// One extra attempt (after refreshing a URL or a token, a
			// countdown of retries that starts at 1, two counted
			// attempts): no series of attempts to space out.
			continue
		}
		switch r.Kind {
		case retryloop.Loop:
			if msg := loopMessage(classifyLoop(pass.TypesInfo, pass.Files, waits, stores, r), r.Reconnect); msg != "" {
				report(r.Pos, "%s; use %s", msg, formula)
			}
		case retryloop.Library:
			p := knowledge.ReadPolicy(pass.TypesInfo, r.Call, r.Enclosing, r.Library)
			if p == nil {
				continue
			}
			name := types.ExprString(r.Call.Fun)
			switch p.Wait {
			case knowledge.WaitNone:
				report(p.WaitPos, "%s retries with no wait between attempts (%s); use %s", name, p.WaitWhy, formula)
			case knowledge.WaitConstant:
				report(p.WaitPos, "%s waits the same time between attempts (%s); use %s", name, p.WaitWhy, formula)
			case knowledge.WaitExponential:
				report(p.WaitPos, "%s backs off exponentially without jitter (%s), so clients retry in step; use %s", name, p.WaitWhy, formula)
			case knowledge.WaitGrowing:
				report(p.WaitPos, "%s wait grows without jitter (%s); use %s", name, p.WaitWhy, formula)
			}
		}
	}
	for _, s := range knowledge.ClientSettings(pass.TypesInfo, pass.Files) {
		if s.Field == "Backoff" && knowledge.BackoffWait(pass.TypesInfo, s.Value) == knowledge.WaitExponential {
			report(s.Node.Pos(), "retryablehttp client backs off exponentially without jitter (DefaultBackoff), so clients retry in step; use retryablehttp.LinearJitterBackoff or a backoff with %s", formula)
		}
	}
	return nil, nil
}

// loopMessage says what is wrong with a loop's wait of the given kind, or
// "" when nothing is. A reconnect loop (retryloop.Retry.Reconnect) always
// waits after a failure; what matters is that its clients come back in
// step after an outage.
func loopMessage(kind knowledge.Wait, reconnect bool) string {
	if reconnect {
		switch kind {
		case knowledge.WaitConstant:
			return "loop retries a failing call after the same wait every time, so after an outage every client comes back in step"
		case knowledge.WaitExponential:
			return "loop retries a failing call with exponential backoff but no jitter, so after an outage every client comes back in step"
		case knowledge.WaitGrowing:
			return "loop retries a failing call with a growing wait but no exponential backoff or jitter"
		}
		return ""
	}
	switch kind {
	case knowledge.WaitNone:
		return "retry loop does not wait between attempts"
	case knowledge.WaitConstant:
		return "retry loop waits the same time between attempts"
	case knowledge.WaitExponential:
		return "retry loop backs off exponentially without jitter, so clients retry in step"
	case knowledge.WaitGrowing:
		return "retry loop wait grows without exponential backoff or jitter"
	}
	return ""
}

// retriesAtMostOnce reports a retry loop that repeats its attempt at most
// once: guarded by a flag (retryloop.RetriesOnce), by a countdown of
// retries that starts at 1 (retryloop.CountdownCap), or counted to two
// attempts (retryloop.CountedCap: for range 2).
func retriesAtMostOnce(info *types.Info, r *retryloop.Retry) bool {
	if retryloop.RetriesOnce(info, r) {
		return true
	}
	if n, ok := retryloop.CountdownCap(info, r); ok && n <= 1 {
		return true
	}
	n, ok := retryloop.CountedCap(info, r)
	return ok && n <= 2
}
