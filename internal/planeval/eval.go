package planeval

import (
	"context"
	"fmt"
	"strconv"
)

// returned is the outcome of a block left by a ReturnLocalStmt.
const returned = 1 << 30

type evaluator struct {
	ctx     context.Context
	plan    *Plan
	memo    map[*function]Value
	results *Set
	steps   int
	ret     Value
}

// undefinedValue marks a cached function whose value is undefined.
type undefinedValue struct{}

func (undefinedValue) kind() int { return -1 }

func (e *evaluator) errorf(s *stmt, format string, args ...any) error {
	err := &Error{Row: s.loc[1], Col: s.loc[2], Message: fmt.Sprintf(format, args...)}
	if f := s.loc[0]; f >= 0 && f < len(e.plan.files) && s.loc[1] > 0 {
		err.File = e.plan.files[f]
	}
	return err
}

// blocks runs the blocks of a function or plan in turn.
func (e *evaluator) blocks(frame []Value, bs []*block) (bool, Value, error) {
	for _, b := range bs {
		r, err := e.block(frame, b)
		if err != nil {
			return false, nil, err
		}
		if r == returned {
			return true, e.ret, nil
		}
	}
	return false, nil, nil
}

func (e *evaluator) call(fn *function, args []Value) (Value, error) {
	if fn.memo {
		if v, ok := e.memo[fn]; ok {
			return v, nil
		}
	}
	frame := make([]Value, fn.locals)
	for i, p := range fn.params {
		frame[p] = args[i]
	}
	ok, v, err := e.blocks(frame, fn.blocks)
	if err != nil {
		return nil, err
	}
	if !ok {
		v = frame[fn.ret]
	}
	if fn.memo {
		if v == nil {
			e.memo[fn] = undefinedValue{}
		} else {
			e.memo[fn] = v
		}
	}
	return v, nil
}

func (e *evaluator) read(frame []Value, o operand) Value {
	if o.local < 0 {
		return o.value
	}
	return frame[o.local]
}

