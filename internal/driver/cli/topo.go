package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/nines-dev/nines/internal/driver/config"
	"github.com/nines-dev/nines/internal/report"
	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/imports"
	"github.com/nines-dev/nines/topology/policy"
)

// topoConfig is what the flags of nines topo (and the topology half of
// nines check) ask for.
type topoConfig struct {
	failOn   string
	format   string
	policies []string
	config   map[string]any
	simulate int
	seed     uint64
	// policyTimeout is -policy-timeout; 0 when not given.
	policyTimeout time.Duration
	// advise and fail ask for the changes that buy the most nines and for
	// a failure's impact instead of the report.
	advise bool
	fail   string
	graph  string
	// export is -export: print the merged topology in this format (hcl)
	// instead of the report.
	export string
	roots  []string
	// explicitRoots: paths were given on the command line, so the
	// configuration's topology file globs do not apply.
	explicitRoots bool
	// configValue is -config; configSet says whether it was given.
	configValue string
	configSet   bool
	// quietNoFiles: finding no topology file is not an error (nines check).
	quietNoFiles bool
}

type repeatable []string

func (r *repeatable) String() string     { return strings.Join(*r, ",") }
func (r *repeatable) Set(v string) error { *r = append(*r, v); return nil }

func topoFlags(name string, env *Env, cfg *topoConfig) (*flag.FlagSet, *repeatable, *repeatable) {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(env.Stderr)
	fl.StringVar(&cfg.failOn, "fail-on", "error", "exit 1 on findings of this severity or above: error or warning")
	formatHelp := "output format: " + strings.Join(report.Names(), ", ")
	if name == "nines check" {
		formatHelp = "output format: text, sarif (one log, a run for the Go analyzers and one for the topology) or github; " +
			"not json: the two tools' JSON documents differ, run nines vet and nines topo for them"
	}
	fl.StringVar(&cfg.format, "format", "text", formatHelp)
	policies := new(repeatable)
	fl.Var(policies, "policy", "a directory of custom Rego policies (repeatable)")
	fl.StringVar(&cfg.configValue, "config", "", "configuration file (default: the nearest .nines.hcl; none to ignore it)")
	sets := new(repeatable)
	fl.Var(sets, "set", "override a rule threshold, KEY=VALUE (repeatable), e.g. max_retries=3")
	fl.DurationVar(&cfg.policyTimeout, "policy-timeout", 0,
		fmt.Sprintf("time limit of compiling and evaluating the topology policies (default %s, or policy_timeout in .nines.hcl)", policy.DefaultTimeout))
	return fl, policies, sets
}

func runTopo(env *Env, args []string) int {
	cfg := &topoConfig{}
	fl, policies, sets := topoFlags("nines topo", env, cfg)
	fl.IntVar(&cfg.simulate, "simulate", 0, "also estimate each journey's availability from N Monte Carlo trials")
	fl.Uint64Var(&cfg.seed, "seed", 1, "random seed of -simulate")
	fl.StringVar(&cfg.graph, "graph", "", "write the topology as a graph instead of the report: dot (Graphviz)")
	fl.BoolVar(&cfg.advise, "advise", false, "list, for each journey below its slo, the single changes that raise it most, instead of the report")
	fl.StringVar(&cfg.export, "export", "", "print the merged topology (imported files, overlay and HCL) in this format instead of the report: hcl, "+
		"each block after a comment naming the file and line it was read from; nines topo reads it back as the same topology")
	fl.StringVar(&cfg.fail, "fail", "", "zone:NAME or component:NAME: which journeys stop, degrade to a fallback or go on with it down, instead of the report")
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "Usage: nines topo [flags] [FILES|DIRS]  (default: every *.nines.hcl and nines.hcl below .)")
		fmt.Fprintln(fl.Output(), "\nChecks topology files: single points of failure, availability against SLOs,")
		fmt.Fprintln(fl.Output(), "timeouts, retries and data promises. Exit status: 0 clean, 1 findings at or")
		fmt.Fprintln(fl.Output(), "above -fail-on, 2 invalid input.\n\nFlags:")
		fl.PrintDefaults()
	}
	if code, ok := parseTopoArgs(env, "nines topo", fl, cfg, args, policies, sets); !ok {
		return code
	}
	return topoRun(env, cfg)
}

