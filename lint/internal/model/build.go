package model

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/types/typeutil"
)

// build makes the Program of one type-checked package.
func build(pkg *types.Package, info *types.Info, fset *token.FileSet, files []*ast.File) *Program {
	p := &Program{
		Pkg: pkg, Info: info, Fset: fset, Files: files,
		byNode:   make(map[ast.Node]*Func),
		byObj:    make(map[*types.Func]*Func),
		bound:    make(map[*types.Var]*Func),
		assigned: make(map[*types.Var]token.Pos),
		spawned:  make(map[*Func]bool),
		spawnOf:  make(map[ast.Node]*Spawn),
		tests:    make(map[*token.File]bool),
		boxed:    boxedTypes(info, files),
	}
	p.chans.init()
	d := &declarer{p: p, lits: make(map[*types.Var]*ast.FuncLit)}
	for _, f := range files {
		if tf := fset.File(f.FileStart); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			p.tests[tf] = true
		}
		ast.PreorderStack(f, nil, d.declare)
	}
	// Files need not come in the order of their positions: FuncAt needs it.
	slices.SortFunc(p.Funcs, func(a, b *Func) int { return cmp.Compare(a.Node().Pos(), b.Node().Pos()) })
	b := &builder{p: p, boundVar: make(map[*Func]*types.Var), calledOnly: make(map[*types.Var]bool)}
	for v, lit := range d.lits {
		if f := p.byNode[lit]; f != nil && !p.Assigned(v) {
			p.bound[v] = f
			b.boundVar[f] = v
			b.calledOnly[v] = true
		}
	}
	for _, f := range files {
		ast.PreorderStack(f, nil, b.visit)
	}
	for f, v := range b.boundVar {
		if !b.calledOnly[v] {
			f.Value = true
		}
	}
	p.chans.propagate()
	p.indexOps()
	p.resolveCaps()
	return p
}

// declarer is the first walk: the functions, the literals bound to
// variables, and the variables assigned after their declaration.
type declarer struct {
	p    *Program
	lits map[*types.Var]*ast.FuncLit // v := func() {...}
}

func (d *declarer) declare(n ast.Node, stack []ast.Node) bool {
	p := d.p
	switch n := n.(type) {
	case *ast.FuncDecl:
		fn, ok := p.Info.Defs[n.Name].(*types.Func)
		if !ok || n.Body == nil {
			return false
		}
		f := &Func{Decl: n, Obj: fn, Sig: fn.Type().(*types.Signature), prog: p}
		p.Funcs = append(p.Funcs, f)
		p.byNode[n] = f
		p.byObj[fn] = f
	case *ast.FuncLit:
		sig, ok := p.Info.TypeOf(n).(*types.Signature)
		if !ok {
			return false
		}
		f := &Func{Lit: n, Sig: sig, Parent: p.enclosing(stack), prog: p}
		p.Funcs = append(p.Funcs, f)
		p.byNode[n] = f
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			id, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok {
				continue
			}
			if v, ok := p.Info.Defs[id].(*types.Var); ok && n.Tok == token.DEFINE {
				if len(n.Lhs) == len(n.Rhs) {
					d.bind(v, n.Rhs[i])
				}
				continue
			}
			if v, ok := p.Info.Uses[id].(*types.Var); ok {
				p.noteAssigned(v, id)
			}
		}
	case *ast.RangeStmt:
		if n.Tok == token.ASSIGN {
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					if v, ok := p.Info.Uses[id].(*types.Var); ok {
						p.noteAssigned(v, id)
					}
				}
			}
		}
	case *ast.IncDecStmt:
		if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
			if v, ok := p.Info.Uses[id].(*types.Var); ok {
				p.noteAssigned(v, id)
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) == len(n.Values) {
			for i, id := range n.Names {
				if v, ok := p.Info.Defs[id].(*types.Var); ok {
					d.bind(v, n.Values[i])
				}
			}
		}
	case *ast.UnaryExpr:
		if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
			if v, ok := p.Info.Uses[id].(*types.Var); ok {
				p.noteAssigned(v, id)
			}
		}
	}
	return true
}

