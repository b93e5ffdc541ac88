package robust

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/internal/driver/cli"
	"github.com/nines-dev/nines/topology"
)

// TestTopoLimits feeds nines topo input over each limit of the topology
// loader and wants exit status 2 with one clear message, quickly and in
// little memory, instead of a crash or a long parse.
func TestTopoLimits(t *testing.T) {
	lim := topology.DefaultLimits
	deep := func(open, mid, close string) string {
		return strings.Repeat(open, 1000) + mid + strings.Repeat(close, 1000)
	}
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		want  string // regexp matching the whole of standard error
	}{{
		name:  "file over the size limit",
		files: map[string]string{"big.nines.hcl": strings.Repeat("#", int(lim.MaxFileBytes)) + "\n"},
		args:  []string{"big.nines.hcl"},
		want:  fmt.Sprintf(`^big\.nines\.hcl: file is %d bytes, over the limit of %d bytes for one topology file\n$`, lim.MaxFileBytes+1, lim.MaxFileBytes),
	}, {
		name:  "nested lists",
		files: map[string]string{"a.nines.hcl": "service \"s\" {\n  zones = " + deep("[", "", "]") + "\n}\n"},
		args:  []string{"a.nines.hcl"},
		want:  fmt.Sprintf(`^a\.nines\.hcl:2:\d+: expression nested more than %d levels deep\n$`, lim.MaxDepth),
	}, {
		name:  "nested objects",
		files: map[string]string{"a.nines.hcl": "service \"s\" {\n  tags = " + deep("{a = ", "1", "}") + "\n}\n"},
		args:  []string{"a.nines.hcl"},
		want:  `^a\.nines\.hcl:2:\d+: expression nested more than \d+ levels deep\n$`,
	}, {
		name:  "nested templates",
		files: map[string]string{"a.nines.hcl": "service \"s\" {\n  owner = " + deep(`"${`, "1", `}"`) + "\n}\n"},
		args:  []string{"a.nines.hcl"},
		want:  `^a\.nines\.hcl:2:\d+: expression nested more than \d+ levels deep\n$`,
	}, {
		name:  "nested function calls",
		files: map[string]string{"a.nines.hcl": "service \"s\" {\n  owner = " + deep("upper(", `"x"`, ")") + "\n}\n"},
		args:  []string{"a.nines.hcl"},
		want:  `^a\.nines\.hcl:2:\d+: expression nested more than \d+ levels deep\n$`,
	}, {
		name:  "nested interpolations in a heredoc",
		files: map[string]string{"a.nines.hcl": "service \"s\" {\n  owner = <<EOT\n" + deep("${", "1", "}") + "\nEOT\n}\n"},
		args:  []string{"a.nines.hcl"},
		want:  `^a\.nines\.hcl:3:\d+: expression nested more than \d+ levels deep\n$`,
	}, {
		name:  "nested blocks",
		files: map[string]string{"a.nines.hcl": "service \"s\" {\n" + deep("x {\n", "", "}\n") + "}\n"},
		args:  []string{"a.nines.hcl"},
		want:  `^a\.nines\.hcl:\d+:\d+: expression nested more than \d+ levels deep\n$`,
	}, {
		// HCL's JSON parser recurses once per level: 100,000 levels
		// would overflow no stack, but cost time without the limit.
		name:  "nested JSON",
		files: map[string]string{"a.nines.json": `{"service":{"s":` + strings.Repeat(`{"a":`, 100_000) + "1" + strings.Repeat("}", 100_000) + "}}\n"},
		args:  []string{"a.nines.json"},
		want:  `^a\.nines\.json:1:\d+: expression nested more than \d+ levels deep\n$`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := nines(t, dir, append([]string{"topo"}, tt.args...)...)
			if code != cli.ExitError {
				t.Errorf("exit status %d, want %d", code, cli.ExitError)
			}
			if stdout != "" {
				t.Errorf("unexpected standard output:\n%s", stdout)
			}
			if !regexp.MustCompile(tt.want).MatchString(stderr) {
				t.Errorf("standard error:\n%s\nwant a match for %s", stderr, tt.want)
			}
		})
	}
}

