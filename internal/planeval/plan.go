package planeval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// Plan is a policy compiled to OPA's intermediate representation, ready to
// evaluate. It is safe for concurrent use.
type Plan struct {
	plans map[string]*function
	files []string
}

type opcode int

const (
	opCall opcode = iota
	opAssignVar
	opAssignVarOnce
	opBlock
	opBreak
	opDot
	opScan
	opNot
	opMakeNull
	opMakeNumberRef
	opMakeNumberInt
	opMakeArray
	opMakeObject
	opMakeSet
	opEqual
	opNotEqual
	opIsArray
	opIsObject
	opIsSet
	opIsDefined
	opIsUndefined
	opResetLocal
	opArrayAppend
	opObjectInsert
	opObjectInsertOnce
	opSetAdd
	opReturnLocal
	opResultSetAdd
	opLen
	opAssignInt
	opNop
)

var opcodes = map[string]opcode{
	"CallStmt": opCall, "AssignVarStmt": opAssignVar, "AssignVarOnceStmt": opAssignVarOnce,
	"BlockStmt": opBlock, "BreakStmt": opBreak, "DotStmt": opDot, "ScanStmt": opScan, "NotStmt": opNot,
	"MakeNullStmt": opMakeNull, "MakeNumberRefStmt": opMakeNumberRef, "MakeNumberIntStmt": opMakeNumberInt,
	"MakeArrayStmt": opMakeArray, "MakeObjectStmt": opMakeObject, "MakeSetStmt": opMakeSet,
	"EqualStmt": opEqual, "NotEqualStmt": opNotEqual, "IsArrayStmt": opIsArray, "IsObjectStmt": opIsObject,
	"IsSetStmt": opIsSet, "IsDefinedStmt": opIsDefined, "IsUndefinedStmt": opIsUndefined,
	"ResetLocalStmt": opResetLocal, "ArrayAppendStmt": opArrayAppend, "ObjectInsertStmt": opObjectInsert,
	"ObjectInsertOnceStmt": opObjectInsertOnce, "SetAddStmt": opSetAdd, "ReturnLocalStmt": opReturnLocal,
	"ResultSetAddStmt": opResultSetAdd, "LenStmt": opLen, "AssignIntStmt": opAssignInt, "NopStmt": opNop,
}

// operand is a local or a constant.
type operand struct {
	local int // -1 for a constant
	value Value
}

type stmt struct {
	op      opcode
	fn      *function // a call of a plan function
	builtin builtin   // or of a built-in
	name    string
	args    []operand
	a, b    operand  // source and key, or the two sides of a comparison
	target  int      // result, target, array, object or set
	key     int      // a scan's key local
	value   int      // a scan's value local
	blocks  []*block // BlockStmt
	block   *block   // ScanStmt, NotStmt
	index   int      // BreakStmt
	number  Value    // MakeNumber*
	loc     [3]int   // file, row, col
}

type block struct{ stmts []stmt }

type function struct {
	name   string
	params []int
	ret    int
	blocks []*block
	locals int
	memo   bool // no parameters but input and data: its value is cached per evaluation
}

// The plan's JSON form.
type (
	planJSON struct {
		Static struct {
			Strings []struct {
				Value string `json:"value"`
			} `json:"strings"`
			BuiltinFuncs []struct {
				Name string `json:"name"`
			} `json:"builtin_funcs"`
			Files []struct {
				Value string `json:"value"`
			} `json:"files"`
		} `json:"static"`
		Plans struct {
			Plans []struct {
				Name   string      `json:"name"`
				Blocks []blockJSON `json:"blocks"`
			} `json:"plans"`
		} `json:"plans"`
		Funcs struct {
			Funcs []struct {
				Name   string      `json:"name"`
				Params []int       `json:"params"`
				Return int         `json:"return"`
				Blocks []blockJSON `json:"blocks"`
			} `json:"funcs"`
		} `json:"funcs"`
	}
	blockJSON struct {
		Stmts []stmtJSON `json:"stmts"`
	}
	stmtJSON struct {
		Type string   `json:"type"`
		Stmt stmtBody `json:"stmt"`
	}
	operandJSON struct {
		Type  string          `json:"type"`
		Value json.RawMessage `json:"value"`
	}
	stmtBody struct {
		Func     string          `json:"func"`
		Args     []operandJSON   `json:"args"`
		Result   *int            `json:"result"`
		Source   json.RawMessage `json:"source"`
		Key      json.RawMessage `json:"key"`
		Value    json.RawMessage `json:"value"`
		Target   *int            `json:"target"`
		Array    *int            `json:"array"`
		Object   *int            `json:"object"`
		Set      *int            `json:"set"`
		A        *operandJSON    `json:"a"`
		B        *operandJSON    `json:"b"`
		Blocks   []blockJSON     `json:"blocks"`
		Block    *blockJSON      `json:"block"`
		Index    int             `json:"index"`
		Capacity int             `json:"capacity"`
		File     int             `json:"file"`
		Row      int             `json:"row"`
		Col      int             `json:"col"`
	}
)

