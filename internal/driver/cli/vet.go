package cli

// Owned by the driver work: nines vet, go vet -vettool mode, rules, version.

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/nines-dev/nines/analyzers"
	"github.com/nines-dev/nines/internal/analysis/harness"
	"github.com/nines-dev/nines/internal/analysis/ruledoc"
	"github.com/nines-dev/nines/internal/driver/bench"
	"github.com/nines-dev/nines/internal/driver/config"
	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/driver/vetcache"
	"github.com/nines-dev/nines/internal/report"
)

// allAnalyzers is the analyzer list of nines vet and of the go vet tool
// mode. It is analyzers.All; tests of the driver itself may swap it.
var allAnalyzers = analyzers.All

// vetConfig is the parsed command line of nines vet.
type vetConfig struct {
	analyzers []*analysis.Analyzer
	format    report.Format
	fix       bool
	diff      bool // with fix: print the fixes, write nothing
	tags      string
	tests     bool
	depsFacts bool
	cache     bool // use the result cache (-cache)
	verbose   bool // say on stderr how many packages came from the cache (-v)
	patterns  []string
	// conf is the configuration file in effect, nil when there is none;
	// restore undoes the analyzer flags it set.
	conf    *config.Config
	restore func()
}

// enableFlag is an analyzer's -NAME flag. As in go vet, naming any analyzer
// =true runs only those named; otherwise =false turns the named ones off.
type enableFlag struct{ set, value bool }

func (f *enableFlag) String() string {
	if f == nil || !f.set {
		return "true"
	}
	return strconv.FormatBool(f.value)
}

func (f *enableFlag) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	f.set, f.value = true, v
	return nil
}

func (f *enableFlag) IsBoolFlag() bool { return true }

