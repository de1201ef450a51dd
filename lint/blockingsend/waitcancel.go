package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// cancelledAfterWait reports whether ch is ctx.Done() of a context that
// ends only once every goroutine sending on site is done: it is made by
// context.WithCancel from a context nothing ends (see ctxOrigin), and its
// cancel is only ever called, not deferred nor handed on, after a Wait on
// a WaitGroup or group that counts each of those goroutines. A receiver
// that leaves on that case leaves no sender behind, as when the channel
// is closed after the Wait (signalsDone).
func (c *checker) cancelledAfterWait(ch ast.Expr, site *model.Site) bool {
	call, ok := ast.Unparen(ch).(*ast.CallExpr)
	if !ok || !concur.Is(c.p.Info, call, concur.CtxDone) {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	ctx, ok := c.p.Info.Uses[id].(*types.Var)
	if !ok {
		return false
	}
	decl := c.p.FuncAt(ctx.Pos())
	if decl == nil || decl.Body() == nil {
		return false
	}
	cancel := c.onlyWithCancel(decl.Body(), ctx)
	if cancel == nil {
		return false
	}
	groups := c.senderGroups(site)
	if len(groups) == 0 {
		return false
	}
	// Every use of cancel is a call of it, not deferred, after the Wait.
	calls := make(map[*ast.Ident]*ast.CallExpr)
	deferred := make(map[*ast.CallExpr]bool)
	ast.Inspect(decl.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			deferred[n.Call] = true
		case *ast.CallExpr:
			if u, isID := ast.Unparen(n.Fun).(*ast.Ident); isID && c.p.Info.Uses[u] == cancel {
				calls[u] = n
			}
		}
		return true
	})
	ok = len(calls) > 0
	ast.Inspect(decl.Body(), func(n ast.Node) bool {
		if u, isID := n.(*ast.Ident); isID && c.p.Info.Uses[u] == cancel {
			call := calls[u]
			ok = call != nil && !deferred[call] && c.waitedBefore(decl, call.Pos(), groups)
		}
		return ok
	})
	return ok
}

// onlyWithCancel returns the cancel of ctx when ctx is assigned once in
// body, by ctx, cancel := context.WithCancel(parent) with a parent nothing
// ends; nil otherwise.
func (c *checker) onlyWithCancel(body *ast.BlockStmt, ctx *types.Var) types.Object {
	var cancel types.Object
	assigned := 0
	ast.Inspect(body, func(n ast.Node) bool {
		as, isAssign := n.(*ast.AssignStmt)
		if !isAssign {
			return true
		}
		for i, l := range as.Lhs {
			if id, isID := l.(*ast.Ident); !isID || c.p.Info.ObjectOf(id) != ctx {
				continue
			}
			assigned++
			if i != 0 || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
				return false
			}
			if !isWithCancel(c.p.Info, as.Rhs[0]) {
				return false
			}
			call := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			if o, _ := c.ctxOrigin(call.Args[0]); o != handed {
				return false
			}
			if id, isID := as.Lhs[1].(*ast.Ident); isID && id.Name != "_" {
				cancel = c.p.Info.ObjectOf(id)
			}
		}
		return true
	})
	if assigned != 1 {
		return nil
	}
	return cancel
}

// senderGroups returns the groups that count every goroutine site's
// function starts that sends on site: the group whose Go starts it, or the
// WaitGroup whose Done it defers. Nil if one of them is counted by none.
func (c *checker) senderGroups(site *model.Site) map[model.RefKey]bool {
	groups := make(map[model.RefKey]bool)
	for _, s := range c.spawnsTouching(site.Func, site) {
		if !c.sendsOn(s.Func, site) {
			continue // the receiver, or a goroutine that only passes it on
		}
		k, ok := c.countedBy(s)
		if !ok {
			return nil
		}
		groups[k] = true
	}
	return groups
}

// countedBy returns the group that counts the goroutine s starts.
func (c *checker) countedBy(s *model.Spawn) (model.RefKey, bool) {
	if s.Call.Recv != nil {
		return model.KeyOf(c.p.Info, s.Call.Recv)
	}
	for _, call := range s.Func.Calls {
		if call.Known.Role == concur.Done && call.Defer && call.Recv != nil {
			return model.KeyOf(c.p.Info, call.Recv)
		}
	}
	return model.RefKey{}, false
}

// waitedBefore reports whether f calls Wait on one of groups before the
// position at.
func (c *checker) waitedBefore(f *model.Func, at token.Pos, groups map[model.RefKey]bool) bool {
	for _, call := range f.Calls {
		if call.Known.Role != concur.Wait || call.Recv == nil || call.Defer || call.Expr.Pos() >= at {
			continue
		}
		if k, ok := model.KeyOf(c.p.Info, call.Recv); ok && groups[k] {
			return true
		}
	}
	return false
}
