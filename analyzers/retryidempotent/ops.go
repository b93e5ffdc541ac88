package retryidempotent

import (
	"go/ast"
	"go/types"
	"slices"
	"sort"

	"github.com/nines-dev/nines/internal/analysis/knowledge"
)

// keyOf merges what a region knows about the key of request v: headers set
// on it or on requests derived from it (WithContext, Clone), header maps
// installed on it, and helpers it was passed to that set a key.
func (a *analyzer) keyOf(s *scan, v *types.Var) keyState {
	var k keyState
	group := a.group(s, v)
	members := make([]*types.Var, 0, len(group))
	for x := range group {
		members = append(members, x)
	}
	// Merge in source order, so that the generator named for a fresh key
	// is the same on every run.
	sort.Slice(members, func(i, j int) bool { return members[i].Pos() < members[j].Pos() })
	for _, x := range members {
		u := s.requests[x]
		if u == nil {
			continue
		}
		k.merge(u.key)
		for _, h := range u.headers {
			if hk := s.headers[h]; hk != nil {
				k.merge(*hk)
			} else {
				// A header map built outside the region: it may hold
				// the key.
				k.unknown = true
			}
		}
		for _, p := range u.passed {
			if f := a.keyFactOf(p.callee); f != nil && containsInt(f.Params, p.index) {
				k.merge(keyState{set: true, fresh: f.Fresh})
			}
		}
	}
	return k
}

// sentIn reports whether request v, or a request derived from it, is used
// by a call of the region.
func (a *analyzer) sentIn(s *scan, v *types.Var) bool {
	if s.used[v] {
		return true
	}
	for y, u := range s.requests {
		for _, z := range u.aliasOf {
			if z == v && s.used[y] {
				return true
			}
		}
	}
	return false
}

func (a *analyzer) returned(s *scan, v *types.Var) bool {
	if u := s.requests[v]; u != nil {
		return u.returned
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// ops applies the current facts to a scan and returns the region's unsafe
// operations in source order. outer is the scan of the enclosing function
// when s is a retry body, nil when s is a function body: then requests
// returned to the caller are the caller's to key, and requests made
// outside the retry but sent inside it are looked for in outer.
func (a *analyzer) ops(s *scan, outer *scan) []*op {
	var ops []*op
	for _, c := range s.creations {
		var key keyState
		if outer == nil && s.returns[c.node] {
			continue
		}
		switch {
		case c.keyless:
		case c.v != nil:
			if outer == nil && a.returned(s, c.v) {
				continue
			}
			if !c.immediate && !a.sentIn(s, c.v) {
				continue
			}
			key = a.keyOf(s, c.v)
			key.merge(c.literalKey)
		default:
			key = c.literalKey
		}
		if o := requestOp(c.node, c.what, c.method, key); o != nil {
			o.keyless = c.keyless
			ops = append(ops, o)
		}
	}
	if outer != nil {
		ops = append(ops, a.sentInside(s, outer)...)
	}
	for _, o := range s.sqlOps {
		if outer != nil && o.inTx {
			continue
		}
		ops = append(ops, o)
	}
	ops = append(ops, a.methodOps(s)...)
	ops = append(ops, a.passedToRetrier(s)...)
	ops = append(ops, a.sqlPassedToRetrier(s)...)
	for _, c := range s.calls {
		if f := a.factOf(c.callee); f != nil && !inOps(ops, c.call) {
			ops = append(ops, &op{kind: f.Kind, node: c.call, callee: c.callee, fact: f, holder: c.holder})
		}
	}
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].node.Pos() < ops[j].node.Pos() })
	return ops
}

func requestOp(node ast.Node, what, method string, key keyState) *op {
	switch {
	case key.fresh != "":
		return &op{kind: opFreshKey, node: node, what: what, method: method, detail: key.fresh}
	case key.set || key.unknown:
		return nil
	}
	o := &op{kind: opPost, node: node, what: what, method: method}
	sets := make([]ast.Node, len(key.only))
	for i, b := range key.only {
		sets[i] = b.set
	}
	for _, b := range key.only {
		if b.top.Pos() <= node.Pos() && node.End() <= b.top.End() {
			// Created inside the conditional that sets the key: which
			// paths reach the send is not judged.
			return nil
		}
		if covers(b.top, sets) {
			return nil // every path through it sets the key
		}
		if o.branch == nil {
			o.branch = b.top
		}
	}
	return o
}

