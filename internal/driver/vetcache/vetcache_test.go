package vetcache

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/driver/findings"
)

func TestDir(t *testing.T) {
	t.Setenv(EnvVar, "rel/cache")
	d, err := Dir()
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(d), d)
	assert.Equal(t, "cache", filepath.Base(d))

	t.Setenv(EnvVar, Off)
	d, err = Dir()
	require.NoError(t, err)
	assert.Empty(t, d)

	t.Setenv(EnvVar, "")
	t.Setenv("XDG_CACHE_HOME", "/somewhere")
	d, err = Dir()
	require.NoError(t, err)
	assert.Equal(t, "/somewhere/nines", d)
}

func TestSaveLoad(t *testing.T) {
	s := Open(t.TempDir())
	key := Key("a", "b")
	assert.NotEqual(t, key, Key("ab", ""), "parts are delimited")
	_, ok := s.Load(key)
	assert.False(t, ok)
	m := &Manifest{Units: []Unit{{ID: "p", Pattern: "p", Findings: []findings.Finding{{PackageID: "p", Analyzer: "x", Message: "m"}}}}}
	require.NoError(t, s.Save(key, m))
	got, ok := s.Load(key)
	require.True(t, ok)
	assert.Equal(t, m.Units, got.Units)
	_, ok = s.Load(Key("other"))
	assert.False(t, ok)
}

// An entry that does not decode, or was written under another key or
// format, is a miss.
func TestLoadCorrupt(t *testing.T) {
	s := Open(t.TempDir())
	key := Key("k")
	require.NoError(t, s.Save(key, &Manifest{}))
	for _, data := range []string{"", "{", "null", `{"Format":1,"Key":"other"}`, fmt.Sprintf(`{"Format":99,"Key":%q}`, key), "\x00\x01"} {
		require.NoError(t, os.WriteFile(s.entryPath(key), []byte(data), 0o644))
		_, ok := s.Load(key)
		assert.False(t, ok, "%q", data)
	}
}

// Concurrent saves and loads of one key: every load gets a whole entry
// (one of those saved) or a miss, and no temporary file stays.
func TestConcurrentSaveLoad(t *testing.T) {
	s := Open(t.TempDir())
	key := Key("k")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := range 20 {
				m := &Manifest{Units: []Unit{{ID: fmt.Sprint(i, j), Pattern: strings.Repeat("x", 10000)}}}
				assert.NoError(t, s.Save(key, m))
			}
		}()
		go func() {
			defer wg.Done()
			for range 20 {
				if m, ok := s.Load(key); ok {
					assert.Len(t, m.Units, 1)
					assert.Len(t, m.Units[0].Pattern, 10000)
				}
			}
		}()
	}
	wg.Wait()
	_, ok := s.Load(key)
	assert.True(t, ok)
	tmp, err := filepath.Glob(filepath.Join(s.dir, "vet", ".tmp-*"))
	require.NoError(t, err)
	assert.Empty(t, tmp)
}

// Trim drops entries unused for the age limit, then the least recently
// used beyond the size limit; a load counts as a use.
func TestTrim(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	s := Open(t.TempDir())
	s.now = func() time.Time { return now }
	for i, age := range []time.Duration{40 * 24 * time.Hour, 3 * time.Hour, 2 * time.Hour, time.Hour} {
		key := Key(fmt.Sprint(i))
		require.NoError(t, writeAtomic(s.entryPath(key), []byte(strings.Repeat("x", 100))))
		require.NoError(t, os.Chtimes(s.entryPath(key), now.Add(-age), now.Add(-age)))
	}
	stale := filepath.Join(s.dir, "vet", ".tmp-123")
	require.NoError(t, os.WriteFile(stale, nil, 0o644))
	require.NoError(t, os.Chtimes(stale, now.Add(-time.Hour), now.Add(-time.Hour)))

	// Entry 1, the oldest but one, is used now.
	require.NoError(t, os.WriteFile(s.entryPath(Key("1")), []byte(fmt.Sprintf(`{"Format":%d,"Key":%q}`, formatVersion, Key("1"))), 0o644))
	require.NoError(t, os.Chtimes(s.entryPath(Key("1")), now.Add(-3*time.Hour), now.Add(-3*time.Hour)))
	_, ok := s.Load(Key("1"))
	require.True(t, ok)

	require.NoError(t, s.Trim(30*24*time.Hour, 200))
	var left []string
	for i := range 4 {
		if _, err := os.Stat(s.entryPath(Key(fmt.Sprint(i)))); err == nil {
			left = append(left, fmt.Sprint(i))
		}
	}
	assert.Equal(t, []string{"1", "3"}, left, "0 is too old; of the rest, 2 is the least recently used beyond 200 bytes")
	assert.NoFileExists(t, stale)
}

