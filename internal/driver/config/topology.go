package config

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
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
