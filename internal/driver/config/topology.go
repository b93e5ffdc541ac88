package config

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/policy"
)

// IsConfigFile reports whether name is a configuration file. Its name
// ends in ".nines.hcl" like a topology file's: topology discovery must
// leave it out.
func IsConfigFile(name string) bool { return filepath.Base(name) == FileName }

// TopologyFiles returns the files below Dir that match the topology
// globs, sorted, as absolute paths (or joined to a relative Dir). It
// returns nil when the file names no globs; a glob that matches nothing
// is not an error. The configuration file itself is never returned.
func (c *Config) TopologyFiles() ([]string, error) {
	if len(c.topoFiles) == 0 {
		return nil, nil
	}
	root := filepath.FromSlash(c.Dir)
	fsys := os.DirFS(root)
	var out []string
	for _, g := range c.topoFiles {
		// Walk only below the glob's literal prefix.
		start := "."
		segs := collapse(strings.Split(g, "/"))
		for i, s := range segs[:max(len(segs)-1, 0)] {
			if strings.ContainsAny(s, `*?[\`) {
				break
			}
			start = path.Join(segs[:i+1]...)
		}
		err := fs.WalkDir(fsys, start, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == start && os.IsNotExist(err) {
					return fs.SkipAll
				}
				return err
			}
			if d.IsDir() {
				if p != start && d.Name() == ".git" {
					return fs.SkipDir
				}
				return nil
			}
			if !IsConfigFile(p) && matchGlob(g, p) {
				out = append(out, filepath.Join(root, filepath.FromSlash(p)))
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("finding topology files for %q: %w", g, err)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ApplyTopology applies the file to a topology report: findings of rules
// turned off and findings in excluded files are dropped, severities are
// replaced, and findings an exception names move to Waived with the
// exception's reason. Run it on the report of topology.Check before
// writing it; the exit code follows the severities it leaves.
func (c *Config) ApplyTopology(r *topology.Report) {
	type key struct{ rule, subject string }
	byKey := map[key]Exception{}
	for _, e := range c.exceptions {
		if _, dup := byKey[key{e.Rule, e.Subject}]; !dup {
			byKey[key{e.Rule, e.Subject}] = e
		}
	}
	kept := r.Findings[:0:0]
	for _, f := range r.Findings {
		enabled, severity := c.Rule(f.Rule)
		if !enabled || c.Excluded(f.File, f.Rule) {
			continue
		}
		if severity != "" {
			f.Severity = severity
		}
		if e, ok := byKey[key{f.Rule, f.Subject}]; ok {
			r.Waived = append(r.Waived, topology.Waived{Finding: f, Reason: e.Reason,
				Exception: topology.Pos{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column}})
			continue
		}
		kept = append(kept, f)
	}
	policy.Sort(kept)
	r.Findings = kept
	slices.SortStableFunc(r.Waived, func(a, b topology.Waived) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Subject, b.Subject))
	})
}
