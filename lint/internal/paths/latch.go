package paths

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"
)

// A latch is a local bool that starts false and is only ever set to true,
// by the function itself: once set on a path, it stays set. Code uses one
// to do something once in a loop —
//
//	made := false
//	for nc := range chans {
//		if made {
//			nc.Reject(...)
//			continue
//		}
//		made = true
//		out <- nc // at most once
//	}
//
// — so Search follows each latch's value along a path, and a branch on
// it goes only the way its value says. A latch is declared in the body
// (`v := false`, `var v bool`, `var v = false`); every other write is a
// plain `v = true` statement of the body itself, and nothing takes its
// address or writes it from a function literal. Its declaration, met
// again (in a loop), clears it.
type latches struct {
	bit   map[*types.Var]uint8    // the latches, by variable, each with its bit
	sets  map[ast.Node]uint8      // the nodes that set a latch: v = true
	clear map[ast.Node]uint8      // the nodes that declare one
	tests map[*ast.IfStmt]latchIf // the ifs whose condition is a latch or its negation
}

type latchIf struct {
	bit  uint8
	when bool // the latch's value that takes the then branch
}

// maxLatches is how many latches a path keeps track of: a bit each.
const maxLatches = 8

// findLatches finds the latches of g's body (see latches).
func findLatches(g *Graph, info *types.Info) latches {
	var l latches
	decls := make(map[*types.Var]ast.Node)
	sets := make(map[*types.Var][]ast.Node)
	spoilt := make(map[*types.Var]bool)
	isFalse := func(e ast.Expr) bool { return constIs(info, e, false) }
	for _, b := range g.CFG.Blocks {
		for _, n := range b.Nodes {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if v := latchDecl(info, n, isFalse); v != nil {
					decls[v] = n
					continue
				}
				if len(n.Lhs) == 1 && len(n.Rhs) == 1 && n.Tok == token.ASSIGN && constIs(info, n.Rhs[0], true) {
					if v := localVar(info, n.Lhs[0]); v != nil {
						sets[v] = append(sets[v], n)
						continue
					}
				}
			case *ast.ValueSpec: // go/cfg lists a var declaration's specs
				if v := latchVarDecl(info, n, isFalse); v != nil {
					decls[v] = n
					continue
				}
			}
			spoil(info, n, spoilt)
		}
	}
	for v, d := range decls {
		if spoilt[v] || len(sets[v]) == 0 || len(l.bit) == maxLatches {
			continue
		}
		if l.bit == nil {
			l.bit, l.sets, l.clear, l.tests = make(map[*types.Var]uint8), make(map[ast.Node]uint8), make(map[ast.Node]uint8), make(map[*ast.IfStmt]latchIf)
		}
		bit := uint8(1) << len(l.bit)
		l.bit[v] = bit
		l.clear[d] |= bit
		for _, s := range sets[v] {
			l.sets[s] |= bit
		}
	}
	if l.bit == nil {
		return l
	}
	for _, b := range g.CFG.Blocks {
		if len(b.Succs) != 2 || b.Succs[0].Kind != cfg.KindIfThen {
			continue
		}
		ifs, ok := b.Succs[0].Stmt.(*ast.IfStmt)
		if !ok {
			continue
		}
		cond, when := ast.Unparen(ifs.Cond), true
		if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			cond, when = ast.Unparen(u.X), false
		}
		if v := localVar(info, cond); v != nil && l.bit[v] != 0 {
			l.tests[ifs] = latchIf{bit: l.bit[v], when: when}
		}
	}
	return l
}

// latchDecl returns the variable `v := false` declares, if that is all n
// does.
func latchDecl(info *types.Info, n *ast.AssignStmt, isFalse func(ast.Expr) bool) *types.Var {
	if n.Tok != token.DEFINE || len(n.Lhs) != 1 || len(n.Rhs) != 1 || !isFalse(n.Rhs[0]) {
		return nil
	}
	id, ok := n.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.Defs[id].(*types.Var)
	return v
}

// latchVarDecl returns the variable `var v bool` or `var v = false`
// declares, if that is all vs does.
func latchVarDecl(info *types.Info, vs *ast.ValueSpec, isFalse func(ast.Expr) bool) *types.Var {
	if len(vs.Names) != 1 || len(vs.Values) > 1 || len(vs.Values) == 1 && !isFalse(vs.Values[0]) {
		return nil
	}
	v, _ := info.Defs[vs.Names[0]].(*types.Var)
	if v == nil || !isBool(v.Type()) {
		return nil
	}
	return v
}

// spoil marks every variable n writes: assigned, its address taken, the
// key or value of a range that assigns.
func spoil(info *types.Info, n ast.Node, spoilt map[*types.Var]bool) {
	mark := func(e ast.Expr) {
		if v := localVar(info, e); v != nil {
			spoilt[v] = true
		}
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, e := range x.Lhs {
				mark(e)
			}
		case *ast.IncDecStmt:
			mark(x.X)
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				mark(x.X)
			}
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				mark(x.Key)
				mark(x.Value)
			}
		}
		return true
	})
}

func localVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	if v == nil || v.IsField() || !isBool(v.Type()) {
		return nil
	}
	return v
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// constIs reports whether the type checker found e to be the constant
// bool want.
func constIs(info *types.Info, e ast.Expr, want bool) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) == want
}

// latched applies node n to the latches set on a path.
func (l latches) latched(n ast.Node, set uint8) uint8 {
	if l.bit == nil {
		return set
	}
	return set&^l.clear[n] | l.sets[n]
}

// allows reports whether a path with the latches set can take e: not the
// branch of an if on a latch that its value rules out.
func (l latches) allows(e Edge, set uint8) bool {
	if l.bit == nil || e.Kind != Then && e.Kind != Else {
		return true
	}
	ifs, ok := e.Stmt.(*ast.IfStmt)
	if !ok {
		return true
	}
	t, ok := l.tests[ifs]
	if !ok {
		return true
	}
	value := set&t.bit != 0
	return (value == t.when) == (e.Kind == Then)
}
