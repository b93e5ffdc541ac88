package cli

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nines-dev/nines/internal/driver/findings"
	"github.com/nines-dev/nines/internal/report"
)

// applyFixes applies the fixes of res's findings to the files of the vetted
// modules, all files or none, and says on stderr what it changed and what
// it refused to change. With diff it prints the changes as a unified diff on
// stdout and writes nothing. It returns whether it changed a file.
func applyFixes(env *Env, wd string, res *vetResult, diff bool) (bool, error) {
	where, err := newFixPolicy(wd, res.modules)
	if err != nil {
		return false, err
	}
	fixed, err := findings.ApplyFixes(res.found, findings.FixOptions{ReadFile: os.ReadFile, Editable: where.editable})
	if err != nil {
		return false, err
	}
	names := slices.Sorted(maps.Keys(fixed.Files))
	if diff {
		for _, name := range names {
			old, err := os.ReadFile(name)
			if err != nil {
				return false, err
			}
			fmt.Fprint(env.Stdout, findings.UnifiedDiff(filepath.ToSlash(report.Rel(repoRoot(wd), name, true)), old, fixed.Files[name]))
		}
	} else if err := writeAll(names, fixed.Files); err != nil {
		return false, err
	}
	verb := "fixed"
	if diff {
		verb = "would fix"
	}
	for _, f := range fixed.Fixed {
		what := f.Fixes[0].Message
		if what == "" {
			what = f.Message
		}
		fmt.Fprintf(env.Stderr, "%s:%d:%d: %s: %s (%s)\n", report.Short(wd, f.Posn.Filename), f.Posn.Line, f.Posn.Column, verb, what, f.Analyzer)
	}
	for _, r := range fixed.Refused {
		f := r.Finding
		fmt.Fprintf(env.Stderr, "%s:%d:%d: not fixed: %s is %s (%s)\n", report.Short(wd, f.Posn.Filename), f.Posn.Line, f.Posn.Column, report.Short(wd, r.File), r.Reason, f.Analyzer)
	}
	if n := len(fixed.Conflicts); n > 0 {
		fmt.Fprintf(env.Stderr, "nines vet: %d fixes overlapped others and were not applied; run nines vet -fix again\n", n)
	}
	if len(names) > 0 && !diff {
		short := make([]string, len(names))
		for i, n := range names {
			short[i] = report.Short(wd, n)
		}
		fmt.Fprintf(env.Stderr, "nines vet: changed %s\n", strings.Join(short, ", "))
	}
	return len(names) > 0 && !diff, nil
}

// fixPolicy says which files -fix may write: those of the vetted main and
// workspace modules, outside vendor/, GOROOT and the Go caches, and
// writable.
type fixPolicy struct {
	modules []string
	outside map[string]string // directory -> what it is
}

func newFixPolicy(wd string, modules []string) (*fixPolicy, error) {
	p := &fixPolicy{modules: modules, outside: make(map[string]string)}
	out, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		return nil, fmt.Errorf("reading the go environment for -fix: %w", err)
	}
	vals := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	for i, what := range []string{"in GOROOT", "in the module cache", "in the build cache (cgo output, not the source)"} {
		if i < len(vals) && vals[i] != "" && vals[i] != "off" {
			p.outside[filepath.Clean(vals[i])] = what
		}
	}
	return p, nil
}

// editable returns why -fix may not write name, or "".
func (p *fixPolicy) editable(name string) string {
	name = filepath.Clean(name)
	for dir, what := range p.outside {
		if within(dir, name) {
			return what
		}
	}
	var root string
	for _, m := range p.modules {
		if within(m, name) && len(m) > len(root) {
			root = m
		}
	}
	if root == "" {
		return "outside the vetted modules"
	}
	rel, _ := filepath.Rel(root, name)
	if slices.Contains(strings.Split(filepath.ToSlash(rel), "/"), "vendor") {
		return "in vendor/"
	}
	st, err := os.Stat(name)
	if err != nil {
		return "not readable: " + err.Error()
	}
	if st.Mode().Perm()&0o200 == 0 {
		return "read-only"
	}
	return ""
}

func within(dir, name string) bool {
	rel, err := filepath.Rel(dir, name)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// writeAll writes every file or none: each new content goes to a temporary
// file beside its target, and only when all are written are they renamed
// over the targets.
func writeAll(names []string, files map[string][]byte) error {
	temps := make(map[string]string, len(names))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, name := range names {
		st, err := os.Stat(name)
		if err != nil {
			cleanup()
			return fmt.Errorf("fixing %s: %w; no file was changed", name, err)
		}
		tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".nines-fix-*")
		if err != nil {
			cleanup()
			return fmt.Errorf("fixing %s: %w; no file was changed", name, err)
		}
		temps[name] = tmp.Name()
		_, werr := tmp.Write(files[name])
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), st.Mode().Perm())); err != nil {
			cleanup()
			return fmt.Errorf("fixing %s: %w; no file was changed", name, err)
		}
	}
	for i, name := range names {
		if err := os.Rename(temps[name], name); err != nil {
			cleanup()
			return fmt.Errorf("fixing %s: %w; changed before it: %s", name, err, strings.Join(names[:i], ", "))
		}
		delete(temps, name)
	}
	return nil
}
