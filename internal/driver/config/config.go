// Package config reads .nines.hcl, the one configuration file of nines:
// which analyzers and topology rules run, their thresholds, path excludes,
// topology files, policy directories and exceptions. The file is HCL,
// decoded by internal/hclschema and validated against the JSON Schema in
// config.schema.json; every error names file:line:col.
//
// Parse is pure. Find, Locate and Load read the disk: they are for the
// command line, which is the only caller.
package config

import (
	"flag"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/internal/hclschema"
)

// FileName is the name of the configuration file.
const FileName = ".nines.hcl"

// Pos is a position in the configuration file.
type Pos = hclschema.Pos

// Error is one error in a configuration file, at file:line:col.
type Error = hclschema.Error

// ErrorList holds every error of a configuration file, sorted.
type ErrorList = hclschema.ErrorList

// Options tune Parse.
type Options struct {
	// Analyzers are the analyzers whose names and flags the file may set;
	// analyzers.All() when nil.
	Analyzers []*analysis.Analyzer
	// Limits bound the file; hclschema's defaults (1 MiB, nesting 32) when zero.
	Limits hclschema.Limits
}

// Config is a loaded configuration file.
type Config struct {
	// Path is the file as it was named; positions in errors use it.
	Path string
	// Dir is the directory globs and policy directories are relative to:
	// the file's directory (absolute when the file was read by Load).
	Dir string

	analyzers  map[string]*analyzerSettings
	rules      map[string]*ruleSettings
	thresholds map[string]any // policy config keys -> int64 or float64
	exclude    []string
	topoFiles  []string
	// readerGlobs are the globs of topology { kubernetes, compose,
	// terraform }, by reader, each with its position.
	readerGlobs map[string][]posGlob
	// policyTimeout is the topology policies' time limit; 0 when unset.
	policyTimeout time.Duration
	policies      []string
	exceptions    []Exception
}

type analyzerSettings struct {
	pos     Pos
	enabled *bool
	exclude []string
	flags   []flagValue // sorted by flag name
}

type flagValue struct {
	name  string // the flag: "max-attempts"
	value string // as flag.Value.Set takes it
	pos   Pos
}

type ruleSettings struct {
	pos      Pos
	enabled  *bool
	severity string
	exclude  []string
}

// Exception waives the topology finding of Rule about Subject.
type Exception struct {
	Rule, Subject, Reason string
	Pos                   Pos
}

var shapes = map[string]hclschema.Shape{
	"analyzer":   {Labels: 1, LabelNames: []string{"the analyzer's name"}},
	"rule":       {Labels: 1, LabelNames: []string{"the rule's id"}},
	"exception":  {List: true},
	"thresholds": {},
	"topology":   {},
}

// thresholdFlags maps thresholds to the analyzer flags that mean the same
// thing; an analyzer block or the command line setting the flag wins.
var thresholdFlags = map[string]struct{ analyzer, flag string }{
	"max_retries": {"retrybound", "max-attempts"},
}

var ruleID = regexp.MustCompile(`^[a-z0-9_.-]+(/[a-z0-9_.-]+)+$`)

