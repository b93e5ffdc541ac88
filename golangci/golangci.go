// Package golangci registers each nines analyzer as a golangci-lint module
// plugin of its own name, so .golangci.yml enables, configures and
// //nolint-silences them one by one, as it does the built-in linters.
//
// A linter's settings are its analyzer's flags, by flag name
// ({max-attempts: 3} for retrybound), plus "tests", which keeps findings
// in _test.go files (nines vet -tests); without it they are dropped, as
// nines vet does by default. Keys have no dots: golangci-lint reads its
// configuration with viper, which splits dotted keys into nested maps.
//
// The package imports the analyzers only, never the topology side of
// nines, so OPA is not compiled into golangci-lint. See
// docs/integrations.md for .custom-gcl.yml and .golangci.yml.
package golangci

import (
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/analyzers"
)

// TestsKey is the setting that keeps findings in _test.go files.
const TestsKey = "tests"

// retiredName is the plugin name of the single linter earlier versions
// registered for every analyzer.
const retiredName = "nines"

func init() {
	for _, a := range analyzers.All() {
		register.Plugin(a.Name, func(raw any) (register.LinterPlugin, error) { return New(a, raw) })
	}
	register.Plugin(retiredName, func(any) (register.LinterPlugin, error) { return nil, errRetired })
}

// errRetired explains the migration instead of golangci-lint's
// "plugin not found", for a .golangci.yml written for the old plugin.
var errRetired = fmt.Errorf("the %q linter is now one linter per analyzer (%s): list them under linters.enable and linters.settings.custom instead, and write //nolint:<analyzer>; see docs/integrations.md", retiredName, strings.Join(names(), ", "))

func names() []string {
	var out []string
	for _, a := range analyzers.All() {
		out = append(out, a.Name)
	}
	return out
}

// Plugin is one analyzer as a golangci-lint linter.
type Plugin struct {
	analyzer *analysis.Analyzer
}

// New returns the linter of analyzer a with the `settings:` block raw of
// its entry under linters.settings.custom. Settings are strict: an unknown
// key or a value its flag rejects is an error, so a typo does not quietly
// leave a default in force. The flags are set on a itself, which every
// driver shares; golangci-lint builds each linter once per run.
func New(a *analysis.Analyzer, raw any) (register.LinterPlugin, error) {
	settings, err := register.DecodeSettings[map[string]any](raw)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", a.Name, err)
	}
	tests := false
	for _, key := range slices.Sorted(maps.Keys(settings)) {
		val := settings[key]
		if key == TestsKey {
			b, ok := val.(bool)
			if !ok {
				return nil, fmt.Errorf("%s settings: %s: want true or false, got %v", a.Name, key, val)
			}
			tests = b
			continue
		}
		if err := setFlag(a, key, val); err != nil {
			return nil, fmt.Errorf("%s settings: %w", a.Name, err)
		}
	}
	warnConfigFile()
	if !tests {
		return &Plugin{analyzer: withoutTestFiles(a)}, nil
	}
	return &Plugin{analyzer: a}, nil
}

func setFlag(a *analysis.Analyzer, key string, val any) error {
	if a.Flags.Lookup(key) == nil {
		known := []string{TestsKey}
		a.Flags.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
		slices.Sort(known)
		hint := ""
		if _, flagName, ok := strings.Cut(key, "."); ok && a.Flags.Lookup(flagName) != nil {
			hint = fmt.Sprintf(" (write %s, without the analyzer's name)", flagName)
		}
		return fmt.Errorf("unknown setting %q%s; the settings are %s", key, hint, strings.Join(known, ", "))
	}
	var s string
	switch v := val.(type) {
	case string, bool, float64:
		// JSON numbers arrive as float64; %v prints 3 as "3".
		s = fmt.Sprint(v)
	default:
		return fmt.Errorf("%s: want a string, number or boolean, got %v", key, val)
	}
	if err := a.Flags.Set(key, s); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// withoutTestFiles returns a copy of a that drops the diagnostics it
// reports in _test.go files. golangci-lint loads test files unless
// run.tests is false; nines vet leaves them out unless -tests is given,
// and this keeps the two in step without touching golangci's own setting.
// The copy has a's name, flags, requirements and fact types, so facts and
// results flow as they do for a.
func withoutTestFiles(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		filtered := *pass
		filtered.Report = func(d analysis.Diagnostic) {
			if f := pass.Fset.File(d.Pos); f != nil && strings.HasSuffix(f.Name(), "_test.go") {
				return
			}
			pass.Report(d)
		}
		return a.Run(&filtered)
	}
	return &w
}

// BuildAnalyzers returns the one analyzer of this linter.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// GetLoadMode says the analyzer needs type information.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

var warnOnce sync.Once

// warnConfigFile says once per run that a .nines.hcl above the working
// directory is not read here. The plugin cannot read it: the package
// that parses it also imports the topology checker (and OPA with it),
// which does not build inside golangci-lint.
func warnConfigFile() {
	warnOnce.Do(func() {
		if path, err := findConfigFile(); err == nil && path != "" {
			fmt.Fprintf(os.Stderr, "nines: %s is not read by the golangci-lint plugin; set the analyzers in .golangci.yml (see docs/integrations.md)\n", path)
		}
	})
}

// findConfigFile looks for .nines.hcl in the working directory and its
// parents, as nines vet does.
func findConfigFile() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, ".nines.hcl")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}
