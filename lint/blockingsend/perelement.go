package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// perElement is a receiver's count of the values it has taken from a
// channel whose senders are one goroutine per element of a slice: once
// the count reaches the slice's length, every sender has been answered.
type perElement struct {
	count *types.Var   // the receiver's count of the values taken
	elems types.Object // the slice the senders were started over, when it is a variable
	// key names that slice: a variable, or a field path from a parameter
	// of the starting function (see unassignedField).
	key model.RefKey
	// loop is the range statement that starts the senders, and skips the
	// conditions of its `if cond { continue }` statements before the go
	// statement: elements for which no sender starts.
	loop  *ast.RangeStmt
	skips []ast.Expr
}

// perElementCount returns the count r keeps of the values it takes from
// site, when the goroutines that send on site are one per element of a
// slice and r compares the count with the slice's length:
//
//	for _, p := range inputs {
//		go func(p Plugin) { results <- p.Stop() }(p)
//	}
//	go func() {
//		count := 0
//		for ok := range results {
//			count++
//			if count == len(inputs) {
//				complete <- ...
//				return
//			}
//		}
//	}()
//
// The branch on which the count equals the length has then taken every
// value sent (see allAnswered). It qualifies when every goroutine the
// channel's maker starts that sends on site sends exactly once on every
// path, and is started by a go statement that stands directly in the body
// of a range over the same slice, with nothing before it in the body that
// can leave the round but `if cond { continue }`, which skips an element
// (see skippedElements); nothing else sends; the slice is a variable of the maker,
// a slice or array, that nothing assigns after it is declared; and the
// count is an integer local to r that starts at zero and is only
// incremented, once per value taken: as the first increment in the body
// of a range over site, or after a receive from site in the same list of
// statements.
func (c *checker) perElementCount(r *model.Func, site *model.Site) perElement {
	m := site.Func
	if m == nil || m.Body() == nil || r.Body() == nil {
		return perElement{}
	}
	elems, key, loop, skips := c.sendersPerElement(m, site)
	if key.Root == nil {
		return perElement{}
	}
	var counter *types.Var
	steps := 0
	count := func(st ast.Stmt) bool {
		inc, ok := st.(*ast.IncDecStmt)
		if !ok || inc.Tok != token.INC {
			return false
		}
		v := c.localInt(r, inc.X)
		if v == nil || counter != nil && v != counter {
			return false
		}
		counter = v
		steps++
		return true
	}
	inspectOwn(r.Body(), func(n ast.Node) {
		if rs, ok := n.(*ast.RangeStmt); ok && c.ranges(r, rs, site) {
			for _, st := range rs.Body.List {
				if count(st) {
					break // one value a round: one increment answers it
				}
			}
		}
	})
	eachList(r.Body(), func(list []ast.Stmt, comm ast.Stmt) {
		since := 0
		for i, st := range list {
			if c.receivedBefore(list[since:i], comm, site) && count(st) {
				since, comm = i+1, nil
			}
		}
	})
	if counter == nil || !c.onlyCounted(r, counter, steps) {
		return perElement{}
	}
	return perElement{count: counter, elems: elems, key: key, loop: loop, skips: skips}
}

// sendersPerElement returns the slice over which m starts, one per
// element, every goroutine that sends on site (see perElementCount), or
// nil; with the loop that starts them and the conditions on which it skips
// an element, when there is one such loop.
func (c *checker) sendersPerElement(m *model.Func, site *model.Site) (elems types.Object, key model.RefKey, loop *ast.RangeStmt, skips []ast.Expr) {
	none := func() (types.Object, model.RefKey, *ast.RangeStmt, []ast.Expr) { return nil, model.RefKey{}, nil, nil }
	gos := make(map[*ast.GoStmt]bool)
	for _, s := range c.spawnsTouching(m, site) {
		sends := c.spawnSends(m, s, site)
		if sends.Max == 0 {
			continue // the receiver, or a goroutine that only watches
		}
		if s.Go == nil || sends != (model.Count{Min: 1, Max: 1}) || len(s.Loops) != 1 {
			return none()
		}
		rs, ok := s.Loops[0].(*ast.RangeStmt)
		if !ok {
			return none()
		}
		conds, ok := directlyStarted(rs.Body.List, s.Go)
		if !ok {
			return none()
		}
		obj := c.unassignedCollection(m, rs)
		k := model.RefKey{}
		if obj != nil {
			k = model.RefKey{Root: obj.(*types.Var)}
		} else if k = c.unassignedField(m, rs); k.Root == nil {
			return none()
		}
		if key.Root != nil && k != key {
			return none()
		}
		if loop != nil && loop != rs {
			loop, skips = nil, nil // several loops: no one filter says which elements start one
		} else if key.Root == nil {
			loop, skips = rs, conds
		}
		elems, key = obj, k
		gos[s.Go] = true
	}
	if key.Root == nil {
		return none()
	}
	for _, call := range m.Calls {
		if c.p.NodeEffect(m, call.Expr, site).Later.Sends.Max == 0 {
			continue
		}
		if !insideGo(call.Expr, gos) {
			return none() // senders started out of sight of the slice
		}
	}
	return elems, key, loop, skips
}

