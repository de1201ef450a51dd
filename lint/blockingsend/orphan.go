package blockingsend

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// orphanFields reports a wait on a channel kept in an unexported struct
// field that nothing can ever end: a receive when the package never sends
// on the field's channels or closes them, a send on an unbuffered field
// it never receives from. The field only ever holds channels made here,
// and they never leave the package but as receive-only channels (for a
// receive), so no code elsewhere can make up for it. The sends on one such
// field are one mistake, reported once, at the first, naming the others;
// so are its receives. A field main itself waits on, directly or in the
// function it ends on, is how a daemon runs until it is killed, and is left
// alone when nothing else waits on it but goroutines that function starts
// (see keepsProcessAlive). A receive that runs only while the channel's
// length says a value waits never runs at all (see whileBuffered).
func (c *checker) orphanFields() {
	type orphan struct {
		field *types.Var
		send  bool
	}
	var order []orphan
	waits := make(map[orphan][]*model.Op)
	sitesOf := make(map[orphan][]*model.Site)
	for _, op := range c.p.Ops {
		if (op.Kind != model.Send && op.Kind != model.Recv && op.Kind != model.Range) || !op.Bare() || c.reported[op.Node] {
			continue
		}
		sites, opaque := c.p.PointsTo(op.Chan)
		if opaque || len(sites) == 0 {
			continue
		}
		field := c.fieldHolding(sites)
		if field == nil || !c.orphaned(sites, op.Kind == model.Send) || op.Kind == model.Recv && c.whileBuffered(op, sites) {
			continue
		}
		k := orphan{field, op.Kind == model.Send}
		if waits[k] == nil {
			order = append(order, k)
			sitesOf[k] = sites
		}
		waits[k] = append(waits[k], op)
	}
	for _, k := range order {
		ops := waits[k]
		if !k.send && c.keepsProcessAlive(ops) {
			continue
		}
		slices.SortFunc(ops, func(a, b *model.Op) int { return cmp.Compare(a.Node.Pos(), b.Node.Pos()) })
		name := k.field.Name()
		var msg string
		if k.send {
			msg = fmt.Sprintf("send on %s blocks forever%s: nothing in this package receives from %s, and nothing outside can", exprText(ops[0].Chan), othersText(len(ops)-1, "send on "+name, "sends on "+name), name)
		} else {
			msg = fmt.Sprintf("receive from %s blocks forever%s: nothing in this package sends on %s or closes it, and nothing outside can", exprText(ops[0].Chan), othersText(len(ops)-1, "receive from "+name, "receives from "+name), name)
		}
		var related []analysis.RelatedInformation
		for _, s := range sitesOf[k] {
			related = append(related, analysis.RelatedInformation{Pos: s.Make.Pos(), Message: name + " is made here"})
		}
		at := make([]ast.Node, len(ops))
		for i, op := range ops {
			at[i] = op.Node
		}
		c.reportOnce(at, analysis.Diagnostic{Pos: at[0].Pos(), Message: msg, Related: related})
	}
}

// keepsProcessAlive reports whether ops are main's way of running until
// it is killed: one of them waits in main, or in the function main ends on
// (see returnEndsProcess), and every one waits there or in a goroutine
// that function starts itself, once or in loops that end by themselves
// (the start-up fan-out of a load generator; see mayLoopForGood). A channel nothing
// closes then keeps the program running, as select {} would, and its
// goroutines live as long as the process. A goroutine started anywhere
// else, a handler per request, say, piles up while the program runs, and
// is still reported.
func (c *checker) keepsProcessAlive(ops []*model.Op) bool {
	alive := func(f *model.Func) bool { return f != nil && f.Decl != nil && c.returnEndsProcess(f) }
	if !slices.ContainsFunc(ops, func(op *model.Op) bool { return alive(op.Func) }) {
		return false
	}
	for _, op := range ops {
		if alive(op.Func) {
			continue
		}
		started := false
		for _, f := range c.p.Funcs {
			if !alive(f) {
				continue
			}
			for _, s := range f.Spawns {
				if s.Func == op.Func && c.startedFinitely(s) {
					started = true
				}
			}
		}
		if !started {
			return false
		}
	}
	return true
}

// startedFinitely reports whether s starts a bounded number of goroutines
// each time its function runs: outside any loop, or in loops that end by
// themselves (see mayLoopForGood).
func (c *checker) startedFinitely(s *model.Spawn) bool {
	return c.roundsEnd(s.Loops)
}

// oncePerProcess reports whether the goroutines of spawns, all started by
// f, can be stranded only once in the life of the process: f is main, or
// the function main ends on (see returnEndsProcess), and starts them a
// bounded number of times. A goroutine of main's whose send nobody takes
// (the error of a second server that main never reads, while it serves
// the first until it is killed) waits for as long as the process lives,
// like the process's other servers, and no more of them pile up.
func (c *checker) oncePerProcess(f *model.Func, spawns []*model.Spawn) bool {
	if f == nil || f.Decl == nil || len(spawns) == 0 || !c.returnEndsProcess(f) {
		return false
	}
	for _, s := range spawns {
		if !c.startedFinitely(s) {
			return false
		}
	}
	return true
}

// othersText says, for a finding's message, how many more operations
// the same mistake blocks (one and many name them: "send on ch", "sends
// on ch"), when there are any.
func othersText(n int, one, many string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return ", and so does the other " + one
	}
	return fmt.Sprintf(", and so do the %d other %s", n, many)
}

// orphaned reports whether nothing can end a send (send) or a receive on
// any of sites: each is made here, and nothing the package or others do
// receives (for a send, from unbuffered channels) or sends and closes.
func (c *checker) orphaned(sites []*model.Site, send bool) bool {
	for _, s := range sites {
		if s.Make == nil || (send && s.Cap != 0) {
			return false
		}
		if send && c.p.Escapes(s) || !send && c.p.SendersOutside(s) {
			return false
		}
		for _, op := range c.p.OpsOf(s) {
			switch op.Kind {
			case model.Recv, model.Range:
				if send {
					return false
				}
			case model.Send, model.Close:
				if !send {
					return false
				}
			case model.Pass:
				u, ok := c.p.ParamUse(op.Call, op.Arg)
				e := u.Now.Plus(u.Later)
				if !ok || send && (e.Recvs.Max > 0 || e.Drains) || !send && (e.Sends.Max > 0 || e.Closes.Max > 0) {
					return false
				}
			}
		}
	}
	return true
}

// fieldHolding returns the unexported field of the package that holds
// sites, when they are kept in one and it never holds anything else.
func (c *checker) fieldHolding(sites []*model.Site) *types.Var {
	var field *types.Var
	for _, s := range sites {
		for _, v := range c.p.Holders(s) {
			if !v.IsField() {
				continue
			}
			if c.p.Reachable(v) || v.Pkg() != c.p.Pkg || c.p.Opaque(v) || field != nil && field != v {
				return nil
			}
			field = v
		}
	}
	return field
}

// fieldOf returns the struct field the expression e reads, or nil.
func fieldOf(info *types.Info, e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal {
		return s.Obj().(*types.Var).Origin()
	}
	return nil
}
