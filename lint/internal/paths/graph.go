package paths

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// Graph is one function body's control-flow graph, read as paths run
// through it.
type Graph struct {
	CFG *cfg.CFG
	// comms are the communications of select statements: they happen on the
	// edge into their case, not where go/cfg lists them.
	comms map[ast.Node]*ast.CommClause
	// trips holds the loops whose trip count is a constant, by the block of
	// their head, with the index of their counter in a path's state.
	trips map[int32]trip
	// dones maps the block after a counted loop to its head: entering it
	// ends the loop, whichever way, and resets its counter.
	dones map[int32]int32
	// endless holds the heads of the ranges over a channel that nothing
	// closes: their LoopEnd edge is no path, only a break or a return
	// leaves them.
	endless map[int32]bool
	// known holds the blocks that end in a condition whose value is known
	// (see Known), with that value: the other branch is no path.
	known map[int32]bool
	// latch holds the body's latches (see latches), followed on each path.
	latch latches
}

type trip struct {
	n       int // times the body runs
	counter int // index into a path's counters
}

// maxCounted is how many constant trip counts a path keeps track of, and
// maxTrip the largest trip count followed exactly; other loops may run any
// number of times.
const (
	maxCounted = 4
	maxTrip    = 16
)

// New returns the Graph of g, a function body's control-flow graph. info
// gives the constants of loop bounds, and the conditions whose value is
// known (see Known), settled here once rather than at every step of a
// walk. endless, when not nil, tells of a range statement over a channel
// whether nothing can close the channel: its range then never ends by
// itself, and the edge to the code after it is left out (a range over
// signal.Notify's channel waits for the next signal for as long as the
// process runs). known, when not nil, tells the value of conditions the
// types alone do not: what the caller knows of the program (an error a
// function never gives).
func New(g *cfg.CFG, info *types.Info, endless func(*ast.RangeStmt) bool, known func(ast.Expr) (value, ok bool)) *Graph {
	gr := &Graph{CFG: g, comms: make(map[ast.Node]*ast.CommClause)}
	heads := make(map[ast.Stmt]int32)
	for _, b := range g.Blocks {
		if len(b.Succs) == 2 && len(b.Nodes) > 0 {
			if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
				value, ok := Known(info, cond)
				if !ok && known != nil {
					value, ok = known(cond)
				}
				if ok {
					if gr.known == nil {
						gr.known = make(map[int32]bool)
					}
					gr.known[b.Index] = value
				}
			}
		}
		switch b.Kind {
		case cfg.KindSelectCaseBody:
			if cc, ok := b.Stmt.(*ast.CommClause); ok && cc.Comm != nil {
				gr.comms[cc.Comm] = cc
				if es, ok := cc.Comm.(*ast.ExprStmt); ok {
					gr.comms[es.X] = cc // go/cfg lists a receive's expression, not its statement
				}
			}
		case cfg.KindForLoop, cfg.KindRangeLoop:
			if r, ok := b.Stmt.(*ast.RangeStmt); ok && endless != nil && endless(r) {
				if gr.endless == nil {
					gr.endless = make(map[int32]bool)
				}
				gr.endless[b.Index] = true
			}
			if n := TripCount(info, b.Stmt); n > 0 && len(gr.trips) < maxCounted {
				if gr.trips == nil {
					gr.trips = make(map[int32]trip)
					gr.dones = make(map[int32]int32)
				}
				gr.trips[b.Index] = trip{n: n, counter: len(gr.trips)}
				heads[b.Stmt] = b.Index
			}
		}
	}
	for _, b := range g.Blocks {
		if b.Kind == cfg.KindForDone || b.Kind == cfg.KindRangeDone {
			if h, ok := heads[b.Stmt]; ok {
				gr.dones[b.Index] = h
			}
		}
	}
	gr.latch = findLatches(gr, info)
	return gr
}

// IsComm reports whether n is the communication of a select case, which
// the walks apply on the edge into the case instead of where the graph
// lists it.
func (g *Graph) IsComm(n ast.Node) bool {
	_, ok := g.comms[n]
	return ok
}

