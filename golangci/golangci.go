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
// The .nines.hcl in effect for the working directory applies as under
// nines vet (analyzers off, flags, excludes); the linter's settings win
// over it. The package imports the analyzers and the configuration
// parser only, never the topology side of nines, so OPA is not compiled
// into golangci-lint. See
// docs/integrations.md for .custom-gcl.yml and .golangci.yml.
package golangci

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/internal/driver/config"
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
	// .nines.hcl first, then the linter's settings, which win as nines
	// vet's command-line flags win over the file.
	conf, err := loadConfig()
	if err != nil {
		return nil, err
	}
	if conf != nil {
		if _, err := conf.ApplyFlags([]*analysis.Analyzer{a}, func(_, flagName string) bool {
			_, set := settings[flagName]
			return set
		}); err != nil {
			return nil, err
		}
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
	if !tests {
		a = withoutTestFiles(a)
	}
	if conf != nil {
		on, _ := conf.Analyzer(a.Name)
		a = conf.Wrap(a, !on)
	}
	return &Plugin{analyzer: a}, nil
}

var (
	confOnce sync.Once
	conf     *config.Config
	confErr  error
)

// loadConfig reads the .nines.hcl in effect for the working directory
// (the nearest one above it, or NINES_CONFIG), once per run: every linter
// of the plugin shares it, as every analyzer of nines vet does.
func loadConfig() (*config.Config, error) {
	confOnce.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			confErr = err
			return
		}
		path, err := config.Locate(wd, "", false)
		if err != nil || path == "" {
			confErr = err
			return
		}
		conf, confErr = config.Load(path, config.Options{Analyzers: analyzers.All()})
	})
	return conf, confErr
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
