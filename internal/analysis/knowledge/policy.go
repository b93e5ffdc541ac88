package knowledge

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
)

// Wait classifies how a retry waits between attempts.
type Wait int

const (
	// WaitUnknown: the analysis cannot tell; stay silent.
	WaitUnknown Wait = iota
	// WaitNone: attempts follow each other immediately.
	WaitNone
	// WaitConstant: the same wait every time.
	WaitConstant
	// WaitExponential: an exponentially growing wait without random jitter.
	WaitExponential
	// WaitGrowing: a wait that grows in another way (linear, Fibonacci)
	// without random jitter.
	WaitGrowing
	// WaitJittered: the wait has random jitter.
	WaitJittered
)

// Policy is what the configuration of one library retry says: whether it
// ever stops, what caps it, and how it waits between attempts. retrybound
// and retrybackoff both read it, so they read each library the same way.
type Policy struct {
	Library string

	// Unbounded is set when the configuration never stops retrying: no cap,
	// no elapsed-time limit and no context that ends. Why says what in the
	// configuration makes it so.
	Unbounded bool
	Why       string

	// CapSet is set when an explicit attempt or retry limit is given; Cap is
	// its value when constant (CapKnown), counted the way the library counts
	// (CapName says which option: "WithMaxRetries", "Attempts", ...).
	CapSet   bool
	CapKnown bool
	Cap      int64
	CapName  string
	CapPos   token.Pos

	// Wait is how attempts are spaced; WaitWhy names the configuration and
	// WaitPos is where it is written.
	Wait    Wait
	WaitWhy string
	WaitPos token.Pos

	// Unknown is set when the configuration could not be followed (a
	// backoff built elsewhere, options passed as a slice).
	Unknown bool
}

// ReadPolicy reads the configuration of call, a call of one of the Retries
// functions of the retry library with import path library, made in the
// function enclosing. It returns nil for other calls and for
// go-retryablehttp, whose configuration lives on the client (see
// ClientSettings).
func ReadPolicy(info *types.Info, call *ast.CallExpr, enclosing ast.Node, library string) *Policy {
	lib := LookupRetryLibrary(library)
	if info == nil || call == nil || lib == nil || lib.policy == nil {
		return nil
	}
	_, name, _ := Callee(info, call)
	p := &Policy{Library: library}
	if !lib.policy(&reader{info: info, scope: enclosing}, p, name, call) {
		return nil
	}
	return p
}

type reader struct {
	info  *types.Info
	scope ast.Node
}

// resolve follows a local variable to the one value assigned to it, and
// returns the variable too so that field assignments on it can be read.
func (a *reader) resolve(e ast.Expr) (ast.Expr, *types.Var) {
	e = astutil.Unparen(e)
	for range 8 {
		id, ok := e.(*ast.Ident)
		if !ok {
			return e, nil
		}
		v, ok := a.info.Uses[id].(*types.Var)
		if !ok {
			return e, nil
		}
		value := SoleAssignment(a.info, v, a.scope)
		if value == nil {
			return e, v
		}
		value = astutil.Unparen(value)
		if _, isIdent := value.(*ast.Ident); !isIdent {
			return value, v
		}
		e = value
	}
	return e, nil
}

// fieldSets returns the values assigned to field of v in the scope
// (v.field = x), in source order.
func (a *reader) fieldSets(v *types.Var, field string) []*ast.AssignStmt {
	if v == nil || a.scope == nil {
		return nil
	}
	var sets []*ast.AssignStmt
	ast.Inspect(a.scope, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for _, l := range as.Lhs {
			sel, ok := astutil.Unparen(l).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != field {
				continue
			}
			if id, ok := astutil.Unparen(sel.X).(*ast.Ident); ok && a.info.Uses[id] == v {
				sets = append(sets, as)
			}
		}
		return true
	})
	return sets
}

