package flow

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes, once per package, the Index the flow-sensitive checks
// share.
var Analyzer = &analysis.Analyzer{
	Name:       "flow",
	Doc:        "index the channel operations, channel makes and blocking functions of a package for leash's checks",
	Run:        func(pass *analysis.Pass) (any, error) { return NewIndex(pass.Pkg, pass.TypesInfo, pass.Files), nil },
	ResultType: reflect.TypeFor[*Index](),
}

// Index records every channel operation and channel make of a package.
type Index struct {
	// Ops lists the package's channel operations in source order.
	Ops []*Op

	pkg       *types.Package
	info      *types.Info
	byKey     map[types.Object][]*Op
	makes     map[types.Object][]Make
	accessors map[*types.Func]*types.Var
	decls     map[*types.Func]*ast.FuncDecl
	funcs     []*types.Func // declared in the package, in source order
	blocking  map[*types.Func]*Block
	aliases   map[*types.Var]ast.Expr // local variables that only ever copy a field
	foreign   map[types.Object]bool   // variables and fields assigned something other than a make
	copies    [][2]types.Object       // a variable or field assigned another variable: {to, from}
	params    map[*types.Var]ast.Expr // parameters of functions called once: the argument
	calls     map[*types.Func][]*ast.CallExpr
	escaped   map[*types.Func]bool // used other than by a direct call
	looped    map[*types.Func]bool // called from inside a loop
	binding   int                  // depth of parameter-to-argument lookups in progress
	locking   map[*types.Func]map[types.Object]bool
}

// maxBinding bounds chains of parameters bound to arguments that are
// parameters themselves.
const maxBinding = 8

// Make is one make(chan T[, n]) whose result is stored in a variable or
// field.
type Make struct {
	Call *ast.CallExpr
	// Cap is the constant capacity, 0 for an unbuffered channel, or -1 when
	// the capacity is not a constant.
	Cap int
}

// NewIndex indexes files, which must all belong to pkg. Checks obtain the
// Index through Analyzer rather than calling this directly.
func NewIndex(pkg *types.Package, info *types.Info, files []*ast.File) *Index {
	ix := &Index{
		pkg:       pkg,
		info:      info,
		byKey:     make(map[types.Object][]*Op),
		makes:     make(map[types.Object][]Make),
		accessors: make(map[*types.Func]*types.Var),
		decls:     make(map[*types.Func]*ast.FuncDecl),
		aliases:   make(map[*types.Var]ast.Expr),
		foreign:   make(map[types.Object]bool),
		params:    make(map[*types.Var]ast.Expr),
		calls:     make(map[*types.Func][]*ast.CallExpr),
		escaped:   make(map[*types.Func]bool),
		looped:    make(map[*types.Func]bool),
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					ix.decls[fn] = fd
					ix.funcs = append(ix.funcs, fn)
					if field := accessorField(info, fd); field != nil {
						ix.accessors[fn] = field
					}
				}
			}
		}
	}
	reassigned := make(map[*types.Var]bool)
	for _, f := range files {
		ast.PreorderStack(f, nil, func(n ast.Node, stack []ast.Node) bool {
			ix.visit(n, stack)
			ix.noteAlias(n, reassigned)
			ix.noteCall(n, stack)
			return true
		})
	}
	for v := range reassigned {
		delete(ix.aliases, v)
	}
	// A channel copied from a variable has that variable's makes —
	// writeRequest{ch: errc} after errc := make(chan error, 1) — but is
	// shared with it, and with whatever else it is copied into: not only
	// made for this variable or field.
	for _, c := range ix.copies {
		ix.makes[c[0]] = append(ix.makes[c[0]], ix.makes[c[1]]...)
		ix.foreign[c[0]] = true
	}
	ix.bindParams(reassigned)
	for _, op := range ix.Ops {
		op.Key = ix.Key(op.Chan)
		if op.Key != nil {
			ix.byKey[op.Key] = append(ix.byKey[op.Key], op)
		}
	}
	return ix
}

// noteCall records the direct calls of the package's functions, and the
// functions used in any other way (as values), whose callers are unknown.
func (ix *Index) noteCall(n ast.Node, stack []ast.Node) {
	id, ok := n.(*ast.Ident)
	if !ok {
		return
	}
	fn, ok := ix.info.Uses[id].(*types.Func)
	if !ok || ix.decls[fn.Origin()] == nil {
		return
	}
	fn = fn.Origin()
	var fun ast.Node = id
	i := len(stack) - 1
	if i >= 0 {
		if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
			fun, i = sel, i-1
		}
	}
	for i >= 0 {
		if _, ok := stack[i].(*ast.IndexExpr); ok { // generic instantiation f[T]
			fun, i = stack[i], i-1
			continue
		}
		break
	}
	if i >= 0 {
		if call, ok := stack[i].(*ast.CallExpr); ok && call.Fun == fun {
			ix.calls[fn] = append(ix.calls[fn], call)
			if inLoop(append(stack[:i:i], call)) {
				ix.looped[fn] = true
			}
			return
		}
	}
	ix.escaped[fn] = true
}

