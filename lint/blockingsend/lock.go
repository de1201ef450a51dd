package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/flow"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// underLock reports a goroutine that waits on a channel while holding a
// mutex that the goroutine meant to end the wait needs too: a send,
// receive, range or select without default made between Lock and Unlock
// (or with the Unlock deferred), or a call in that window of a function of
// this package that waits so, when the function holding the other side of
// the channel (its receive for a send; its send or close for a receive)
// locks the same mutex — for a select, the other side of each of its
// cases, since any one of them can end the wait. Neither can proceed: a classic "channel and lock"
// deadlock, and every other goroutine that needs the mutex stops as well.
func (c *checker) underLock() {
	c.funcs(func(fn ast.Node, body *ast.BlockStmt) {
		flow.HeldLocks(c.pass.TypesInfo, body, func(n ast.Node, held []flow.Lock) {
			if len(held) == 0 || c.reported[n] {
				return
			}
			switch n := n.(type) {
			case *ast.SendStmt:
				if c.ix.MayBuffer(c.ix.Key(n.Chan)) {
					return
				}
				if other, mu := c.needsLock(fn, n.Chan, flow.Send, held); other != nil {
					c.reportLocked(n, "send on %s while holding %s can block forever: its %s (%s) needs %s too; unlock before sending",
						exprText(n.Chan), mu, side(other), c.where(other), mu)
				}
			case *ast.UnaryExpr:
				if n.Op != token.ARROW || c.mailbox(n.X, held) {
					return
				}
				if other, mu := c.needsLock(fn, n.X, flow.Recv, held); other != nil {
					c.reportLocked(n, "receive from %s while holding %s can block forever: its %s (%s) needs %s too; unlock before waiting",
						exprText(n.X), mu, side(other), c.where(other), mu)
				}
			case *ast.RangeStmt:
				if t := c.pass.TypesInfo.TypeOf(n.X); t == nil || !isChan(t) {
					return
				}
				if other, mu := c.needsLock(fn, n.X, flow.Range, held); other != nil {
					c.reportLocked(n, "range over %s while holding %s can block forever: its %s (%s) needs %s too; unlock before the loop",
						exprText(n.X), mu, side(other), c.where(other), mu)
				}
			case *ast.SelectStmt:
				if hasDefault(n) {
					return
				}
				// The select waits until one case is ready: it is stuck only
				// when the other side of every case needs the mutex.
				var first *flow.Op
				var firstCh ast.Expr
				var firstMu string
				for _, s := range n.Body.List {
					ch, kind := commChan(s.(*ast.CommClause).Comm)
					other, mu := c.needsLock(fn, ch, kind, held)
					if other == nil {
						return
					}
					if first == nil {
						first, firstCh, firstMu = other, ch, mu
					}
				}
				if first != nil {
					c.reportLocked(n, "select waits while holding %s: the goroutines that would make its cases ready (%s for %s) need %s too; unlock before waiting",
						firstMu, c.where(first), exprText(firstCh), firstMu)
				}
			case *ast.CallExpr:
				callee := typeutil.StaticCallee(c.pass.TypesInfo, n)
				b := c.ix.Blocks(callee)
				if b == nil || (b.Op.Kind == flow.Send && c.ix.MayBuffer(b.Op.Key)) {
					return
				}
				if other, mu := c.needsLock(fn, b.Op.Chan, b.Op.Kind, held); other != nil {
					c.reportLocked(n, "call of %s while holding %s can block forever: %s, and the other side (%s) needs %s too; unlock before the call",
						callee.Name(), mu, c.blockText(b), c.where(other), mu)
				}
			}
		})
	})
}

// needsLock returns an operation on the other side of a wait of the given
// kind on ch whose goroutine may lock one of held before getting to it (see
// flow.Index.LocksBefore), and that lock's expression. The waiting function
// itself does not count: it is the goroutine holding the lock, not another
// one.
func (c *checker) needsLock(waiter ast.Node, ch ast.Expr, kind flow.OpKind, held []flow.Lock) (*flow.Op, string) {
	if ch == nil {
		return nil, ""
	}
	key := c.ix.Key(ch)
	for _, other := range c.ix.Counterparts(key, kind) {
		fn := other.Func()
		if fn == nil || fn == waiter {
			continue
		}
		locks := c.ix.LocksBefore(other)
		for i := len(held) - 1; i >= 0; i-- {
			if held[i].Obj != nil && locks[held[i].Obj] {
				return other, held[i].Expr
			}
		}
	}
	return nil, ""
}

// mailbox reports whether ch is a buffered channel that every sender fills
// while holding one of held: a receiver holding that lock finds the value
// already there or knows from the state the lock guards that none is
// coming (net/http's wantConn), so its receive is not the deadlock this
// rule is about.
func (c *checker) mailbox(ch ast.Expr, held []flow.Lock) bool {
	key := c.ix.Key(ch)
	if !c.ix.MayBuffer(key) {
		return false
	}
	senders := 0
	for _, op := range c.ix.OpsOf(key) {
		if op.Kind != flow.Send {
			continue
		}
		senders++
		inside := false
		_, body := flow.FuncParts(op.Func())
		flow.HeldLocks(c.pass.TypesInfo, body, func(n ast.Node, locks []flow.Lock) {
			if n == op.Node && slices.ContainsFunc(locks, func(l flow.Lock) bool {
				return slices.ContainsFunc(held, func(h flow.Lock) bool { return h.Obj != nil && h.Obj == l.Obj })
			}) {
				inside = true
			}
		})
		if !inside {
			return false
		}
	}
	return senders > 0
}

// side names the role of an operation on the other side of a wait.
func side(op *flow.Op) string {
	switch op.Kind {
	case flow.Close:
		return "closer"
	case flow.Send:
		return "sender"
	}
	return "receiver"
}

// where names the function of an operation and its line for a message.
func (c *checker) where(op *flow.Op) string {
	return fmt.Sprintf("%s, line %d", funcName(op.Func()), c.pass.Fset.Position(op.Node.Pos()).Line)
}

// commChan returns the channel of a select case and the kind of wait.
func commChan(comm ast.Stmt) (ast.Expr, flow.OpKind) {
	if s, ok := comm.(*ast.SendStmt); ok {
		return s.Chan, flow.Send
	}
	return flow.RecvChan(comm), flow.Recv
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func (c *checker) reportLocked(n ast.Node, format string, args ...any) {
	c.report(n, analysis.Diagnostic{Pos: n.Pos(), Message: fmt.Sprintf(format, args...)})
}

// blockText says where a blocking function waits.
func (c *checker) blockText(b *flow.Block) string {
	line := c.pass.Fset.Position(b.Op.Node.Pos()).Line
	what := "waits on " + exprText(b.Op.Chan)
	switch b.Op.Kind {
	case flow.Send:
		what = "sends on " + exprText(b.Op.Chan)
	case flow.Recv:
		what = "receives from " + exprText(b.Op.Chan)
	case flow.Range:
		what = "ranges over " + exprText(b.Op.Chan)
	}
	if b.Next != nil {
		return fmt.Sprintf("%s %s (line %d)", b.Owner.Name(), what, line)
	}
	return fmt.Sprintf("it %s (line %d)", what, line)
}

func hasDefault(sel *ast.SelectStmt) bool {
	for _, s := range sel.Body.List {
		if s.(*ast.CommClause).Comm == nil {
			return true
		}
	}
	return false
}