// fieldValue returns the last value assigned to v.field, and where.
func (a *reader) fieldValue(v *types.Var, field string) (ast.Expr, ast.Node) {
	sets := a.fieldSets(v, field)
	if len(sets) == 0 {
		return nil, nil
	}
	as := sets[len(sets)-1]
	for i, l := range as.Lhs {
		if sel, ok := astutil.Unparen(l).(*ast.SelectorExpr); ok && sel.Sel.Name == field {
			return as.Rhs[i], as
		}
	}
	return nil, nil
}

func (a *reader) callee(e ast.Expr) (pkg, name string, call *ast.CallExpr) {
	call, ok := astutil.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", "", nil
	}
	pkg, name, _ = Callee(a.info, call)
	return pkg, name, call
}

// constInt returns the constant integer value of e.
func (a *reader) constInt(e ast.Expr) (int64, bool) {
	tv, ok := a.info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	v := constant.ToInt(tv.Value)
	if v.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(v)
}

// constFloat returns the constant numeric value of e.
func (a *reader) constFloat(e ast.Expr) (float64, bool) {
	tv, ok := a.info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	v := constant.ToFloat(tv.Value)
	if v.Kind() != constant.Float {
		return 0, false
	}
	f, _ := constant.Float64Val(v)
	return f, true
}

// compositeOf returns the composite literal e builds (T{...} or &T{...}) and
// the name of its type when the type is declared in pkg.
func (a *reader) compositeOf(e ast.Expr, pkg string) (*ast.CompositeLit, string) {
	e = astutil.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = astutil.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, ""
	}
	named, ok := types.Unalias(a.info.TypeOf(lit)).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != pkg {
		return nil, ""
	}
	return lit, named.Obj().Name()
}

func litField(lit *ast.CompositeLit, name string) ast.Expr {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// ctxEnds reports whether the context expression e can end the retry.
//
// A context counts as a bound where passing one is a choice (optIn:
// backoff v4's WithContext, retry-go's Context option) unless it is
// context.Background() or context.TODO(). Where the context is a mandatory
// argument (backoff v5, sethvargo/go-retry) it counts only when made in the
// same function by context.WithTimeout or context.WithDeadline, since every
// caller has to pass some context and most pass one that never ends.
func (a *reader) ctxEnds(e ast.Expr, optIn bool) bool {
	e = astutil.Unparen(e)
	for range 8 {
		if call, ok := e.(*ast.CallExpr); ok {
			pkg, name, _ := Callee(a.info, call)
			if pkg == "context" {
				switch name {
				case "Background", "TODO":
					return false
				case "WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause":
					return true
				case "WithCancel", "WithCancelCause", "WithValue", "WithoutCancel":
					if name == "WithoutCancel" {
						return false
					}
					if len(call.Args) > 0 {
						e = astutil.Unparen(call.Args[0])
						continue
					}
				}
			}
			return optIn
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return optIn
		}
		v, ok := a.info.Uses[id].(*types.Var)
		if !ok {
			return optIn
		}
		def := definingCall(a.info, v, a.scope)
		if def == nil {
			return optIn
		}
		e = def
	}
	return optIn
}

// definingCall returns the call whose result (or first result) is the only
// value ever assigned to v in scope, as in ctx, cancel := context.WithTimeout(...).
func definingCall(info *types.Info, v *types.Var, scope ast.Node) ast.Expr {
	if scope == nil {
		return nil
	}
	var value ast.Expr
	count := 0
	ast.Inspect(scope, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, l := range as.Lhs {
			id, ok := astutil.Unparen(l).(*ast.Ident)
			if !ok || info.ObjectOf(id) != v {
				continue
			}
			count++
			switch {
			case len(as.Rhs) == len(as.Lhs):
				value = as.Rhs[i]
			case len(as.Rhs) == 1 && i == 0:
				value = as.Rhs[0]
			default:
				value = nil
			}
		}
		return true
	})
	if count != 1 {
		return nil
	}
	return value
}