// parseTopoArgs parses the flags and paths of nines topo or nines check
// into cfg. When it returns false the command ends with the exit code
// (clean for -h; the flag package or the message printed says why).
func parseTopoArgs(env *Env, cmd string, fl *flag.FlagSet, cfg *topoConfig, args []string, policies, sets *repeatable) (int, bool) {
	if err := parseInterspersed(fl, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitClean, false
		}
		return ExitError, false
	}
	if err := finishTopoFlags(cfg, fl, *policies, *sets); err != nil {
		fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
		return ExitError, false
	}
	return 0, true
}

func finishTopoFlags(cfg *topoConfig, fl *flag.FlagSet, policies, sets []string) error {
	positional := fl.Args()
	switch cfg.failOn {
	case topology.SeverityError, topology.SeverityWarning:
	default:
		return fmt.Errorf("-fail-on must be error or warning, not %q", cfg.failOn)
	}
	if _, err := report.Lookup(cfg.format); err != nil {
		return fmt.Errorf("-format must be one of %s, not %q", strings.Join(report.Names(), ", "), cfg.format)
	}
	if cfg.graph != "" && cfg.graph != "dot" {
		return fmt.Errorf("-graph must be dot, not %q", cfg.graph)
	}
	if cfg.simulate < 0 {
		return fmt.Errorf("-simulate must not be negative")
	}
	if k, n, ok := strings.Cut(cfg.fail, ":"); cfg.fail != "" && (!ok || n == "" || (k != "zone" && k != "component")) {
		return fmt.Errorf("-fail must be zone:NAME or component:NAME, not %q", cfg.fail)
	}
	if cfg.advise && cfg.fail != "" {
		return fmt.Errorf("-advise and -fail answer different questions: give one")
	}
	if cfg.export != "" && cfg.export != "hcl" {
		return fmt.Errorf("-export must be hcl (the topology in the nines language), not %q", cfg.export)
	}
	if cfg.export != "" && (cfg.advise || cfg.fail != "" || cfg.graph != "") {
		return fmt.Errorf("-export prints the topology instead of the report, as -advise, -fail and -graph print something else: give one")
	}
	if cfg.policyTimeout < 0 {
		return fmt.Errorf("-policy-timeout must not be negative")
	}
	cfg.policies = policies
	for _, s := range sets {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("-set %q: want KEY=VALUE", s)
		}
		if cfg.config == nil {
			cfg.config = map[string]any{}
		}
		var val any
		if err := json.Unmarshal([]byte(v), &val); err != nil {
			val = v // a bare word is a string
		}
		cfg.config[k] = val
	}
	fl.Visit(func(f *flag.Flag) {
		if f.Name == "config" {
			cfg.configSet = true
		}
	})
	cfg.roots = positional
	cfg.explicitRoots = len(positional) > 0
	if len(cfg.roots) == 0 {
		cfg.roots = []string{"."}
	}
	return nil
}

