package blockingsend

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
)

// settled reports whether a wait at at, on one of chans, cannot block
// because one of those channels is closed already: the wait runs only
// when a flag is true, and every write of the flag sets it to true right
// after closing one of chans on the same value. It is the "already done"
// branch of a future or a one-shot result, which collects the outcome
// under the lock its closer takes too:
//
//	f.mu.Lock(); defer f.mu.Unlock()
//	if f.done { select { case <-f.completed: …; case <-f.cancelled: … } }
//
//	f.mu.Lock(); close(f.completed); f.done = true; f.mu.Unlock() // the closer
//
// Whoever saw the flag true saw the close before it, and a closed channel
// never blocks a receive. The flag and the channels must be unexported
// fields of this package, reached through the same value; the flag is
// written nowhere else (and starts false), the channels are never assigned
// after they are made, and neither has its address taken: a flag that
// could be set on another path, or outlive the channel it speaks for,
// proves nothing.
func (c *checker) settled(waiter *model.Func, at ast.Node, chans []ast.Expr) bool {
	info := c.pass.TypesInfo
	closable := make(map[types.Object]bool)
	var base string
	for _, ch := range chans {
		f := ownField(info, c.pass.Pkg, ch)
		if f == nil {
			return false
		}
		b := exprText(ast.Unparen(ch).(*ast.SelectorExpr).X)
		if base != "" && b != base {
			return false
		}
		base = b
		closable[f] = true
	}
	if len(closable) == 0 {
		return false
	}
	for _, flag := range requiredFlags(info, waiter, at) {
		sel, ok := flag.(*ast.SelectorExpr)
		if !ok || exprText(sel.X) != base {
			continue
		}
		if f := ownField(info, c.pass.Pkg, flag); f != nil && isBool(f) && c.setOnlyAfterClose(f, closable) {
			return true
		}
	}
	return false
}

// requiredFlags returns the boolean expressions that must be true for
// code at at in f to run: the conditions, and the operands of && in them,
// of the ifs whose then-branch holds at.
func requiredFlags(info *types.Info, f *model.Func, at ast.Node) []ast.Expr {
	var flags []ast.Expr
	var conjuncts func(e ast.Expr)
	conjuncts = func(e ast.Expr) {
		e = ast.Unparen(e)
		if b, ok := e.(*ast.BinaryExpr); ok && b.Op == token.LAND {
			conjuncts(b.X)
			conjuncts(b.Y)
			return
		}
		if namedVar(info, e) != nil {
			flags = append(flags, e)
		}
	}
	for _, s := range guardingIfs(f, at) {
		conjuncts(s.Cond)
	}
	return flags
}

// guardingIfs returns the ifs of f's own body (not its function literals')
// whose then-branch holds at: those whose conditions held for at to run.
func guardingIfs(f *model.Func, at ast.Node) []*ast.IfStmt {
	var ifs []*ast.IfStmt
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if within(at, n.Body) {
				ifs = append(ifs, n)
			}
		}
		return n == nil || within(at, n)
	})
	return ifs
}

// setOnlyAfterClose reports whether every write of flag in the package
// sets it to true right after a close of one of closable on the same
// value (an earlier statement of the same block), and nothing assigns
// closable or takes the address of either. A struct literal may start the
// flag at false and make the channels.
func (c *checker) setOnlyAfterClose(flag *types.Var, closable map[types.Object]bool) bool {
	info := c.pass.TypesInfo
	names := func(e ast.Expr, objs map[types.Object]bool) bool {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		return ok && objs[info.Uses[sel.Sel]]
	}
	isFlag := map[types.Object]bool{flag: true}
	writes, justified := 0, 0
	ok := true
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if !ok {
				return false
			}
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if names(l, closable) {
						ok = false
					}
					if names(l, isFlag) {
						writes++
					}
				}
			case *ast.IncDecStmt:
				if names(n.X, isFlag) || names(n.X, closable) {
					ok = false
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND && (names(n.X, isFlag) || names(n.X, closable)) {
					ok = false
				}
			case *ast.KeyValueExpr:
				if id, isID := n.Key.(*ast.Ident); isID && info.Uses[id] == flag && !isConstBool(info, n.Value, false) {
					ok = false
				}
			case *ast.BlockStmt:
				justified += closedThenSet(info, n.List, flag, closable)
			case *ast.CaseClause:
				justified += closedThenSet(info, n.Body, flag, closable)
			case *ast.CommClause:
				justified += closedThenSet(info, n.Body, flag, closable)
			}
			return true
		})
	}
	return ok && writes > 0 && writes == justified
}

// closedThenSet counts the statements of list that set flag to true on
// some value x after an earlier statement of list closed x.c, c one of
// closable.
func closedThenSet(info *types.Info, list []ast.Stmt, flag *types.Var, closable map[types.Object]bool) int {
	n := 0
	for i, s := range list {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 || !isConstBool(info, as.Rhs[0], true) {
			continue
		}
		sel, ok := ast.Unparen(as.Lhs[0]).(*ast.SelectorExpr)
		if !ok || info.Uses[sel.Sel] != flag {
			continue
		}
		for _, prev := range list[:i] {
			if closes(info, prev, exprText(sel.X), closable) {
				n++
				break
			}
		}
	}
	return n
}

// closes reports whether s is close(x.c), x printed as base and c one of
// closable.
func closes(info *types.Info, s ast.Stmt, base string, closable map[types.Object]bool) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || info.Uses[id] != types.Universe.Lookup("close") {
		return false
	}
	sel, ok := ast.Unparen(call.Args[0]).(*ast.SelectorExpr)
	return ok && closable[info.Uses[sel.Sel]] && exprText(sel.X) == base
}

// ownField returns the field e selects when it is an unexported field
// declared in pkg, or nil.
func ownField(info *types.Info, pkg *types.Package, e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || !v.IsField() || v.Exported() || v.Pkg() != pkg {
		return nil
	}
	return v
}

func isConstBool(info *types.Info, e ast.Expr, want bool) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value) == want
}
