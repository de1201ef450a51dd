package lockorder

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// A second read lock of a held RWMutex deadlocks only when a writer's Lock
// comes between the two: that needs a writer running at the same time as
// the reader. Exported methods that read and write alone do not show one:
// the users of the package may call them from one goroutine, or write only
// while setting a value up, before sharing it. By default the rule reports
// a recursive read lock only when the package itself shows the two running
// at once, judged by where each function's goroutine comes from.

// origin is where a goroutine that runs a function comes from: a
// goroutine or task the package starts, or the package's callers.
type origin struct {
	spawn *model.Spawn // nil: the callers of an exported function or a function value
	test  bool         // the spawn, or the entry, is in a _test.go file
}

// several reports whether o can be more than one goroutine at once: a go
// statement or group task in a loop, or a ForEach-style call that runs its
// function per item.
func (o origin) several() bool {
	return o.spawn != nil && (len(o.spawn.Loops) > 0 || o.spawn.Go == nil && !o.spawn.IsGroupTask())
}

// goroutines maps each function of the package to the origins of the
// goroutines that can run it: those whose function calls it, through
// static calls of the package and the function literals written inside
// (a go statement's or a task's function is an origin of its own).
type goroutines struct {
	p       *model.Program
	of      map[*model.Func][]origin
	visible *outside
	// callers are the calls that run each function in the goroutine of
	// their caller (a literal's parent counts as calling it), made when
	// first needed.
	callers map[*model.Func][]*model.Call
}

func newGoroutines(p *model.Program) *goroutines {
	g := &goroutines{p: p, of: make(map[*model.Func][]origin), visible: newOutside(p)}
	started := make(map[*model.Func]bool)
	for _, s := range p.Spawns {
		if s.Func != nil {
			started[s.Func] = true
		}
	}
	inner := make(map[*model.Func][]*model.Func)
	for _, f := range p.Funcs {
		if f.Parent != nil && !started[f] {
			inner[f.Parent] = append(inner[f.Parent], f)
		}
	}
	for _, s := range p.Spawns {
		if s.Func != nil {
			g.reach(s.Func, origin{spawn: s, test: p.InTest(s.Node().Pos())}, inner)
		}
	}
	for _, f := range p.Funcs {
		if g.visible.entry(f) {
			g.reach(f, origin{test: p.InTest(f.Node().Pos())}, inner)
		}
	}
	return g
}

// reach records o as an origin of from and of every function it runs in
// the same goroutine.
func (g *goroutines) reach(from *model.Func, o origin, inner map[*model.Func][]*model.Func) {
	stack := []*model.Func{from}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if slices.Contains(g.of[f], o) {
			continue
		}
		g.of[f] = append(g.of[f], o)
		for _, c := range f.Calls {
			if c.Target != nil && !c.Go {
				stack = append(stack, c.Target)
			}
		}
		stack = append(stack, inner[f]...)
	}
}

// overlap is a writer that can run while a reader holds its read lock.
type overlap struct {
	writer         *model.Func
	reader, wrOrig origin
}

// concurrent returns a writer among writers that the package shows
// running at the same time as reader: the two are run by different
// origins, at least one of them a goroutine or task the package starts, or
// by one origin that is several goroutines at once. Two entries do not
// count: nothing in the package says its callers use it from two
// goroutines. Outside the tests, origins in the tests do not count either,
// so that a package and its test variant report the same.
func (g *goroutines) concurrent(reader *model.Func, writers []*model.Func) (overlap, bool) {
	inTest := g.p.InTest(reader.Node().Pos())
	for _, r := range g.of[reader] {
		if r.test && !inTest {
			continue
		}
		for _, w := range writers {
			for _, wo := range g.of[w] {
				if wo.test && !inTest || r.spawn == nil && wo.spawn == nil {
					continue
				}
				if r.spawn != nil && wo.spawn == nil && g.onlyBeforeStart(w, r.spawn) ||
					r.spawn == nil && wo.spawn != nil && g.onlyBeforeStart(reader, wo.spawn) {
					continue
				}
				if r != wo || r.several() {
					return overlap{writer: w, reader: r, wrOrig: wo}, true
				}
			}
		}
	}
	return overlap{}, false
}

// onlyBeforeStart reports whether the package's callers reach w only
// through calls that the function starting the other goroutine makes
// before its go statement, outside any loop around it: Start sets the
// state up, reading and writing it, then starts the loop that uses it.
// What Start does first happens before that goroutine exists, so a write
// there cannot come between the loop's read locks, nor the loop's write
// between read locks there.
func (g *goroutines) onlyBeforeStart(w *model.Func, start *model.Spawn) bool {
	s := start.Enclosing
	if s == nil {
		return false
	}
	g.makeCallers()
	seen := map[*model.Func]bool{w: true}
	stack := []*model.Func{w}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if g.visible.entry(f) {
			return false
		}
		if len(g.callers[f]) == 0 && f.Parent != nil && !seen[f.Parent] {
			// A literal run some other way: as if its parent ran it.
			seen[f.Parent] = true
			stack = append(stack, f.Parent)
		}
		for _, c := range g.callers[f] {
			if c.In == s && before(c, start) || seen[c.In] {
				continue
			}
			seen[c.In] = true
			stack = append(stack, c.In)
		}
	}
	return true
}

// before reports whether call c runs before the spawn, in the same
// function: written before it, and in no loop around the spawn, whose
// next round would make the call again after the start.
func before(c *model.Call, start *model.Spawn) bool {
	return c.Expr.End() <= start.Node().Pos() && !slices.ContainsFunc(c.Loops, func(l ast.Stmt) bool {
		return l.Pos() <= start.Node().Pos() && start.Node().End() <= l.End()
	})
}

// makeCallers fills g.callers.
func (g *goroutines) makeCallers() {
	if g.callers != nil {
		return
	}
	g.callers = make(map[*model.Func][]*model.Call)
	for _, f := range g.p.Funcs {
		for _, c := range f.Calls {
			if c.Target != nil && !c.Go {
				g.callers[c.Target] = append(g.callers[c.Target], c)
			}
		}
	}
}

// related names, for a finding, the writer that can get in between and
// the goroutines the reader and the writer run in.
func (c *checker) related(ov overlap, writeLock token.Pos, from token.Pos) []analysis.RelatedInformation {
	out := []analysis.RelatedInformation{{
		Pos:     writeLock,
		Message: fmt.Sprintf("%s write-locks it here, run by %s", ov.writer.Name(), c.originWords(ov.wrOrig, from)),
	}}
	if ov.reader.spawn != nil && ov.reader != ov.wrOrig {
		out = append(out, analysis.RelatedInformation{
			Pos:     ov.reader.spawn.Node().Pos(),
			Message: "the read locks are taken in the goroutine started here",
		})
	}
	return out
}

// originWords says which goroutines an origin is.
func (c *checker) originWords(o origin, from token.Pos) string {
	switch {
	case o.spawn == nil:
		return "the package's callers"
	case o.several():
		return "the goroutines started at " + c.where(o.spawn.Node().Pos(), from)
	}
	return "the goroutine started at " + c.where(o.spawn.Node().Pos(), from)
}

// writeLockIn returns the first write lock fn makes of a mutex match
// accepts, or fn's position when it write-locks only through a call.
func (c *checker) writeLockIn(fn *model.Func, match func(model.Ref) bool) token.Pos {
	for _, op := range fn.Locks {
		if o, r, ok := c.a.MutexOp(op.Call.Expr); ok && (o == model.Lock || o == model.TryLock) && match(r) {
			return op.Call.Expr.Pos()
		}
	}
	return fn.Node().Pos()
}
