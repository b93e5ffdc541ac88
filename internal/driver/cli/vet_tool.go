package cli

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/nines-dev/nines/internal/driver/config"
	"github.com/nines-dev/nines/internal/driver/findings"
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
// files are dropped unless -tests is given and //nolint is honoured, and
// each message ends with the analyzer's name in parentheses.
//
// The configuration file is found from the package's directory (go vet
// passes no -config; NINES_CONFIG still applies). Flags on go vet's
// command line win over it, as they do in nines vet.
func runUnitchecker(env *Env, args []string) int {
	if args[0] == "-V=full" || args[0] == "--V=full" {
		return printVetToolVersion(env)
	}
	all := allAnalyzers()
	var conf *config.Config
	if cfgFile := args[len(args)-1]; strings.HasSuffix(cfgFile, ".cfg") {
		var err error
		if conf, err = vetToolConfig(cfgFile, all); err != nil {
			fmt.Fprintln(env.Stderr, err)
			return ExitError
		}
	}
	disabled := map[string]bool{}
	if conf != nil {
		restore, err := conf.ApplyFlags(all, nil) // the command line, parsed later, wins
		if err != nil {
			fmt.Fprintln(env.Stderr, err)
			return ExitError
		}
		defer restore()
		named := enableFlagsOf(args[:len(args)-1], all)
		anyTrue := false
		for _, on := range named {
			anyTrue = anyTrue || on
		}
		for _, a := range all {
			if _, ok := named[a.Name]; ok || anyTrue {
				continue // the command line decides, as unitchecker reads it
			}
			if on, _ := conf.Analyzer(a.Name); !on {
				disabled[a.Name] = true
			}
		}
	}

	flag.CommandLine = flag.NewFlagSet(os.Args[0], flag.ExitOnError)
	// go vet prints only the message: it carries the analyzer's name, so
	// that go vet's text reads as nines vet's.
	opts := &findings.Options{NameInMessage: true}
	flag.BoolVar(&opts.Tests, "tests", false, "report findings in _test.go files too")
	os.Args = append([]string{os.Args[0]}, args...)
	var wrapped []*analysis.Analyzer
	for _, a := range all {
		w := findings.Wrap(a, opts)
		if conf != nil {
			w = conf.Wrap(w, disabled[a.Name])
		}
		wrapped = append(wrapped, w)
	}
	unitchecker.Main(wrapped...)
	return ExitError
}

// vetToolConfig loads the configuration in effect for the package that
// go vet describes in cfgFile.
func vetToolConfig(cfgFile string, as []*analysis.Analyzer) (*config.Config, error) {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return nil, fmt.Errorf("nines: reading %s: %w", cfgFile, err)
	}
	var unit struct {
		Dir     string
		GoFiles []string
	}
	if err := json.Unmarshal(data, &unit); err != nil {
		return nil, fmt.Errorf("nines: reading %s: %w", cfgFile, err)
	}
	dir := unit.Dir
	if dir == "" && len(unit.GoFiles) > 0 {
		dir = filepath.Dir(unit.GoFiles[0])
	}
	if dir == "" {
		return nil, nil
	}
	path, err := config.Locate(dir, "", false)
	if err != nil || path == "" {
		return nil, err
	}
	return config.Load(path, config.Options{Analyzers: as})
}

// enableFlagsOf returns the analyzers named by -NAME or -NAME=BOOL flags
// in args, with the value given.
func enableFlagsOf(args []string, as []*analysis.Analyzer) map[string]bool {
	out := map[string]bool{}
	for _, arg := range args {
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		on := true
		if hasValue {
			v, err := strconv.ParseBool(value)
			if err != nil {
				continue
			}
			on = v
		}
		for _, a := range as {
			if a.Name == name {
				out[name] = on
			}
		}
	}
	return out
}

// printVetToolVersion answers go vet's -V=full as unitchecker does, with
// the configuration in effect from the current directory folded into the
// build ID: go vet caches results by it, so a changed .nines.hcl must
// change it.
func printVetToolVersion(env *Env) int {
	progname, err := os.Executable()
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines: %v\n", err)
		return ExitError
	}
	f, err := os.Open(progname)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines: %v\n", err)
		return ExitError
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		fmt.Fprintf(env.Stderr, "nines: %v\n", err)
		return ExitError
	}
	if wd, err := os.Getwd(); err == nil {
		h.Write(config.Hash(wd))
	}
	fmt.Fprintf(env.Stdout, "%s version devel comments-go-here buildID=%x\n", progname, h.Sum(nil))
	return ExitClean
}
