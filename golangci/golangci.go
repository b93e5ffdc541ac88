// Package golangci registers nines as a golangci-lint module plugin.
//
// Build a custom golangci-lint with this package listed in .custom-gcl.yml,
// then enable the "nines" linter in .golangci.yml; see docs/integrations.md.
package golangci

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/nines-dev/nines/analyzers"
)

func init() {
	register.Plugin("nines", New)
}

// Settings is the `settings:` block of the nines linter in .golangci.yml.
// Unknown keys are an error, so a typo does not silently turn a check off.
type Settings struct {
	// Disable lists analyzers to turn off, by name.
	Disable []string `json:"disable"`
	// Flags sets analyzer flags by their qualified name, as on the command
	// line: {"retrybound.max-attempts": "3"}.
	Flags map[string]string `json:"flags"`
}

// Plugin is the golangci-lint plugin value.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes the settings strictly and selects the analyzers.
func New(raw any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](raw)
	if err != nil {
		return nil, fmt.Errorf("nines settings: %w", err)
	}
	all := analyzers.All()
	byName := make(map[string]*analysis.Analyzer, len(all))
	for _, a := range all {
		byName[a.Name] = a
	}
	for _, name := range s.Disable {
		if byName[name] == nil {
			return nil, fmt.Errorf("nines settings: disable: unknown analyzer %q (known: %s)", name, strings.Join(slices.Sorted(maps.Keys(byName)), ", "))
		}
	}
	for _, q := range slices.Sorted(maps.Keys(s.Flags)) {
		name, flag, ok := strings.Cut(q, ".")
		a := byName[name]
		if !ok || a == nil || a.Flags.Lookup(flag) == nil {
			return nil, fmt.Errorf("nines settings: flags: unknown flag %q (want analyzer.flag, e.g. retrybound.max-attempts)", q)
		}
		if err := a.Flags.Set(flag, s.Flags[q]); err != nil {
			return nil, fmt.Errorf("nines settings: flags: %s: %w", q, err)
		}
	}
	p := &Plugin{}
	for _, a := range all {
		if !slices.Contains(s.Disable, a.Name) {
			p.analyzers = append(p.analyzers, a)
		}
	}
	return p, nil
}

// BuildAnalyzers returns the selected analyzers.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return p.analyzers, nil }

// GetLoadMode says the analyzers need type information.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
