package lockorder

import (
	"go/ast"
	"slices"

	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
)

// Lock checks a Lock or RLock call of the function's own body against the
// mutexes held there.
func (c *checker) Lock(w *locks.Walk, st *locks.State, call *ast.CallExpr, h locks.Hold) {
	if c.handedOver(w, h.Key) {
		return // not this goroutine's to hold
	}
	if held, ok := locks.Holding(st.Must, h.Key); ok {
		if c.deadlocks(w, held, h.Ref, h.Read) {
			c.reportRelock(call, locks.Display(h.Ref), held, h.Read)
			relock(w, h.Key)
		}
	} else if ws(w).topOfLoop[call] && slices.ContainsFunc(st.May, func(m locks.Hold) bool { return m.Key.Root != nil && m.Key == h.Key && m.Site == h.Site }) {
		if !h.Read || c.hasWriter(w, h.Ref) {
			c.reportLoopRelock(call, locks.Display(h.Ref), h.Read)
			relock(w, h.Key)
		}
	}
}

// deadlocks reports whether locking r (read: with RLock) while held is
// certain to deadlock: any second lock involving a write lock is. A second
// read lock is when a writer can get in between: only when another
// goroutine can write-lock the mutex (see hasWriter), and this function
// took the first read lock itself, not a function that returns holding it
// (whose callers are meant to hold several).
func (c *checker) deadlocks(w *locks.Walk, held locks.Hold, r model.Ref, read bool) bool {
	if !held.Read || !read {
		return true
	}
	return held.Via == "" && c.hasWriter(w, r)
}

// hasWriter reports whether another goroutine can write-lock r's mutex:
// the package write-locks a mutex of its class somewhere (any function
// may run in another goroutine, on the same value), or, for a mutex
// stored in a local variable itself, a function literal other than
// this function does.
func (c *checker) hasWriter(w *locks.Walk, r model.Ref) bool {
	if key, _ := locks.Class(r); key != "" && !(locks.IsLocal(r.Root) && r.Inline()) {
		return c.a.Writers[key]
	}
	return slices.ContainsFunc(c.a.WriterIn[r.Root], func(fn *model.Func) bool { return fn != w.F.Model })
}

// handedOver reports whether another function of the package — a
// goroutine's function literal, typically — unlocks the mutex k without
// locking it: the mutex is a signal between goroutines, locked here and
// unlocked there, not a lock this goroutine holds on to.
func (c *checker) handedOver(w *locks.Walk, k model.RefKey) bool {
	return slices.ContainsFunc(c.a.UnlockIn[k], func(fn *model.Func) bool {
		return fn != w.F.Model && !slices.Contains(c.a.LockIn[k], fn)
	})
}

// relock notes that a deadlock on k was reported in this function: an
// early return after it is the same bug, not another one.
func relock(w *locks.Walk, k model.RefKey) {
	s := ws(w)
	if s.relocked == nil {
		s.relocked = make(map[model.RefKey]bool)
	}
	s.relocked[k] = true
}

// LockVia checks a call that locks a mutex, somewhere in its callee,
// against the mutexes held at the call.
func (c *checker) LockVia(w *locks.Walk, st *locks.State, call *ast.CallExpr, callee *locks.Func, l locks.Locking, guarded bool) {
	if !l.Named || guarded || l.ReleasedBefore(l.Ref.Key()) {
		return
	}
	if held, ok := locks.Holding(st.Must, l.Ref.Key()); ok && c.deadlocks(w, held, l.Ref, l.Read) && !c.handedOver(w, held.Key) {
		c.reportCallRelock(call, callee.Name, locks.Display(l.Ref), l, held)
		relock(w, l.Ref.Key())
	}
}