// Nodes returns the nodes of b that run when control passes through it, in
// order: b.Nodes without select communications, and, at the start of a
// select case's body, the communication of that case.
func (g *Graph) Nodes(b *cfg.Block) []ast.Node {
	var comm ast.Node
	if b.Kind == cfg.KindSelectCaseBody {
		if cc, ok := b.Stmt.(*ast.CommClause); ok && cc.Comm != nil {
			comm = cc.Comm
		}
	}
	skip := 0
	for _, n := range b.Nodes {
		if g.IsComm(n) {
			skip++
		}
	}
	if skip == 0 && comm == nil {
		return b.Nodes
	}
	out := make([]ast.Node, 0, len(b.Nodes)-skip+1)
	if comm != nil {
		out = append(out, comm)
	}
	for _, n := range b.Nodes {
		if !g.IsComm(n) {
			out = append(out, n)
		}
	}
	return out
}

// Exit returns the return statement that ends b, or nil when no path
// leaves the function from b. The return that go/cfg adds where the body
// falls off its end has only a position, at the closing brace.
func Exit(b *cfg.Block) *ast.ReturnStmt {
	if len(b.Nodes) == 0 || len(b.Succs) > 0 {
		return nil
	}
	ret, _ := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt)
	return ret
}

// EdgeKind says what taking an edge means.
type EdgeKind int

// The kinds of edge.
const (
	// Next is any other edge: straight on, a jump, a break, a goto.
	Next EdgeKind = iota
	// CaseTaken enters the body of a select case, whose first node is
	// then its communication. A default case is Next.
	CaseTaken
	// LoopBody goes from a loop's head into its body: the condition held,
	// the range produced one more element, a channel one more value.
	LoopBody
	// LoopEnd goes from a loop's head to the code after it: the condition
	// failed, the range is exhausted, the ranged channel is closed.
	LoopEnd
	// Then enters the then branch of an if; Else its else branch, or the
	// code after an if without one.
	Then
	Else
)

// An Edge is one step from a block to a successor.
type Edge struct {
	From, To *cfg.Block
	Kind     EdgeKind
	// Clause is the select case entered, for CaseTaken.
	Clause *ast.CommClause
	// Stmt is the loop (for LoopBody and LoopEnd) or the if statement (for
	// Then and Else); nil otherwise.
	Stmt ast.Stmt
}

// Comm returns the communication of the case a CaseTaken edge enters, or
// nil.
func (e Edge) Comm() ast.Stmt {
	if e.Clause == nil {
		return nil
	}
	return e.Clause.Comm
}

// edge classifies the edge from b to its i-th successor.
func edge(b *cfg.Block, i int) Edge {
	to := b.Succs[i]
	e := Edge{From: b, To: to}
	switch {
	case to.Kind == cfg.KindSelectCaseBody:
		if cc, ok := to.Stmt.(*ast.CommClause); ok && cc.Comm != nil {
			e.Kind, e.Clause = CaseTaken, cc
		}
	case b.Kind == cfg.KindForLoop || b.Kind == cfg.KindRangeLoop:
		switch to.Kind {
		case cfg.KindForBody, cfg.KindRangeBody:
			e.Kind, e.Stmt = LoopBody, b.Stmt
		case cfg.KindForDone, cfg.KindRangeDone:
			e.Kind, e.Stmt = LoopEnd, b.Stmt
		}
	case len(b.Succs) == 2 && b.Succs[0].Kind == cfg.KindIfThen:
		e.Stmt = b.Succs[0].Stmt
		if i == 0 {
			e.Kind = Then
		} else {
			e.Kind = Else
		}
	}
	return e
}

// Endless reports whether head is the head of a range that never ends by
// itself (see New).
func (g *Graph) Endless(head *cfg.Block) bool { return g.endless[head.Index] }