// topoRun checks the topology below cfg.roots and prints the report.
func topoRun(env *Env, cfg *topoConfig) int {
	checked, wd, code := topoCheck(env, cfg)
	if checked == nil {
		return code
	}
	var err error
	switch {
	case cfg.export == "hcl":
		// What nines understood, not a verdict on it: the exit code
		// says whether it was written.
		if _, err := env.Stdout.Write(topology.ExportHCL(checked.Model)); err != nil {
			fmt.Fprintf(env.Stderr, "nines topo: writing the topology: %v\n", err)
			return ExitError
		}
		return ExitClean
	case cfg.advise:
		err = writeAdvice(env.Stdout, cfg.format, topology.Advise(checked.Model))
	case cfg.fail != "":
		impacts, ferr := topology.Fail(checked.Model, cfg.fail)
		if ferr != nil {
			fmt.Fprintf(env.Stderr, "nines topo: %v\n", ferr)
			return ExitError
		}
		err = writeImpacts(env.Stdout, cfg.format, cfg.fail, impacts)
	case cfg.graph == "dot":
		err = topology.WriteDOT(env.Stdout, checked)
	default:
		var simulated []topology.Simulated
		if cfg.simulate > 0 {
			simulated = topology.Simulate(checked.Model, cfg.simulate, cfg.seed)
		}
		format, _ := report.Lookup(cfg.format) // checked by finishTopoFlags
		err = format.Write(env.Stdout, newReport(wd, report.TopoRun(checked, simulated)))
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines topo: writing the report: %v\n", err)
		return ExitError
	}
	return topoCode(checked, cfg)
}

// topoCode is ExitFindings when the check found something at or above
// -fail-on, else ExitClean.
func topoCode(checked *topology.Report, cfg *topoConfig) int {
	if checked.Failing(cfg.failOn) > 0 {
		return ExitFindings
	}
	return ExitClean
}

// memoryBudget is the soft memory limit for checking names (see
// topology.SoftMemoryLimit).
func memoryBudget(names []string) int64 {
	var total int64
	for _, n := range names {
		if info, err := os.Stat(n); err == nil {
			total += info.Size()
		}
	}
	return topology.SoftMemoryLimit(total)
}

// topoCheck checks the topology below cfg.roots, in the working directory
// it returns. It prints what stops it on stderr and returns a nil report
// with the exit code then (ExitClean when there is no topology file and
// cfg.quietNoFiles is set).
func topoCheck(env *Env, cfg *topoConfig) (*topology.Report, string, int) {
	fsys := osFS{}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines topo: finding the current directory: %v\n", err)
		return nil, "", ExitError
	}
	conf, err := loadConfig(wd, cfg.configValue, cfg.configSet, allAnalyzers())
	if err != nil {
		printConfigError(env, "nines topo", err)
		return nil, "", ExitError
	}
	policyDirs := cfg.policies
	if conf != nil {
		// The file's thresholds and policy directories, under the
		// command line's -set and -policy.
		merged := conf.PolicyConfig()
		for k, v := range cfg.config {
			merged[k] = v
		}
		cfg.config = merged
		policyDirs = append(conf.PolicyDirs(), cfg.policies...)
	}
	names, err := topologyFiles(fsys, wd, cfg, conf)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines topo: %v\n", err)
		return nil, "", ExitError
	}
	// Kubernetes manifests beside the HCL files (topo_import.go): named
	// ones, and those below the directories walked.
	// The configuration's topology { kubernetes, compose, terraform }
	// globs, unless paths are given, replace the walk for other formats.
	listed := map[imports.Reader][]string{}
	if conf != nil && !cfg.explicitRoots && conf.HasReaderGlobs() {
		files, err := conf.ReaderFiles()
		if err != nil {
			printConfigError(env, "nines topo", err)
			return nil, "", ExitError
		}
		for r, reader := range map[string]imports.Reader{"kubernetes": imports.ReadKubernetes, "compose": imports.ReadCompose, "terraform": imports.ReadTerraform} {
			for _, p := range files[r] {
				listed[reader] = append(listed[reader], filepath.ToSlash(report.Short(wd, p)))
			}
		}
	}
	walked := conf == nil || cfg.explicitRoots || len(conf.TopologyGlobs()) == 0 && !conf.HasReaderGlobs()
	hclNames, inputs, readErrs, err := topologyInputs(fsys, cfg.roots, names, listed, walked)
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines topo: %v\n", err)
		return nil, "", ExitError
	}
	names = append(slices.Clone(hclNames), inputNames(inputs)...)
	if len(names) == 0 && len(readErrs) == 0 {
		if cfg.quietNoFiles {
			return nil, "", ExitClean
		}
		fmt.Fprintf(env.Stderr, "nines topo: no topology files (*.nines.hcl, nines.hcl, *.nines.hcl.json, *.nines.json) or Kubernetes, Compose or Terraform files in %s\n", strings.Join(cfg.roots, " "))
		return nil, "", ExitError
	}
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// A short run that builds large trees (HCL, facts, OPA values):
		// collecting a quarter as often costs memory, not time, up to
		// the soft limit of topology.SoftMemoryLimit, where the
		// collector works harder instead.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(memoryBudget(names)))
	}
	opts := topology.Options{Config: cfg.config, PolicyTimeout: cfg.policyTimeout}
	if opts.PolicyTimeout == 0 && conf != nil {
		opts.PolicyTimeout = conf.PolicyTimeout()
	}
	for _, p := range policyDirs {
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			fmt.Fprintf(env.Stderr, "nines topo: -policy %s: not a directory\n", p)
			return nil, "", ExitError
		}
		opts.Policies = append(opts.Policies, policy.Dir(p, os.DirFS(p)))
	}
	checked, err := checkInputs(context.Background(), fsys, hclNames, inputs, readErrs, opts)
	if err != nil {
		var list topology.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				fmt.Fprintln(env.Stderr, e)
			}
		} else {
			fmt.Fprintf(env.Stderr, "nines topo: %v\n", err)
		}
		return nil, "", ExitError
	}
	if conf != nil {
		applyTopologyConfig(conf, checked) // rules turned off, severities, excludes, exceptions
	}
	return checked, wd, ExitClean
}