// bind records v := func() {...}. An exported package-level variable is
// never bound: other packages may assign it.
func (d *declarer) bind(v *types.Var, rhs ast.Expr) {
	if v.Exported() && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return
	}
	if lit, ok := ast.Unparen(rhs).(*ast.FuncLit); ok {
		d.lits[v] = lit
	}
}

func (p *Program) enclosing(stack []ast.Node) *Func {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			if f := p.byNode[stack[i]]; f != nil {
				return f
			}
		}
	}
	return nil
}

// builder is the second walk: calls, goroutines, channel operations and
// flows, mutex operations.
type builder struct {
	p *Program
	// boundVar is the variable each bound literal is bound to, and
	// calledOnly whether every use of it calls it.
	boundVar   map[*Func]*types.Var
	calledOnly map[*types.Var]bool
}

func (b *builder) visit(n ast.Node, stack []ast.Node) bool {
	p := b.p
	in := p.enclosing(stack)
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Body == nil {
			return false
		}
		if f := p.byNode[n]; f != nil {
			b.namedResults(f)
		}
	case *ast.FuncLit:
		if f := p.byNode[n]; f != nil {
			b.namedResults(f)
			b.literalUse(f, stack)
		}
	case *ast.Ident:
		b.funcUse(n, stack)
	case *ast.CallExpr:
		b.call(n, in, stack)
	case *ast.SendStmt:
		b.op(Send, n, n.Chan, in, stack)
		b.escapes(n.Value, n, in, stack) // a channel sent on a channel
	case *ast.UnaryExpr:
		switch n.Op {
		case token.ARROW:
			b.op(Recv, n, n.X, in, stack)
		case token.AND:
			// &ch: whoever holds the pointer reads the variable, and the
			// channel in it, where the model cannot follow.
			b.escapes(n.X, n, in, stack)
		}
	case *ast.RangeStmt:
		if isChan(p.Info.TypeOf(n.X)) {
			b.op(Range, n, n.X, in, stack)
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if e != nil {
					p.chans.flowOpaque(p.locOf(e))
				}
			}
		}
	case *ast.AssignStmt:
		b.assign(n.Lhs, n.Rhs, n, in, stack)
	case *ast.ValueSpec:
		lhs := make([]ast.Expr, len(n.Names))
		for i, id := range n.Names {
			lhs[i] = id
		}
		if len(n.Values) > 0 {
			b.assign(lhs, n.Values, n, in, stack)
		}
	case *ast.CompositeLit:
		b.composite(n, in, stack)
	case *ast.IndexExpr:
		b.escapes(n.Index, n, in, stack) // a map's key: kept in the map
	case *ast.ReturnStmt:
		b.returns(n, in, stack)
	}
	return true
}