// block runs b: -1 when it ran to its end, n >= 0 when it was left with n
// enclosing blocks still to leave, returned after a ReturnLocalStmt.
func (e *evaluator) block(frame []Value, b *block) (int, error) {
	for i := range b.stmts {
		s := &b.stmts[i]
		if e.steps++; e.steps&0xfff == 0 {
			if err := e.ctx.Err(); err != nil {
				return 0, err
			}
		}
		switch s.op {
		case opCall:
			args := make([]Value, len(s.args))
			for i, a := range s.args {
				if args[i] = e.read(frame, a); args[i] == nil {
					return 0, nil
				}
			}
			var v Value
			var err error
			if s.fn != nil {
				if len(args) != len(s.fn.params) {
					return 0, e.errorf(s, "%s called with %d arguments, want %d", s.name, len(args), len(s.fn.params))
				}
				v, err = e.call(s.fn, args)
			} else {
				v, err = s.builtin(args)
				if err != nil {
					err = e.errorf(s, "%s: %v", s.name, err)
				}
			}
			if err != nil {
				return 0, err
			}
			if _, undef := v.(undefinedValue); undef || v == nil {
				return 0, nil
			}
			frame[s.target] = v
		case opAssignVar:
			frame[s.target] = e.read(frame, s.a)
		case opAssignVarOnce:
			v := e.read(frame, s.a)
			if old := frame[s.target]; old != nil && !Equal(old, v) {
				return 0, e.errorf(s, "complete rules must not produce multiple outputs")
			}
			frame[s.target] = v
		case opAssignInt, opMakeNumberInt, opMakeNumberRef:
			frame[s.target] = s.number
		case opBlock:
			for _, sub := range s.blocks {
				r, err := e.block(frame, sub)
				if err != nil {
					return 0, err
				}
				if r == returned {
					return r, nil
				}
				if r > 0 {
					return r - 1, nil
				}
			}
		case opBreak:
			return s.index, nil
		case opDot:
			src := e.read(frame, s.a)
			v := dot(src, e.read(frame, s.b))
			if v == nil {
				return 0, nil
			}
			frame[s.target] = v
		case opScan:
			r, err := e.scan(frame, s)
			if err != nil || r >= 0 {
				return r, err
			}
		case opNot:
			r, err := e.block(frame, s.block)
			switch {
			case err != nil:
				return 0, err
			case r == returned:
				return r, nil
			case r < 0:
				return 0, nil
			case r > 0:
				return r - 1, nil
			}
		case opMakeNull:
			frame[s.target] = Null{}
		case opMakeArray:
			frame[s.target] = &Array{elems: []Value{}}
		case opMakeObject:
			frame[s.target] = NewObject()
		case opMakeSet:
			frame[s.target] = NewSet()
		case opEqual, opNotEqual:
			a, b := e.read(frame, s.a), e.read(frame, s.b)
			if a == nil || b == nil || Equal(a, b) != (s.op == opEqual) {
				return 0, nil
			}
		case opIsArray, opIsObject, opIsSet:
			v := e.read(frame, s.a)
			var ok bool
			switch v.(type) {
			case *Array:
				ok = s.op == opIsArray
			case *Object:
				ok = s.op == opIsObject
			case *Set:
				ok = s.op == opIsSet
			}
			if !ok {
				return 0, nil
			}
		case opIsDefined:
			if frame[s.target] == nil {
				return 0, nil
			}
		case opIsUndefined:
			if frame[s.target] != nil {
				return 0, nil
			}
		case opResetLocal:
			frame[s.target] = nil
		case opArrayAppend:
			arr, ok := frame[s.target].(*Array)
			if !ok {
				return 0, e.errorf(s, "ArrayAppendStmt on %T", frame[s.target])
			}
			arr.elems = append(arr.elems, e.read(frame, s.a))
		case opObjectInsert, opObjectInsertOnce:
			obj, ok := frame[s.target].(*Object)
			if !ok {
				return 0, e.errorf(s, "ObjectInsertStmt on %T", frame[s.target])
			}
			k, v := e.read(frame, s.a), e.read(frame, s.b)
			if s.op == opObjectInsertOnce {
				if old, ok := obj.Get(k); ok && !Equal(old, v) {
					return 0, e.errorf(s, "object keys must be unique")
				}
			}
			obj.Insert(k, v)
		case opSetAdd:
			set, ok := frame[s.target].(*Set)
			if !ok {
				return 0, e.errorf(s, "SetAddStmt on %T", frame[s.target])
			}
			set.Add(e.read(frame, s.a))
		case opReturnLocal:
			e.ret = frame[s.target]
			return returned, nil
		case opResultSetAdd:
			e.results.Add(frame[s.target])
		case opLen:
			n, ok := length(e.read(frame, s.a))
			if !ok {
				return 0, nil
			}
			frame[s.target] = Number(strconv.Itoa(n))
		case opNop:
		}
	}
	return -1, nil
}

func (e *evaluator) scan(frame []Value, s *stmt) (int, error) {
	body := func(k, v Value) (int, error) {
		frame[s.key], frame[s.value] = k, v
		r, err := e.block(frame, s.block)
		if err != nil || r == returned {
			return r, err
		}
		if r > 0 {
			return r - 1, nil
		}
		return -1, nil
	}
	switch src := frame[s.target].(type) {
	case *Array:
		for i, v := range src.elems {
			if r, err := body(Number(strconv.Itoa(i)), v); err != nil || r >= 0 {
				return r, err
			}
		}
	case *Object:
		src.sort()
		keys, vals := src.keys, src.vals
		for i := range keys {
			if r, err := body(keys[i], vals[i]); err != nil || r >= 0 {
				return r, err
			}
		}
	case *Set:
		for _, v := range src.Elems() {
			if r, err := body(v, v); err != nil || r >= 0 {
				return r, err
			}
		}
	}
	return -1, nil
}

// dot is src[key], nil when undefined.
func dot(src, key Value) Value {
	switch src := src.(type) {
	case *Object:
		v, _ := src.Get(key)
		return v
	case *Array:
		n, ok := key.(Number)
		if !ok {
			return nil
		}
		i, ok := atoi64(string(n))
		if !ok || i < 0 || i >= int64(len(src.elems)) {
			return nil
		}
		return src.elems[i]
	case *Set:
		if src.Contains(key) {
			return key
		}
	}
	return nil
}

func length(v Value) (int, bool) {
	switch v := v.(type) {
	case *Array:
		return len(v.elems), true
	case *Object:
		return v.Len(), true
	case *Set:
		return v.Len(), true
	case String:
		return len([]rune(string(v))), true
	}
	return 0, false
}
