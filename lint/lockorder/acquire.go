package lockorder

import (
	"go/ast"
	"go/token"
	"slices"

	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// Lock checks a Lock or RLock call of the function's own body against the
// mutexes held there.
func (c *checker) Lock(w *locks.Walk, st *locks.State, call *ast.CallExpr, h locks.Hold) {
	if c.handedOver(w, h.Key) {
		return // not this goroutine's to hold
	}
	if held, ok := locks.Holding(st.Must, h.Key); ok {
		if ok, why := c.deadlocks(w, held, h.Ref, h.Read, call.Pos()); ok {
			c.reportRelock(call, locks.Display(h.Ref), held, h.Read, why)
			relock(w, h.Key)
		}
	} else if ws(w).topOfLoop[call] && slices.ContainsFunc(st.May, func(m locks.Hold) bool { return m.Key.Root != nil && m.Key == h.Key && m.Site == h.Site }) {
		if ok, why := c.writerBetween(w, h.Ref, call.Pos()); !h.Read || ok {
			c.reportLoopRelock(call, locks.Display(h.Ref), h.Read, why)
			relock(w, h.Key)
		}
	}
}

// deadlocks reports whether locking r (read: with RLock) while held is
// certain to deadlock: any second lock involving a write lock is. A second
// read lock is when a writer can get in between (see writerBetween), and
// this function took the first read lock itself, not a function that
// returns holding it (whose callers are meant to hold several). For a
// second read lock it also returns the writer, as related information.
func (c *checker) deadlocks(w *locks.Walk, held locks.Hold, r model.Ref, read bool, at token.Pos) (bool, []analysis.RelatedInformation) {
	if !held.Read || !read {
		return true, nil
	}
	if held.Via != "" {
		return false, nil
	}
	return c.writerBetween(w, r, at)
}

// writerBetween reports whether a writer can lock r's mutex between two
// read locks this function takes, and names it. By default that needs a
// writer the package shows running at the same time as this function (see
// goroutines.concurrent); with -lockorder.audit any write lock will do: of
// a mutex of r's class anywhere in the package (any function may run in
// another goroutine, on the same value), or, for a mutex stored in a local
// variable itself, in a function literal other than this function.
func (c *checker) writerBetween(w *locks.Walk, r model.Ref, at token.Pos) (bool, []analysis.RelatedInformation) {
	var writers []*model.Func
	var match func(model.Ref) bool
	if key, _ := locks.Class(r); key != "" && !(locks.IsLocal(r.Root) && r.Inline()) {
		writers = c.a.Writers[key]
		match = func(x model.Ref) bool { k, _ := locks.Class(x); return k == key }
	} else {
		for _, fn := range c.a.WriterIn[r.Root] {
			if fn != w.F.Model {
				writers = append(writers, fn)
			}
		}
		match = func(x model.Ref) bool { return x.Root == r.Root }
	}
	if audit {
		return len(writers) > 0, nil
	}
	if c.goroutines == nil {
		c.goroutines = newGoroutines(c.p)
	}
	ov, ok := c.goroutines.concurrent(w.F.Model, writers)
	if !ok {
		return false, nil
	}
	return true, c.related(ov, c.writeLockIn(ov.writer, match), at)
}

// handedOver reports whether another function of the package — a
// goroutine's function literal, typically — unlocks the mutex k without
// locking it, or whether its Unlock is handed out as a function value
// (server.NotifyStartedFunc = mu.Unlock): the mutex is a signal between
// goroutines, locked here and unlocked there, not a lock this goroutine
// holds on to.
func (c *checker) handedOver(w *locks.Walk, k model.RefKey) bool {
	return c.unlockValues()[k] || slices.ContainsFunc(c.a.UnlockIn[k], func(fn *model.Func) bool {
		return fn != w.F.Model && !slices.Contains(c.a.LockIn[k], fn)
	})
}

// unlockValues returns the mutexes whose Unlock or RUnlock the package
// takes as a method value rather than calls: whoever is handed it
// unlocks the mutex, out of sight.
func (c *checker) unlockValues() map[model.RefKey]bool {
	if c.unlockVals != nil {
		return c.unlockVals
	}
	c.unlockVals = make(map[model.RefKey]bool)
	called := make(map[*ast.SelectorExpr]bool)
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
					called[sel] = true
				}
			case *ast.SelectorExpr:
				if (n.Sel.Name == "Unlock" || n.Sel.Name == "RUnlock") && !called[n] {
					if _, isMethod := c.pass.TypesInfo.Selections[n]; isMethod {
						if k, ok := model.KeyOf(c.pass.TypesInfo, n.X); ok {
							c.unlockVals[k] = true
						}
					}
				}
			}
			return true
		})
	}
	return c.unlockVals
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
	if !l.Named || guarded || l.Maybe && !audit || l.ReleasedBefore(l.Ref.Key()) {
		return
	}
	held, ok := locks.Holding(st.Must, l.Ref.Key())
	if !ok || c.handedOver(w, held.Key) {
		return
	}
	if ok, why := c.deadlocks(w, held, l.Ref, l.Read, call.Pos()); ok {
		c.reportCallRelock(call, callee.Name, locks.Display(l.Ref), l, held, why)
		relock(w, l.Ref.Key())
	}
}
