package blockingsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// overfilled reports a send that its goroutine makes on a channel it has
// just made, past the channel's buffer, before any other goroutine can
// have the channel:
//
//	c := &compactor{ch: make(chan struct{}, 1)}
//	c.ch <- struct{}{}
//	c.start() // sends on c.ch again, then starts the loop that receives
//
// Until the channel is handed on, only its maker can receive from it, and
// the maker is the one waiting on the send: the send blocks forever, every
// time the code runs. The check follows the statements that come after
// the make, one by one, and into the package's functions called on the
// value that holds the channel; it stops at the first that does anything
// else with it (hands it on, starts a goroutine with it, receives, loops
// or branches over it) or that can return early, and counts only the
// sends before that point.
func (c *checker) overfilled() {
	for _, f := range c.p.Funcs {
		if model.IsTestFunc(f) {
			continue
		}
		ast.Inspect(f.Node(), func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok && ast.Node(lit) != f.Node() {
				return false // a function of its own
			}
			if blk, ok := n.(*ast.BlockStmt); ok {
				c.overfilledIn(blk)
			}
			return true
		})
	}
}

// holder is where a channel made in a function is kept: a variable, or a
// field of the struct a variable points to.
type holder struct {
	v     *types.Var
	field string // "" when v holds the channel itself
}

// fill counts the sends on one channel and says where the count stops.
type fill struct {
	make  *ast.CallExpr
	cap   int
	sends []*ast.SendStmt
	calls []*ast.CallExpr // the calls followed, outermost first
}

// overfilledIn looks for a channel made by a statement of blk, and counts
// the sends the statements after it make before the channel is handed on.
func (c *checker) overfilledIn(blk *ast.BlockStmt) {
	for i, s := range blk.List {
		h, mk, ok := c.madeHere(s)
		if !ok {
			continue
		}
		capacity, ok := c.constCap(mk)
		if !ok {
			continue
		}
		fl := &fill{make: mk, cap: capacity}
		if send, _ := c.countSends(blk.List[i+1:], h, fl, 0); send != nil && !c.reported[send] {
			c.reportOverfill(send, fl)
		}
	}
}

// madeHere recognises v := make(chan T, n) and v := &S{f: make(chan T, n)}
// (or S{...}).
func (c *checker) madeHere(s ast.Stmt) (holder, *ast.CallExpr, bool) {
	as, ok := s.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return holder{}, nil, false
	}
	id, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return holder{}, nil, false
	}
	v, ok := c.p.Info.Defs[id].(*types.Var)
	if !ok || c.p.Assigned(v) {
		return holder{}, nil, false
	}
	rhs := ast.Unparen(as.Rhs[0])
	if mk := c.chanMake(rhs); mk != nil {
		return holder{v: v}, mk, true
	}
	if u, ok := rhs.(*ast.UnaryExpr); ok && u.Op == token.AND {
		rhs = ast.Unparen(u.X)
	}
	lit, ok := rhs.(*ast.CompositeLit)
	if !ok {
		return holder{}, nil, false
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if mk := c.chanMake(ast.Unparen(kv.Value)); ok && mk != nil {
			return holder{v: v, field: key.Name}, mk, true
		}
	}
	return holder{}, nil, false
}

// chanMake returns e when it is a call make(chan T, ...).
func (c *checker) chanMake(e ast.Expr) *ast.CallExpr {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return nil
	}
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || id.Name != "make" {
		return nil
	}
	if _, ok := c.p.Info.Uses[ast.Unparen(call.Fun).(*ast.Ident)].(*types.Builtin); !ok {
		return nil
	}
	t := c.p.Info.TypeOf(call.Args[0])
	if t == nil {
		return nil
	}
	if _, ok := t.Underlying().(*types.Chan); !ok {
		return nil
	}
	return call
}

// constCap returns the constant buffer size of a make call.
func (c *checker) constCap(mk *ast.CallExpr) (int, bool) {
	if len(mk.Args) < 2 {
		return 0, true
	}
	n, ok := c.intConst(mk.Args[1])
	return int(n), ok && n >= 0 && n < 1<<16
}

// countSends goes through stmts while only h's goroutine can have the
// channel and adds their sends on it to fl. It returns the send past the
// buffer, if one comes before the count stops, and whether it went
// through every statement (a caller then goes on after the call).
func (c *checker) countSends(stmts []ast.Stmt, h holder, fl *fill, depth int) (*ast.SendStmt, bool) {
	for _, s := range stmts {
		if !c.mentions(s, h.v) {
			if leavesEarly(s) {
				return nil, false
			}
			continue
		}
		switch s := s.(type) {
		case *ast.SendStmt:
			if !c.holds(s.Chan, h) || c.mentions(s.Value, h.v) {
				return nil, false
			}
			fl.sends = append(fl.sends, s)
			if len(fl.sends) > fl.cap {
				return s, false
			}
		case *ast.ExprStmt:
			call, ok := ast.Unparen(s.X).(*ast.CallExpr)
			if !ok || depth >= 3 {
				return nil, false
			}
			body, inner, ok := c.handedTo(call, h)
			if !ok {
				return nil, false
			}
			fl.calls = append(fl.calls, call)
			send, through := c.countSends(body.List, inner, fl, depth+1)
			if send != nil || !through {
				return send, false
			}
			fl.calls = fl.calls[:len(fl.calls)-1]
		default:
			return nil, false
		}
	}
	return nil, true
}

