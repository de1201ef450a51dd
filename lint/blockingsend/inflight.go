package blockingsend

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
)

// boundedInFlight reports whether the goroutines that send on site can
// never have more values in flight than its buffer holds, by a count the
// maker keeps of them (a Kademlia lookup's pending queries):
//
//	reply := make(chan []*Node, alpha)
//	for {
//		for i := 0; i < len(seeds) && pending < alpha; i++ {
//			pending++
//			go func() { reply <- query(seeds[i]) }()
//		}
//		...
//		r := <-reply
//		pending--
//	}
//
// A local counter goes up just before each start, in the same block, and
// comes down only right after a receive; each start is in a loop whose
// condition, or an if around the start within it, requires the counter
// below a constant no larger than the buffer. The counter is then at least
// the number of goroutines whose value is not yet received, so the buffer
// always has room, and no send waits, whatever the receiver does: it may
// return at any time. The path engine does not follow integers, so
// without this it would count the loop's starts as any number.
func (c *checker) boundedInFlight(site *model.Site) bool {
	if site.Cap < 1 || site.Func == nil || c.p.Use(site.Func, site).Now.Sends.Max > 0 {
		return false
	}
	spawns := c.spawnsTouching(site.Func, site)
	body := site.Func.Body()
	var counter *types.Var
	for _, s := range spawns {
		u := c.p.Use(s.Func, site)
		if u.Now.Sends.Max == 0 && u.Later.Sends.Max == 0 {
			continue // a receiver, or a goroutine that does not send
		}
		if s.Go == nil || len(s.Loops) == 0 || u.Now.Sends.Max > 1 || u.Later.Sends.Max > 0 {
			return false
		}
		v := c.inFlightGuard(body, s, spawns, site.Cap)
		if v == nil || counter != nil && v != counter {
			return false
		}
		counter = v
	}
	return counter != nil && c.countsStartsAndReceives(body, counter, site)
}

// inFlightGuard returns the counter that guards the start s: v++ just
// before it in its block, and v < K (K a constant no larger than capacity)
// in the condition of its innermost loop or of an if around it within
// that loop, where no other sender is started. It returns nil otherwise.
func (c *checker) inFlightGuard(body *ast.BlockStmt, s *model.Spawn, spawns []*model.Spawn, capacity int) *types.Var {
	path := pathTo(body, s.Go)
	loop := s.Loops[len(s.Loops)-1]
	at := -1
	for i, n := range path {
		if n == loop {
			at = i
		}
	}
	if at < 0 || len(path) < 2 {
		return nil
	}
	for _, other := range spawns {
		if other != s && within(other.Node(), loop) {
			return nil
		}
	}
	block, ok := path[len(path)-2].(*ast.BlockStmt)
	if !ok {
		return nil
	}
	var v *types.Var
	for _, st := range block.List {
		if st == s.Go {
			break
		}
		if inc, ok := st.(*ast.IncDecStmt); ok && inc.Tok == token.INC {
			if id, ok := ast.Unparen(inc.X).(*ast.Ident); ok {
				v, _ = c.p.Info.Uses[id].(*types.Var)
			}
		}
	}
	// Declared in the maker, outside the loop: a counter made afresh each
	// round would forget the goroutines of the rounds before.
	if v == nil || !inside(v.Pos(), body) || inside(v.Pos(), loop) {
		return nil
	}
	for _, n := range path[at:] {
		var cond ast.Expr
		switch n := n.(type) {
		case *ast.ForStmt:
			if n == loop {
				cond = n.Cond
			}
		case *ast.IfStmt:
			if within(s.Go, n.Body) {
				cond = n.Cond
			}
		}
		if cond != nil && c.requiresBelow(cond, v, capacity) {
			return v
		}
	}
	return nil
}

// requiresBelow reports whether cond, or one of the && conjuncts it is
// made of, is v < K (or K > v) with K a constant no larger than capacity.
func (c *checker) requiresBelow(cond ast.Expr, v *types.Var, capacity int) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	if b.Op == token.LAND {
		return c.requiresBelow(b.X, v, capacity) || c.requiresBelow(b.Y, v, capacity)
	}
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.p.Info.Uses[id] == v
	}
	small := func(e ast.Expr) bool {
		tv, ok := c.p.Info.Types[e]
		if !ok || tv.Value == nil {
			return false
		}
		k, ok := constant.Int64Val(constant.ToInt(tv.Value))
		return ok && k <= int64(capacity)
	}
	return b.Op == token.LSS && is(b.X) && small(b.Y) || b.Op == token.GTR && small(b.X) && is(b.Y)
}

