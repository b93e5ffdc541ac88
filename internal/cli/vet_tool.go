package cli

import (
	"flag"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/nines-dev/nines/internal/findings"
)

// isVetTool reports whether nines was started by go vet -vettool: go vet
// asks for the version (-V=full) and the flags (-flags), then runs the tool
// once per package with flags and a single *.cfg file.
func isVetTool(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-V=full", "--V=full", "-flags", "--flags":
		return true
	}
	if !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}

// runUnitchecker runs nines as go vet's analysis tool. unitchecker reads
// the flags from the process's command line and ends the process itself,
// writing to the real standard output and error, so env is not used and
// the function returns only if unitchecker does not exit.
//
// Every analyzer is wrapped so that, as in nines vet, findings in _test.go
// files are dropped unless -tests is given and //nolint is honoured.
func runUnitchecker(env *Env, args []string) int {
	flag.CommandLine = flag.NewFlagSet(os.Args[0], flag.ExitOnError)
	opts := new(findings.Options)
	flag.BoolVar(&opts.Tests, "tests", false, "report findings in _test.go files too")
	os.Args = append([]string{os.Args[0]}, args...)
	var wrapped []*analysis.Analyzer
	for _, a := range allAnalyzers() {
		wrapped = append(wrapped, findings.Wrap(a, opts))
	}
	unitchecker.Main(wrapped...)
	return ExitError
}