// call records a call, the goroutine it starts, what it does to a mutex or
// channel, and the flow of channel arguments into parameters.
func (b *builder) call(call *ast.CallExpr, in *Func, stack []ast.Node) {
	p := b.p
	if tv, ok := p.Info.Types[call.Fun]; ok && tv.IsType() {
		return // a conversion: its value is its operand's (see value)
	}
	c := &Call{Expr: call, In: in}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := p.Info.Uses[id].(*types.Builtin); ok {
			c.builtin = b.Name()
		}
	}
	if fn, ok := typeutil.Callee(p.Info, call).(*types.Func); ok {
		c.Callee = fn
		c.Static = typeutil.StaticCallee(p.Info, call) != nil
	}
	c.Known, _ = concur.Lookup(c.Callee)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.Callee != nil && c.Callee.Type().(*types.Signature).Recv() != nil {
		c.Recv = sel.X
	}
	if c.Static {
		c.Target = p.Decl(c.Callee)
	} else if c.Callee == nil {
		c.Target = p.FuncValue(call.Fun)
	}
	if len(stack) > 0 {
		switch parent := stack[len(stack)-1].(type) {
		case *ast.GoStmt:
			c.Go = parent.Call == call
		case *ast.DeferStmt:
			c.Defer = parent.Call == call
		}
	}
	c.Loops = loopsAround(stack)
	if in != nil {
		in.Calls = append(in.Calls, c)
	}
	if c.Target != nil {
		c.Target.Callers = append(c.Target.Callers, c)
	}
	switch c.Builtin() {
	case "close":
		if len(call.Args) == 1 {
			b.op(Close, call, call.Args[0], in, stack)
		}
		return
	case "len", "cap", "make", "panic", "print", "println":
		if c.Builtin() == "make" && isChan(p.Info.TypeOf(call)) {
			p.chans.makeSite(call, in, p.Info)
		}
		return
	case "append", "copy":
		for _, a := range call.Args {
			b.escapes(a, call, in, stack)
		}
		return
	}
	if lk := p.lockOp(c); lk != nil {
		p.Locks = append(p.Locks, lk)
		if in != nil {
			in.Locks = append(in.Locks, lk)
		}
	}
	b.spawn(c, stack)
	b.arguments(c, in, stack)
}

// spawn records the goroutine or group task a call starts.
func (b *builder) spawn(c *Call, stack []ast.Node) {
	p := b.p
	var s *Spawn
	switch {
	case c.Go:
		s = &Spawn{Go: stack[len(stack)-1].(*ast.GoStmt), Fn: ast.Unparen(c.Expr.Fun), Args: c.Expr.Args, Enclosing: c.In}
	case c.Known.Task >= 0 && c.Known.Task < len(c.Expr.Args) && (c.Known.Role == concur.Go || c.Known.Role == concur.ForEach):
		s = &Spawn{Call: concur.Call{Known: c.Known, Fn: c.Callee, Call: c.Expr, Recv: c.Recv}, Fn: ast.Unparen(c.Expr.Args[c.Known.Task]), Enclosing: c.In}
	default:
		return
	}
	s.Func = p.FuncValue(s.Fn)
	s.Loops = c.Loops
	if s.Func != nil {
		p.spawned[s.Func] = true
	}
	p.Spawns = append(p.Spawns, s)
	p.spawnOf[s.Node()] = s
	if c.In != nil {
		c.In.Spawns = append(c.In.Spawns, s)
	}
}

// arguments records the channels handed to a call: into the parameters of
// a function of the package, or out of sight.
func (b *builder) arguments(c *Call, in *Func, stack []ast.Node) {
	p := b.p
	if c.Recv != nil && isChan(p.Info.TypeOf(c.Recv)) {
		// A method of a named channel type: the channel is its receiver.
		op := b.op(Pass, c.Expr, c.Recv, in, stack)
		op.Call, op.Arg = c, -1
		if c.Target != nil {
			p.chans.flow(p.chans.valueOf(p, c.Recv), loc{obj: c.Target.Sig.Recv()})
		}
	}
	var sig *types.Signature
	if t := p.Info.TypeOf(c.Expr.Fun); t != nil {
		sig, _ = t.Underlying().(*types.Signature)
	}
	for i, a := range c.Expr.Args {
		if !isChan(p.Info.TypeOf(a)) {
			continue
		}
		op := b.op(Pass, c.Expr, a, in, stack)
		op.Call, op.Arg = c, i
		if sig == nil {
			continue
		}
		pt := paramType(sig, i, c.Expr.Ellipsis.IsValid())
		if types.IsInterface(pt) {
			b.escapes(a, c.Expr, in, stack)
			continue
		}
		if c.Target != nil && (!sig.Variadic() || i < sig.Params().Len()-1) {
			p.chans.flow(p.chans.valueOf(p, a), loc{obj: c.Target.Sig.Params().At(i)})
		}
	}
}

