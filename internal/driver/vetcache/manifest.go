package vetcache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nines-dev/nines/internal/driver/findings"
)

// formatVersion changes whenever the Manifest's encoding does.
const formatVersion = 2

// Manifest is one cache entry: the findings of a run and what they were
// computed from.
type Manifest struct {
	Format int
	Key    string
	// Files are the files whose contents the findings depend on: the
	// user's source files and the go.mod, go.sum, go.work and go env
	// files (present or, for the places the go command searches, absent).
	Files []FileStamp
	// Dirs are the directories whose listing decides which packages and
	// files a pattern matches.
	Dirs []DirStamp
	// Nodes is the import graph of the run, every package with its imports;
	// the packages of the user's modules also name their files.
	Nodes []Node
	// Units are the packages reported on, with their findings.
	Units []Unit
	// FactModules are the module paths whose packages were analyzed from
	// source for facts, so that a partial run computes the same facts.
	FactModules []string
	// Support lists, per module of the user's, the packages that only
	// their importers make test-support code; an edit that changes them
	// changes findings in packages it did not touch.
	Support []ModuleSupport `json:",omitempty"`
}

// ModuleSupport is a module's root directory and the import paths of its
// packages imported only from tests.
type ModuleSupport struct {
	Root     string
	Packages []string `json:",omitempty"`
}

// FileStamp records a file as a run saw it.
type FileStamp struct {
	Path    string
	Missing bool  `json:",omitempty"`
	Size    int64 `json:",omitempty"`
	ModTime int64 `json:",omitempty"` // Unix nanoseconds
	// Hash is the content hash; "" when the file changed too close to the
	// run to be sure the run read this content, so the file counts as
	// changed next time.
	Hash string `json:",omitempty"`
}

// DirStamp records a directory's listing as a run saw it.
type DirStamp struct {
	Path    string
	Missing bool   `json:",omitempty"`
	ModTime int64  `json:",omitempty"`
	Listing string `json:",omitempty"` // "" when unknown, as FileStamp.Hash
}

// Node is a package of the import graph.
type Node struct {
	ID      string
	Imports []string `json:",omitempty"` // IDs
	Files   []string `json:",omitempty"` // paths, each in Manifest.Files
}

// Unit is a package reported on.
type Unit struct {
	ID string
	// Pattern names the package to the go command when it is analyzed
	// again (the package path, or the package under test for a test
	// variant).
	Pattern  string
	Findings []findings.Finding `json:",omitempty"`
}

// settle is how long after a file's modification time the cache trusts
// that a run read its current content (file systems keep coarse times).
const settle = 2 * time.Second

// StampFile records the file at path; start is when the run began to read
// files.
func StampFile(path string, start time.Time) FileStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return FileStamp{Path: path, Missing: errors.Is(err, fs.ErrNotExist)}
	}
	s := FileStamp{Path: path, Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
	if !fi.ModTime().Before(start.Add(-settle)) {
		return s // changed while the run read it, or just before
	}
	data, err := os.ReadFile(path)
	if err != nil || int64(len(data)) != s.Size {
		return s
	}
	s.Hash = hashBytes(data)
	return s
}

// StampDir records the listing of the directory at path.
func StampDir(path string, start time.Time) DirStamp {
	fi, err := os.Stat(path)
	if err != nil {
		return DirStamp{Path: path, Missing: errors.Is(err, fs.ErrNotExist)}
	}
	s := DirStamp{Path: path, ModTime: fi.ModTime().UnixNano()}
	if !fi.ModTime().Before(start.Add(-settle)) {
		return s
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return s
	}
	s.Listing = listingHash(ents)
	return s
}

// WalkDirs records root and the directories below it that a "root/..."
// pattern of the go command visits: not those whose names start with "."
// or "_", testdata, or the inside of a nested module (its directory is
// recorded, so that removing its go.mod is seen).
func WalkDirs(root string, start time.Time) []DirStamp {
	var out []DirStamp
	var walk func(dir string, top bool)
	walk = func(dir string, top bool) {
		out = append(out, StampDir(dir, start))
		if !top {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				return
			}
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, e := range ents {
			name := e.Name()
			if !e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" {
				continue
			}
			walk(filepath.Join(dir, name), false)
		}
	}
	walk(root, true)
	return out
}

// Status is what changed since an entry was saved.
type Status struct {
	// Full, when set, says why every package must be analyzed again: a
	// go.mod, go.sum or go.work file changed, or a directory's listing.
	Full string
	// Changed are the IDs of the nodes whose files changed, and
	// ChangedFiles those files.
	Changed      []string
	ChangedFiles []string
	// Files and Dirs are the entry's stamps brought up to date, where a
	// file or directory was found unchanged under a new time.
	Files []FileStamp
	Dirs  []DirStamp
	// Refreshed says some stamp was brought up to date: the entry is
	// worth saving again, so the next run stats instead of hashing.
	Refreshed bool
}

// Check compares the entry with the file system.
func (m *Manifest) Check(start time.Time) Status {
	st := Status{Files: slices.Clone(m.Files), Dirs: slices.Clone(m.Dirs)}
	for i, d := range m.Dirs {
		fi, err := os.Stat(d.Path)
		switch {
		case err != nil || d.Missing:
			if !(d.Missing && errors.Is(err, fs.ErrNotExist)) {
				st.Full = "directory " + d.Path + " appeared or went away"
				return st
			}
			continue
		case fi.ModTime().UnixNano() == d.ModTime && d.Listing != "":
			continue
		}
		now := StampDir(d.Path, start)
		switch {
		case now.Listing == "":
			st.Full = "directory " + d.Path + " changed during the run"
			return st
		case now.Listing != d.Listing:
			st.Full = "the files of " + d.Path + " changed"
			return st
		}
		st.Dirs[i] = now
		st.Refreshed = true
	}
	changed := make(map[string]bool)
	for i, f := range m.Files {
		fi, err := os.Stat(f.Path)
		switch {
		case err != nil || f.Missing:
			if !(f.Missing && errors.Is(err, fs.ErrNotExist)) {
				changed[f.Path] = true
			}
			continue
		case fi.Size() == f.Size && fi.ModTime().UnixNano() == f.ModTime && f.Hash != "":
			continue
		}
		now := StampFile(f.Path, start)
		if f.Hash == "" || now.Hash != f.Hash {
			changed[f.Path] = true
			continue
		}
		st.Files[i] = now
		st.Refreshed = true
	}
	if len(changed) == 0 {
		return st
	}
	st.ChangedFiles = slices.Sorted(mapKeys(changed))
	inNode := make(map[string]bool)
	for _, n := range m.Nodes {
		if slices.ContainsFunc(n.Files, func(p string) bool { return changed[p] }) {
			st.Changed = append(st.Changed, n.ID)
		}
		for _, p := range n.Files {
			inNode[p] = true
		}
	}
	for _, p := range st.ChangedFiles {
		if !inNode[p] {
			st.Full = p + " changed"
			break
		}
	}
	return st
}

// Dependents returns the IDs of the nodes that import one of ids, directly
// or not, with ids themselves.
func (m *Manifest) Dependents(ids []string) map[string]bool {
	importers := make(map[string][]string)
	for _, n := range m.Nodes {
		for _, imp := range n.Imports {
			importers[imp] = append(importers[imp], n.ID)
		}
	}
	out := make(map[string]bool)
	var visit func(string)
	visit = func(id string) {
		if out[id] {
			return
		}
		out[id] = true
		for _, up := range importers[id] {
			visit(up)
		}
	}
	for _, id := range ids {
		visit(id)
	}
	return out
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