func parseVetFlags(env *Env, wd string, args []string) (*vetConfig, error) {
	fs := flag.NewFlagSet("nines vet", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	format := fs.String("format", "text", "output format: "+strings.Join(report.Names(), ", "))
	asJSON := fs.Bool("json", false, "same as -format json")
	fix := fs.Bool("fix", false, "apply the suggested fixes to the vetted modules' files, then report what is left")
	diff := fs.Bool("diff", false, "with -fix: print the fixes as a unified diff and write nothing")
	tags := fs.String("tags", "", "comma-separated build tags to consider satisfied, as go build -tags takes them")
	tests := fs.Bool("tests", false, "also analyze _test.go files and report findings in them")
	depsFacts := fs.Bool("deps-facts", false, "compute facts in every dependency from source (slower), not only in the vetted modules")
	cache := fs.Bool("cache", true, "reuse the findings of earlier runs for packages whose inputs did not change (kept in "+vetcache.EnvVar+", default the user cache directory's nines; "+vetcache.EnvVar+"="+vetcache.Off+" turns it off)")
	verbose := fs.Bool("v", false, "say on stderr how many packages were analyzed and how many came from the cache")
	confFlag := fs.String("config", "", "configuration file (default: the nearest "+config.FileName+" in the current directory or a parent; \""+config.Off+"\" for none)")
	all := allAnalyzers()
	enabled := make(map[*analysis.Analyzer]*enableFlag)
	for _, a := range all {
		e := new(enableFlag)
		enabled[a] = e
		if fs.Lookup(a.Name) != nil {
			continue // go vet's "tests" analyzer in the benchmark suite: no on/off flag
		}
		fs.Var(e, a.Name, "enable the "+a.Name+" analyzer: "+summaryOf(a))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	// The analyzers' flags are package variables: remember them, so that
	// an in-process run (nines check, tests) leaves them as it found them.
	saved := map[*flag.Flag]string{}
	for _, a := range all {
		a.Flags.VisitAll(func(f *flag.Flag) { saved[f] = f.Value.String() })
	}
	restoreFlags := func() {
		for f, v := range saved {
			_ = f.Value.Set(v)
		}
	}
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: nines vet [flags] [packages]  (default ./...)")
		fmt.Fprintln(fs.Output(), "\nRuns the nines analyzers. Exit status: 0 no findings, 1 findings, 2 errors.")
		fmt.Fprintln(fs.Output(), "Silence a finding with //nolint:NAME // reason on its line, or on a line of its own\nabove its statement or function.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		restoreFlags()
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage
	}
	onCommandLine := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { onCommandLine[f.Name] = true })
	if *diff && !*fix {
		restoreFlags()
		fmt.Fprintln(env.Stderr, "nines vet: -diff needs -fix")
		return nil, errUsage
	}
	cfg := &vetConfig{fix: *fix, diff: *diff, tags: *tags, tests: *tests, depsFacts: *depsFacts, cache: *cache, verbose: *verbose, patterns: fs.Args(), restore: restoreFlags}
	conf, err := loadConfig(wd, *confFlag, onCommandLine["config"], all)
	if err != nil {
		restoreFlags()
		return nil, err
	}
	if conf != nil {
		// Flags on the command line win over the file.
		if _, err := conf.ApplyFlags(all, func(analyzer, flag string) bool { return onCommandLine[analyzer+"."+flag] }); err != nil {
			restoreFlags()
			return nil, err
		}
		cfg.conf = conf
	}
	if *asJSON {
		*format = "json"
	}
	f, err := report.Lookup(*format)
	if err != nil {
		cfg.restore()
		return nil, fmt.Errorf("parsing -format: %w", err)
	}
	cfg.format = f
	if len(cfg.patterns) == 0 {
		cfg.patterns = []string{"./..."}
	}
	anyTrue := slices.ContainsFunc(all, func(a *analysis.Analyzer) bool { return enabled[a].set && enabled[a].value })
	for _, a := range all {
		e := enabled[a]
		on := true
		switch {
		case anyTrue:
			on = e.set && e.value
		case e.set:
			on = e.value
		case conf != nil:
			on, _ = conf.Analyzer(a.Name)
		}
		if on {
			cfg.analyzers = append(cfg.analyzers, a)
		}
	}
	if len(cfg.analyzers) == 0 {
		cfg.restore()
		return nil, errors.New("every analyzer is turned off")
	}
	return cfg, nil
}

// loadConfig loads the configuration file in effect from dir for the
// analyzers as: the -config flag's (when set), NINES_CONFIG's, or the
// nearest .nines.hcl; nil when there is none. Positions in its errors are
// relative to dir.
func loadConfig(dir, flagValue string, flagSet bool, as []*analysis.Analyzer) (*config.Config, error) {
	path, err := config.Locate(dir, flagValue, flagSet)
	if err != nil || path == "" {
		return nil, err
	}
	return config.Load(report.Short(dir, path), config.Options{Analyzers: as})
}

func summaryOf(a *analysis.Analyzer) string { return ruledoc.Summary(a.Doc) }

// errUsage is a flag error the flag package has already printed.
var errUsage = errors.New("bad flags")

func runVet(env *Env, args []string) int {
	rep, format, code := vetReport(env, args)
	if rep == nil {
		return code
	}
	if err := format.Write(env.Stdout, rep); err != nil {
		fmt.Fprintf(env.Stderr, "nines vet: %v\n", err)
		return ExitError
	}
	return max(code, findingsCode(rep))
}

// vetReport runs nines vet up to the report: it prints the load and
// analyzer errors on stderr and returns the report, the format asked for
// and ExitError when there were errors, else ExitClean. A nil report
// means the run ended early, with the returned code.
func vetReport(env *Env, args []string) (*report.Report, report.Format, int) {
	// NINES_BENCH_SUITE swaps the analyzers for a benchmark suite (scripts/bench-vet),
	// so baselines run through exactly this driver.
	if name := os.Getenv("NINES_BENCH_SUITE"); name != "" {
		suite, err := bench.Suite(name)
		if err != nil {
			fmt.Fprintf(env.Stderr, "nines vet: NINES_BENCH_SUITE: %v\n", err)
			return nil, nil, ExitError
		}
		defer func(saved func() []*analysis.Analyzer) { allAnalyzers = saved }(allAnalyzers)
		allAnalyzers = func() []*analysis.Analyzer { return suite }
		// A suite's analyzers are not the ones a .nines.hcl names.
		args = append([]string{"-config", config.Off}, args...)
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines vet: finding the current directory: %v\n", err)
		return nil, nil, ExitError
	}
	cfg, err := parseVetFlags(env, wd, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil, nil, ExitClean
	}
	if errors.Is(err, errUsage) {
		return nil, nil, ExitError
	}
	var confErrs config.ErrorList
	if errors.As(err, &confErrs) {
		for _, e := range confErrs {
			fmt.Fprintln(env.Stderr, e)
		}
		return nil, nil, ExitError
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines vet: %v\n", err)
		return nil, nil, ExitError
	}
	defer cfg.restore()
	res, err := vet(wd, cfg)
	var none errNoPackages
	if errors.As(err, &none) {
		fmt.Fprintf(env.Stderr, "nines vet: warning: %v; nothing to vet\n", err)
		return nil, nil, ExitClean
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines vet: %v\n", err)
		return nil, nil, ExitError
	}
	if cfg.fix {
		changed, err := applyFixes(env, wd, res, cfg.diff)
		if err != nil {
			fmt.Fprintf(env.Stderr, "nines vet: %v\n", err)
			return nil, nil, ExitError
		}
		if cfg.diff {
			return nil, nil, findingsCode(newReport(wd, res.run))
		}
		if changed {
			// The fixes moved code: analyze again so that what is left
			// is reported where it now is.
			if res, err = vet(wd, cfg); err != nil {
				fmt.Fprintf(env.Stderr, "nines vet: %v\n", err)
				return nil, nil, ExitError
			}
		}
	}

	code := ExitClean
	for _, e := range res.loadErrors {
		fmt.Fprintf(env.Stderr, "%s\n", e.Text)
		code = ExitError
	}
	for _, e := range res.run.Errors {
		fmt.Fprintf(env.Stderr, "nines vet: %s on %s: %s\n", e.Analyzer, e.PackageID, e.Err)
		code = ExitError
	}
	if cfg.verbose {
		fmt.Fprintf(env.Stderr, "nines vet: %s\n", res.stats)
	}
	rep := newReport(wd, res.run)
	return rep, cfg.format, code
}

// findingsCode is ExitFindings when the Go analyzers' run of rep reports
// a finding (a //nolint'd one does not count), else ExitClean.
func findingsCode(rep *report.Report) int {
	for _, run := range rep.Runs {
		if run.Kind == report.Vet && slices.ContainsFunc(run.Findings, func(f report.Finding) bool { return !f.Suppressed }) {
			return ExitFindings
		}
	}
	return ExitClean
}

// newReport is the report of runs made in the directory wd: text paths
// relative to wd, SARIF and annotation paths to its repository root.
func newReport(wd string, runs ...*report.Run) *report.Report {
	return &report.Report{
		Runs:     runs,
		Tool:     sarifTool(),
		WorkDir:  wd,
		RepoRoot: repoRoot(wd),
		ReadFile: func(name string) ([]byte, error) { return os.ReadFile(filepath.FromSlash(name)) },
	}
}

// vetResult is the outcome of one nines vet run before printing.
type vetResult struct {
	found      []findings.Finding // suppressed ones included, for -fix
	modules    []string           // directories of the vetted main and workspace modules, for -fix
	run        *report.Run
	loadErrors []report.LoadError // sorted by position
	stats      cacheStats
}

// vet loads the packages matching cfg.patterns from dir and runs the
// analyzers on them, or takes their findings from the cache where their
// inputs did not change.
func vet(dir string, cfg *vetConfig) (*vetResult, error) {
	// What an earlier run in this process read of the modules' files (the
	// importers that make a package test support) may be out of date.
	harness.ForgetModules()
	c := openVetCache(dir, cfg)
	if res, ok := c.reuse(dir, cfg); ok {
		return res, nil
	}
	l, err := loadPackages(dir, cfg.patterns, cfg.loadOptions(nil))
	if err != nil {
		return nil, err
	}
	found, aerrs, err := analyze(l, cfg)
	if err != nil {
		return nil, err
	}
	res := newVetResult(cfg, l.loadErrors, found, aerrs)
	for p := range l.reported {
		if p.Module != nil && p.Module.Main && p.Module.Dir != "" && !slices.Contains(res.modules, p.Module.Dir) {
			res.modules = append(res.modules, p.Module.Dir)
		}
	}
	slices.Sort(res.modules)
	c.save(dir, l, found, aerrs)
	res.stats = cacheStats{analyzed: len(l.reported), note: c.note} // after save, which may add a note
	return res, nil
}

// analyze runs cfg's analyzers on l and returns the findings of the
// reported packages before .nines.hcl's exclusions, and the analyzers'
// errors.
func analyze(l *loaded, cfg *vetConfig) ([]findings.Finding, []report.AnalyzerError, error) {
	guarded := make([]*analysis.Analyzer, len(cfg.analyzers))
	for i, a := range cfg.analyzers {
		guarded[i] = recoverPanics(a)
	}
	graph, err := checker.Analyze(guarded, l.analyzed, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("analyzing packages: %w", err)
	}
	broken := l.broken
	var units []findings.Unit
	var aerrs []report.AnalyzerError
	for _, act := range graph.Roots {
		if !l.reported[act.Package] {
			continue
		}
		if act.Err != nil {
			if !broken[act.Package] { // else reported as a load error
				aerrs = append(aerrs, report.AnalyzerError{PackageID: act.Package.ID, Analyzer: act.Analyzer.Name, Err: act.Err.Error()})
			}
			continue
		}
		units = append(units, findings.Unit{
			PackageID:   act.Package.ID,
			Analyzer:    act.Analyzer.Name,
			Fset:        act.Package.Fset,
			Files:       act.Package.Syntax,
			Diagnostics: act.Diagnostics,
		})
	}
	slices.SortFunc(aerrs, func(a, b report.AnalyzerError) int {
		return strings.Compare(a.PackageID+" "+a.Analyzer, b.PackageID+" "+b.Analyzer)
	})
	return findings.Collect(units, findings.Options{Tests: cfg.tests}), aerrs, nil
}

// newVetResult applies .nines.hcl's exclusions to found and makes the run.
func newVetResult(cfg *vetConfig, loadErrs []report.LoadError, found []findings.Finding, aerrs []report.AnalyzerError) *vetResult {
	if cfg.conf != nil {
		found = slices.DeleteFunc(slices.Clone(found), func(f findings.Finding) bool { return cfg.conf.Excluded(f.Posn.Filename, f.Analyzer) })
	}
	return &vetResult{
		found:      found,
		loadErrors: loadErrs,
		run: &report.Run{
			Kind:       report.Vet,
			Findings:   report.GoFindings(found),
			Errors:     aerrs,
			LoadErrors: loadErrs,
			Rules:      sarifRules(cfg.analyzers),
		},
	}
}

// recoverPanics returns a copy of a whose panics become errors of the
// pass, so one analyzer failing on one package of a large code base does not
// end the whole run: the others still report, and nines exits 2 naming the
// analyzer and the package.
func recoverPanics(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (result any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		return a.Run(pass)
	}
	return &w
}

// vetUnits keeps the packages go vet would vet: with tests, a package's
// test variant "p [p.test]" stands in for p itself, and the generated test
// main "p.test" is left out.
func vetUnits(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := make(map[string]bool)
	for _, p := range pkgs {
		if p.ID != p.PkgPath && p.ForTest == p.PkgPath {
			hasTestVariant[p.PkgPath] = true
		}
	}
	var out []*packages.Package
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") || p.ID == p.PkgPath && hasTestVariant[p.PkgPath] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// brokenPackages returns the packages that have errors or import, directly
// or not, a package that has: analyzers skip them, and the load errors
// already say why.
func brokenPackages(pkgs []*packages.Package) map[*packages.Package]bool {
	broken := make(map[*packages.Package]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 || p.IllTyped {
			broken[p] = true
			return
		}
		for _, imp := range p.Imports {
			if broken[imp] {
				broken[p] = true
				return
			}
		}
	})
	return broken
}

func usesFacts(as []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func([]*analysis.Analyzer) bool
	visit = func(as []*analysis.Analyzer) bool {
		for _, a := range as {
			if seen[a] {
				continue
			}
			seen[a] = true
			if len(a.FactTypes) > 0 || visit(a.Requires) {
				return true
			}
		}
		return false
	}
	return visit(as)
}

var posPrefix = regexp.MustCompile(`^(.+?):(\d+)(:\d+)?$`)

// loadErrors lists the errors of the packages and their dependencies, with
// file names relative to dir where they lie below it.
func loadErrors(dir string, pkgs []*packages.Package) []report.LoadError {
	seen := make(map[string]bool)
	var out []report.LoadError
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		// A package that fails to compile has its type errors, with
		// positions, and the compiler's output as a list error without
		// one: the latter only repeats the former.
		positioned := slices.ContainsFunc(p.Errors, func(e packages.Error) bool { return e.Pos != "" && e.Pos != "-" })
		for _, e := range p.Errors {
			if positioned && (e.Pos == "" || e.Pos == "-") {
				continue
			}
			msg := e.Msg
			if e.Pos != "" && e.Pos != "-" {
				pos := e.Pos
				if m := posPrefix.FindStringSubmatch(pos); m != nil {
					pos = report.Short(dir, m[1]) + ":" + m[2] + m[3]
				}
				msg = pos + ": " + msg
			} else {
				msg = p.ID + ": " + msg
			}
			if !seen[msg] {
				seen[msg] = true
				out = append(out, report.LoadError{PackageID: p.ID, Text: msg})
			}
		}
	})
	slices.SortFunc(out, func(a, b report.LoadError) int { return compareLoadErrors(a.Text, b.Text) })
	return out
}

