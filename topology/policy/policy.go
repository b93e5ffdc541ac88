// Package policy evaluates the Rego rules of nines (package rules) and any
// user policies over the facts document of a topology (see
// docs/design/topology-facts.md) and returns findings.
//
// Policies are compiled once per set of user policies and configuration and
// the prepared queries are reused; with two or more CPUs the rules are split
// into two queries evaluated in parallel. They run with a capabilities set
// that has no network or runtime built-ins and under a time limit, so that a
// policy taken from a pull request can neither reach outside nor hang the
// check.
package policy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/nines-dev/nines/rules"
)

// Finding is one violation reported by a rule or a user policy, at the
// position of the block it is about.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Subject  string `json:"subject"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// Options tunes an evaluation. The zero value runs the built-in rules with
// their default configuration and the default time limit.
type Options struct {
	// Config overrides keys of data.nines.config, the thresholds of the
	// rules (see DefaultConfig). Keys the built-in rules do not know are
	// passed through for user policies.
	Config map[string]any
	// Policies are user policy directories: every *.rego file in them
	// (except *_test.rego) is compiled with the built-in rules. Wrap a
	// directory with Dir so that errors name its path.
	Policies []fs.FS
	// Timeout bounds the compilation of the policies and one evaluation;
	// DefaultTimeout when zero.
	Timeout time.Duration
	// Files are the loaded topology files, each with the byte length of
	// every line, and Subjects the position of every component, call id,
	// journey and zone. A user policy's finding must be at a position
	// inside one of Files or name one of Subjects (it then takes the
	// subject's position). Subjects is a function so that the table of
	// every subject's position, a large map on a large topology, is built
	// only when a user policy reports a finding without a position (see
	// SubjectTable). When both are nil (a policy evaluated without a
	// topology, as in tests) only the other checks apply.
	Files    map[string][]int
	Subjects func(subject string) (Position, bool)
}

// SubjectTable returns Options.Subjects over the positions build returns,
// calling build once, the first time a subject is looked up.
func SubjectTable(build func() map[string]Position) func(string) (Position, bool) {
	table := sync.OnceValue(build)
	return func(subject string) (Position, bool) {
		p, ok := table()[subject]
		return p, ok
	}
}

// Position is where a finding is reported.
type Position struct {
	File         string
	Line, Column int
}

// Severities a finding may have. Notes are printed and never fail a check.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityNote    = "note"
)

// MaxMessageBytes bounds the message of a user policy's finding.
const MaxMessageBytes = 4096

// DefaultTimeout is the time limit of compiling and evaluating the
// policies when Options.Timeout is zero: twelve times what the built-in
// rules take on the largest topology the input limits allow (see
// docs/topology.md), so that load on a shared machine does not turn a
// valid topology into an error.
const DefaultTimeout = 2 * time.Minute

// Policy files are bounded before they are parsed: OPA's parser and
// compiler take minutes and gigabytes over a few megabytes of Rego.
const (
	MaxPolicyFileBytes  = 1 << 20
	MaxPolicyTotalBytes = 4 << 20
)

// DefaultConfig returns the default thresholds, the keys of data.nines.config
// read by the built-in rules. It mirrors default_config in rules/lib.
func DefaultConfig() map[string]any {
	return map[string]any{"max_retries": 5, "amplification_limit": 10, "timeout_margin": 1.2}
}

// Dir names a policy directory: name (the path the user gave) prefixes the
// file names in errors about its policies.
func Dir(name string, fsys fs.FS) fs.FS { return namedFS{FS: fsys, name: name} }

type namedFS struct {
	fs.FS
	name string
}

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
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
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
	var findings []Finding
	for _, raw := range results {
		for _, r := range raw {
			f, err := toFinding(r)
			if err != nil {
				return nil, fmt.Errorf("evaluating policies: %w", err)
			}
			findings = append(findings, f)
		}
	}
	var forged []string
	for _, raw := range customs {
		for _, r := range raw {
			f, err := checkCustom(r, prep.reportAt, opts)
			if err != nil {
				forged = append(forged, err.Error())
				continue
			}
			findings = append(findings, f)
		}
	}
	if len(forged) > 0 {
		sort.Strings(forged)
		if len(forged) > maxForged {
			forged = append(forged[:maxForged], fmt.Sprintf("and %d more", len(forged)-maxForged))
		}
		return nil, fmt.Errorf("evaluating policies: %s", strings.Join(forged, "\n"))
	}
	Sort(findings)
	// Parts of a sliced document cannot report one finding twice, but a
	// set is what the rules define.
	return slices.Compact(findings), nil
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