// countsStartsAndReceives reports whether, in body and the literals in it,
// v is written only by its declaration with no value or a non-negative
// constant, by v++, and by v-- right after a receive from site: the
// statement before it in its block receives from site once, or it is in
// the body of a select case that receives from site, once.
func (c *checker) countsStartsAndReceives(body *ast.BlockStmt, v *types.Var, site *model.Site) bool {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (c.p.Info.Uses[id] == v || c.p.Info.Defs[id] == v)
	}
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if is(l) && (n.Tok != token.DEFINE || len(n.Rhs) != len(n.Lhs) || !c.nonNegative(n.Rhs[i])) {
					ok = false
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if is(name) && i < len(n.Values) && !c.nonNegative(n.Values[i]) {
					ok = false
				}
			}
		case *ast.UnaryExpr:
			ok = n.Op != token.AND || !is(n.X)
		case *ast.ForStmt:
			if dec, isDec := n.Post.(*ast.IncDecStmt); isDec && dec.Tok == token.DEC && is(dec.X) {
				ok = false
			}
		case *ast.BlockStmt:
			ok = c.decrementsAfterReceives(n.List, is, site, false)
		case *ast.CommClause:
			ok = c.decrementsAfterReceives(n.Body, is, site, n.Comm != nil && c.receivesOnce(n.Comm, site))
		case *ast.CaseClause:
			ok = c.decrementsAfterReceives(n.Body, is, site, false)
		}
		return ok
	})
	return ok
}

// decrementsAfterReceives reports whether each v-- of list follows a
// statement that receives from site once, or, for the body of a select
// case that received (received), is its only v--.
func (c *checker) decrementsAfterReceives(list []ast.Stmt, is func(ast.Expr) bool, site *model.Site, received bool) bool {
	decs := 0
	for i, st := range list {
		dec, ok := st.(*ast.IncDecStmt)
		if !ok || dec.Tok != token.DEC || !is(dec.X) {
			continue
		}
		decs++
		if received && decs == 1 {
			continue
		}
		if i == 0 || !c.receivesOnce(list[i-1], site) {
			return false
		}
	}
	return true
}

// receivesOnce reports whether st receives one value from site, whatever
// path it takes: <-ch, x := <-ch, x = <-ch, var x = <-ch, or a range over
// the slice a receive gives (for _, n := range <-ch).
func (c *checker) receivesOnce(st ast.Stmt, site *model.Site) bool {
	recv := func(e ast.Expr) bool {
		u, ok := ast.Unparen(e).(*ast.UnaryExpr)
		return ok && u.Op == token.ARROW && c.p.Holds(u.X, site)
	}
	switch st := st.(type) {
	case *ast.ExprStmt:
		return recv(st.X)
	case *ast.AssignStmt:
		return len(st.Rhs) == 1 && recv(st.Rhs[0])
	case *ast.RangeStmt:
		return recv(st.X)
	case *ast.DeclStmt:
		if g, ok := st.Decl.(*ast.GenDecl); ok && len(g.Specs) == 1 {
			if vs, ok := g.Specs[0].(*ast.ValueSpec); ok && len(vs.Values) == 1 {
				return recv(vs.Values[0])
			}
		}
	}
	return false
}

// nonNegative reports whether e is a constant integer at least 0.
func (c *checker) nonNegative(e ast.Expr) bool {
	tv, ok := c.p.Info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	k, ok := constant.Int64Val(constant.ToInt(tv.Value))
	return ok && k >= 0
}

// pathTo returns the nodes from root down to n, both included, or nil.
func pathTo(root, n ast.Node) []ast.Node {
	var path []ast.Node
	found := false
	ast.Inspect(root, func(x ast.Node) bool {
		if found {
			return false
		}
		if x == nil {
			path = path[:len(path)-1]
			return false
		}
		if !within(n, x) {
			return false
		}
		path = append(path, x)
		if x == n {
			found = true
			return false
		}
		return true
	})
	if !found {
		return nil
	}
	return path
}

// inside reports whether pos is within n.
func inside(pos token.Pos, n ast.Node) bool { return n.Pos() <= pos && pos < n.End() }