// directlyStarted reports whether g is one of the statements of list, and
// nothing before it can leave the round or the loop (a branch, a return, a
// goto), outside function literals, but a skip: `if cond { continue }`,
// whose conditions it returns. A skipped element starts no goroutine, so
// the receiver still answers every one that did once its count reaches the
// slice's length.
func directlyStarted(list []ast.Stmt, g *ast.GoStmt) (skips []ast.Expr, ok bool) {
	for _, st := range list {
		if st == g {
			return skips, true
		}
		if cond := skipCond(st); cond != nil {
			skips = append(skips, cond)
			continue
		}
		if leavesRound(st) {
			return nil, false
		}
	}
	return nil, false
}

// skipCond returns cond when st is `if cond { continue }`, with no init,
// no else and no label: a round that skips the rest of its body.
func skipCond(st ast.Stmt) ast.Expr {
	ifs, ok := st.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return nil
	}
	br, ok := ifs.Body.List[0].(*ast.BranchStmt)
	if !ok || br.Tok != token.CONTINUE || br.Label != nil {
		return nil
	}
	return ifs.Cond
}

// unassignedCollection returns the variable the range statement rs ranges
// over, when it is a slice, an array or a map declared in m (a parameter
// or a local) that nothing in m, its function literals included, assigns
// or takes the address of once it is declared: its length is the same
// when the senders start and when the receiver compares. A map qualifies
// when, besides, nothing sets or deletes its elements from rs on, nor
// hands it to a call: it may be filled before.
func (c *checker) unassignedCollection(m *model.Func, rs *ast.RangeStmt) types.Object {
	v := c.declaredIn(rs.X, m.Node()) // a parameter, or a local
	if v == nil {
		return nil
	}
	switch v.Type().Underlying().(type) {
	case *types.Slice, *types.Array:
	case *types.Map:
		if c.mapWrittenFrom(m, v, rs.Pos()) {
			return nil
		}
	default:
		return nil
	}
	written := false
	ast.Inspect(m.Body(), func(n ast.Node) bool {
		is := func(e ast.Expr) bool {
			id, ok := ast.Unparen(e).(*ast.Ident)
			return ok && c.p.Info.ObjectOf(id) == v
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && c.p.Info.Defs[id] == v {
					continue // the declaration itself
				}
				written = written || is(l)
			}
		case *ast.IncDecStmt:
			written = written || is(n.X)
		case *ast.UnaryExpr:
			written = written || n.Op == token.AND && is(n.X)
		}
		return !written
	})
	if written {
		return nil
	}
	return v
}

// allAnswered reports whether the path takes branch e only when the count
// has reached the length of the slice, or the number of its elements that
// the senders' loop does not skip: what holds on the branch (the
// condition, or its negation on the else side) is count == n or
// count >= n, either way round, where n is len(elems) or a count of the
// same elements with the same skips (see countsStarted).
func (c *checker) allAnswered(e paths.Edge, pe perElement) bool {
	if pe.count == nil {
		return false
	}
	op, k, ok := branchHolds(e, func(x ast.Expr) bool { return c.names(x, pe.count) })
	if !ok || op != token.EQL && op != token.GEQ {
		return false
	}
	if c.countsStarted(k, pe) {
		return true
	}
	call, ok := ast.Unparen(k).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	if fn, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || c.p.Info.Uses[fn] != types.Universe.Lookup("len") {
		return false
	}
	r, ok := model.RefOf(c.p.Info, call.Args[0])
	return ok && r.Key() == pe.key
}

// unassignedField returns the field path that the range statement rs
// ranges over, a slice or array reached from a parameter of m (its
// receiver: for _, s := range t.servers), when m, its function literals
// included, neither assigns the parameter nor assigns the path, appends
// to it or takes its address: the senders are started over the same
// elements whose number the receiver compares with. Another goroutine
// changing the field meanwhile would be a data race in its own right.
func (c *checker) unassignedField(m *model.Func, rs *ast.RangeStmt) model.RefKey {
	r, ok := model.RefOf(c.p.Info, rs.X)
	if !ok || len(r.Steps) == 0 || !slices.Contains(m.Params(), r.Root) || c.p.Assigned(r.Root) {
		return model.RefKey{}
	}
	switch c.p.Info.TypeOf(rs.X).Underlying().(type) {
	case *types.Slice, *types.Array:
	default:
		return model.RefKey{}
	}
	is := func(e ast.Expr) bool {
		x, ok := model.RefOf(c.p.Info, e)
		return ok && x.Key() == r.Key()
	}
	written := false
	ast.Inspect(m.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			written = written || slices.ContainsFunc(n.Lhs, is)
		case *ast.UnaryExpr:
			written = written || n.Op == token.AND && is(n.X)
		}
		return !written
	})
	if written {
		return model.RefKey{}
	}
	return r.Key()
}

// mapWrittenFrom reports whether m, its function literals included, sets
// or deletes an element of the map v, or hands it to a call, from pos on.
func (c *checker) mapWrittenFrom(m *model.Func, v *types.Var, pos token.Pos) bool {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.p.Info.Uses[id] == v
	}
	written := false
	ast.Inspect(m.Body(), func(n ast.Node) bool {
		if n != nil && n.End() <= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && is(ix.X) {
					written = true
				}
			}
		case *ast.IncDecStmt:
			if ix, ok := ast.Unparen(n.X).(*ast.IndexExpr); ok && is(ix.X) {
				written = true
			}
		case *ast.CallExpr:
			if model.IsBuiltin(c.p.Info, n.Fun, "len") {
				return false
			}
			for _, a := range n.Args {
				written = written || is(a)
			}
		}
		return !written
	})
	return written
}