// sentInside finds requests created before the retry and sent inside it:
// each attempt sends the same request again, so it needs a key as much as
// one created inside. They are reported at the send, the only place
// inside the retry, unless a key is set anywhere in the function; a key set
// inside the retry from a fresh value still changes on every attempt.
func (a *analyzer) sentInside(s, outer *scan) []*op {
	var ops []*op
	for _, c := range outer.creations {
		if c.v == nil || c.keyless || within(c.node, s.region) {
			continue
		}
		u := s.requests[c.v]
		if u == nil || len(u.sends) == 0 {
			continue
		}
		inner := a.keyOf(s, c.v)
		key := a.keyOf(outer, c.v)
		key.merge(c.literalKey)
		key.fresh = inner.fresh
		if o := requestOp(u.sends[0], c.what, c.method, key); o != nil {
			o.what = c.what
			ops = append(ops, o)
		}
	}
	return ops
}

func within(n ast.Node, region *ast.BlockStmt) bool {
	return region != nil && region.Pos() <= n.Pos() && n.End() <= region.End()
}

// retryableHTTPOp judges a send through a go-retryablehttp client, which
// repeats the request itself: Post and PostForm cannot carry a key, and a
// request given to Do is judged by its creation in the enclosing function.
func (a *analyzer) retryableHTTPOp(call *ast.CallExpr, outer *scan) *op {
	fn := calleeFunc(a.pass.TypesInfo, call)
	if fn == nil {
		return nil
	}
	switch {
	case slices.Contains(knowledge.RetryableHTTPPosts, fn.Name()):
		return &op{kind: opPost, node: call, what: funcName(fn, nil), method: "POST", keyless: true}
	case fn.Name() == "Do":
		if outer == nil || len(call.Args) != 1 {
			return nil
		}
		v := rootVar(a.pass.TypesInfo, call.Args[0])
		for _, c := range outer.creations {
			if c.v == nil || c.v != v {
				continue
			}
			key := a.keyOf(outer, v)
			key.merge(c.literalKey)
			key.fresh = ""
			return requestOp(call, c.what, c.method, key)
		}
	}
	return nil
}

// passedToRetrier finds POST requests created in a function and handed to
// a function that retries them (a RetryDo(client, req, n) helper, carrying
// a retriesRequest fact), reported at that call.
func (a *analyzer) passedToRetrier(s *scan) []*op {
	var ops []*op
	for _, c := range s.creations {
		if c.v == nil {
			continue
		}
		for x := range a.group(s, c.v) {
			u := s.requests[x]
			if u == nil {
				continue
			}
			for _, p := range u.passed {
				f := a.retriedFactOf(p.callee)
				if f == nil || !containsInt(f.Params, p.index) {
					continue
				}
				key := a.keyOf(s, c.v)
				key.merge(c.literalKey)
				if o := requestOp(p.call, funcName(p.callee, nil), c.method, key); o != nil {
					o.retrier = p.callee
					ops = append(ops, o)
				}
			}
		}
	}
	return ops
}

// group returns v and the requests derived from it or it from them.
func (a *analyzer) group(s *scan, v *types.Var) map[*types.Var]bool {
	group := map[*types.Var]bool{v: true}
	work := []*types.Var{v}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		link := func(y *types.Var) {
			if !group[y] {
				group[y] = true
				work = append(work, y)
			}
		}
		if u := s.requests[x]; u != nil {
			for _, y := range u.aliasOf {
				link(y)
			}
		}
		for y, u := range s.requests {
			for _, z := range u.aliasOf {
				if z == x {
					link(y)
				}
			}
		}
	}
	return group
}

func inOps(ops []*op, n ast.Node) bool {
	for _, o := range ops {
		if o.node == n {
			return true
		}
	}
	return false
}
