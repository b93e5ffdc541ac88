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

// Readers are the readers of other formats a configuration can name files
// for: topology { kubernetes, compose, terraform }.
var Readers = []string{"kubernetes", "compose", "terraform"}

// posGlob is a glob and where the file states it.
type posGlob struct {
	glob string
	pos  Pos
}

// TopologyFiles returns the files below Dir that match the topology
// globs, sorted, as absolute paths (or joined to a relative Dir). It
// returns nil when the file names no globs; a glob that matches nothing
// is not an error. The configuration file itself is never returned.
func (c *Config) TopologyFiles() ([]string, error) {
	out, err := c.matchFiles(c.topoFiles)
	if err != nil {
		return nil, fmt.Errorf("finding topology files for %w", err)
	}
	return out, nil
}

// HasReaderGlobs reports whether topology { kubernetes, compose,
// terraform } name any glob.
func (c *Config) HasReaderGlobs() bool { return len(c.readerGlobs) > 0 }

// ReaderFiles returns the files below Dir that each reader of
// topology { kubernetes, compose, terraform } is to read, by reader, sorted
// (paths as TopologyFiles gives them). A file two readers' globs match is
// an error at the first glob of the second reader that matches it.
func (c *Config) ReaderFiles() (map[string][]string, error) {
	out := map[string][]string{}
	owner := map[string]string{}
	var errs ErrorList
	for _, r := range Readers {
		for _, g := range c.readerGlobs[r] {
			files, err := c.matchFiles([]string{g.glob})
			if err != nil {
				return nil, fmt.Errorf("finding %s files for %w", r, err)
			}
			for _, f := range files {
				switch prev, seen := owner[f]; {
				case !seen:
					owner[f] = r
					out[r] = append(out[r], f)
				case prev != r:
					rel, _ := filepath.Rel(filepath.FromSlash(c.Dir), f)
					errs.Add(g.pos, "glob %q names %s, which topology.%s names too: a file is read by one reader", g.glob, filepath.ToSlash(rel), prev)
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	for r := range out {
		slices.Sort(out[r])
		out[r] = slices.Compact(out[r])
	}
	return out, nil
}

// matchFiles returns the files below Dir that match some of globs, sorted,
// without the configuration file. Its errors name the glob.
func (c *Config) matchFiles(globs []string) ([]string, error) {
	if len(globs) == 0 {
		return nil, nil
	}
	root := filepath.FromSlash(c.Dir)
	fsys := os.DirFS(root)
	var out []string
	for _, g := range globs {
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
			return nil, fmt.Errorf("%q: %w", g, err)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
