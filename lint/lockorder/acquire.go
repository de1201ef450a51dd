package lockorder

import (
	"go/ast"
	"go/token"
	"slices"
)

// lockDirect checks a Lock or RLock call of the function's own body
// against the mutexes held there, and records it.
func (w *walker) lockDirect(st *state, call *ast.CallExpr, h hold) {
	if w.handedOver(h.key) {
		// Not this goroutine's to hold.
	} else if held, ok := holding(st.must, h.key); ok {
		if w.deadlocks(held, h.ref, h.read) {
			w.c.reportRelock(call, display(h.ref), held, h.read)
			w.relock(h.key)
		}
	} else if w.topOfLoop[call] && slices.ContainsFunc(st.may, func(m hold) bool { return m.known() && m.key == h.key && m.site == h.site }) {
		if !h.read || w.hasWriter(h.ref) {
			w.c.reportLoopRelock(call, display(h.ref), h.read)
			w.relock(h.key)
		}
	}
	w.locks = append(w.locks, lockSite{call: call, ref: h.ref, read: h.read})
	l := locking{ref: h.ref, named: true, read: h.read, class: h.ref.class(), at: call.Pos(), fn: w.fi.name, text: display(h.ref)}
	w.record(st, call.Pos(), l, w.fi.guarded(call.Pos()))
}

// deadlocks reports whether locking r (read: with RLock) while held is
// certain to deadlock: any second lock involving a write lock is. A second
// read lock is when a writer can get in between: only when another
// goroutine can write-lock the mutex (see hasWriter), and this function
// took the first read lock itself, not a function that returns holding it
// (whose callers are meant to hold several).
func (w *walker) deadlocks(held hold, r ref, read bool) bool {
	if !held.read || !read {
		return true
	}
	return held.via == "" && w.hasWriter(r)
}

// hasWriter reports whether another goroutine can write-lock r's mutex:
// the package write-locks a mutex of its class somewhere (any function
// may run in another goroutine, on the same value), or, for a mutex
// stored in a local variable itself, a function literal other than
// this function does.
func (w *walker) hasWriter(r ref) bool {
	if cl := r.class(); cl.valid() && !(isLocal(r.root) && r.inline()) {
		return w.c.writers[cl.key]
	}
	return slices.ContainsFunc(w.c.writerIn[r.root], func(fn ast.Node) bool { return fn != w.fi.node })
}

// handedOver reports whether another function of the package — a
// goroutine's function literal, typically — unlocks the mutex k without
// locking it: the mutex is a signal between goroutines, locked here and
// unlocked there, not a lock this goroutine holds on to.
func (w *walker) handedOver(k refKey) bool {
	return slices.ContainsFunc(w.c.unlockIn[k], func(fn ast.Node) bool {
		return fn != w.fi.node && !slices.Contains(w.c.lockIn[k], fn)
	})
}

// relock notes that a deadlock on k was reported in this function: an
// early return after it is the same bug, not another one.
func (w *walker) relock(k refKey) {
	if w.relocked == nil {
		w.relocked = make(map[refKey]bool)
	}
	w.relocked[k] = true
}

// lockVia checks a call that locks a mutex, somewhere in its callee,
// against the mutexes held at the call, and records it.
func (w *walker) lockVia(st *state, call *ast.CallExpr, callee *funcInfo, a acquire, args []ref, oks []bool) {
	l := locking{class: a.class, read: a.read, at: a.at, fn: a.fn, text: a.text}
	if a.named {
		l.ref, l.named = a.mutex.bind(args, oks)
		if l.named {
			if c := l.ref.class(); c.valid() {
				l.class = c
			}
		}
	}
	for _, e := range a.releasedBefore {
		if r, ok := e.bind(args, oks); ok {
			l.before = append(l.before, r)
		}
	}
	if l.named && !a.guarded && !l.releasedBefore(l.ref.key()) {
		if held, ok := holding(st.must, l.ref.key()); ok && w.deadlocks(held, l.ref, l.read) && !w.handedOver(held.key) {
			w.c.reportCallRelock(call, callee.name, display(l.ref), l, held)
			w.relock(l.ref.key())
		}
	}
	w.record(st, call.Pos(), l, a.guarded || w.fi.guarded(call.Pos()))
}

// locking is a mutex a point of the function locks, directly or through
// a call.
type locking struct {
	ref   ref // in the function's terms, when named
	named bool
	class lockClass
	read  bool
	// at is the Lock call itself, in the function fn, spelt text there.
	at   token.Pos
	fn   string
	text string
	// before are the mutexes a callee unlocks before it gets to the Lock.
	before []ref
}

func (l locking) releasedBefore(k refKey) bool {
	return slices.ContainsFunc(l.before, func(r ref) bool { return r.key() == k })
}

// record adds what a locking at site means beyond this function: an
// acquisition of the function's summary, and lock-order edges from every
// mutex held there.
func (w *walker) record(st *state, site token.Pos, l locking, guarded bool) {
	if l.named && w.fi.fresh[l.ref.root] {
		return // a value this function has just made: nobody else has it yet
	}
	if !guarded {
		w.addEdges(st, site, l)
	}
	if len(w.sum.acquires) >= maxAcquires {
		return
	}
	a := acquire{class: l.class, read: l.read, at: l.at, fn: l.fn, text: l.text, guarded: guarded}
	if l.named {
		if _, held := holding(st.must, l.ref.key()); held && !l.releasedBefore(l.ref.key()) {
			return // a deadlock here, reported here
		}
		a.mutex, a.named = w.fi.export(l.ref, l.read)
	}
	if !a.named && !a.class.valid() {
		return
	}
	for _, r := range slices.Concat(l.before, st.released) {
		if e, ok := w.fi.export(r, false); ok {
			a.releasedBefore = append(a.releasedBefore, e)
		}
	}
	for _, b := range w.sum.acquires {
		if b.named == a.named && b.read == a.read && b.class.key == a.class.key &&
			(!a.named || b.mutex.param == a.mutex.param && b.mutex.ref.key() == a.mutex.ref.key()) {
			return
		}
	}
	w.sum.acquires = append(w.sum.acquires, a)
}

// summarise fills the function's summary from the states at its returns.
func (w *walker) summarise() {
	var exits []exit
	for _, e := range w.exits {
		if !e.panic {
			exits = append(exits, e)
		}
	}
	if len(exits) == 0 {
		return // it never returns: a loop that runs as long as the program
	}
	deferred := func(st *state, k refKey) bool { return slices.Contains(st.deferred, k) }
	for _, h := range exits[0].st.must {
		if deferred(exits[0].st, h.key) || w.fi.escapes[h.key] {
			continue
		}
		all := true
		for _, e := range exits[1:] {
			if !slices.ContainsFunc(e.st.must, func(o hold) bool { return o.key == h.key && o.read == h.read }) || deferred(e.st, h.key) {
				all = false
				break
			}
		}
		if ex, ok := w.fi.export(h.ref, h.read); all && ok {
			w.sum.exitHeld = append(w.sum.exitHeld, ex)
		}
	}
	seen := make(map[refKey]bool)
	for _, e := range exits {
		for _, r := range e.st.released {
			k := r.key()
			if _, held := holding(e.st.must, k); (held && !deferred(e.st, k)) || seen[k] {
				continue
			}
			if ex, ok := w.fi.export(r, false); ok {
				seen[k] = true
				w.sum.releases = append(w.sum.releases, ex)
			}
		}
	}
}