// Parse decodes and validates one configuration file. Invalid input is
// returned as an ErrorList.
func Parse(name string, src []byte, opts Options) (*Config, error) {
	as := opts.Analyzers
	if as == nil {
		as = analyzers.All()
	}
	doc, errs := hclschema.Decode(name, src, shapes, opts.Limits)
	if len(errs) > 0 {
		return nil, errs
	}
	sch, err := compiledSchema(as)
	if err != nil {
		return nil, err
	}
	if errs := doc.Validate(sch, messages(as)); len(errs) > 0 {
		return nil, errs
	}
	c := &Config{Path: name, Dir: path.Dir(strings.ReplaceAll(name, `\`, "/"))}
	if errs := c.build(doc, as); len(errs) > 0 {
		return nil, errs.Sorted()
	}
	return c, nil
}

// messages words the schema errors that have a better explanation here.
func messages(as []*analysis.Analyzer) hclschema.MessageFunc {
	return func(_ *hclschema.Doc, v hclschema.Violation) string {
		switch k := v.Kind.(type) {
		case *kind.AdditionalProperties:
			parent, name := v.Loc[:len(v.Loc)-1], v.Loc[len(v.Loc)-1]
			switch {
			case len(parent) == 1 && parent[0] == "analyzer":
				names := make([]string, len(as))
				for i, a := range as {
					names[i] = a.Name
				}
				return fmt.Sprintf("unknown analyzer %q; the analyzers are %s", name, strings.Join(names, ", "))
			case len(parent) == 2 && parent[0] == "analyzer":
				settings := append([]string{}, analyzerReserved...)
				for _, a := range as {
					if a.Name == parent[1] {
						for _, f := range flagsOf(a) {
							settings = append(settings, AttrName(f))
						}
					}
				}
				slices.Sort(settings)
				msg := fmt.Sprintf("analyzer %q has no setting %q; its settings are %s", parent[1], name, strings.Join(settings, ", "))
				if fixed := AttrName(name); fixed != name && slices.Contains(settings, fixed) {
					msg = fmt.Sprintf("analyzer %q has no setting %q: write %s", parent[1], name, fixed)
				}
				return msg
			}
		case *kind.Required:
			if len(v.Loc) == 2 && v.Loc[0] == "exception" && slices.Equal(k.Missing, []string{"reason"}) {
				return "an exception needs a reason: say why the finding is accepted"
			}
		case *kind.Pattern:
			if len(v.Loc) == 3 && v.Loc[0] == "exception" && v.Loc[2] == "reason" {
				return "an exception needs a reason: say why the finding is accepted"
			}
		}
		return ""
	}
}

func flagsOf(a *analysis.Analyzer) []string {
	var out []string
	a.Flags.VisitAll(func(f *flag.Flag) { out = append(out, f.Name) })
	return out
}

func (c *Config) build(doc *hclschema.Doc, as []*analysis.Analyzer) ErrorList {
	var errs ErrorList
	v := doc.Value
	byName := make(map[string]*analysis.Analyzer, len(as))
	for _, a := range as {
		byName[a.Name] = a
	}

	globs := func(val any, loc ...string) []string {
		list, _ := val.([]any)
		var out []string
		for i, g := range list {
			s, _ := g.(string)
			if err := checkGlob(s); err != nil {
				errs.Add(doc.Pos(append(loc, strconv.Itoa(i))...), "glob %q %v", s, err)
				continue
			}
			out = append(out, s)
		}
		return out
	}
	strs := func(val any) []string {
		list, _ := val.([]any)
		out := make([]string, 0, len(list))
		for _, s := range list {
			out = append(out, s.(string))
		}
		return out
	}

	c.exclude = globs(v["exclude"], "exclude")
	if t, ok := v["topology"].(map[string]any); ok {
		c.topoFiles = globs(t["files"], "topology", "files")
		for _, r := range Readers {
			list, _ := t[r].([]any)
			for i, g := range list {
				s, _ := g.(string)
				at := doc.Pos("topology", r, strconv.Itoa(i))
				if err := checkGlob(s); err != nil {
					errs.Add(at, "glob %q %v", s, err)
					continue
				}
				if c.readerGlobs == nil {
					c.readerGlobs = map[string][]posGlob{}
				}
				c.readerGlobs[r] = append(c.readerGlobs[r], posGlob{s, at})
			}
		}
		c.policies = strs(t["policies"])
		if s, ok := t["policy_timeout"].(string); ok {
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				errs.Add(doc.Pos("topology", "policy_timeout"), "policy_timeout %q must be a positive Go duration such as \"30s\" or \"2m\"", s)
			}
			c.policyTimeout = d
		}
	}

	c.analyzers = map[string]*analyzerSettings{}
	if group, ok := v["analyzer"].(map[string]any); ok {
		for _, name := range slices.Sorted(maps.Keys(group)) {
			body := group[name].(map[string]any)
			s := &analyzerSettings{pos: doc.Pos("analyzer", name)}
			if b, ok := body["enabled"].(bool); ok {
				s.enabled = &b
			}
			s.exclude = globs(body["exclude"], "analyzer", name, "exclude")
			a := byName[name]
			a.Flags.VisitAll(func(f *flag.Flag) {
				attr := AttrName(f.Name)
				if val, ok := body[attr]; ok && !slices.Contains(analyzerReserved, attr) {
					s.flags = append(s.flags, flagValue{name: f.Name, value: flagString(val), pos: doc.Pos("analyzer", name, attr)})
				}
			})
			c.analyzers[name] = s
		}
	}

	c.thresholds = map[string]any{}
	if t, ok := v["thresholds"].(map[string]any); ok {
		for _, key := range slices.Sorted(maps.Keys(t)) {
			c.thresholds[key] = t[key]
			m, ok := thresholdFlags[key]
			if !ok || byName[m.analyzer] == nil || byName[m.analyzer].Flags.Lookup(m.flag) == nil {
				continue
			}
			s := c.analyzers[m.analyzer]
			if s == nil {
				s = &analyzerSettings{pos: doc.Pos("thresholds")}
				c.analyzers[m.analyzer] = s
			}
			if !slices.ContainsFunc(s.flags, func(f flagValue) bool { return f.name == m.flag }) {
				s.flags = append(s.flags, flagValue{name: m.flag, value: flagString(t[key]), pos: doc.Pos("thresholds", key)})
				slices.SortFunc(s.flags, func(a, b flagValue) int { return strings.Compare(a.name, b.name) })
			}
		}
	}

	known := builtinRules()
	checkRule := func(id string, p Pos) {
		if !ruleID.MatchString(id) {
			errs.Add(p, "rule ids are CATEGORY/NAME, such as \"retry/excessive\", not %q", id)
			return
		}
		if len(c.policies) == 0 && !slices.Contains(known, id) {
			errs.Add(p, "unknown rule %q; nines rules lists them (rules of your own policies are accepted once topology names their directories)", id)
		}
	}
	c.rules = map[string]*ruleSettings{}
	if group, ok := v["rule"].(map[string]any); ok {
		for _, id := range slices.Sorted(maps.Keys(group)) {
			body := group[id].(map[string]any)
			s := &ruleSettings{pos: doc.Pos("rule", id)}
			checkRule(id, s.pos)
			if b, ok := body["enabled"].(bool); ok {
				s.enabled = &b
			}
			s.severity, _ = body["severity"].(string)
			s.exclude = globs(body["exclude"], "rule", id, "exclude")
			c.rules[id] = s
		}
	}
	if list, ok := v["exception"].([]any); ok {
		for i, item := range list {
			body := item.(map[string]any)
			e := Exception{
				Rule:    body["rule"].(string),
				Subject: body["subject"].(string),
				Reason:  strings.TrimSpace(body["reason"].(string)),
				Pos:     doc.Pos("exception", strconv.Itoa(i)),
			}
			if e.Reason == "" { // blank in Unicode's sense, which the schema's \S is not
				errs.Add(doc.Pos("exception", strconv.Itoa(i), "reason"), "an exception needs a reason: say why the finding is accepted")
			}
			checkRule(e.Rule, doc.Pos("exception", strconv.Itoa(i), "rule"))
			c.exceptions = append(c.exceptions, e)
		}
	}
	return errs
}

func flagString(v any) string {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return v
	}
	return fmt.Sprint(v)
}

// Analyzer reports whether the file turns the named analyzer on or off:
// set is false when it says nothing.
func (c *Config) Analyzer(name string) (enabled, set bool) {
	if s := c.analyzers[name]; s != nil && s.enabled != nil {
		return *s.enabled, true
	}
	return true, false
}

// ApplyFlags sets the analyzer flags the file names (in analyzer blocks,
// and the thresholds that map to a flag) on the analyzers' Flags. skip
// reports the flags set on the command line, which win; it may be nil.
// ApplyFlags returns a function that restores the values it replaced, so
// that an in-process run leaves no trace, and an error at the attribute's
// position when a value does not suit its flag.
func (c *Config) ApplyFlags(as []*analysis.Analyzer, skip func(analyzer, flag string) bool) (restore func(), err error) {
	var undo []func()
	restore = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	var errs ErrorList
	for _, a := range as {
		s := c.analyzers[a.Name]
		if s == nil {
			continue
		}
		for _, fv := range s.flags {
			f := a.Flags.Lookup(fv.name)
			if f == nil || skip != nil && skip(a.Name, fv.name) {
				continue
			}
			old := f.Value.String()
			if err := f.Value.Set(fv.value); err != nil {
				errs.Add(fv.pos, "%s: invalid value %s for -%s.%s: %v", AttrName(fv.name), fv.value, a.Name, fv.name, err)
				continue
			}
			undo = append(undo, func() { _ = f.Value.Set(old) })
		}
	}
	if len(errs) > 0 {
		restore()
		return func() {}, errs.Sorted()
	}
	return restore, nil
}

// Wrap returns a copy of a that reports nothing in the files the
// configuration excludes for it, and nothing at all when off (an analyzer
// that is off does not run unless another needs its result; its facts
// serve only itself). The copy keeps a's name, flags, requirements and
// fact types. Drivers that run the analyzers themselves (go vet's
// unitchecker, the golangci-lint plugin) use it.
func (c *Config) Wrap(a *analysis.Analyzer, off bool) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		if off && a.ResultType == nil {
			return nil, nil
		}
		filtered := *pass
		filtered.Report = func(d analysis.Diagnostic) {
			if off || c.Excluded(pass.Fset.Position(d.Pos).Filename, a.Name) {
				return
			}
			pass.Report(d)
		}
		return a.Run(&filtered)
	}
	return &w
}

// Excluded reports whether findings in file are dropped, for the named
// analyzer or rule (or for all when name is ""). file is absolute or
// relative to the directory the configuration's Dir is relative to.
func (c *Config) Excluded(file, name string) bool {
	rel, ok := c.rel(file)
	if !ok {
		return false
	}
	if matchAny(c.exclude, rel) {
		return true
	}
	if s := c.analyzers[name]; s != nil && matchAny(s.exclude, rel) {
		return true
	}
	if s := c.rules[name]; s != nil && matchAny(s.exclude, rel) {
		return true
	}
	return false
}

// PolicyConfig returns the thresholds the file sets, under the keys of
// policy.Options.Config (max_retries, amplification_limit,
// timeout_margin), as int64 or float64. Keys the file does not set are
// absent, so the rules' defaults apply.
func (c *Config) PolicyConfig() map[string]any { return maps.Clone(c.thresholds) }

// Rule reports the file's settings for a topology rule: whether it runs
// (true unless the file says false) and the severity that replaces the
// rule's own ("" to keep it).
func (c *Config) Rule(id string) (enabled bool, severity string) {
	s := c.rules[id]
	if s == nil {
		return true, ""
	}
	return s.enabled == nil || *s.enabled, s.severity
}

// Exceptions returns the exception blocks in source order.
func (c *Config) Exceptions() []Exception { return slices.Clone(c.exceptions) }

// PolicyDirs returns the policy directories the file names, joined to Dir.
func (c *Config) PolicyDirs() []string {
	out := make([]string, len(c.policies))
	for i, p := range c.policies {
		out[i] = c.join(p)
	}
	return out
}

// TopologyGlobs returns the topology file globs, relative to Dir.
func (c *Config) TopologyGlobs() []string { return slices.Clone(c.topoFiles) }

// PolicyTimeout is the time limit the file sets for the topology policies
// (compilation and evaluation), 0 when it sets none.
func (c *Config) PolicyTimeout() time.Duration { return c.policyTimeout }
