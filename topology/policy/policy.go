//go:build !ninesplan

package policy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/nines-dev/nines/rules"
)

// removedBuiltins are the built-ins that reach outside the evaluation
// (network, environment, remote JSON schema references) or whose result
// depends on the clock or chance, so that the same topology could give
// different findings. They are absent from the capabilities policies are
// compiled with; so is every built-in OPA marks non-deterministic.
var removedBuiltins = map[string]string{
	"http.send":              "network access",
	"net.lookup_ip_addr":     "network access",
	"opa.runtime":            "runtime access",
	"json.match_schema":      "network access (remote schema references)",
	"json.verify_schema":     "network access (remote schema references)",
	"time.now_ns":            "the clock",
	"rand.intn":              "randomness",
	"uuid.rfc4122":           "randomness",
	"io.jwt.decode_verify":   "the clock (token expiry)",
	"io.jwt.encode_sign":     "randomness (signatures)",
	"io.jwt.encode_sign_raw": "randomness (signatures)",
	"crypto.x509.parse_and_verify_certificates":              "the clock (certificate validity)",
	"crypto.x509.parse_and_verify_certificates_with_options": "the clock (certificate validity)",
}

var capabilities = sync.OnceValue(func() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	kept := caps.Builtins[:0:0]
	for _, b := range caps.Builtins {
		if _, removed := removedBuiltins[b.Name]; !removed && !b.Nondeterministic {
			kept = append(kept, b)
		}
	}
	caps.Builtins = kept
	caps.AllowNet = []string{}
	return caps
})

// firstHalf lists the rules evaluated by the first of two queries run in
// parallel; the second query runs the other rules and the user policies. The
// split balances the cost measured on topogen's 10,000-component topology
// (the rules that look at every call weigh most).
var firstHalf = []string{
	"data/consistency-mismatch", "data/rpo-violated", "data/rto-violated",
	"resilience/no-circuit-breaker", "resilience/no-fallback",
	"spof/single-instance", "timeout/below-p99", "timeout/missing",
}

// queries returns the queries collecting the findings: one when the process
// may use a single CPU (the browser playground), two evaluated in parallel
// otherwise. Each binds "findings" to a set of findings of the built-in
// rules; the last also binds "custom" to the user policies' findings, each
// paired with the name of its package (nines.custom.<name>), so that each
// can be checked against what its policy may report.
func queries() []string {
	const custom = `; custom := {[name, f] | some name; some f in data.nines.custom[name].report}`
	if runtime.GOMAXPROCS(0) < 2 {
		return []string{`findings := {f | some f in data.nines.rules[_][_].report}` + custom}
	}
	inFirst := func(id string) bool { return slices.Contains(firstHalf, id) }
	return []string{
		`findings := ` + findingsOf(inFirst),
		`findings := ` + findingsOf(func(id string) bool { return !inFirst(id) }) + custom,
	}
}

// findingsOf is a set comprehension of the findings of the built-in rules
// whose ids keep holds.
func findingsOf(keep func(id string) bool) string {
	var pkgs [][2]string
	for _, r := range rules.MustAll() {
		if keep(r.ID) {
			pkgs = append(pkgs, [2]string{r.Category, strings.ReplaceAll(r.Name, "-", "_")})
		}
	}
	b, _ := json.Marshal(pkgs)
	return `{f | some p in ` + string(b) + `; some f in data.nines.rules[p[0]][p[1]].report}`
}

// Evaluate runs the rules over input, the facts document of a topology (any
// JSON-marshallable value, an ast.Value, or a *Sliced, which gives the same
// findings in a fraction of the memory), and returns the findings sorted
// by file, line, column, rule and subject.
func Evaluate(ctx context.Context, input any, opts Options) ([]Finding, error) {
	ctx, cancel, timeout := withTimeLimit(ctx, opts)
	defer cancel()
	prep, err := prepareWithin(ctx, opts)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, timeLimitError("compiling", timeout, opts)
		}
		return nil, err
	}
	var results, customs [][]any
	var errs []error
	if sl, ok := input.(*Sliced); ok {
		found, custom, err := evalSliced(ctx, prep, sl, len(prep.reportAt) > 0 || len(opts.Policies) > 0)
		results, customs, errs = [][]any{found}, [][]any{custom}, []error{err}
	} else {
		value, err := toValue(input)
		if err != nil {
			return nil, fmt.Errorf("converting topology facts for the policies: %w", err)
		}
		results, customs, errs = evalWhole(ctx, prep.queries, value)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, timeLimitError("evaluating", timeout, opts)
	}
	for _, err := range errs {
		if err != nil && !topdown.IsCancel(err) {
			var te *topdown.Error
			if errors.As(err, &te) && te.Location != nil {
				return nil, fmt.Errorf("evaluating policies: %w", positionedEvalError{te})
			}
			return nil, fmt.Errorf("evaluating policies: %w", err)
		}
	}
	if err := errors.Join(errs...); err != nil { // cancelled by the caller
		return nil, fmt.Errorf("evaluating policies: %w", err)
	}
	return collect(results, customs, prep.reportAt, opts)
}