// handedTo returns the body of the package's function that call runs and
// where it holds the channel, when call hands on h and nothing else of its
// variable: h.v.M(...) for a method declared here, or f(..., h.v, ...) or
// f(..., h.v.field, ...) for a function declared here.
func (c *checker) handedTo(call *ast.CallExpr, h holder) (*ast.BlockStmt, holder, bool) {
	for _, a := range call.Args {
		if c.mentions(a, h.v) && !c.holderArg(a, h) {
			return nil, holder{}, false
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.isVar(sel.X, h.v) {
		obj, ok := c.p.Info.Uses[sel.Sel].(*types.Func)
		if !ok || c.mentionsArgs(call, h.v) {
			return nil, holder{}, false
		}
		f := c.p.Decl(obj)
		if f == nil || f.Decl == nil || f.Decl.Body == nil || f.Decl.Recv == nil || len(f.Decl.Recv.List[0].Names) != 1 {
			return nil, holder{}, false
		}
		recv, ok := c.p.Info.Defs[f.Decl.Recv.List[0].Names[0]].(*types.Var)
		if !ok || c.p.Assigned(recv) {
			return nil, holder{}, false
		}
		return f.Decl.Body, holder{v: recv, field: h.field}, true
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil, holder{}, false
	}
	obj, ok := c.p.Info.Uses[id].(*types.Func)
	if !ok || obj.Signature().Variadic() {
		return nil, holder{}, false
	}
	f := c.p.Decl(obj)
	if f == nil || f.Decl == nil || f.Decl.Body == nil {
		return nil, holder{}, false
	}
	var params []*ast.Ident
	for _, fld := range f.Decl.Type.Params.List {
		params = append(params, fld.Names...)
	}
	if len(params) != len(call.Args) {
		return nil, holder{}, false
	}
	for i, a := range call.Args {
		if !c.holderArg(a, h) {
			continue
		}
		pv, ok := c.p.Info.Defs[params[i]].(*types.Var)
		if !ok || c.p.Assigned(pv) {
			return nil, holder{}, false
		}
		inner := holder{v: pv, field: h.field}
		if !c.isVar(a, h.v) {
			inner.field = "" // the channel itself is handed on
		}
		return f.Decl.Body, inner, true
	}
	return nil, holder{}, false
}

// mentionsArgs reports whether an argument of call mentions v.
func (c *checker) mentionsArgs(call *ast.CallExpr, v *types.Var) bool {
	for _, a := range call.Args {
		if c.mentions(a, v) {
			return true
		}
	}
	return false
}

// holderArg reports whether a is h's variable or, for a field, the
// channel itself (h.v.field).
func (c *checker) holderArg(a ast.Expr, h holder) bool {
	return c.isVar(a, h.v) || h.field != "" && c.holds(a, h)
}

// holds reports whether e is the channel h keeps: v, or v.field.
func (c *checker) holds(e ast.Expr, h holder) bool {
	if h.field == "" {
		return c.isVar(e, h.v)
	}
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == h.field && c.isVar(sel.X, h.v)
}

func (c *checker) isVar(e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && c.p.Info.Uses[id] == v
}

// mentions reports whether n uses v.
func (c *checker) mentions(n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.p.Info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// leavesEarly reports whether s may return or jump, so that the
// statements after it may not run.
func leavesEarly(s ast.Stmt) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			found = true
		}
		return !found
	})
	return found
}

func (c *checker) reportOverfill(send *ast.SendStmt, fl *fill) {
	related := []analysis.RelatedInformation{{Pos: fl.make.Pos(), Message: fmt.Sprintf("made here, with room for %d", fl.cap)}}
	for _, s := range fl.sends[:len(fl.sends)-1] {
		related = append(related, analysis.RelatedInformation{Pos: s.Pos(), Message: "sent on here before"})
	}
	for _, call := range fl.calls {
		related = append(related, analysis.RelatedInformation{Pos: call.Pos(), Message: "called here by the goroutine that made the channel, before it has handed it on"})
	}
	c.report(send, analysis.Diagnostic{
		Pos: send.Pos(),
		Message: fmt.Sprintf("send on %s blocks forever: it is send %d on a channel with room for %d (made at line %d), and the goroutine that made it, which alone could receive, has handed it to no one yet; receive first, or start the receiver before sending",
			exprText(send.Chan), len(fl.sends), fl.cap, c.p.Fset.Position(fl.make.Pos()).Line),
		Related: related,
	})
}
