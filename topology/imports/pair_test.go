package imports

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/internal/testsupport/topopair"
	"github.com/nines-dev/nines/topology"
)

// fixture is one of testdata/topology's shops: source files a reader
// reads, an overlay, and the same shop written by hand in HCL.
type fixture struct {
	dir     string   // below testdata/topology
	sources []string // read by the reader, relative to dir
	overlay string   // relative to dir
	handHCL string   // below testdata/topology
	read    func([]Source) (*topology.Imported, topology.ErrorList)
}

const fixtureRoot = "../../testdata/topology"

// check reads the fixture's sources and checks them with its overlay.
func (fx fixture) check(t *testing.T) *topology.Report {
	t.Helper()
	var srcs []Source
	for _, name := range fx.sources {
		data, err := os.ReadFile(path.Join(fixtureRoot, fx.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, Source{Name: name, Data: data})
	}
	imp, errs := fx.read(srcs)
	if len(errs) > 0 {
		t.Fatalf("reading %s:\n%v", fx.dir, errs)
	}
	overlay, err := os.ReadFile(path.Join(fixtureRoot, fx.dir, fx.overlay))
	if err != nil {
		t.Fatal(err)
	}
	r, err := topology.CheckImported(context.Background(), fstest.MapFS{fx.overlay: {Data: overlay}}, []string{fx.overlay}, imp, topology.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// at is the position of the first line of the fixture's file name
// holding needle after the first holding after, at column col.
func (fx fixture) at(t *testing.T, name, after, needle string, col int) topology.Pos {
	t.Helper()
	return topology.Pos{File: name, Line: topopair.LineOf(t, path.Join(fixtureRoot, fx.dir, name), after, needle), Column: col}
}

// samePair checks the imported shop against its hand-written HCL.
func (fx fixture) samePair(t *testing.T) {
	t.Helper()
	topopair.Same(t, fx.check(t), path.Join(fixtureRoot, fx.handHCL))
}

// blocksText prints the components read, their attributes and calls
// with the lines they were read from.
func blocksText(imp *topology.Imported) string {
	var b strings.Builder
	for _, f := range imp.Files {
		for _, c := range f.Blocks {
			fmt.Fprintf(&b, "%s %s @%d:%d", c.Type, c.Name, c.Pos.Line, c.Pos.Column)
			writeAttrs(&b, c)
			switch {
			case c.Spread != nil && len(c.Spread.Zones) > 0:
				fmt.Fprintf(&b, " zones=%v@%d", c.Spread.Zones, c.Spread.Pos.Line)
			case c.Spread != nil:
				fmt.Fprintf(&b, " spread=%v@%d", c.Spread.Over, c.Spread.Pos.Line)
			}
			b.WriteString("\n")
			for _, call := range c.Blocks {
				fmt.Fprintf(&b, "  call %s @%d:%d", call.Name, call.Pos.Line, call.Pos.Column)
				writeAttrs(&b, call)
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

func writeAttrs(b *strings.Builder, blk *topology.Block) {
	for _, k := range slices.Sorted(maps.Keys(blk.Attrs)) {
		fmt.Fprintf(b, " %s=%v@%d", k, blk.Attrs[k], blk.AttrPos[k].Line)
	}
}