// timeLimitError says that the policies outlasted the limit, at each user
// policy file (the built-in rules never come near it), and how to raise it.
func timeLimitError(doing string, timeout time.Duration, opts Options) error {
	msg := fmt.Sprintf("%s the policies stopped after the time limit of %s: raise it with -policy-timeout or policy_timeout in .nines.hcl", doing, timeout)
	files, err := readPolicies(opts.Policies)
	if err != nil || len(files) == 0 {
		return errors.New(msg)
	}
	lines := make([]string, 0, len(files))
	for _, f := range files {
		lines = append(lines, fmt.Sprintf("%s:1:1: %s", f.Path, msg))
	}
	return errors.New(strings.Join(lines, "\n"))
}

// maxForged is how many rejected findings of user policies are listed.
const maxForged = 20

// checkCustom turns a user policy's finding into a Finding after checking
// that it cannot pass for something it is not: its rule id is under the
// policy's own namespace (custom/<name>, never a built-in id), its
// severity is error, warning or note, its message is bounded, and it is at
// a position inside a loaded topology file or names a subject that exists
// (whose position it then takes). A finding that breaks one is an error
// at the report rule of the policy that produced it.
func checkCustom(r any, reportAt map[string]string, opts Options) (Finding, error) {
	pair, ok := r.([]any)
	if !ok || len(pair) != 2 {
		return Finding{}, fmt.Errorf("a user policy produced %v, want a finding", r)
	}
	name, _ := pair[0].(string)
	at := reportAt[name]
	if at == "" {
		at = "package nines.custom." + name
	}
	f, err := toFinding(pair[1])
	if err != nil {
		return Finding{}, fmt.Errorf("%s: %w", at, err)
	}
	reject := func(format string, args ...any) (Finding, error) {
		return Finding{}, fmt.Errorf("%s: finding of %s rejected: %s", at, strconv.Quote(truncate(f.Rule, 80)), fmt.Sprintf(format, args...))
	}
	id := "custom/" + strings.ReplaceAll(name, "_", "-")
	if f.Rule != id && !strings.HasPrefix(f.Rule, id+"/") {
		return reject("its rule id must be %s or start with %s/ (a user policy cannot report as another rule)", id, id)
	}
	if len(f.Rule) > 200 || strings.ContainsFunc(f.Rule, unicode.IsControl) {
		return reject("its rule id must be at most 200 bytes without control characters")
	}
	switch f.Severity {
	case SeverityError, SeverityWarning, SeverityNote:
	default:
		return reject("severity %s: use error, warning or note", strconv.Quote(truncate(f.Severity, 40)))
	}
	if len(f.Message) > MaxMessageBytes {
		return reject("its message is %d bytes, over the limit of %d", len(f.Message), MaxMessageBytes)
	}
	if len(f.Subject) > 1000 {
		return reject("its subject is %d bytes, over the limit of 1000", len(f.Subject))
	}
	if opts.Files == nil && opts.Subjects == nil {
		if f.Line < 0 || f.Column < 0 {
			return reject("position %d:%d is negative", f.Line, f.Column)
		}
		return f, nil
	}
	if f.File == "" && f.Line == 0 && f.Column == 0 {
		var p Position
		ok := false
		if opts.Subjects != nil {
			p, ok = opts.Subjects(f.Subject)
		}
		if !ok {
			return reject("it has no position and its subject %s is no component, call, journey or zone: build it with lib.finding at one of them", strconv.Quote(truncate(f.Subject, 80)))
		}
		f.File, f.Line, f.Column = p.File, p.Line, p.Column
		return f, nil
	}
	lines, ok := opts.Files[f.File]
	switch {
	case !ok:
		return reject("its file %s is not a loaded topology file", strconv.Quote(truncate(f.File, 200)))
	case f.Line < 1 || f.Line > len(lines):
		return reject("line %d is outside %s (%d lines)", f.Line, f.File, len(lines))
	case f.Column < 1 || f.Column > lines[f.Line-1]+1:
		return reject("column %d is outside line %d of %s (%d bytes)", f.Column, f.Line, f.File, lines[f.Line-1])
	}
	return f, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
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

// Sort orders findings by file, line, column, rule, subject and message.
func Sort(findings []Finding) {
	sort.Slice(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.Subject != b.Subject:
			return a.Subject < b.Subject
		}
		return a.Message < b.Message
	})
}