// evalWhole evaluates the queries over one document, in parallel; the
// first to fail stops the others.
func evalWhole(ctx context.Context, pqs []*rego.PreparedEvalQuery, value ast.Value) (results, customs [][]any, errs []error) {
	evalCtx, stop := context.WithCancel(ctx)
	defer stop()
	results = make([][]any, len(pqs))
	customs = make([][]any, len(pqs))
	errs = make([]error, len(pqs))
	var wg sync.WaitGroup
	for i := range pqs {
		wg.Go(func() {
			if results[i], customs[i], errs[i] = eval(evalCtx, pqs[i], value); errs[i] != nil {
				stop()
			}
		})
	}
	wg.Wait()
	return results, customs, errs
}

// prepareWithin is prepare, given up on when ctx ends: OPA's parser and
// compiler take no context, so a compilation that outlasts the limit is
// left to finish in the background, its result unused.
func prepareWithin(ctx context.Context, opts Options) (*prepared, error) {
	type result struct {
		p   *prepared
		err error
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	done := make(chan result, 1)
	go func() {
		p, err := prepare(ctx, opts)
		done <- result{p, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return r.p, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// positionedEvalError shows a runtime error of a policy at file:line:col
// (OPA's own text leaves the column out).
type positionedEvalError struct{ err *topdown.Error }

func (e positionedEvalError) Error() string {
	l := e.err.Location
	return fmt.Sprintf("%s:%d:%d: %s", l.File, l.Row, max(l.Col, 1), e.err.Message)
}

func (e positionedEvalError) Unwrap() error { return e.err }

func eval(ctx context.Context, pq *rego.PreparedEvalQuery, input ast.Value) (findings, custom []any, err error) {
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, nil, err
	}
	if len(rs) != 1 {
		return nil, nil, fmt.Errorf("got %d results, want 1", len(rs))
	}
	raw, ok := rs[0].Bindings["findings"].([]any)
	if !ok {
		return nil, nil, fmt.Errorf("findings are %T, want a set", rs[0].Bindings["findings"])
	}
	if c, present := rs[0].Bindings["custom"]; present {
		if custom, ok = c.([]any); !ok {
			return nil, nil, fmt.Errorf("custom findings are %T, want a set", c)
		}
	}
	return raw, custom, nil
}

// prepared is a compiled set of policies: its queries and, for each user
// package nines.custom.<name>, the file:line of its first report rule.
type prepared struct {
	queries  []*rego.PreparedEvalQuery
	reportAt map[string]string

	// The queries of a sliced evaluation, prepared when first needed with
	// regoOptions (the compiler, store and capabilities of queries).
	regoOptions []func(*rego.Rego)
	slicedOnce  sync.Once
	sliced      []*rego.PreparedEvalQuery
	slicedErr   error
}

// cache holds prepared queries by the digest of the user policies and the
// configuration they were compiled with.
var cache struct {
	sync.Mutex
	prepared map[string]*prepared
}

const maxCached = 16

func prepare(ctx context.Context, opts Options) (*prepared, error) {
	user, err := readPolicies(opts.Policies)
	if err != nil {
		return nil, err
	}
	config, err := json.Marshal(opts.Config)
	if err != nil {
		return nil, fmt.Errorf("encoding the rule configuration: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d queries\x00", len(queries()))
	h.Write(config)
	for _, src := range user {
		fmt.Fprintf(h, "\x00%s\x00%d\x00%s", src.Path, len(src.Text), src.Text)
	}
	key := hex.EncodeToString(h.Sum(nil))

	cache.Lock()
	defer cache.Unlock()
	if pq, ok := cache.prepared[key]; ok {
		return pq, nil
	}
	pq, err := compile(ctx, user, opts.Config)
	if err != nil {
		return nil, err
	}
	if cache.prepared == nil || len(cache.prepared) >= maxCached {
		cache.prepared = map[string]*prepared{}
	}
	cache.prepared[key] = pq
	return pq, nil
}

var builtinModules = sync.OnceValues(func() (map[string]*ast.Module, error) {
	srcs, err := rules.Policies()
	if err != nil {
		return nil, err
	}
	mods := map[string]*ast.Module{}
	for _, src := range srcs {
		name := "rules/" + src.Path
		m, err := parseModule(name, src.Text)
		if err != nil {
			return nil, fmt.Errorf("parsing built-in rule: %w", err)
		}
		mods[name] = m
	}
	return mods, nil
})

func parseModule(name, text string) (*ast.Module, error) {
	m, err := ast.ParseModuleWithOpts(name, text, ast.ParserOptions{
		ProcessAnnotation: true,
		Capabilities:      capabilities(),
		RegoVersion:       ast.RegoV1,
	})
	if err != nil {
		return nil, positioned(err)
	}
	if m == nil {
		return nil, fmt.Errorf("%s:1:1: empty policy file", name)
	}
	return m, nil
}

func compile(ctx context.Context, user []rules.Source, config map[string]any) (*prepared, error) {
	builtin, err := builtinModules()
	if err != nil {
		return nil, err
	}
	mods := make(map[string]*ast.Module, len(builtin)+len(user))
	for name, m := range builtin {
		mods[name] = m
	}
	reportAt := map[string]string{}
	for _, src := range user {
		m, err := parseModule(src.Path, src.Text)
		if err != nil {
			return nil, fmt.Errorf("parsing user policy: %w", err)
		}
		if err := checkUserModule(src.Path, m); err != nil {
			return nil, fmt.Errorf("checking user policy: %w", err)
		}
		mods[src.Path] = m
		if len(m.Package.Path) == 4 {
			name, _ := ast.JSON(m.Package.Path[3].Value)
			for _, r := range m.Rules {
				if n, _ := name.(string); isReport(r) && reportAt[n] == "" {
					reportAt[n] = fmt.Sprintf("%s:%d:%d", src.Path, r.Location.Row, max(r.Location.Col, 1))
				}
			}
		}
	}
	if err := checkConfig(config); err != nil {
		return nil, err
	}

	compiler := ast.NewCompiler().
		WithCapabilities(capabilities()).
		WithEnablePrintStatements(false).
		WithDefaultRegoVersion(ast.RegoV1)
	compiler.Compile(mods)
	if compiler.Failed() {
		return nil, fmt.Errorf("compiling policies: %w", positioned(compiler.Errors))
	}

	data := map[string]any{}
	if config != nil {
		data["nines"] = map[string]any{"config": config}
	}
	store := inmem.NewFromObject(data)
	var pqs []*rego.PreparedEvalQuery
	regoOptions := []func(*rego.Rego){
		rego.Compiler(compiler),
		rego.Store(store),
		rego.Capabilities(capabilities()),
		rego.StrictBuiltinErrors(true),
		rego.EnablePrintStatements(false),
	}
	for _, q := range queries() {
		r := rego.New(append(regoOptions, rego.Query(q))...)
		pq, err := r.PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("preparing the policy query: %w", positioned(err))
		}
		pqs = append(pqs, &pq)
	}
	return &prepared{queries: pqs, reportAt: reportAt, regoOptions: regoOptions}, nil
}

func isReport(r *ast.Rule) bool {
	return r.Head.Name.String() == "report" || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.Compare(ast.Var("report")) == 0)
}

// checkUserModule keeps user policies in their namespace: report rules live
// in packages nines.custom.<name>, helpers anywhere below nines.custom, and
// a severity, when given, is one nines knows.
func checkUserModule(name string, m *ast.Module) error {
	path := m.Package.Path
	loc := m.Package.Location
	at := fmt.Sprintf("%s:%d:%d", name, loc.Row, loc.Col)
	pkg := strings.TrimPrefix(path.String(), "data.")
	if len(path) < 3 || !path[1].Equal(ast.StringTerm("nines")) || !path[2].Equal(ast.StringTerm("custom")) {
		return fmt.Errorf("%s: package %s is outside nines.custom: name user policies package nines.custom.<name>", at, pkg)
	}
	if len(path) != 4 {
		for _, r := range m.Rules {
			if isReport(r) {
				return fmt.Errorf("%s: package %s defines report but only packages nines.custom.<name> are evaluated: move the rule one level up or down", at, pkg)
			}
		}
	}
	for _, a := range m.Annotations {
		if a.Scope != "package" {
			continue
		}
		sev, ok := a.Custom["severity"]
		if !ok {
			continue
		}
		if s, _ := sev.(string); s != SeverityError && s != SeverityWarning && s != SeverityNote {
			l := a.Location
			return fmt.Errorf("%s:%d:%d: custom.severity is %v: use error, warning or note", name, l.Row, l.Col, sev)
		}
	}
	return nil
}

// positioned rewrites OPA's parse and compile errors as "file:line:col:
// message" lines, and explains the built-ins removed from the sandbox.
func positioned(err error) error {
	var errs ast.Errors
	if !errors.As(err, &errs) {
		var one *ast.Error
		if !errors.As(err, &one) {
			return err
		}
		errs = ast.Errors{one}
	}
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		msg := e.Message
		if fn, ok := strings.CutPrefix(msg, "undefined function "); ok {
			if why, removed := removedBuiltins[fn]; removed {
				msg = fmt.Sprintf("%s is not allowed in nines policies: it depends on %s, removed so that a policy can neither reach outside nor make findings differ from run to run", fn, why)
			}
		}
		if e.Location != nil {
			// OPA reports column 0 at the end of a file; editors count from 1.
			lines = append(lines, fmt.Sprintf("%s:%d:%d: %s", e.Location.File, e.Location.Row, max(e.Location.Col, 1), msg))
		} else {
			lines = append(lines, msg)
		}
	}
	return errors.New(strings.Join(lines, "\n"))
}