// TestTopoTooManyFiles gives nines topo one file more than MaxFiles.
func TestTopoTooManyFiles(t *testing.T) {
	dir := t.TempDir()
	n := topology.DefaultLimits.MaxFiles + 1
	for i := range n {
		name := filepath.Join(dir, fmt.Sprintf("z%05d.nines.hcl", i))
		if err := os.WriteFile(name, []byte("zone \"z\" {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := nines(t, dir, "topo", ".")
	if code != cli.ExitError {
		t.Errorf("exit status %d, want %d", code, cli.ExitError)
	}
	want := fmt.Sprintf("too many topology files: %d, the limit is %d", n, n-1)
	if !strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("standard error:\n%s\nwant one line saying %q", stderr, want)
	}
}

// TestTopoBlockLimit checks MaxBlocks with a small limit, through the
// loader (the default, 250,000 blocks, takes seconds and a gigabyte to
// reach; docs/fuzzing.md has the figures).
func TestTopoBlockLimit(t *testing.T) {
	src := strings.Repeat("zone \"z\" {}\n", 101)
	_, err := topology.LoadBytes("z.nines.hcl", []byte(src), topology.Limits{MaxBlocks: 100})
	var list topology.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want an ErrorList", err)
	}
	if got := list.Error(); !strings.Contains(got, "z.nines.hcl:101:1: more than 100 blocks in the topology") {
		t.Errorf("errors:\n%s\nwant the 101st block named", got)
	}
}

// TestTopoUnknownBlocksAreBounded is a regression test: blocks of an
// unknown type were not counted against MaxBlocks, and each got an error
// of its own, so a file within the size limit yielded an unbounded error
// list: 10 MB of "a{}" lines made nines topo print 2.6 million errors in
// 72 seconds with a 6 GB peak (docs/fuzzing.md). Here with a small limit:
// 1,000 unknown blocks against MaxBlocks 100 must stop at the limit.
func TestTopoUnknownBlocksAreBounded(t *testing.T) {
	src := strings.Repeat("a {}\n", 1000)
	_, err := topology.LoadBytes("a.nines.hcl", []byte(src), topology.Limits{MaxBlocks: 100})
	var list topology.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want an ErrorList", err)
	}
	if len(list) > 101 {
		t.Errorf("%d errors for 1,000 blocks with MaxBlocks 100; want the loader to stop at the limit (first: %v)", len(list), list[0])
	}
}

// TestVetDeepNesting gives nines vet Go source nested deeper than
// go/parser accepts. It must fail with a positioned error, not a crash.
func TestVetDeepNesting(t *testing.T) {
	offline(t)
	src := "package p\n\nfunc F() {\n" + strings.Repeat("if true {\n", 1001) + strings.Repeat("}\n", 1001) + "}\n"
	dir := writeModule(t, map[string]string{"p/p.go": src})
	code, _, stderr := nines(t, dir, "vet", "./...")
	if code != cli.ExitError {
		t.Errorf("exit status %d, want %d", code, cli.ExitError)
	}
	want := regexp.MustCompile(`(?m)^p/p\.go:\d+:\d+: exceeded max scope depth during object resolution$`)
	if !want.MatchString(stderr) || strings.Contains(stderr, "panic") {
		t.Errorf("standard error:\n%s\nwant a match for %s", stderr, want)
	}
}

// TestTopoBlockLimitInChunkedFile is a regression test: a file large
// enough to be parsed in chunks on several cores reported the block limit
// at 1:1, and once more in every chunk that crossed it alone, instead of
// once at the block that crossed it. 400 KB of zone blocks is over the
// size from which files are cut; on one core the file is parsed whole and
// the test checks the same thing.
func TestTopoBlockLimitInChunkedFile(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 400<<10; i++ {
		fmt.Fprintf(&b, "zone \"z%d\" {}\n", i)
	}
	const limit = 20_000
	_, err := topology.LoadBytes("z.nines.hcl", []byte(b.String()), topology.Limits{MaxBlocks: limit})
	var list topology.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want an ErrorList", err)
	}
	want := fmt.Sprintf("z.nines.hcl:%d:1: more than %d blocks in the topology", limit+1, limit)
	if len(list) != 1 || list[0].Error() != want {
		t.Errorf("errors:\n%v\nwant only %s", list, want)
	}
}

// TestTopoTotalBytes checks MaxTotal with a small limit: the file that
// takes the total over it is named, and the loader stops there.
func TestTopoTotalBytes(t *testing.T) {
	file := []byte("zone \"z\" {}\n" + strings.Repeat("#", 400) + "\n")
	fsys := fstest.MapFS{
		"a.nines.hcl": {Data: file},
		"b.nines.hcl": {Data: file},
		"c.nines.hcl": {Data: file},
	}
	_, err := topology.Load(fsys, []string{"a.nines.hcl", "b.nines.hcl", "c.nines.hcl"}, topology.Limits{MaxTotal: 1000})
	var list topology.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v, want an ErrorList", err)
	}
	want := "c.nines.hcl: the topology files add up to more than 1000 bytes"
	if len(list) != 1 || list[0].Error() != want {
		t.Errorf("errors:\n%v\nwant only %s", list, want)
	}
}