// compareLoadErrors orders "file:line:col: message" lines by file, then
// numerically by line and column (p.go:4 before p.go:10), then by text.
func compareLoadErrors(a, b string) int {
	ma, mb := report.LoadErrorPos.FindStringSubmatch(a), report.LoadErrorPos.FindStringSubmatch(b)
	if ma == nil || mb == nil || ma[1] != mb[1] {
		return strings.Compare(a, b)
	}
	la, _ := strconv.Atoi(ma[2])
	lb, _ := strconv.Atoi(mb[2])
	ca, _ := strconv.Atoi(ma[3])
	cb, _ := strconv.Atoi(mb[3])
	if la != lb {
		return la - lb
	}
	if ca != cb {
		return ca - cb
	}
	return strings.Compare(a, b)
}

// repoRoot returns the nearest directory at or above dir holding .git, or
// dir when there is none: SARIF paths are relative to it.
func repoRoot(dir string) string {
	for d, prev := dir, ""; d != prev; d, prev = filepath.Dir(d), d {
		if hasGit(d) {
			return d
		}
	}
	return dir
}

func hasGit(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return err == nil
}

func runVersion(env *Env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintf(env.Stderr, "nines version: unexpected arguments %q\n", args)
		return ExitError
	}
	fmt.Fprintf(env.Stdout, "nines %s\n", versionString())
	return ExitClean
}
