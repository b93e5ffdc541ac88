package retryidempotent

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
	"github.com/nines-dev/nines/internal/analysis/retryloop"
)

// repeats decides which positions of a retry body run again on a later
// attempt. An operation on the path that leaves the retry after success
// (the INSERT after the fetch that was being retried) runs once and is not
// reported.
type repeats func(pos token.Pos) bool

func always(token.Pos) bool { return true }

func (a *analyzer) repeatsIn(r *retryloop.Retry) repeats {
	switch {
	case r.Kind == retryloop.Loop && r.Loop != nil:
		body := funcBody(r.Enclosing)
		if body == nil {
			return always
		}
		return loopRepeats(a.cfgOf(body), r.Loop)
	case r.Kind == retryloop.Library && r.Body != nil:
		return closureRepeats(a.pass.TypesInfo, a.cfgOf(r.Body), r.Library)
	}
	return always
}

func funcBody(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Body
	case *ast.FuncLit:
		return n.Body
	}
	return nil
}

func (a *analyzer) cfgOf(body *ast.BlockStmt) *cfg.CFG {
	if g, ok := a.cfgs[body]; ok {
		return g
	}
	g := cfg.New(body, a.mayReturn)
	a.cfgs[body] = g
	return g
}

// mayReturn tells the CFG builder which calls end the goroutine.
func (a *analyzer) mayReturn(call *ast.CallExpr) bool {
	info := a.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, ok := info.Uses[id].(*types.Builtin); ok && id.Name == "panic" {
			return false
		}
	}
	fn := calleeFunc(info, call)
	return !isPkgFunc(fn, "os", "Exit") && !isPkgFunc(fn, "log", "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln")
}

// blockAt returns the block of g whose innermost node contains pos.
func blockAt(g *cfg.CFG, pos token.Pos, inside func(*cfg.Block) bool) *cfg.Block {
	var best *cfg.Block
	var size token.Pos
	for _, b := range g.Blocks {
		if inside != nil && !inside(b) {
			continue
		}
		for _, n := range b.Nodes {
			if n.Pos() <= pos && pos < n.End() && (best == nil || n.End()-n.Pos() < size) {
				best, size = b, n.End()-n.Pos()
			}
		}
	}
	return best
}

// loopRepeats: a position repeats when the loop's head can be reached from
// its block without leaving the loop.
func loopRepeats(g *cfg.CFG, loop ast.Stmt) repeats {
	var head *cfg.Block
	for _, b := range g.Blocks {
		if b.Stmt != loop {
			continue
		}
		switch b.Kind {
		case cfg.KindForLoop, cfg.KindRangeLoop:
			head = b
		case cfg.KindForBody:
			if head == nil {
				head = b
			}
		}
	}
	if head == nil {
		return always
	}
	body := retryloop.LoopBody(loop)
	inside := func(b *cfg.Block) bool {
		if b.Stmt == loop {
			return b.Kind != cfg.KindForDone && b.Kind != cfg.KindRangeDone
		}
		return b.Stmt != nil && body != nil && body.Pos() <= b.Stmt.Pos() && b.Stmt.Pos() < body.End()
	}
	return func(pos token.Pos) bool {
		start := blockAt(g, pos, inside)
		if start == nil {
			return true
		}
		seen := map[*cfg.Block]bool{}
		work := append([]*cfg.Block(nil), start.Succs...)
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			if b == head {
				return true
			}
			if seen[b] || !inside(b) {
				continue
			}
			seen[b] = true
			work = append(work, b.Succs...)
		}
		return false
	}
}

// closureRepeats: in a retried closure, a position repeats when a return
// that asks for another attempt can be reached from it: one whose error is
// not nil and not marked permanent. Some libraries (OnlyMarkedErrors)
// retry only errors marked retryable.
func closureRepeats(info *types.Info, g *cfg.CFG, library string) repeats {
	lib := knowledge.LookupRetryLibrary(library)
	onlyRetryable := lib != nil && lib.OnlyMarkedErrors
	retries := func(ret *ast.ReturnStmt) bool {
		if len(ret.Results) == 0 {
			return true
		}
		last := ast.Unparen(ret.Results[len(ret.Results)-1])
		if id, ok := last.(*ast.Ident); ok {
			if _, isNil := info.Uses[id].(*types.Nil); isNil {
				return false
			}
		}
		if call, ok := last.(*ast.CallExpr); ok {
			if fn := calleeFunc(info, call); fn != nil {
				switch {
				case knowledge.PermanentMarkers[fn.Name()]:
					return false
				case knowledge.RetryableMarkers[fn.Name()]:
					return true
				}
			}
		}
		return !onlyRetryable
	}
	return func(pos token.Pos) bool {
		start := blockAt(g, pos, nil)
		if start == nil {
			return true
		}
		seen := map[*cfg.Block]bool{}
		work := []*cfg.Block{start}
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			if seen[b] {
				continue
			}
			seen[b] = true
			if len(b.Nodes) > 0 {
				if ret, ok := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt); ok && retries(ret) {
					return true
				}
			}
			work = append(work, b.Succs...)
		}
		return false
	}
}
