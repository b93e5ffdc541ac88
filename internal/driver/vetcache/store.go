// Package vetcache keeps nines vet's findings between runs, so that a run on
// unchanged code answers without loading a package.
//
// One entry (a Manifest) is kept per run key: the command line, the
// analyzers and their flags, the nines and go executables and the
// environment the go command reads. The entry lists what else the findings
// were computed from (the user's source files and directories, go.mod,
// go.sum and go.work files, and the import graph) with their sizes,
// modification times and content hashes. A later run with the same key
// stats those files instead of running the go command, and hashes a file
// only when its size or time moved. Files of versioned modules in the module
// cache and of the standard library are not listed: the go.mod and go.sum
// files and the toolchain fix them.
//
// Entries are written to a temporary file and renamed into place, so runs
// that share the cache never read half an entry; an entry that does not
// decode is a miss, never an error. Trim removes entries unused for
// MaxAge and then the oldest beyond MaxBytes.
package vetcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// EnvVar names the environment variable that overrides the cache
// directory; the value "off" turns the cache off.
const EnvVar = "NINES_CACHE"

// Off is the value of EnvVar that turns the cache off.
const Off = "off"

// Limits of the trim policy.
const (
	MaxAge   = 30 * 24 * time.Hour
	MaxBytes = 256 << 20
	// trimEvery is how often a Save may trim: trimming lists the
	// directory, which a warm run should not pay for.
	trimEvery = 24 * time.Hour
	// touchEvery is how stale an entry's time may get before a hit
	// refreshes it for the age limit.
	touchEvery = time.Hour
)

// Dir returns the cache directory: EnvVar's value, else nines under the
// user cache directory. It returns "" and no error when EnvVar is Off.
func Dir() (string, error) {
	if v := os.Getenv(EnvVar); v != "" {
		if v == Off {
			return "", nil
		}
		return filepath.Abs(v)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("finding the user cache directory (set %s to choose one, or %s=%s): %w", EnvVar, EnvVar, Off, err)
	}
	return filepath.Join(base, "nines"), nil
}

// Store is a cache directory.
type Store struct {
	dir string
	now func() time.Time
}

// Open returns the store in dir; the directory is created by the first Save.
func Open(dir string) *Store { return &Store{dir: dir, now: time.Now} }

func (s *Store) entryPath(key string) string {
	return filepath.Join(s.dir, "vet", key+".json")
}

// Key hashes the parts of a run key into an entry name.
func Key(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		// Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
		fmt.Fprintf(h, "%d:%s\n", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Load returns the entry saved under key. A missing, unreadable or
// undecodable entry, or one of another format version, is a miss.
func (s *Store) Load(key string) (*Manifest, bool) {
	path := s.entryPath(key)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil || m.Format != formatVersion || m.Key != key {
		return nil, false
	}
	// A hit keeps the entry young for the age limit.
	if fi, err := os.Stat(path); err == nil && s.now().Sub(fi.ModTime()) > touchEvery {
		now := s.now()
		_ = os.Chtimes(path, now, now)
	}
	return &m, true
}

// Save writes m under key atomically: concurrent runs each rename a whole
// entry into place, and the last one wins. It trims the store at most once
// a day.
func (s *Store) Save(key string, m *Manifest) error {
	m.Format = formatVersion
	m.Key = key
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encoding the cache entry: %w", err)
	}
	path := s.entryPath(key)
	if err := writeAtomic(path, data); err != nil {
		return err
	}
	return s.maybeTrim()
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating the cache directory: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("writing the cache entry: %w", err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing the cache entry: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("writing the cache entry: %w", err)
	}
	return nil
}

func (s *Store) maybeTrim() error {
	stamp := filepath.Join(s.dir, "trim.txt")
	if fi, err := os.Stat(stamp); err == nil && s.now().Sub(fi.ModTime()) < trimEvery {
		return nil
	}
	if err := writeAtomic(stamp, []byte(s.now().UTC().Format(time.RFC3339)+"\n")); err != nil {
		return err
	}
	return s.Trim(MaxAge, MaxBytes)
}

// Trim removes the entries not used for maxAge, then the least recently
// used ones until the rest take at most maxBytes, and temporary files a
// crashed run left behind.
func (s *Store) Trim(maxAge time.Duration, maxBytes int64) error {
	dir := filepath.Join(s.dir, "vet")
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("trimming the cache: %w", err)
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var kept []entry
	now := s.now()
	for _, e := range ents {
		fi, err := e.Info()
		if err != nil {
			continue // removed by a concurrent trim
		}
		path := filepath.Join(dir, e.Name())
		age := now.Sub(fi.ModTime())
		// A temporary file older than a minute belongs to no live run.
		if strings.HasPrefix(e.Name(), ".tmp-") && age > time.Minute || age > maxAge {
			os.Remove(path)
			continue
		}
		kept = append(kept, entry{path, fi.Size(), fi.ModTime()})
	}
	slices.SortFunc(kept, func(a, b entry) int { return b.used.Compare(a.used) })
	var total int64
	for _, e := range kept {
		total += e.size
		if total > maxBytes {
			os.Remove(e.path)
		}
	}
	return nil
}

// hashBytes is the content hash the manifest records.
func hashBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// listingHash hashes the names in a directory that can change which
// packages exist or which files they hold.
func listingHash(ents []os.DirEntry) string {
	var b bytes.Buffer
	for _, e := range ents {
		if relevantEntry(e) {
			b.WriteString(e.Name())
			b.WriteByte(0)
		}
	}
	return hashBytes(b.Bytes())
}

// sourceSuffixes are the file kinds the go command puts in a package.
var sourceSuffixes = []string{".go", ".c", ".h", ".s", ".S", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".hxx", ".m", ".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx"}

func relevantEntry(e os.DirEntry) bool {
	name := e.Name()
	if e.IsDir() {
		return true // a new directory may be a new package under a pattern's "..."
	}
	if name == "go.mod" || name == "go.work" {
		return true
	}
	return slices.ContainsFunc(sourceSuffixes, func(s string) bool { return strings.HasSuffix(name, s) })
}
