package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// retests are the conditions of a function's ifs whose outcome a path can
// know before it reaches them: the condition was tested before on the
// path, on values nothing has changed since, or the path has just given
// it a value. A path that would take the other branch is no path.
//
//	if req.Network == "tcp" {
//		go func() { l.Serve(conns) }() // sends on conns
//	}
//	...
//	if req.Network == "tcp" {
//		for {
//			var resp reply
//			select {
//			case err := <-stop:
//				resp = reply{Err: true}
//			case id := <-conns:
//				resp = reply{ID: id}
//			}
//			if resp.Err {
//				break // only after <-stop
//			}
//		}
//	}
//
// Without them, the path that starts the sender under the first test and
// skips the receiver under the second, or the one that takes a value
// from conns and then breaks, would strand every send.
//
// A condition counts when it is a comparison, or a plain or negated
// value, built only of constants and the function's own variables
// (parameters included) and their fields; it has no call, index, && or
// ||. Its variables are the function's to change: no literal in it
// assigns them, nothing takes their address or a field's, and none that
// refers to shared data (a pointer, map, slice, interface or channel) is
// used otherwise than through its fields (it could be changed through
// an alias). An assignment to one of them on the path forgets what was
// known, unless it gives a field tested for true or false a constant:
// resp = reply{Err: true}, var resp reply (false), resp.Err = false. Up
// to maxRetests conditions are followed.
type retests struct {
	ifs map[*ast.IfStmt]retest
	// assigns are, for the nodes of the function's graph that assign a
	// condition's variables, what each does to what a path knows: found
	// once, not at every step of every path.
	assigns map[ast.Node][]assignment
}

// assignment is what a node does to one condition: gives it an outcome
// (known) or makes it unknown.
type assignment struct {
	bit          uint8
	known, holds bool
}

// retest is an if's place among the conditions: its bit, and whether
// the if tests the condition's negation.
type retest struct {
	bit     uint8
	negated bool
}

// fieldPath is a variable and the fields selected from it, in order.
type fieldPath struct {
	v      *types.Var
	fields []string
}

// known is what a path has learnt of the conditions: the bits set in set
// are known, with the outcomes in truth.
type known struct{ set, truth uint16 }

// maxRetests bounds the conditions a path remembers.
const maxRetests = 16

// retestsOf finds f's conditions a path can know.
func (c *checker) retestsOf(f *model.Func) *retests {
	if rt, ok := c.retested[f]; ok {
		return rt
	}
	rt := c.findRetests(f)
	c.retested[f] = rt
	return rt
}

func (c *checker) findRetests(f *model.Func) *retests {
	body := f.Body()
	rt := &retests{ifs: make(map[*ast.IfStmt]retest), assigns: make(map[ast.Node][]assignment)}
	if body == nil {
		return rt
	}
	opaque := c.opaqueVars(f)
	writes := writesOf(c.p.Info, body)
	type cond struct {
		ifs     []*ast.IfStmt
		negated []bool
		vars    map[*types.Var]bool
		path    *fieldPath
	}
	conds := make(map[string]*cond)
	var order []string
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			vars := make(map[*types.Var]bool)
			key, negated, ok := c.condKey(f, n.Cond, opaque, vars)
			if !ok {
				return true
			}
			cd := conds[key]
			if cd == nil {
				cd = &cond{vars: vars, path: c.boolPath(n.Cond)}
				conds[key] = cd
				order = append(order, key)
			}
			cd.ifs = append(cd.ifs, n)
			cd.negated = append(cd.negated, negated)
		}
		return true
	})
	var nodes []ast.Node
	graph := f.Graph()
	for _, b := range graph.CFG.Blocks {
		nodes = append(nodes, graph.Nodes(b)...)
	}
	bits := 0
	for _, key := range order {
		cd := conds[key]
		if bits == maxRetests || len(cd.ifs) < 2 && (cd.path == nil || len(writes[cd.path.v]) == 0) {
			continue // tested once, and no assignment can tell its outcome
		}
		bit := uint8(bits)
		bits++
		for i, ifs := range cd.ifs {
			rt.ifs[ifs] = retest{bit: bit, negated: cd.negated[i]}
		}
		for _, n := range nodes {
			if !assignsAny(n, cd.vars, writes) {
				continue
			}
			holds, known := cd.path.valueAfter(n)
			rt.assigns[n] = append(rt.assigns[n], assignment{bit: bit, known: known, holds: holds})
		}
	}
	return rt
}

// assignsAny reports whether node n holds one of the places writes gives
// for vars.
func assignsAny(n ast.Node, vars map[*types.Var]bool, writes map[*types.Var][]token.Pos) bool {
	for v := range vars {
		for _, pos := range writes[v] {
			if n.Pos() <= pos && pos < n.End() {
				return true
			}
		}
	}
	return false
}