// runCheck runs the Go analyzers (nines vet) and the topology checks over
// the same paths; the exit code is the worse of the two.
func runCheck(env *Env, args []string) int {
	cfg := &topoConfig{quietNoFiles: true}
	fl, policies, sets := topoFlags("nines check", env, cfg)
	fl.Usage = func() {
		fmt.Fprintln(fl.Output(), "Usage: nines check [flags] [PATHS]  (default .; dir/... is accepted as for nines vet)")
		fmt.Fprintln(fl.Output(), "\nRuns the Go analyzers on the packages below PATHS and checks the topology")
		fmt.Fprintln(fl.Output(), "files below them. Exit status: the worse of the two (0 clean, 1 findings, 2 errors).\n\nFlags:")
		fl.PrintDefaults()
	}
	if code, ok := parseTopoArgs(env, "nines check", fl, cfg, args, policies, sets); !ok {
		return code
	}
	if cfg.format == "json" {
		fmt.Fprintln(env.Stderr, "nines check: -format json is not offered: the Go analyzers' and the topology's JSON documents differ; run nines vet -format json and nines topo -format json")
		return ExitError
	}
	var patterns []string
	for i, p := range cfg.roots {
		// A package pattern (./..., dir/...) names the Go packages below
		// its directory, as for nines vet, and that directory for the
		// topology, which is searched below it anyway.
		if p == "..." || strings.HasSuffix(p, "/...") {
			dir := strings.TrimSuffix(strings.TrimSuffix(p, "..."), "/")
			if dir == "" {
				dir = "."
			}
			info, err := os.Stat(dir)
			if err != nil {
				fmt.Fprintf(env.Stderr, "nines check: %v\n", err)
				return ExitError
			}
			if info.IsDir() && inGoModule(dir) {
				patterns = append(patterns, p)
			}
			cfg.roots[i] = dir
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(env.Stderr, "nines check: %v\n", err)
			return ExitError
		}
		if info.IsDir() && inGoModule(p) {
			patterns = append(patterns, packagePattern(p))
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(env.Stderr, "nines check: finding the current directory: %v\n", err)
		return ExitError
	}
	// One report of both runs: SARIF writes them as one log, the other
	// formats one after the other.
	var runs []*report.Run
	code := ExitClean
	if len(patterns) > 0 {
		var vetArgs []string
		if cfg.configSet {
			vetArgs = append(vetArgs, "-config", cfg.configValue)
		}
		vetArgs = append(vetArgs, patterns...)
		rep, _, vetCode := vetReport(env, vetArgs)
		code = vetCode
		if rep != nil {
			runs = append(runs, rep.Runs...)
			code = max(code, findingsCode(rep))
		}
	}
	checked, _, checkCode := topoCheck(env, cfg)
	code = max(code, checkCode)
	if checked != nil {
		runs = append(runs, report.TopoRun(checked, nil))
		code = max(code, topoCode(checked, cfg))
	}
	if len(runs) == 0 {
		return code
	}
	format, _ := report.Lookup(cfg.format) // checked by finishTopoFlags
	rep := newReport(wd, runs...)
	rep.AutomationIDs = true
	if err := format.Write(env.Stdout, rep); err != nil {
		fmt.Fprintf(env.Stderr, "nines check: writing the report: %v\n", err)
		return ExitError
	}
	return code
}

// osFS reads the files named as they were given on the command line
// (relative to the working directory or absolute), so that positions in
// messages name them as the user wrote them.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error)     { return os.Open(filepath.FromSlash(name)) }
func (osFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(filepath.FromSlash(name)) }
func (osFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return os.ReadDir(filepath.FromSlash(name))
}

// packagePattern is the go package pattern of everything below dir.
func packagePattern(dir string) string {
	clean := filepath.ToSlash(filepath.Clean(dir))
	switch {
	case clean == ".":
		return "./..."
	case filepath.IsAbs(dir) || strings.HasPrefix(clean, "../"):
		return clean + "/..."
	}
	return "./" + clean + "/..."
}

// inGoModule reports whether dir is inside a Go module: only then are
// there packages for the analyzers.
func inGoModule(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	var ancestors []string
	for d := abs; ; d = filepath.Dir(d) {
		ancestors = append(ancestors, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, d := range ancestors {
		if info, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !info.IsDir() {
			return true
		}
	}
	return false
}

// parseInterspersed parses flags wherever they stand among the paths
// (nines topo deploy/ --format json), up to a "--".
func parseInterspersed(fl *flag.FlagSet, args []string) error {
	var paths []string
	for {
		if err := fl.Parse(args); err != nil {
			return err
		}
		rest := fl.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			paths = append(paths, rest...)
			break
		}
		paths = append(paths, rest[0])
		args = rest[1:]
	}
	return fl.Parse(append([]string{"--"}, paths...))
}

// topologyFiles lists the topology files to check: the configuration's
// globs when it names some and no path was given, else every topology file
// below the roots. A .nines.hcl configuration file is never one of them.
func topologyFiles(fsys osFS, wd string, cfg *topoConfig, conf *config.Config) ([]string, error) {
	if conf != nil && !cfg.explicitRoots && len(conf.TopologyGlobs()) > 0 {
		abs, err := conf.TopologyFiles()
		if err != nil {
			return nil, err
		}
		names := make([]string, len(abs))
		for i, p := range abs {
			names[i] = filepath.ToSlash(report.Short(wd, p))
		}
		return names, nil
	}
	found, err := topology.Discover(fsys, cfg.roots)
	if err != nil {
		return nil, err
	}
	names := found[:0]
	for _, n := range found {
		if !config.IsConfigFile(n) {
			names = append(names, n)
		}
	}
	return names, nil
}

// printConfigError prints a configuration error, one positioned line per
// problem when the file was read.
func printConfigError(env *Env, cmd string, err error) {
	var list config.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(env.Stderr, e)
		}
		return
	}
	fmt.Fprintf(env.Stderr, "%s: %v\n", cmd, err)
}