// paramType is the type of the parameter the i-th argument is passed to.
func paramType(sig *types.Signature, i int, ellipsis bool) types.Type {
	n := sig.Params().Len()
	if sig.Variadic() && i >= n-1 {
		t := sig.Params().At(n - 1).Type()
		if ellipsis {
			return t
		}
		if s, ok := t.Underlying().(*types.Slice); ok {
			return s.Elem()
		}
		return t
	}
	if i < n {
		return sig.Params().At(i).Type()
	}
	return types.Typ[types.Invalid]
}

// op records one operation on a channel.
func (b *builder) op(kind OpKind, n ast.Node, ch ast.Expr, in *Func, stack []ast.Node) *Op {
	path := make([]ast.Node, len(stack)+1)
	copy(path, stack)
	path[len(stack)] = n
	op := &Op{Kind: kind, Node: n, Chan: ch, Func: in, path: path}
	b.p.Ops = append(b.p.Ops, op)
	if in != nil {
		in.Ops = append(in.Ops, op)
	}
	return op
}

// escapes records e, when it is a channel, as put out of sight at n.
func (b *builder) escapes(e ast.Expr, n ast.Node, in *Func, stack []ast.Node) {
	if e != nil && isChan(b.p.Info.TypeOf(e)) {
		b.op(Escape, n, e, in, stack)
	}
}

// assign records the flow of channel values from rhs into lhs.
func (b *builder) assign(lhs, rhs []ast.Expr, n ast.Node, in *Func, stack []ast.Node) {
	p := b.p
	if len(lhs) == len(rhs) {
		for i := range lhs {
			b.store(lhs[i], rhs[i], n, in, stack)
		}
		return
	}
	if len(rhs) != 1 {
		return
	}
	// A tuple: v, err := f(); v, ok := <-ch; v, ok := m[k]; v, ok := x.(T).
	var target *Func
	if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok {
		target = b.targetOf(call)
	}
	for i, l := range lhs {
		if !isChan(p.Info.TypeOf(l)) {
			continue
		}
		dst := p.locOf(l)
		if target != nil {
			p.chans.flow([]src{{loc: loc{fn: target, res: i}, hasLoc: true}}, dst)
		} else {
			p.chans.flowOpaque(dst)
		}
	}
}

// store records lhs = rhs.
func (b *builder) store(lhs, rhs ast.Expr, n ast.Node, in *Func, stack []ast.Node) {
	p := b.p
	if !isChan(p.Info.TypeOf(rhs)) {
		return
	}
	lt := p.Info.TypeOf(lhs)
	if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && id.Name == "_" {
		return
	}
	switch ast.Unparen(lhs).(type) {
	case *ast.IndexExpr, *ast.IndexListExpr, *ast.StarExpr:
		b.escapes(rhs, n, in, stack)
		return
	}
	if lt != nil && types.IsInterface(lt) {
		b.escapes(rhs, n, in, stack)
		return
	}
	p.chans.flow(p.chans.valueOf(p, rhs), p.locOf(lhs))
}

