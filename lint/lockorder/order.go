package lockorder

import (
	"fmt"
	"go/token"
	"slices"
	"sort"

	"github.com/leash-go/leash/lint/internal/locks"
)

// An edge is one place where a mutex of class to is locked while one of
// class from is held: the lock order from → to.
type edge struct {
	from, to         lockClass
	fromRead, toRead bool
	site             token.Pos // the Lock, or the call that leads to it
	fn               string    // the function of site
	heldText, text   string    // the two mutexes as spelt where they are locked
	at               token.Pos // the Lock of to: site, or in a callee
	atFn             string
	gates            []string    // classes of the other mutexes held at site
	in               *locks.Func // the function of site
}

// lockClass is a mutex's class (see locks.Class): key identifies it, name
// spells it for a message.
type lockClass struct{ key, name string }

func (c lockClass) valid() bool { return c.key != "" }

func classOf(l locks.Locking) lockClass { return lockClass{l.ClassKey(), l.ClassName()} }

func classOfHold(h locks.Hold) lockClass {
	key, name := locks.Class(h.Ref)
	return lockClass{key, name}
}

// Locked records the lock order where the function locks l (unless
// guarded by a boolean parameter): l is locked while everything in st.Must
// is held, except what the callee releases first, a value the function has
// just made, and a mutex handed to another goroutine. Tests are left out:
// they lock a component's mutexes to look inside it while it is idle, in
// whatever order suits them.
func (c *checker) Locked(w *locks.Walk, st *locks.State, site token.Pos, l locks.Locking, guarded bool) {
	to := classOf(l)
	if !ordering() || guarded || !to.valid() || c.p.InTest(site) {
		return
	}
	held := slices.DeleteFunc(slices.Clone(st.Must), func(h locks.Hold) bool {
		return l.ReleasedBefore(h.Key) || w.F.Fresh[h.Ref.Root] || c.handedOver(w, h.Key)
	})
	classes := make([]lockClass, len(held))
	for i, h := range held {
		classes[i] = classOfHold(h)
	}
	for i, h := range held {
		from := classes[i]
		if !from.valid() || from.key == to.key {
			continue
		}
		e := edge{from: from, to: to, fromRead: h.Read, toRead: l.Read, site: site, fn: c.funcName(site),
			heldText: locks.Display(h.Ref), text: l.Text, at: l.At, atFn: l.Fn, in: w.F}
		for j, g := range classes {
			if j != i && g.valid() && g.key != to.key {
				e.gates = append(e.gates, g.key)
			}
		}
		c.edges = append(c.edges, e)
	}
}

// reportOrders reports each pair of classes locked in both orders, once,
// at the first site of one order, naming a site of the other. Orders
// taken under a common third mutex cannot interleave and do not count,
// nor do pairs of read locks only.
func (c *checker) reportOrders() {
	type pair struct{ a, b string }
	byPair := make(map[pair][]edge)
	for _, e := range c.edges {
		p := pair{e.from.key, e.to.key}
		byPair[p] = append(byPair[p], e)
	}
	var pairs []pair
	for p := range byPair {
		if p.a < p.b && len(byPair[pair{p.b, p.a}]) > 0 {
			pairs = append(pairs, p)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i].a < pairs[j].a || pairs[i].a == pairs[j].a && pairs[i].b < pairs[j].b
	})
	gates := func(e *edge) []string { return slices.Concat(e.gates, c.entryHeld(e.in)) }
	for _, p := range pairs {
		var best [2]*edge
		for i := range byPair[p] {
			for j := range byPair[pair{p.b, p.a}] {
				e1, e2 := &byPair[p][i], &byPair[pair{p.b, p.a}][j]
				if e1.fromRead && e1.toRead && e2.fromRead && e2.toRead {
					continue
				}
				g2 := gates(e2)
				if slices.ContainsFunc(gates(e1), func(g string) bool { return g != p.a && g != p.b && slices.Contains(g2, g) }) {
					continue
				}
				if e2.site < e1.site {
					e1, e2 = e2, e1
				}
				if best[0] == nil || e1.site < best[0].site || e1.site == best[0].site && e2.site < best[1].site {
					best = [2]*edge{e1, e2}
				}
			}
		}
		if best[0] == nil {
			continue
		}
		e1, e2 := best[0], best[1]
		c.report(e1.site, fmt.Sprintf("%s (%s) %s while %s (%s) is held, but %s takes them the other way round (%s): two goroutines doing both deadlock; lock them in one order everywhere",
			e1.text, e1.to.name, c.lockedWhere(e1.site, e1.at, e1.atFn), e1.heldText, e1.from.name, e2.fn, c.where(e2.site, e1.site)))
	}
}

// Call records a call of callee made holding st.Must (nil: a go statement
// or deferred call, which runs holding nothing of the caller's).
func (c *checker) Call(w *locks.Walk, callee *locks.Func, st *locks.State) {
	if !ordering() {
		return
	}
	var held []string
	if st != nil {
		for _, h := range st.Must {
			if key, _ := locks.Class(h.Ref); key != "" {
				held = append(held, key)
			}
		}
	}
	callee.Callers = append(callee.Callers, locks.CallSite{Caller: w.F, Held: held})
}

// entryHeld returns the classes of the mutexes fi runs under: those it
// unlocks without locking them (its callers hold them), and, for a
// function only ever called from this package, those every caller holds
// at the call. Two lock orders taken under a common mutex cannot
// interleave, even when that mutex is taken by the callers.
func (c *checker) entryHeld(fi *locks.Func) []string {
	if c.entry == nil {
		c.entry = make(map[*locks.Func][]string)
	}
	if held, ok := c.entry[fi]; ok {
		return held
	}
	c.entry[fi] = nil // while computing: a recursive call adds nothing
	var out []string
	for _, r := range c.a.Releases(fi) {
		if key, _ := locks.Class(r); key != "" {
			out = append(out, key)
		}
	}
	if !fi.Open && len(fi.Callers) > 0 {
		var common []string
		for i, s := range fi.Callers {
			held := slices.Concat(s.Held, c.entryHeld(s.Caller))
			if i == 0 {
				common = held
			} else {
				common = slices.DeleteFunc(common, func(k string) bool { return !slices.Contains(held, k) })
			}
		}
		out = append(out, common...)
	}
	c.entry[fi] = out
	return out
}
