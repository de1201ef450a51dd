package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
)

// A stream's one producer often says it failed by its last value:
//
//	go func() {
//		defer close(out)
//		for ... {
//			out <- chunk{data: d}
//		}
//		if err != nil {
//			out <- chunk{err: err}
//		}
//	}()
//	for c := range out {
//		if c.err != nil {
//			return c.err
//		}
//		...
//	}
//
// The consumer leaves early only on a value whose err is set, and only the
// producer's last send can carry one: once it has arrived, the producer
// owes nothing more. With two producers, or a send of such a value that
// another send may follow, leaving there strands the rest, and that is
// still reported.

// lastWordFields returns the fields of site's element type (a struct, or a
// pointer to one) that only a last value can set: site has one sending
// goroutine, started once for each channel made, that sends on it
// directly and only in its own body (the channel is handed to no call),
// and every send of a value whose field may be set is one after which that
// goroutine makes no other send on site.
func (c *checker) lastWordFields(site *model.Site) map[*types.Var]bool {
	if c.lastWords == nil {
		c.lastWords = make(map[*model.Site]map[*types.Var]bool)
	}
	if fs, ok := c.lastWords[site]; ok {
		return fs
	}
	fs := c.computeLastWordFields(site)
	c.lastWords[site] = fs
	return fs
}

func (c *checker) computeLastWordFields(site *model.Site) map[*types.Var]bool {
	st := elemStruct(c.p.Info.TypeOf(site.Make))
	if st == nil || site.Func == nil {
		return nil
	}
	var sender *model.Spawn
	for _, s := range c.spawnsTouching(site.Func, site) {
		if c.p.Use(s.Func, site).Now.Sends.Max == 0 {
			continue
		}
		if sender != nil || len(site.RepeatsPerChannel(site.Func, s.Loops)) > 0 {
			return nil
		}
		sender = s
	}
	if sender == nil {
		return nil
	}
	var sends []*model.Op
	for _, op := range c.p.OpsOf(site) {
		switch {
		case op.Kind == model.Send && op.Func == sender.Func:
			sends = append(sends, op)
		case op.Kind == model.Send, op.Kind == model.Escape, op.Kind == model.Pass:
			return nil // another sends, or a function it is handed to may
		}
	}
	if len(sends) == 0 {
		return nil
	}
	out := make(map[*types.Var]bool)
	for i := range st.NumFields() {
		field := st.Field(i)
		if !nillable(field.Type()) {
			continue
		}
		last := true
		for _, op := range sends {
			send, ok := op.Node.(*ast.SendStmt)
			if !ok || maySet(c.p.Info, send.Value, st, i) && !c.finalSend(sender.Func, op, site) {
				last = false
				break
			}
		}
		if last {
			out[field] = true
		}
	}
	return out
}

// elemStruct returns the struct a channel type's elements are or point to.
func elemStruct(t types.Type) *types.Struct {
	ch, ok := types.Unalias(t).(*types.Chan)
	if !ok {
		return nil
	}
	e := ch.Elem()
	if p, ok := types.Unalias(e).Underlying().(*types.Pointer); ok {
		e = p.Elem()
	}
	st, _ := e.Underlying().(*types.Struct)
	return st
}

// nillable reports whether a value of type t can be nil.
func nillable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Slice, *types.Map, *types.Chan, *types.Signature:
		return true
	}
	return false
}

// maySet reports whether the value v may have field i of st other than
// nil: anything but a composite literal of st (or its address) that leaves
// the field out or gives it nil.
func maySet(info *types.Info, v ast.Expr, st *types.Struct, i int) bool {
	v = ast.Unparen(v)
	if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
		v = ast.Unparen(u.X)
	}
	lit, ok := v.(*ast.CompositeLit)
	if !ok || !types.Identical(info.TypeOf(lit).Underlying(), st) {
		return true
	}
	for j, elt := range lit.Elts {
		val := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			key, _ := kv.Key.(*ast.Ident)
			if key == nil || key.Name != st.Field(i).Name() {
				continue
			}
			val = kv.Value
		} else if j != i {
			continue
		}
		tv, ok := info.Types[ast.Unparen(val)]
		return !ok || !tv.IsNil()
	}
	return false
}