// composite records the channels a composite literal stores: in fields,
// or as elements, out of sight.
func (b *builder) composite(lit *ast.CompositeLit, in *Func, stack []ast.Node) {
	p := b.p
	t := p.Info.TypeOf(lit)
	if t == nil {
		return
	}
	if pt, ok := t.Underlying().(*types.Pointer); ok {
		t = pt.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	for i, elt := range lit.Elts {
		val := elt
		var field *types.Var
		if kv, isKV := elt.(*ast.KeyValueExpr); isKV {
			val = kv.Value
			if ok {
				if id, isID := kv.Key.(*ast.Ident); isID {
					field, _ = p.Info.ObjectOf(id).(*types.Var)
				}
			}
		} else if ok && i < st.NumFields() {
			field = st.Field(i)
		}
		if !isChan(p.Info.TypeOf(val)) {
			continue
		}
		if field == nil || types.IsInterface(field.Type()) {
			b.escapes(val, lit, in, stack)
			continue
		}
		p.chans.flow(p.chans.valueOf(p, val), loc{obj: field.Origin()})
	}
}

// returns records the channels a function returns.
func (b *builder) returns(ret *ast.ReturnStmt, in *Func, stack []ast.Node) {
	p := b.p
	if in == nil {
		return
	}
	results := in.Sig.Results()
	if len(ret.Results) == 1 && results.Len() > 1 {
		if call, ok := ast.Unparen(ret.Results[0]).(*ast.CallExpr); ok {
			if t := b.targetOf(call); t != nil {
				for i := range results.Len() {
					p.chans.flow([]src{{loc: loc{fn: t, res: i}, hasLoc: true}}, loc{fn: in, res: i})
				}
			} else {
				for i := range results.Len() {
					p.chans.flowOpaque(loc{fn: in, res: i})
				}
			}
		}
		return
	}
	for i, r := range ret.Results {
		if i >= results.Len() || !isChan(p.Info.TypeOf(r)) {
			continue
		}
		if types.IsInterface(results.At(i).Type()) {
			b.escapes(r, ret, in, stack)
			continue
		}
		p.chans.flow(p.chans.valueOf(p, r), loc{fn: in, res: i})
	}
}

// namedResults makes a function's named results flow into its results
// (a bare return returns them), and marks what open functions return as
// public.
func (b *builder) namedResults(f *Func) {
	p := b.p
	res := f.Sig.Results()
	for i := range res.Len() {
		v := res.At(i)
		if !isChan(v.Type()) {
			continue
		}
		if v.Name() != "" {
			p.chans.flow([]src{{loc: loc{obj: v}, hasLoc: true}}, loc{fn: f, res: i})
		}
	}
	// Channel parameters hold what the callers pass: a Site of their own.
	for _, v := range f.Params() {
		if isChan(v.Type()) {
			p.chans.paramSite(v, f)
		}
	}
}

// targetOf returns the function of the package a call runs, if any.
func (b *builder) targetOf(call *ast.CallExpr) *Func {
	if fn := typeutil.StaticCallee(b.p.Info, call); fn != nil {
		return b.p.Decl(fn)
	}
	switch typeutil.Callee(b.p.Info, call).(type) {
	case nil, *types.Var: // a literal, or a variable bound to one
		return b.p.FuncValue(call.Fun)
	}
	return nil
}

// funcUse marks a declared function used other than by a direct call as a
// value, and notes the uses of variables bound to literals.
func (b *builder) funcUse(id *ast.Ident, stack []ast.Node) {
	p := b.p
	var f *Func
	switch obj := p.Info.Uses[id].(type) {
	case *types.Func:
		f = p.Decl(obj)
	case *types.Var:
		if g := p.bound[obj]; g != nil {
			if len(stack) == 0 || !(b.usedAsCallee(stack[len(stack)-1], id) || b.usedAsTask(stack[len(stack)-1], id)) {
				b.calledOnly[obj] = false
			}
		}
		return
	}
	if f == nil {
		return
	}
	var expr ast.Node = id
	i := len(stack) - 1
	if i >= 0 {
		if sel, ok := stack[i].(*ast.SelectorExpr); ok && sel.Sel == id {
			expr, i = sel, i-1
		}
	}
	for i >= 0 {
		if ix, ok := stack[i].(*ast.IndexExpr); ok && ix.X == expr {
			expr, i = ix, i-1
			continue
		}
		if ix, ok := stack[i].(*ast.IndexListExpr); ok && ix.X == expr {
			expr, i = ix, i-1
			continue
		}
		break
	}
	if i >= 0 && b.usedAsCallee(stack[i], expr) {
		return
	}
	if i >= 0 && b.usedAsTask(stack[i], expr) {
		return
	}
	f.Value = true
}

// literalUse marks a literal used other than by a call where it is written,
// a go statement, a group or a variable that is only called, as a value.
func (b *builder) literalUse(f *Func, stack []ast.Node) {
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); ok {
			i--
			continue
		}
		break
	}
	if i < 0 {
		f.Value = true
		return
	}
	parent := stack[i]
	if b.usedAsCallee(parent, f.Lit) || b.usedAsTask(parent, f.Lit) {
		return
	}
	if _, ok := b.boundVar[f]; ok {
		return // a value unless the variable is only called: see funcUse
	}
	f.Value = true
}