// Edges returns the edges out of b that a path can take: not the end of a
// range that never ends (see New), nor the branch of an if that its
// condition never takes (see Known).
func (g *Graph) Edges(b *cfg.Block) []Edge {
	out := make([]Edge, 0, len(b.Succs))
	for i := range b.Succs {
		e := edge(b, i)
		if e.Kind == LoopEnd && g.endless[b.Index] || g.neverTaken(e) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// neverTaken reports whether e is the then or else branch of a condition
// whose value is known and says the other way.
func (g *Graph) neverTaken(e Edge) bool {
	value, known := g.known[e.From.Index]
	return known && (e.Kind == Then || e.Kind == Else) && value != (e.Kind == Then)
}

// TripCount returns how many times a loop's body runs when that is a
// constant no larger than maxTrip: for i := a; i < b; i++ with constant a
// and b and i not assigned in the body, a range over a constant integer,
// an array, or a slice literal whose elements are listed one by one
// (range []string{"a", "b"}, a fixed set of goroutines written as a loop).
// It returns 0 otherwise.
func TripCount(info *types.Info, loop ast.Stmt) int {
	n := 0
	switch l := loop.(type) {
	case *ast.ForStmt:
		init, ok1 := l.Init.(*ast.AssignStmt)
		cond, ok2 := l.Cond.(*ast.BinaryExpr)
		post, ok3 := l.Post.(*ast.IncDecStmt)
		if !ok1 || !ok2 || !ok3 || len(init.Lhs) != 1 || len(init.Rhs) != 1 || post.Tok != token.INC {
			return 0
		}
		i, ok := init.Lhs[0].(*ast.Ident)
		if !ok || !sameVar(info, i, cond.X) || !sameVar(info, i, post.X) || assigns(info, l.Body, info.ObjectOf(i)) {
			return 0
		}
		from, ok1 := IntConst(info, init.Rhs[0])
		to, ok2 := IntConst(info, cond.Y)
		if !ok1 || !ok2 {
			return 0
		}
		switch cond.Op {
		case token.LSS:
			n = int(to - from)
		case token.LEQ:
			n = int(to - from + 1)
		}
	case *ast.RangeStmt:
		if c, ok := IntConst(info, l.X); ok {
			n = int(c)
		} else if lit, ok := ast.Unparen(l.X).(*ast.CompositeLit); ok && listed(info, lit) {
			n = len(lit.Elts)
		} else if t := info.TypeOf(l.X); t != nil {
			if p, ok := t.Underlying().(*types.Pointer); ok {
				t = p.Elem()
			}
			if a, ok := t.Underlying().(*types.Array); ok {
				n = int(min(a.Len(), maxTrip+1))
			}
		}
	}
	if n < 1 || n > maxTrip {
		return 0
	}
	return n
}

// listed reports whether lit is a slice literal with no keyed element, so
// that it has exactly as many elements as it lists.
func listed(info *types.Info, lit *ast.CompositeLit) bool {
	if t := info.TypeOf(lit); t == nil {
		return false
	} else if _, ok := t.Underlying().(*types.Slice); !ok {
		return false
	}
	return !slices.ContainsFunc(lit.Elts, func(e ast.Expr) bool {
		_, keyed := e.(*ast.KeyValueExpr)
		return keyed
	})
}

// sameVar reports whether e is the identifier of the variable id declares.
func sameVar(info *types.Info, id *ast.Ident, e ast.Expr) bool {
	x, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(id)
}

// assigns reports whether n assigns to v, or takes its address.
func assigns(info *types.Info, n ast.Node, v types.Object) bool {
	return Writes(info, n, func(o types.Object) bool { return o == v })
}

// Writes reports whether n assigns, increments or decrements, or takes the
// address of a variable named by an identifier whose object is chosen:
// after such a statement the variable may no longer hold what it held.
func Writes(info *types.Info, n ast.Node, chosen func(types.Object) bool) bool {
	found := false
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.ObjectOf(id) != nil && chosen(info.ObjectOf(id))
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				found = found || is(l)
			}
		case *ast.IncDecStmt:
			found = found || is(x.X)
		case *ast.UnaryExpr:
			found = found || (x.Op == token.AND && is(x.X))
		}
		return !found
	})
	return found
}

// IntConst returns the value of e when the type checker found it to be an
// integer constant that an int64 holds: a literal, a named constant, or
// constant arithmetic (2*workers).
func IntConst(info *types.Info, e ast.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	return constant.Int64Val(constant.ToInt(tv.Value))
}