// Save trims at most once a day.
func TestSaveTrimsDaily(t *testing.T) {
	now := time.Now()
	s := Open(t.TempDir())
	s.now = func() time.Time { return now }
	old := s.entryPath(Key("old"))
	require.NoError(t, writeAtomic(old, []byte("{}")))
	require.NoError(t, os.Chtimes(old, now.Add(-MaxAge-time.Hour), now.Add(-MaxAge-time.Hour)))
	require.NoError(t, s.Save(Key("new"), &Manifest{}))
	assert.NoFileExists(t, old, "the first save trims")

	require.NoError(t, writeAtomic(old, []byte("{}")))
	require.NoError(t, os.Chtimes(old, now.Add(-MaxAge-time.Hour), now.Add(-MaxAge-time.Hour)))
	require.NoError(t, s.Save(Key("new"), &Manifest{}))
	assert.FileExists(t, old, "not again the same day")
}

func writeOld(t *testing.T, path, content string, age time.Duration) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	when := time.Now().Add(-age)
	require.NoError(t, os.Chtimes(path, when, when))
	require.NoError(t, os.Chtimes(filepath.Dir(path), when, when))
}

func TestCheck(t *testing.T) {
	root := t.TempDir()
	a, b, mod := filepath.Join(root, "a", "a.go"), filepath.Join(root, "b", "b.go"), filepath.Join(root, "go.mod")
	writeOld(t, a, "package a\n", time.Hour)
	writeOld(t, b, "package b\n", time.Hour)
	writeOld(t, mod, "module m\n", time.Hour)
	require.NoError(t, os.Chtimes(root, time.Now().Add(-time.Hour), time.Now().Add(-time.Hour)))
	absent := filepath.Join(root, "go.work")
	stamp := func() *Manifest {
		start := time.Now()
		return &Manifest{
			Files: []FileStamp{StampFile(a, start), StampFile(b, start), StampFile(mod, start), StampFile(absent, start)},
			Dirs:  WalkDirs(root, start),
			Nodes: []Node{{ID: "m/a", Files: []string{a}}, {ID: "m/b", Imports: []string{"m/a"}, Files: []string{b}}, {ID: "m/c", Imports: []string{"m/b"}}, {ID: "m/d"}},
		}
	}
	m := stamp()
	require.Len(t, m.Dirs, 3)
	st := m.Check(time.Now())
	assert.Equal(t, Status{Files: m.Files, Dirs: m.Dirs}, st, "nothing changed")

	// A new time on the same content is no change, and refreshes the stamp.
	writeOld(t, a, "package a\n", 30*time.Minute)
	st = m.Check(time.Now())
	assert.Empty(t, st.Full)
	assert.Empty(t, st.Changed)
	assert.True(t, st.Refreshed)
	assert.NotEqual(t, m.Files[0].ModTime, st.Files[0].ModTime)

	// New content changes the node that holds the file, and the nodes
	// that import it are its dependents.
	writeOld(t, a, "package a // edited\n", 20*time.Minute)
	st = m.Check(time.Now())
	assert.Empty(t, st.Full)
	assert.Equal(t, []string{"m/a"}, st.Changed)
	assert.Equal(t, []string{a}, st.ChangedFiles)
	assert.Equal(t, map[string]bool{"m/a": true, "m/b": true, "m/c": true}, m.Dependents(st.Changed))

	// A file that belongs to no package (go.mod) is a reason to start over.
	m = stamp()
	writeOld(t, mod, "module m\n\ngo 1.26\n", 10*time.Minute)
	assert.Equal(t, mod+" changed", m.Check(time.Now()).Full)

	// So is a file where the go command found none (here its directory's
	// listing changes first), and a new file in a package directory.
	m = stamp()
	writeOld(t, absent, "go 1.26\n", 10*time.Minute)
	assert.Equal(t, "the files of "+root+" changed", m.Check(time.Now()).Full)
	m.Dirs = nil
	assert.Equal(t, absent+" changed", m.Check(time.Now()).Full)
	require.NoError(t, os.Remove(absent))
	require.NoError(t, os.Chtimes(root, time.Now().Add(-time.Hour), time.Now().Add(-time.Hour)))
	m = stamp()
	writeOld(t, filepath.Join(root, "a", "more.go"), "package a\n", 10*time.Minute)
	assert.Equal(t, "the files of "+filepath.Join(root, "a")+" changed", m.Check(time.Now()).Full)

	// A file other than a source file does not change the listing.
	m = stamp()
	writeOld(t, filepath.Join(root, "a", "README"), "hello\n", 5*time.Minute)
	assert.Empty(t, m.Check(time.Now()).Full)

	// A file changed within a moment of the run that stamped it is not
	// trusted: it counts as changed next time.
	writeOld(t, b, "package b\n", 0)
	require.NoError(t, os.Chtimes(filepath.Dir(b), time.Now().Add(-time.Hour), time.Now().Add(-time.Hour)))
	m = stamp()
	assert.Empty(t, m.Files[1].Hash)
	st = m.Check(time.Now())
	assert.Equal(t, []string{"m/b"}, st.Changed)
}
