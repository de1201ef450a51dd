package locks

import (
	"go/ast"
	"go/token"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
)

// A Locking is a mutex a point of a function locks, directly or through
// a call.
type Locking struct {
	Ref   model.Ref // in the function's terms, when Named
	Named bool
	Class lockClass
	Read  bool
	// At is the Lock call itself, in the function Fn, spelt Text there.
	At   token.Pos
	Fn   string
	Text string
	// before are the mutexes a callee unlocks before it gets to the Lock.
	before []model.Ref
	// Maybe is set for a Lock in a callee that a call can return without
	// reaching (see Acquire.maybe): whether it runs depends on what the
	// callee finds, which the caller's code does not show.
	Maybe bool
}

// ReleasedBefore reports whether the callee unlocks the mutex k before it
// gets to the Lock.
func (l Locking) ReleasedBefore(k model.RefKey) bool {
	return slices.ContainsFunc(l.before, func(r model.Ref) bool { return r.Key() == k })
}

// ClassKey returns the identity of the mutex's class, "" when it has none.
func (l Locking) ClassKey() string { return l.Class.key }

// ClassName returns the class of the mutex for a message: Store.mu.
func (l Locking) ClassName() string { return l.Class.name }

// lockDirect records a Lock or RLock call of the function's own body,
// after the rules have checked it against the mutexes held there.
func (w *Walk) lockDirect(st *State, call *ast.CallExpr, h Hold) {
	w.a.rules.Lock(w, st, call, h)
	w.Locks = append(w.Locks, LockSite{Call: call, Ref: h.Ref, Read: h.Read})
	l := Locking{Ref: h.Ref, Named: true, Read: h.Read, Class: class(h.Ref), At: call.Pos(), Fn: w.F.Name, Text: Display(h.Ref)}
	w.record(st, call.Pos(), l, w.F.guarded(call.Pos()))
}

// lockVia records a call that locks a mutex, somewhere in its callee,
// after the rules have checked it against the mutexes held at the call.
func (w *Walk) lockVia(st *State, call *ast.CallExpr, callee *Func, acq Acquire, args []model.Ref, oks []bool) {
	l := Locking{Class: acq.class, Read: acq.Read, At: acq.At, Fn: acq.Fn, Text: acq.Text, Maybe: acq.maybe || w.a.onceOnly(call)}
	if acq.named {
		l.Ref, l.Named = acq.mutex.bind(args, oks)
		if l.Named {
			if c := class(l.Ref); c.valid() {
				l.Class = c
			}
		}
	}
	for _, e := range acq.releasedBefore {
		if r, ok := e.bind(args, oks); ok {
			l.before = append(l.before, r)
		}
	}
	w.a.rules.LockVia(w, st, call, callee, l, acq.guarded)
	w.record(st, call.Pos(), l, acq.guarded || w.F.guarded(call.Pos()))
}

// record adds what a locking at site means beyond this function: an
// acquisition of the function's summary, and, for the rules, the mutexes
// held there.
func (w *Walk) record(st *State, site token.Pos, l Locking, guarded bool) {
	if l.Named && w.F.Fresh[l.Ref.Root] {
		return // a value this function has just made: nobody else has it yet
	}
	w.a.rules.Locked(w, st, site, l, guarded)
	if len(w.Sum.Acquires) >= maxAcquires {
		return
	}
	a := Acquire{class: l.Class, Read: l.Read, At: l.At, Fn: l.Fn, Text: l.Text, guarded: guarded, maybe: l.Maybe || !w.onEveryPath(site)}
	if l.Named {
		if _, held := holding(st.Must, l.Ref.Key()); held && !l.ReleasedBefore(l.Ref.Key()) {
			return // a deadlock here, reported here
		}
		a.mutex, a.named = w.F.export(l.Ref, l.Read)
	}
	if !a.named && !a.class.valid() {
		return
	}
	for _, r := range slices.Concat(l.before, st.Released) {
		if e, ok := w.F.export(r, false); ok {
			a.releasedBefore = append(a.releasedBefore, e)
		}
	}
	for i, b := range w.Sum.Acquires {
		if b.named == a.named && b.Read == a.Read && b.class.key == a.class.key &&
			(!a.named || b.mutex.param == a.mutex.param && b.mutex.ref.Key() == a.mutex.ref.Key()) {
			if b.maybe && !a.maybe {
				w.Sum.Acquires[i] = a // the certain one says more
			}
			return
		}
	}
	w.Sum.Acquires = append(w.Sum.Acquires, a)
}

// summarise fills the function's summary from the states at its returns.
func (w *Walk) summarise() {
	var exits []Exit
	for _, e := range w.Exits {
		if !e.Panic {
			exits = append(exits, e)
		}
	}
	if len(exits) == 0 {
		return // it never returns: a loop that runs as long as the program
	}
	deferred := func(st *State, k model.RefKey) bool { return slices.Contains(st.Deferred, k) }
	for _, h := range exits[0].State.Must {
		if deferred(exits[0].State, h.Key) || w.F.Escapes[h.Key] {
			continue
		}
		all := true
		for _, e := range exits[1:] {
			if !slices.ContainsFunc(e.State.Must, func(o Hold) bool { return o.Key == h.Key && o.Read == h.Read }) || deferred(e.State, h.Key) {
				all = false
				break
			}
		}
		if ex, ok := w.F.export(h.Ref, h.Read); all && ok {
			w.Sum.exitHeld = append(w.Sum.exitHeld, ex)
		}
	}
	seen := make(map[model.RefKey]bool)
	for _, e := range exits {
		for _, r := range e.State.Released {
			k := r.Key()
			if _, held := holding(e.State.Must, k); (held && !deferred(e.State, k)) || seen[k] {
				continue
			}
			if ex, ok := w.F.export(r, false); ok {
				seen[k] = true
				w.Sum.releases = append(w.Sum.releases, ex)
			}
		}
	}
	for _, ex := range w.F.earlyReleases() {
		if k := ex.ref.Key(); !seen[k] {
			seen[k] = true
			w.Sum.releases = append(w.Sum.releases, ex)
		}
	}
}