// usedAsCallee reports whether fn is what parent calls.
func (b *builder) usedAsCallee(parent ast.Node, fn ast.Node) bool {
	call, ok := parent.(*ast.CallExpr)
	return ok && ast.Unparen(call.Fun) == fn
}

// usedAsTask reports whether fn is the task argument of a group or
// ForEach call.
func (b *builder) usedAsTask(parent ast.Node, fn ast.Node) bool {
	call, ok := parent.(*ast.CallExpr)
	if !ok {
		return false
	}
	fnc, _ := typeutil.Callee(b.p.Info, call).(*types.Func)
	k, known := concur.Lookup(fnc)
	return known && k.Task >= 0 && k.Task < len(call.Args) && ast.Unparen(call.Args[k.Task]) == fn
}

// locOf returns where an assignment to e stores: a variable or a field.
func (p *Program) locOf(e ast.Expr) loc {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := p.Info.ObjectOf(e).(*types.Var); ok {
			return loc{obj: v.Origin()}
		}
	case *ast.SelectorExpr:
		if s, ok := p.Info.Selections[e]; ok && s.Kind() == types.FieldVal {
			return loc{obj: s.Obj().(*types.Var).Origin()}
		}
		if v, ok := p.Info.Uses[e.Sel].(*types.Var); ok {
			return loc{obj: v}
		}
	}
	return loc{}
}

func isChan(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// loopsAround returns the for and range statements on stack, within the
// innermost function, whose bodies hold the node below them, outermost
// first.
func loopsAround(stack []ast.Node) []ast.Stmt {
	var loops []ast.Stmt
	for i := len(stack) - 1; i >= 0; i-- {
		switch l := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			i = -1
		case *ast.ForStmt:
			if i+1 < len(stack) && stack[i+1] == l.Body {
				loops = append(loops, l)
			}
		case *ast.RangeStmt:
			if i+1 < len(stack) && stack[i+1] == l.Body {
				loops = append(loops, l)
			}
		}
	}
	slices.Reverse(loops)
	return loops
}

// resolveCaps settles the capacity of a make(chan T, n) whose n is a
// parameter of a function only the package calls, when every call passes
// the same constant: newWatcher(0, ...) makes an unbuffered channel.
func (p *Program) resolveCaps() {
	for _, site := range p.chans.sites {
		if site.Make == nil || site.Cap >= 0 || len(site.Make.Args) < 2 || site.Func == nil || site.Func.Open() || len(site.Func.Callers) == 0 {
			continue
		}
		id, ok := ast.Unparen(site.Make.Args[1]).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := p.Info.Uses[id].(*types.Var)
		if !ok || p.Assigned(v) {
			continue
		}
		index := -1
		for i := range site.Func.Sig.Params().Len() {
			if site.Func.Sig.Params().At(i) == v {
				index = i
			}
		}
		if index < 0 || site.Func.Sig.Variadic() && index == site.Func.Sig.Params().Len()-1 {
			continue
		}
		capacity := -1
		for _, c := range site.Func.Callers {
			if c.Go || index >= len(c.Expr.Args) {
				capacity = -1
				break
			}
			n, ok := paths.IntConst(p.Info, c.Expr.Args[index])
			if !ok || capacity >= 0 && int(n) != capacity {
				capacity = -1
				break
			}
			capacity = int(n)
		}
		if capacity >= 0 {
			site.Cap = capacity
		}
	}
}

// noteAssigned records an assignment to v, or the taking of its address,
// at id, keeping the first.
func (p *Program) noteAssigned(v *types.Var, id *ast.Ident) {
	if at := p.assigned[v]; !at.IsValid() || id.Pos() < at {
		p.assigned[v] = id.Pos()
	}
}