// finalSend is sendsNoMoreAfter, asked once per send whatever the field.
func (c *checker) finalSend(f *model.Func, op *model.Op, site *model.Site) bool {
	if v, ok := c.finalSends[op]; ok {
		return v
	}
	if c.finalSends == nil {
		c.finalSends = make(map[*model.Op]bool)
	}
	v := c.sendsNoMoreAfter(f, op, site)
	c.finalSends[op] = v
	return v
}

// sendsNoMoreAfter reports whether no path of f goes from the send op to
// another send on site, its own again included.
func (c *checker) sendsNoMoreAfter(f *model.Func, op *model.Op, site *model.Site) bool {
	g := f.Graph()
	if g == nil {
		return false
	}
	seen := make(map[int32]bool)
	var work []int32
	found := false
	for _, b := range g.CFG.Blocks {
		nodes := g.Nodes(b)
		for i, n := range nodes {
			if !op.Within(n) {
				continue
			}
			found = true
			for _, m := range nodes[i+1:] {
				if c.sendsIn(f, m, site) {
					return false
				}
			}
			for _, s := range b.Succs {
				work = append(work, s.Index)
			}
		}
	}
	if !found {
		return false
	}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[i] {
			continue
		}
		seen[i] = true
		b := g.CFG.Blocks[i]
		for _, n := range g.Nodes(b) {
			if c.sendsIn(f, n, site) {
				return false
			}
		}
		for _, s := range b.Succs {
			work = append(work, s.Index)
		}
	}
	return true
}

// sendsIn reports whether node n of f sends on site, itself or by the
// calls and goroutines it makes.
func (c *checker) sendsIn(f *model.Func, n ast.Node, site *model.Site) bool {
	e := c.p.NodeEffect(f, n, site)
	return e.Now.Sends.Max > 0 || e.Later.Sends.Max > 0 || e.AtReturn.Sends.Max > 0
}

// lastWordBranch reports whether edge e of r enters the branch of an if
// that runs only on a last value (see lastWordFields): if v.err != nil
// (its then) or if v.err == nil (its else), v received from site.
func (c *checker) lastWordBranch(r *model.Func, e paths.Edge, site *model.Site) bool {
	x, isNil := c.p.NilTested(e)
	sel, ok := x.(*ast.SelectorExpr)
	if !ok || isNil {
		return false
	}
	s := c.p.Info.Selections[sel]
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 || !ok {
		return false
	}
	field, _ := s.Obj().(*types.Var)
	if !c.lastWordFields(site)[field] {
		return false // checked first: most channels have no such field
	}
	v, _ := c.p.Info.Uses[id].(*types.Var)
	return v != nil && !c.p.Assigned(v) && c.receivedFrom(r, v, site)
}

// receivedFrom reports whether r declares v to hold a value received from
// site: v := <-ch, v, ok := <-ch (a select case's too), or for v := range ch.
func (c *checker) receivedFrom(r *model.Func, v *types.Var, site *model.Site) bool {
	for _, op := range r.Ops {
		if !c.p.Holds(op.Chan, site) {
			continue
		}
		var lhs ast.Expr
		switch op.Kind {
		case model.Range:
			if rs, ok := op.Node.(*ast.RangeStmt); ok {
				lhs = rs.Key
			}
		case model.Recv:
			path := op.Path()
			if len(path) < 2 {
				continue
			}
			if as, ok := path[len(path)-2].(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == op.Node {
				lhs = as.Lhs[0]
			}
		}
		if id, ok := lhs.(*ast.Ident); ok && c.p.Info.Defs[id] == v {
			return true
		}
	}
	return false
}