// bindParams records, for each function called exactly once and never used
// as a value, the argument passed to each of its channel parameters that
// the function does not assign: inside it, the parameter is that channel.
func (ix *Index) bindParams(reassigned map[*types.Var]bool) {
	for fn, calls := range ix.calls {
		if len(calls) != 1 || ix.escaped[fn] {
			continue
		}
		sig := fn.Type().(*types.Signature)
		call := calls[0]
		if sig.Variadic() || len(call.Args) != sig.Params().Len() {
			continue
		}
		for i := range sig.Params().Len() {
			p := sig.Params().At(i)
			if _, ok := p.Type().Underlying().(*types.Chan); ok && !reassigned[p] {
				ix.params[p] = call.Args[i]
			}
		}
	}
}

// noteAlias records local variables defined as a copy of a field
// (resetChan := s.resetChan), and the variables assigned after their
// definition, which are no aliases.
func (ix *Index) noteAlias(n ast.Node, reassigned map[*types.Var]bool) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			id, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok {
				continue
			}
			if v, ok := ix.info.Defs[id].(*types.Var); ok && len(n.Lhs) == len(n.Rhs) {
				if sel, ok := ast.Unparen(n.Rhs[i]).(*ast.SelectorExpr); ok && ix.fieldOf(sel) != nil {
					ix.aliases[v] = sel
				}
			} else if v, ok := ix.info.Uses[id].(*types.Var); ok {
				reassigned[v] = true
			}
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			if v, ok := ix.info.Defs[id].(*types.Var); ok && len(n.Names) == len(n.Values) {
				if sel, ok := ast.Unparen(n.Values[i]).(*ast.SelectorExpr); ok && ix.fieldOf(sel) != nil {
					ix.aliases[v] = sel
				}
			}
		}
	case *ast.UnaryExpr:
		if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
			if v, ok := ix.info.Uses[id].(*types.Var); ok {
				reassigned[v] = true
			}
		}
	}
}

func (ix *Index) visit(n ast.Node, stack []ast.Node) {
	switch n := n.(type) {
	case *ast.SendStmt:
		ix.addOp(Send, n, n.Chan, stack)
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			ix.addOp(Recv, n, n.X, stack)
		}
	case *ast.RangeStmt:
		if _, ok := typeOf(ix.info, n.X).(*types.Chan); ok {
			ix.addOp(Range, n, n.X, stack)
		}
	case *ast.CallExpr:
		if IsBuiltin(ix.info, n.Fun, "close") && len(n.Args) == 1 {
			ix.addOp(Close, n, n.Args[0], stack)
		}
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, lhs := range n.Lhs {
				ix.addMake(lhs, n.Rhs[i])
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == len(n.Values) {
			for i, name := range n.Names {
				ix.addMake(name, n.Values[i])
			}
		}
	case *ast.CompositeLit:
		st, ok := typeOf(ix.info, n).(*types.Struct)
		if !ok {
			return
		}
		for i, elt := range n.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				ix.addMake(kv.Key, kv.Value)
			} else if i < st.NumFields() {
				ix.addMakeTo(st.Field(i), elt)
			}
		}
	}
}

func (ix *Index) addOp(kind OpKind, n ast.Node, ch ast.Expr, stack []ast.Node) {
	path := make([]ast.Node, len(stack)+1)
	copy(path, stack)
	path[len(stack)] = n
	ix.Ops = append(ix.Ops, &Op{Kind: kind, Node: n, Chan: ch, path: path}) // Key is set once aliases are known
}

func (ix *Index) addMake(lhs, rhs ast.Expr) {
	var obj types.Object
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		obj = ix.info.ObjectOf(l)
	case *ast.SelectorExpr:
		obj = ix.fieldOf(l)
	}
	ix.addMakeTo(obj, rhs)
}

func (ix *Index) addMakeTo(obj types.Object, rhs ast.Expr) {
	if obj == nil {
		return
	}
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || !IsBuiltin(ix.info, call.Fun, "make") {
		if _, isChan := typeOf(ix.info, rhs).(*types.Chan); isChan {
			if id, ok := ast.Unparen(rhs).(*ast.Ident); ok {
				if src, ok := ix.info.Uses[id].(*types.Var); ok {
					ix.copies = append(ix.copies, [2]types.Object{origin(obj), src})
					return
				}
			}
			ix.foreign[origin(obj)] = true
		}
		return
	}
	if _, ok := typeOf(ix.info, call).(*types.Chan); !ok {
		return
	}
	m := Make{Call: call}
	if len(call.Args) > 1 {
		m.Cap = -1
		if tv, ok := ix.info.Types[call.Args[1]]; ok && tv.Value != nil {
			if v, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok {
				m.Cap = int(v)
			}
		}
	}
	obj = origin(obj)
	ix.makes[obj] = append(ix.makes[obj], m)
}

