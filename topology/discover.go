package topology

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// IsTopologyFile reports whether a file name is a topology file found by
// directory walks: nines.hcl, *.nines.hcl or their JSON syntax
// (nines.hcl.json, *.nines.hcl.json, *.nines.json).
func IsTopologyFile(name string) bool {
	base := path.Base(name)
	switch base {
	case "nines.hcl", "nines.hcl.json", "nines.json":
		return true
	}
	return strings.HasSuffix(base, ".nines.hcl") || strings.HasSuffix(base, ".nines.hcl.json") || strings.HasSuffix(base, ".nines.json")
}

// Discover expands roots into topology files: a file is taken as it is
// (whatever its name), a directory is walked for topology files. Below a
// root, directories named testdata, vendor or node_modules and those
// starting with "." or "_" are skipped, as the go command does. Roots are
// cleaned first ("./dir/f.nines.hcl" is "dir/f.nines.hcl"), so a file named
// and also found below a directory named is loaded once. The result is
// sorted and free of duplicates.
func Discover(fsys fs.FS, roots []string) ([]string, error) {
	var out []string
	for _, root := range roots {
		root = path.Clean(root)
		info, err := fs.Stat(fsys, root)
		if err != nil {
			return nil, fmt.Errorf("finding topology files: %s: %w", root, unwrapPath(err))
		}
		if !info.IsDir() {
			out = append(out, root)
			continue
		}
		err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != root && skipDir(d.Name()) {
					return fs.SkipDir
				}
				return nil
			}
			if IsTopologyFile(p) {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("finding topology files below %s: %w", root, err)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func skipDir(name string) bool {
	switch name {
	case "testdata", "vendor", "node_modules":
		return true
	}
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}