func toFinding(r any) (Finding, error) {
	m, ok := r.(map[string]any)
	if !ok {
		return Finding{}, fmt.Errorf("a report rule produced %v, want an object built by data.nines.lib.finding", r)
	}
	var f Finding
	var errs []string
	str := func(key string, dst *string) {
		s, ok := m[key].(string)
		if !ok {
			errs = append(errs, fmt.Sprintf("%s is %v, want a string", key, m[key]))
		}
		*dst = s
	}
	num := func(key string, dst *int) {
		n, ok := m[key].(json.Number)
		if !ok {
			errs = append(errs, fmt.Sprintf("%s is %v, want a number", key, m[key]))
			return
		}
		i, err := n.Int64()
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s is %v, want an integer", key, m[key]))
		}
		*dst = int(i)
	}
	str("rule", &f.Rule)
	str("severity", &f.Severity)
	str("message", &f.Message)
	str("subject", &f.Subject)
	str("file", &f.File)
	num("line", &f.Line)
	num("column", &f.Column)
	if len(errs) > 0 {
		return Finding{}, fmt.Errorf("malformed finding of rule %v: %s", m["rule"], strings.Join(errs, "; "))
	}
	return f, nil
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

// readPolicies returns the user policy files of every directory, named
// "<dir name>/<path>" (or "policy dir N/<path>" for an unnamed fs.FS).
func readPolicies(dirs []fs.FS) ([]rules.Source, error) {
	var out []rules.Source
	total := 0
	for i, dir := range dirs {
		name := fmt.Sprintf("policy dir %d", i+1)
		if n, ok := dir.(namedFS); ok {
			name = n.name
		}
		err := fs.WalkDir(dir, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			if info, err := d.Info(); err == nil && info.Size() > MaxPolicyFileBytes {
				return tooLarge(fmt.Sprintf("%s:1:1: policy file is %d bytes, over the limit of %d", path.Join(name, p), info.Size(), MaxPolicyFileBytes))
			}
			b, err := fs.ReadFile(dir, p)
			if err != nil {
				return err
			}
			if total += len(b); len(b) > MaxPolicyFileBytes || total > MaxPolicyTotalBytes {
				return tooLarge(fmt.Sprintf("%s:1:1: the policy files add up to more than %d bytes", path.Join(name, p), MaxPolicyTotalBytes))
			}
			out = append(out, rules.Source{Path: path.Join(name, p), Text: string(b)})
			return nil
		})
		var big tooLarge
		if errors.As(err, &big) {
			return nil, big
		}
		if err != nil {
			return nil, fmt.Errorf("reading policies from %s: %w", name, err)
		}
	}
	return out, nil
}

// tooLarge is a policy file over the size limits, at its position.
type tooLarge string

func (e tooLarge) Error() string { return string(e) }

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

func checkConfig(config map[string]any) error {
	for _, key := range []string{"max_retries", "amplification_limit", "timeout_margin"} {
		v, ok := config[key]
		if !ok {
			continue
		}
		var f float64
		switch n := v.(type) {
		case int:
			f = float64(n)
		case int64:
			f = float64(n)
		case float64:
			f = n
		case json.Number:
			var err error
			if f, err = n.Float64(); err != nil {
				return fmt.Errorf("rule configuration %s is %v: want a number", key, v)
			}
		default:
			return fmt.Errorf("rule configuration %s is %v: want a number", key, v)
		}
		if f < 0 {
			return fmt.Errorf("rule configuration %s is %v: want a number >= 0", key, v)
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
