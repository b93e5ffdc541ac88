package playground

import (
	"flag"
	"strings"

	"github.com/nines-dev/nines/internal/playground/exportdata"
)

// AnalyzerInfo describes one analyzer for the page's Config tab and links.
type AnalyzerInfo struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
	URL     string `json:"url"`
	// Doc is the analyzer's documentation, for the SARIF output's rules.
	Doc   string     `json:"doc"`
	Flags []FlagInfo `json:"flags"`
}

// FlagInfo is one analyzer flag.
type FlagInfo struct {
	Name    string `json:"name"`
	Usage   string `json:"usage"`
	Default string `json:"default"`
}

// Info is what the Go worker tells the page when it starts.
type Info struct {
	Analyzers []AnalyzerInfo `json:"analyzers"`
	// Imports are the packages the playground can type-check against.
	Imports []string `json:"imports"`
	// Go and Modules are the versions the export data was made with.
	Go      string            `json:"go"`
	Modules map[string]string `json:"modules"`
}

// GoInfo describes the session's analyzers and the embedded export data.
func GoInfo(s *GoSession) *Info {
	info := &Info{Analyzers: []AnalyzerInfo{}, Imports: exportdata.Paths()}
	if h, err := exportdata.Embedded(); err == nil {
		info.Go, info.Modules = h.Go, h.Modules
	}
	for _, a := range s.Analyzers() {
		ai := AnalyzerInfo{Name: a.Name, URL: a.URL, Doc: a.Doc, Flags: []FlagInfo{}}
		summary, _, _ := strings.Cut(a.Doc, "\n")
		ai.Summary = strings.TrimPrefix(summary, a.Name+": ")
		a.Flags.VisitAll(func(f *flag.Flag) {
			ai.Flags = append(ai.Flags, FlagInfo{Name: f.Name, Usage: f.Usage, Default: f.DefValue})
		})
		info.Analyzers = append(info.Analyzers, ai)
	}
	return info
}
