package model

import (
	"go/ast"
	"go/types"
)

// LockKind is what a mutex method does.
type LockKind int

// The mutex methods.
const (
	Lock LockKind = iota
	RLock
	Unlock
	RUnlock
	TryLock
	TryRLock
)

var lockKinds = map[string]LockKind{
	"Lock": Lock, "RLock": RLock, "Unlock": Unlock, "RUnlock": RUnlock, "TryLock": TryLock, "TryRLock": TryRLock,
}

func (k LockKind) String() string {
	return [...]string{"Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock"}[k]
}

// Read reports whether the method is one of a read lock.
func (k LockKind) Read() bool { return k == RLock || k == RUnlock || k == TryRLock }

// Acquires reports whether the method takes the mutex, waiting for it.
func (k LockKind) Acquires() bool { return k == Lock || k == RLock }

// Releases reports whether the method gives the mutex back.
func (k LockKind) Releases() bool { return k == Unlock || k == RUnlock }

// LockOp is a call of a method of a sync.Mutex, a sync.RWMutex or a
// sync.Locker.
type LockOp struct {
	Call *Call
	Kind LockKind
	// Ref names the mutex (or the Locker): s.mu, c.Mutex for a mutex c
	// embeds. Ref is not Valid for a mutex the model cannot name: an
	// element of a map, a call's result.
	Ref Ref
	// Locker is set for a call through the sync.Locker interface (a Cond's
	// L, a RLocker()): which mutex it locks is up to its dynamic value.
	Locker bool
}

// lockOp classifies a call as a mutex operation, or returns nil.
func (p *Program) lockOp(c *Call) *LockOp {
	sel, ok := ast.Unparen(c.Expr.Fun).(*ast.SelectorExpr)
	if !ok || c.Callee == nil {
		return nil
	}
	kind, ok := lockKinds[c.Callee.Name()]
	if !ok || c.Callee.Pkg() == nil || c.Callee.Pkg().Path() != "sync" {
		return nil
	}
	recv := c.Callee.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	op := &LockOp{Call: c, Kind: kind}
	switch {
	case isNamed(recv.Type(), "sync", "Locker"):
		op.Locker = true
		op.Ref, _ = RefOf(p.Info, sel.X)
	case isNamed(recv.Type(), "sync", "Mutex"), isNamed(recv.Type(), "sync", "RWMutex"):
		op.Ref, _ = ReceiverRef(p.Info, sel)
	default:
		return nil
	}
	return op
}

// UnlockValue names the mutex whose Unlock or RUnlock method sel takes as
// a value (unlock := mu.Unlock, return mu.Unlock), not calling it: the
// lock is handed to whoever calls it.
func UnlockValue(info *types.Info, sel *ast.SelectorExpr) (Ref, bool) {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return Ref{}, false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || (fn.Name() != "Unlock" && fn.Name() != "RUnlock") {
		return Ref{}, false
	}
	return ReceiverRef(info, sel)
}
