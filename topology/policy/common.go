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
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

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

// Sliced is a facts document handed to Evaluate in parts, so that a large
// topology is never converted into one OPA value: the document of 100,000
// components is about 6 times the size of the facts in OPA's
// representation, and the rules only ever look at one component, one call
// or one journey at a time plus a few tables every part carries.
//
// The built-in rules are evaluated on each part, and JourneyRules once on
// the journeys' document; the union of their findings is what the whole
// document gives, provided every part holds, beside Shared, the components
// and calls it reports on and everything those findings read (the topology
// package cuts parts by component, each with the calls into its
// components). User policies may look at anything: they are evaluated on
// Whole, built only when there are user policies.
type Sliced struct {
	// Shared are members of every document (journeys, zones), converted
	// once and shared by all of them.
	Shared map[string]any
	// Journeys are the other members of the journey rules' document.
	Journeys map[string]any
	// Parts are the other members of each part's document.
	Parts []map[string]any
	// Whole returns the whole document.
	Whole func() any
}

// JourneyRules are the built-in rules whose findings are about journeys,
// evaluated on Sliced.Journeys; every other built-in rule reports on
// components or calls and is evaluated on each part.
var JourneyRules = []string{"availability/slo-unmet", "retry/amplification"}

// collect turns the raw findings of the built-in rules (results) and of the
// user policies (customs, each a [package name, finding] pair) into
// findings, sorted and without duplicates, or an error listing the user
// policies' findings that break the rules of checkCustom.
func collect(results, customs [][]any, reportAt map[string]string, opts Options) ([]Finding, error) {
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
			f, err := checkCustom(r, reportAt, opts)
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

// withTimeLimit is ctx bounded by the time limit of opts.
func withTimeLimit(ctx context.Context, opts Options) (context.Context, context.CancelFunc, time.Duration) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, timeout
}