// Load decodes a plan (the JSON OPA's compiler writes for target "plan").
// It fails if the plan calls a built-in function or uses a statement this
// package does not implement.
func Load(data []byte) (*Plan, error) {
	var pj planJSON
	if err := json.Unmarshal(data, &pj); err != nil {
		return nil, fmt.Errorf("decoding the plan: %w", err)
	}
	l := &loader{strings: make([]string, len(pj.Static.Strings)), funcs: map[string]*function{}}
	for i, s := range pj.Static.Strings {
		l.strings[i] = s.Value
	}
	p := &Plan{plans: map[string]*function{}}
	for _, f := range pj.Static.Files {
		p.files = append(p.files, f.Value)
	}
	l.files = p.files
	for _, b := range pj.Static.BuiltinFuncs {
		if builtins[b.Name] == nil {
			return nil, fmt.Errorf("the plan calls built-in function %s, which planeval does not implement", b.Name)
		}
	}
	for _, f := range pj.Funcs.Funcs {
		l.funcs[f.Name] = &function{name: f.Name, params: f.Params, ret: f.Return, memo: len(f.Params) == 2 && f.Params[0] == 0 && f.Params[1] == 1}
	}
	for _, f := range pj.Funcs.Funcs {
		fn := l.funcs[f.Name]
		l.max = max(f.Return, 1)
		for _, p := range f.Params {
			l.max = max(l.max, p)
		}
		var err error
		if fn.blocks, err = l.blocks(f.Blocks); err != nil {
			return nil, fmt.Errorf("function %s: %w", f.Name, err)
		}
		fn.locals = l.max + 1
	}
	for _, pl := range pj.Plans.Plans {
		l.max = 1
		blocks, err := l.blocks(pl.Blocks)
		if err != nil {
			return nil, fmt.Errorf("plan %s: %w", pl.Name, err)
		}
		p.plans[pl.Name] = &function{name: pl.Name, params: []int{0, 1}, blocks: blocks, locals: l.max + 1, ret: -1}
	}
	return p, nil
}

