package wgadd

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// gated reports whether add is made while its goroutine holds a mutex
// that every function waiting on the same WaitGroup locks before its
// Wait. That is a gate: the waiter closes it under the lock (sets a
// channel to nil, a state to closed) before waiting, and the goroutine
// adds only after checking, under the same lock, that it is open. An Add
// then either comes before the gate closes, and so before the Wait, or
// not at all:
//
//	h.mu.RLock()
//	if h.logCh != nil { // closed under h.mu.Lock() before h.wg.Wait()
//		h.wg.Add(1)
//		defer h.wg.Done()
//	}
//	h.mu.RUnlock()
//
// Mutexes and WaitGroups are matched by field (or variable), whatever the
// receiver's name; the order is the order in the source.
func gated(pass *analysis.Pass, body *ast.BlockStmt, add addCall) bool {
	info := pass.TypesInfo
	wg := objOf(info, add.recv)
	if wg == nil {
		return false
	}
	held := heldAt(info, body, add.call.Pos())
	if len(held) == 0 {
		return false
	}
	waits := 0
	for _, f := range pass.Files {
		ok := true
		ast.Inspect(f, func(n ast.Node) bool {
			var fbody *ast.BlockStmt
			switch fn := n.(type) {
			case *ast.FuncDecl:
				fbody = fn.Body
			case *ast.FuncLit:
				fbody = fn.Body
			default:
				return ok
			}
			if fbody == nil {
				return ok
			}
			for _, w := range methodCalls(info, fbody, "Wait") {
				if objOf(info, w.X) != wg {
					continue
				}
				waits++
				locked := false
				for _, l := range methodCalls(info, fbody, "Lock") {
					if held[objOf(info, l.X)] && l.Pos() < w.Pos() {
						locked = true
					}
				}
				ok = ok && locked
			}
			return ok
		})
		if !ok {
			return false
		}
	}
	return waits > 0
}

// heldAt returns the mutexes (by field or variable) that body locks, with
// Lock or RLock, before pos and does not unlock, outside a defer, between
// the lock and pos.
func heldAt(info *types.Info, body *ast.BlockStmt, pos token.Pos) map[types.Object]bool {
	held := make(map[types.Object]bool)
	last := make(map[types.Object]token.Pos)
	for _, name := range []string{"Lock", "RLock"} {
		for _, l := range methodCalls(info, body, name) {
			if o := objOf(info, l.X); o != nil && l.Pos() < pos && l.Pos() > last[o] {
				last[o] = l.Pos()
			}
		}
	}
	for o, at := range last {
		held[o] = true
		for _, name := range []string{"Unlock", "RUnlock"} {
			for _, u := range methodCalls(info, body, name) {
				if objOf(info, u.X) == o && at < u.Pos() && u.Pos() < pos && !inDefer(body, u) {
					held[o] = false
				}
			}
		}
		if !held[o] {
			delete(held, o)
		}
	}
	return held
}

// methodCalls returns the receivers' selectors of the calls x.name() in
// body, function literals included.
func methodCalls(info *types.Info, body ast.Node, name string) []*ast.SelectorExpr {
	var out []*ast.SelectorExpr
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 0 {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == name {
				if _, isMethod := info.Selections[sel]; isMethod {
					out = append(out, sel)
				}
			}
		}
		return true
	})
	return out
}

// objOf returns the field or variable e names last: mu in h.mu, wg.
func objOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return info.ObjectOf(e)
	case *ast.SelectorExpr:
		return info.ObjectOf(e.Sel)
	case *ast.UnaryExpr:
		return objOf(info, e.X)
	case *ast.StarExpr:
		return objOf(info, e.X)
	}
	return nil
}

// inDefer reports whether n is inside a defer statement of body.
func inDefer(body *ast.BlockStmt, n ast.Node) bool {
	found := false
	ast.Inspect(body, func(m ast.Node) bool {
		if d, ok := m.(*ast.DeferStmt); ok && d.Pos() <= n.Pos() && n.End() <= d.End() {
			found = true
		}
		return !found
	})
	return found
}