// Key returns the identity of the channel e denotes: the variable,
// parameter or struct field it reads. It looks through parentheses,
// conversions, local variables that only copy a field, and accessors
// declared in the package that return a field of their receiver, such as
//
//	func (s *Stopper) ShouldStop() <-chan struct{} { return s.stopper }
//
// Key returns nil when e has no stable identity: a call result, an index
// expression, ctx.Done().
func (ix *Index) Key(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := ix.info.ObjectOf(e).(*types.Var); ok {
			if field := ix.aliases[v]; field != nil {
				return ix.Key(field)
			}
			if arg := ix.params[v]; arg != nil && ix.binding < maxBinding {
				ix.binding++
				defer func() { ix.binding-- }()
				if k := ix.Key(arg); k != nil {
					return k
				}
			}
			return v
		}
	case *ast.SelectorExpr:
		if f := ix.fieldOf(e); f != nil {
			return f
		}
		if v, ok := ix.info.ObjectOf(e.Sel).(*types.Var); ok { // pkg.Var
			return v
		}
	case *ast.CallExpr:
		if tv, ok := ix.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return ix.Key(e.Args[0]) // conversion
		}
		if fn, ok := typeutil.Callee(ix.info, e).(*types.Func); ok {
			if f := ix.accessors[fn.Origin()]; f != nil {
				return f
			}
		}
	}
	return nil
}

// fieldOf returns the struct field a selector expression reads, or nil.
func (ix *Index) fieldOf(sel *ast.SelectorExpr) types.Object {
	if s, ok := ix.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
		return origin(s.Obj())
	}
	return nil
}

// accessorField returns the field a method returns when every return
// statement of fd returns either nil or the same field of the receiver, and
// the result is a channel.
func accessorField(info *types.Info, fd *ast.FuncDecl) *types.Var {
	if fd.Recv == nil || fd.Body == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 ||
		fd.Type.Results == nil || len(fd.Type.Results.List) != 1 {
		return nil
	}
	if _, ok := typeOf(info, fd.Type.Results.List[0].Type).(*types.Chan); !ok {
		return nil
	}
	recv := info.Defs[fd.Recv.List[0].Names[0]]
	var field *types.Var
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				ok = false
				return false
			}
			r := ast.Unparen(n.Results[0])
			if id, isID := r.(*ast.Ident); isID && info.Uses[id] == types.Universe.Lookup("nil") {
				return false
			}
			sel, isSel := r.(*ast.SelectorExpr)
			if !isSel {
				ok = false
				return false
			}
			x, isID := ast.Unparen(sel.X).(*ast.Ident)
			s, isField := info.Selections[sel]
			if !isID || info.Uses[x] != recv || !isField || s.Kind() != types.FieldVal {
				ok = false
				return false
			}
			f := s.Obj().(*types.Var)
			if field != nil && field != f {
				ok = false
			}
			field = f
		}
		return ok
	})
	if !ok || field == nil {
		return nil
	}
	return origin(field).(*types.Var)
}

// OpsOf returns the operations on the channel key, in source order.
func (ix *Index) OpsOf(key types.Object) []*Op {
	if key == nil {
		return nil
	}
	return ix.byKey[origin(key)]
}

// Makes returns the makes whose result is stored in key.
func (ix *Index) Makes(key types.Object) []Make {
	if key == nil {
		return nil
	}
	return ix.makes[origin(key)]
}

// OnlyMade reports whether every value the package stores in key is a
// fresh make(chan ...) made for it: no other channel, nor a copy of one
// kept elsewhere, is ever assigned to it.
func (ix *Index) OnlyMade(key types.Object) bool {
	return key != nil && len(ix.Makes(key)) > 0 && !ix.foreign[origin(key)]
}

// Bound returns the channel a parameter stands for when its function is
// called from one place only (see Key), or nil.
func (ix *Index) Bound(p *types.Var) types.Object {
	if arg := ix.params[p]; arg != nil {
		return ix.Key(arg)
	}
	return nil
}

// IsAlias reports whether v is a local variable that only copies a field
// (see Key).
func (ix *Index) IsAlias(v *types.Var) bool { return ix.aliases[v] != nil }

// Unbuffered reports whether the package makes key at least once and every
// make is unbuffered.
func (ix *Index) Unbuffered(key types.Object) bool {
	ms := ix.Makes(key)
	for _, m := range ms {
		if m.Cap != 0 {
			return false
		}
	}
	return len(ms) > 0
}

// MayBuffer reports whether some make of key has a buffer, or a capacity
// that is not a constant.
func (ix *Index) MayBuffer(key types.Object) bool {
	for _, m := range ix.Makes(key) {
		if m.Cap != 0 {
			return true
		}
	}
	return false
}

// Decl returns the declaration of fn when fn is declared in the package.
func (ix *Index) Decl(fn *types.Func) *ast.FuncDecl {
	if fn == nil {
		return nil
	}
	return ix.decls[fn.Origin()]
}

// Info returns the type information the index was built from.
func (ix *Index) Info() *types.Info { return ix.info }

func origin(obj types.Object) types.Object {
	if v, ok := obj.(*types.Var); ok {
		return v.Origin()
	}
	return obj
}

func typeOf(info *types.Info, e ast.Expr) types.Type {
	t := info.TypeOf(e)
	if t == nil {
		return nil
	}
	return t.Underlying()
}