// Entrypoints returns the names of the plans, sorted.
func (p *Plan) Entrypoints() []string {
	out := make([]string, 0, len(p.plans))
	for name := range p.plans {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

type loader struct {
	strings []string
	files   []string
	funcs   map[string]*function
	max     int
}

func (l *loader) blocks(bs []blockJSON) ([]*block, error) {
	out := make([]*block, len(bs))
	for i := range bs {
		b, err := l.block(&bs[i])
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func (l *loader) local(n int) int {
	l.max = max(l.max, n)
	return n
}

func (l *loader) localPtr(p *int, typ, field string) (int, error) {
	if p == nil {
		return 0, fmt.Errorf("%s without %s", typ, field)
	}
	return l.local(*p), nil
}

func (l *loader) operand(o *operandJSON) (operand, error) {
	if o == nil {
		return operand{}, errors.New("missing operand")
	}
	switch o.Type {
	case "local":
		var n int
		if err := json.Unmarshal(o.Value, &n); err != nil {
			return operand{}, err
		}
		return operand{local: l.local(n)}, nil
	case "string_index":
		var n int
		if err := json.Unmarshal(o.Value, &n); err != nil {
			return operand{}, err
		}
		if n < 0 || n >= len(l.strings) {
			return operand{}, fmt.Errorf("string index %d out of range", n)
		}
		return operand{local: -1, value: String(l.strings[n])}, nil
	case "bool":
		var b bool
		if err := json.Unmarshal(o.Value, &b); err != nil {
			return operand{}, err
		}
		return operand{local: -1, value: Bool(b)}, nil
	}
	return operand{}, fmt.Errorf("operand of type %q", o.Type)
}

// rawOperand decodes a field that is an operand.
func (l *loader) rawOperand(raw json.RawMessage) (operand, error) {
	var o operandJSON
	if err := json.Unmarshal(raw, &o); err != nil {
		return operand{}, err
	}
	return l.operand(&o)
}

// rawLocal decodes a field that is a local.
func (l *loader) rawLocal(raw json.RawMessage) (int, error) {
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, err
	}
	return l.local(n), nil
}

func (l *loader) block(bj *blockJSON) (*block, error) {
	b := &block{stmts: make([]stmt, 0, len(bj.Stmts))}
	for _, sj := range bj.Stmts {
		op, ok := opcodes[sj.Type]
		if !ok {
			return nil, fmt.Errorf("statement %s is not implemented", sj.Type)
		}
		s, err := l.stmt(op, sj.Type, &sj.Stmt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sj.Type, err)
		}
		b.stmts = append(b.stmts, s)
	}
	return b, nil
}

func (l *loader) stmt(op opcode, typ string, j *stmtBody) (stmt, error) {
	s := stmt{op: op, loc: [3]int{j.File, j.Row, j.Col}}
	var err error
	switch op {
	case opCall:
		s.name = j.Func
		if s.fn = l.funcs[j.Func]; s.fn == nil {
			if s.builtin = builtins[j.Func]; s.builtin == nil {
				return s, fmt.Errorf("unknown function %s", j.Func)
			}
		}
		for i := range j.Args {
			o, err := l.operand(&j.Args[i])
			if err != nil {
				return s, err
			}
			s.args = append(s.args, o)
		}
		s.target, err = l.localPtr(j.Result, typ, "result")
	case opAssignVar, opAssignVarOnce, opDot, opIsArray, opIsObject, opIsSet, opLen:
		if s.a, err = l.rawOperand(j.Source); err != nil {
			return s, err
		}
		if op == opDot {
			if s.b, err = l.rawOperand(j.Key); err != nil {
				return s, err
			}
		}
		if op == opAssignVar || op == opAssignVarOnce || op == opDot || op == opLen {
			s.target, err = l.localPtr(j.Target, typ, "target")
		}
	case opIsDefined, opIsUndefined, opReturnLocal:
		s.target, err = l.rawLocal(j.Source)
	case opResultSetAdd:
		s.target, err = l.rawLocal(j.Value)
	case opBlock:
		s.blocks, err = l.blocks(j.Blocks)
	case opBreak:
		s.index = j.Index
	case opScan:
		if s.target, err = l.rawLocal(j.Source); err != nil {
			return s, err
		}
		if s.key, err = l.rawLocal(j.Key); err != nil {
			return s, err
		}
		if s.value, err = l.rawLocal(j.Value); err != nil {
			return s, err
		}
		if j.Block == nil {
			return s, errors.New("no block")
		}
		s.block, err = l.block(j.Block)
	case opNot:
		if j.Block == nil {
			return s, errors.New("no block")
		}
		s.block, err = l.block(j.Block)
	case opMakeNumberRef:
		if j.Index < 0 || j.Index >= len(l.strings) {
			return s, fmt.Errorf("string index %d out of range", j.Index)
		}
		s.number = Number(l.strings[j.Index])
		s.target, err = l.localPtr(j.Target, typ, "target")
	case opMakeNumberInt, opAssignInt:
		var n int64
		if err := json.Unmarshal(j.Value, &n); err != nil {
			return s, err
		}
		s.number = Number(fmt.Sprint(n))
		s.target, err = l.localPtr(j.Target, typ, "target")
	case opMakeNull, opMakeArray, opMakeObject, opMakeSet, opResetLocal:
		s.target, err = l.localPtr(j.Target, typ, "target")
	case opEqual, opNotEqual:
		if s.a, err = l.operand(j.A); err != nil {
			return s, err
		}
		s.b, err = l.operand(j.B)
	case opArrayAppend:
		if s.a, err = l.rawOperand(j.Value); err != nil {
			return s, err
		}
		s.target, err = l.localPtr(j.Array, typ, "array")
	case opObjectInsert, opObjectInsertOnce:
		if s.a, err = l.rawOperand(j.Key); err != nil {
			return s, err
		}
		if s.b, err = l.rawOperand(j.Value); err != nil {
			return s, err
		}
		s.target, err = l.localPtr(j.Object, typ, "object")
	case opSetAdd:
		if s.a, err = l.rawOperand(j.Value); err != nil {
			return s, err
		}
		s.target, err = l.localPtr(j.Set, typ, "set")
	}
	return s, err
}

// Error is an evaluation error at a position of the policy source.
type Error struct {
	File     string
	Row, Col int
	Message  string
}

func (e *Error) Error() string {
	if e.File == "" {
		return e.Message
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Row, max(e.Col, 1), e.Message)
}

// Eval evaluates the plan named entrypoint over input and data and returns
// the value of its result, false when it is undefined.
func (p *Plan) Eval(ctx context.Context, entrypoint string, input, data Value) (Value, bool, error) {
	pl := p.plans[entrypoint]
	if pl == nil {
		return nil, false, fmt.Errorf("no plan named %s", entrypoint)
	}
	if data == nil {
		data = NewObject()
	}
	e := &evaluator{ctx: ctx, plan: p, memo: map[*function]Value{}, results: NewSet()}
	frame := make([]Value, pl.locals)
	frame[0], frame[1] = input, data
	if _, _, err := e.blocks(frame, pl.blocks); err != nil {
		return nil, false, err
	}
	for _, r := range e.results.Elems() {
		if o, ok := r.(*Object); ok {
			if v, ok := o.Get(String("result")); ok {
				return v, true, nil
			}
		}
	}
	return nil, false, nil
}