// edge applies a Then or Else edge: false when the path knows the if's
// condition to go the other way.
func (rt *retests) edge(e paths.Edge, k known) (known, bool) {
	if e.Kind != paths.Then && e.Kind != paths.Else {
		return k, true
	}
	ifs, _ := e.Stmt.(*ast.IfStmt)
	t, ok := rt.ifs[ifs]
	if !ok {
		return k, true
	}
	holds := (e.Kind == paths.Then) != t.negated
	if m := uint16(1) << t.bit; k.set&m != 0 && (k.truth&m != 0) != holds {
		return k, false
	}
	return k.with(t.bit, holds), true
}

// node applies the assignments of n to the conditions whose variables it
// assigns: a constant given to a bool field path sets its outcome; any
// other assignment forgets it.
func (rt *retests) node(n ast.Node, k known) known {
	for _, a := range rt.assigns[n] {
		if a.known {
			k = k.with(a.bit, a.holds)
		} else {
			k = k.forget(a.bit)
		}
	}
	return k
}

func (k known) with(bit uint8, holds bool) known {
	m := uint16(1) << bit
	k.set |= m
	if holds {
		k.truth |= m
	} else {
		k.truth &^= m
	}
	return k
}

func (k known) forget(bit uint8) known {
	m := uint16(1) << bit
	k.set &^= m
	k.truth &^= m
	return k
}

// condKey returns a key that two tests of the same condition share, and
// whether cond tests its negation; ok is false when cond is not one
// retests follows. The variables it reads are added to vars.
func (c *checker) condKey(f *model.Func, cond ast.Expr, opaque map[*types.Var]bool, vars map[*types.Var]bool) (key string, negated, ok bool) {
	e, negated := stripNot(cond)
	if bin, isBin := e.(*ast.BinaryExpr); isBin && bin.Op == token.NEQ {
		negated = !negated
		e = &ast.BinaryExpr{X: bin.X, Op: token.EQL, Y: bin.Y}
	}
	var b strings.Builder
	if !c.writeStable(&b, f, e, opaque, vars) {
		return "", false, false
	}
	return b.String(), negated, true
}

// stripNot removes the parentheses and ! operators around e, and says
// whether they negate it.
func stripNot(e ast.Expr) (ast.Expr, bool) {
	negated := false
	e = ast.Unparen(e)
	for {
		u, isNot := e.(*ast.UnaryExpr)
		if !isNot || u.Op != token.NOT {
			return e, negated
		}
		negated = !negated
		e = ast.Unparen(u.X)
	}
}

// writeStable writes e's key to b, and reports whether e is built only
// of constants, f's own variables that are not opaque, and their fields.
func (c *checker) writeStable(b *strings.Builder, f *model.Func, e ast.Expr, opaque map[*types.Var]bool, vars map[*types.Var]bool) bool {
	info := c.p.Info
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		b.WriteString(e.Value)
		return true
	case *ast.Ident:
		switch obj := info.Uses[e].(type) {
		case *types.Const, *types.Nil:
			b.WriteString(obj.Name())
			return true
		case *types.Var:
			n := f.Node()
			if obj.IsField() || obj.Pos() < n.Pos() || obj.Pos() >= n.End() || opaque[obj] {
				return false
			}
			vars[obj] = true
			b.WriteString("v" + strconv.Itoa(int(obj.Pos())))
			return true
		}
		return false
	case *ast.SelectorExpr:
		if obj, isConst := info.Uses[e.Sel].(*types.Const); isConst {
			b.WriteString(obj.Pkg().Path() + "." + obj.Name())
			return true
		}
		if sel := info.Selections[e]; sel == nil || sel.Kind() != types.FieldVal {
			return false
		}
		if !c.writeStable(b, f, e.X, opaque, vars) {
			return false
		}
		b.WriteString("." + e.Sel.Name)
		return true
	case *ast.BinaryExpr:
		if e.Op == token.LAND || e.Op == token.LOR {
			return false
		}
		b.WriteString("(")
		if !c.writeStable(b, f, e.X, opaque, vars) {
			return false
		}
		b.WriteString(e.Op.String())
		if !c.writeStable(b, f, e.Y, opaque, vars) {
			return false
		}
		b.WriteString(")")
		return true
	}
	return false
}

// boolPath returns the bool field path cond tests, negated or not
// (resp.Err, !done), when every step is a field of a struct value (not
// reached through a pointer); else nil.
func (c *checker) boolPath(cond ast.Expr) *fieldPath {
	e, _ := stripNot(cond)
	if t, ok := c.p.Info.TypeOf(e).Underlying().(*types.Basic); !ok || t.Kind() != types.Bool {
		return nil
	}
	var fields []string
	for {
		switch x := e.(type) {
		case *ast.Ident:
			v, ok := c.p.Info.Uses[x].(*types.Var)
			if !ok {
				return nil
			}
			return &fieldPath{v: v, fields: fields}
		case *ast.SelectorExpr:
			if _, isStruct := c.p.Info.TypeOf(x.X).Underlying().(*types.Struct); !isStruct {
				return nil
			}
			fields = append([]string{x.Sel.Name}, fields...)
			e = ast.Unparen(x.X)
		default:
			return nil
		}
	}
}

