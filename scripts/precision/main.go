// Command precision prints the precision and recall of each nines analyzer on
// the labeled benchmark in testdata/precision: modules.tsv names the modules and
// their half (tuning or heldout), verdicts.tsv holds a verdict for each finding
// that was read by hand (TP or FP) and the real defects nines missed (FN).
//
//	go run ./scripts/precision                 # figures from the verdicts alone
//	go run ./scripts/precision -run            # re-run nines, match its findings to the verdicts
//	go run ./scripts/precision -run -half heldout -modules 'toxiproxy|oras-go'   # some modules only (one batch)
//	go run ./scripts/precision -run -nines /tmp/nines   # with a binary built beforehand
//	go run ./scripts/precision -findings DIR   # match saved `nines vet -json` output (DIR/default.json, DIR/tests.json)
//
// With -run or -findings, a finding is matched to a verdict by module, file,
// line and analyzer; findings without a verdict are listed, and a TP or FN
// whose finding is present counts as found. Report the heldout half: the
// tuning half is what the analyzers may be changed against.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
)

func main() {
	dir := flag.String("dir", "testdata/precision", "directory holding modules.tsv, verdicts.tsv and the go.mod that requires the modules")
	run := flag.Bool("run", false, "run nines over the modules and match its findings to the verdicts")
	nines := flag.String("nines", "", "nines binary for -run (default: build one from the current directory)")
	findings := flag.String("findings", "", "directory with saved nines vet -json output, default.json and tests.json, instead of -run")
	unmatched := flag.Bool("list", true, "with -run or -findings, list the findings that have no verdict")
	listFP := flag.Bool("fp", false, "with -run or -findings, also list the tuning half's false positives still reported and true positives no longer reported (never the held-out half's: nothing is tuned on it)")
	only := flag.String("half", "", "only this half (tuning or heldout): its modules are run and its verdicts read, the other half's are not; both: the two halves")
	match := flag.String("modules", "", "only the modules whose path matches this regular expression (one batch, one module), with their verdicts")
	flag.Parse()
	if (*run || *findings != "") && *only == "" {
		check(fmt.Errorf("-run and -findings need -half: tuning while changing an analyzer, heldout (or both) only to measure"))
	}

	mods, err := readModules(filepath.Join(*dir, "modules.tsv"))
	check(err)
	verdicts, err := readVerdicts(filepath.Join(*dir, "verdicts.tsv"))
	check(err)
	check(validate(mods, verdicts))
	if *only != "" && *only != "both" {
		mods, verdicts, err = onlyHalf(*only, mods, verdicts)
		check(err)
	}
	if *match != "" {
		mods, verdicts, err = onlyModules(*match, mods, verdicts)
		check(err)
	}

	var found map[string][]Finding // mode -> findings
	switch {
	case *findings != "":
		found = map[string][]Finding{}
		for _, mode := range modes {
			data, err := os.ReadFile(filepath.Join(*findings, mode+".json"))
			check(err)
			fs, err := parseVetJSON(data, mods, modCache())
			check(err)
			found[mode] = fs
		}
	case *run:
		bin := *nines
		if bin == "" {
			tmp, err := os.MkdirTemp("", "precision")
			check(err)
			defer os.RemoveAll(tmp)
			bin = filepath.Join(tmp, "nines")
			build := exec.Command("go", "build", "-o", bin, ".")
			build.Stdout, build.Stderr = os.Stderr, os.Stderr
			check(build.Run())
		}
		found = map[string][]Finding{}
		for _, mode := range modes {
			out, err := runNines(bin, *dir, mode, mods)
			check(err)
			fs, err := parseVetJSON(out, mods, modCache())
			check(err)
			found[mode] = fs
		}
	}

	for _, mode := range modes {
		var fs []Finding
		if found != nil {
			fs = found[mode]
		}
		t := score(mods, verdicts, mode, fs, found != nil)
		fmt.Print(t.format())
		if found != nil && *unmatched {
			for _, f := range t.Unverdicted {
				fmt.Printf("  no verdict: %s\t%s:%d:%d\t%s\t%s\n", f.Module, f.File, f.Line, f.Column, f.Analyzer, f.Message)
			}
		}
		if found != nil && *listFP {
			tuning := map[string]bool{}
			for _, m := range mods {
				tuning[m.Path] = m.Half == "tuning"
			}
			for _, v := range t.StillFP {
				if !tuning[v.Module] {
					continue
				}
				fmt.Printf("  still FP: %s\t%s:%d:%d\t%s\t%s\n", v.Module, v.File, v.Line, v.Column, v.Analyzer, v.Reason)
			}
			for _, v := range t.Lost {
				if tuning[v.Module] {
					fmt.Printf("  TP lost: %s\t%s:%d:%d\t%s\t%s\n", v.Module, v.File, v.Line, v.Column, v.Analyzer, v.Reason)
				}
			}
		}
		fmt.Println()
	}
}

func runNines(bin, dir, mode string, mods []Module) ([]byte, error) {
	args := []string{"vet", "-json"}
	if mode == "tests" {
		args = append(args, "-tests")
	}
	for _, m := range mods {
		args = append(args, m.Patterns...)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
		err = nil // findings
	}
	if err != nil {
		return nil, fmt.Errorf("nines vet %s: %w", mode, err)
	}
	return out, nil
}

// onlyHalf keeps the modules of one half and the verdicts on them, so that
// tuning runs neither analyze nor print anything of the held-out half.
func onlyHalf(half string, mods []Module, vs []Verdict) ([]Module, []Verdict, error) {
	if half != "tuning" && half != "heldout" {
		return nil, nil, fmt.Errorf("-half %q: want tuning or heldout", half)
	}
	in := map[string]bool{}
	var ms []Module
	for _, m := range mods {
		if m.Half == half {
			ms = append(ms, m)
			in[m.Path] = true
		}
	}
	var kept []Verdict
	for _, v := range vs {
		if in[v.Module] {
			kept = append(kept, v)
		}
	}
	return ms, kept, nil
}

// onlyModules keeps the modules whose path matches the regular expression
// expr, and the verdicts on them: one batch's figures, or one module's.
func onlyModules(expr string, mods []Module, vs []Verdict) ([]Module, []Verdict, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, nil, fmt.Errorf("-modules: %w", err)
	}
	in := map[string]bool{}
	var ms []Module
	for _, m := range mods {
		if re.MatchString(m.Path) {
			ms = append(ms, m)
			in[m.Path] = true
		}
	}
	if len(ms) == 0 {
		return nil, nil, fmt.Errorf("-modules %q matches no module", expr)
	}
	var kept []Verdict
	for _, v := range vs {
		if in[v.Module] {
			kept = append(kept, v)
		}
	}
	return ms, kept, nil
}

func modCache() string {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	check(err)
	return string(trimNL(out))
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "precision:", err)
		os.Exit(2)
	}
}
