package flow

import (
	"go/ast"
	"go/token"
	"go/types"
	"math"

	"golang.org/x/tools/go/types/typeutil"
)

// Block explains why calling a function can make its caller wait on a
// channel.
type Block struct {
	// Op is the waiting operation: a send, a receive or a range over a
	// channel that is not a case of a select.
	Op *Op
	// Owner is the function whose body holds Op.
	Owner *types.Func
	// Next is the callee through which Op is reached, nil when Op is in
	// the function's own body.
	Next *types.Func
}

// Blocks reports whether a call of fn can wait on a channel while its
// caller's locks are still held: fn's body, or the body of a function of
// this package it calls statically, sends on a channel that may be
// unbuffered, receives from a channel other than a timer's, or ranges over a
// channel, outside any select, before any Unlock in that body (a function
// that unlocks may be releasing its caller's lock: updateAndUnlock).
// Operations in function literals, go statements and deferred calls do not
// count. Blocks returns nil for functions declared in other packages.
func (ix *Index) Blocks(fn *types.Func) *Block {
	if ix.blocking == nil {
		ix.computeBlocking()
	}
	if fn == nil {
		return nil
	}
	return ix.blocking[fn.Origin()]
}

func (ix *Index) computeBlocking() {
	ix.blocking = make(map[*types.Func]*Block)
	owner := make(map[*ast.FuncDecl]*types.Func, len(ix.decls))
	for _, fn := range ix.funcs {
		owner[ix.decls[fn]] = fn
	}
	unlock := make(map[*ast.FuncDecl]token.Pos)
	for _, fn := range ix.funcs {
		d := ix.decls[fn]
		unlock[d] = ix.firstUnlock(d.Body)
	}
	for _, op := range ix.Ops {
		fd, ok := op.Func().(*ast.FuncDecl)
		if !ok || !op.Bare() || !ix.waits(op) || op.Node.Pos() > unlock[fd] {
			continue
		}
		if fn := owner[fd]; fn != nil && ix.blocking[fn] == nil {
			ix.blocking[fn] = &Block{Op: op, Owner: fn}
		}
	}
	// Propagate through static calls until nothing changes.
	calls := make(map[*types.Func][]*types.Func)
	for _, fn := range ix.funcs {
		d := ix.decls[fn]
		calls[fn] = ix.staticCallees(d.Body, unlock[d])
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range ix.funcs {
			callees := calls[fn]
			if ix.blocking[fn] != nil {
				continue
			}
			for _, c := range callees {
				if b := ix.blocking[c]; b != nil {
					ix.blocking[fn] = &Block{Op: b.Op, Owner: b.Owner, Next: c}
					changed = true
					break
				}
			}
		}
	}
}

// waits reports whether a bare operation can wait indefinitely.
func (ix *Index) waits(op *Op) bool {
	switch op.Kind {
	case Send:
		return !ix.MayBuffer(op.Key)
	case Recv:
		return !ix.IsTimer(op.Chan)
	case Range:
		return true
	}
	return false
}

// staticCallees returns the functions of this package that body calls
// directly before the position before, outside function literals, go
// statements and deferred calls.
func (ix *Index) staticCallees(body *ast.BlockStmt, before token.Pos) []*types.Func {
	if body == nil {
		return nil
	}
	var out []*types.Func
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if fn := typeutil.StaticCallee(ix.info, n); fn != nil && ix.decls[fn.Origin()] != nil && n.Pos() < before {
				out = append(out, fn.Origin())
			}
		}
		return true
	})
	return out
}

// firstUnlock returns the position of the first Unlock or RUnlock call in
// body outside function literals and deferred calls, or the end of time.
func (ix *Index) firstUnlock(body *ast.BlockStmt) token.Pos {
	first := token.Pos(math.MaxInt)
	if body == nil {
		return first
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if _, _, lock, _, ok := lockOp(ix.info, n); ok && !lock && n.Pos() < first {
				first = n.Pos()
			}
		}
		return true
	})
	return first
}

// Counterparts returns the operations on the other side of a wait of the
// given kind on the channel key: receives, ranges and closes for a send (a
// close ends the sender's wait with a panic, but whoever closes is the one
// the sender waits for in a shutdown); sends and closes for a receive or a
// range.
func (ix *Index) Counterparts(key types.Object, kind OpKind) []*Op {
	var out []*Op
	for _, op := range ix.OpsOf(key) {
		switch {
		case kind == Send && op.Kind != Send,
			(kind == Recv || kind == Range) && (op.Kind == Send || op.Kind == Close):
			out = append(out, op)
		}
	}
	return out
}