// valueAfter returns the value the path has after node n, an assignment
// to its variable, when n gives it a constant: resp = reply{Err: true},
// resp.Err = false, var resp reply (the zero value, false).
func (p *fieldPath) valueAfter(n ast.Node) (holds, ok bool) {
	if p == nil {
		return false, false
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) != 1 || len(n.Rhs) != 1 || n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
			return false, false
		}
		lhs := fieldsOf(n.Lhs[0])
		if len(lhs) == 0 || lhs[0] != p.v.Name() || len(lhs)-1 > len(p.fields) {
			return false, false
		}
		for i, f := range lhs[1:] {
			if p.fields[i] != f {
				return false, false
			}
		}
		return constantAt(n.Rhs[0], p.fields[len(lhs)-1:])
	case *ast.DeclStmt:
		gd, _ := n.Decl.(*ast.GenDecl)
		if gd == nil || len(gd.Specs) != 1 {
			return false, false
		}
		vs, _ := gd.Specs[0].(*ast.ValueSpec)
		if vs == nil || len(vs.Values) != 0 || len(vs.Names) != 1 || vs.Names[0].Name != p.v.Name() {
			return false, false
		}
		return false, true // the zero value
	}
	return false, false
}

// fieldsOf returns x.a.b as [x a b]; nil for anything else.
func fieldsOf(e ast.Expr) []string {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return []string{x.Name}
	case *ast.SelectorExpr:
		if head := fieldsOf(x.X); head != nil {
			return append(head, x.Sel.Name)
		}
	}
	return nil
}

// constantAt returns the bool constant that value e gives at the field
// path rest: e itself when rest is empty, else the keyed element of a
// struct literal (false when the literal leaves it out).
func constantAt(e ast.Expr, rest []string) (holds, ok bool) {
	e = ast.Unparen(e)
	if len(rest) == 0 {
		if id, isIdent := e.(*ast.Ident); isIdent && (id.Name == "true" || id.Name == "false") {
			return id.Name == "true", true
		}
		return false, false
	}
	lit, isLit := e.(*ast.CompositeLit)
	if !isLit {
		return false, false
	}
	for _, elt := range lit.Elts {
		kv, keyed := elt.(*ast.KeyValueExpr)
		if !keyed {
			return false, false // positional: not followed
		}
		if k, isIdent := kv.Key.(*ast.Ident); isIdent && k.Name == rest[0] {
			return constantAt(kv.Value, rest[1:])
		}
	}
	return false, true // left out: the zero value
}

// writesOf returns, for each variable, where body's own statements (not
// those of its literals) assign or define it, or a field of it: the
// position of the left-hand side.
func writesOf(info *types.Info, body *ast.BlockStmt) map[*types.Var][]token.Pos {
	out := make(map[*types.Var][]token.Pos)
	add := func(e ast.Expr) {
		if v := rootVar(info, e); v != nil {
			out[v] = append(out[v], e.Pos())
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				add(l)
			}
		case *ast.IncDecStmt:
			add(n.X)
		case *ast.ValueSpec:
			for _, id := range n.Names {
				add(id)
			}
		}
		return true
	})
	return out
}

// rootVar returns the variable e is reached from (x in x, x.f, x[i],
// *x), the one it defines when it is an identifier on the left of :=;
// nil otherwise.
func rootVar(info *types.Info, e ast.Expr) *types.Var {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		v, _ := info.ObjectOf(id).(*types.Var)
		return v
	}
	return model.RootVar(info, e)
}

// opaqueVars returns the variables of f whose changes a path through f's
// own statements may not see: assigned by a literal in f, defined by a
// range (each round, with no statement of its own), their address or a
// field's taken, a pointer-receiver method called on them, or, when they
// refer to shared data (a pointer, map, slice, interface or channel),
// used otherwise than through their fields: an alias could change what
// they refer to.
func (c *checker) opaqueVars(f *model.Func) map[*types.Var]bool {
	info := c.p.Info
	opaque := make(map[*types.Var]bool)
	mark := func(e ast.Expr) {
		if v := rootVar(info, e); v != nil {
			opaque[v] = true
		}
	}
	body := f.Body()
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			for v := range writesOf(info, n.Body) {
				opaque[v] = true
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				mark(n.Key)
			}
			if n.Value != nil {
				mark(n.Value)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				mark(n.X)
			}
		case *ast.SelectorExpr:
			if s := info.Selections[n]; s != nil && s.Kind() == types.MethodVal {
				if _, ptr := s.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer); ptr {
					mark(n.X)
				}
			}
		case *ast.Ident:
			v, ok := info.Uses[n].(*types.Var)
			if !ok || v.IsField() || !refersToShared(v.Type()) {
				return true
			}
			if len(stack) > 0 {
				if sel, isSel := stack[len(stack)-1].(*ast.SelectorExpr); isSel && sel.X == n {
					return true // p.field
				}
			}
			opaque[v] = true
		}
		return true
	})
	return opaque
}

// refersToShared reports whether a value of type t refers to data that
// others may hold and change.
func refersToShared(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice, *types.Interface, *types.Chan:
		return true
	}
	return false
}
