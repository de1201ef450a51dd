package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/endings"
	"github.com/leash-go/leash/lint/internal/model"
)

// A ctxOrigin says what, in sight of the code, can end a context. The
// values are ordered from the most to the least the code shows.
type ctxOrigin int

const (
	// endsInSight: the code gives the context a deadline
	// (context.WithTimeout, WithDeadline) or calls, stores or hands on the
	// cancel of a WithCancel it made.
	endsInSight ctxOrigin = iota
	// kept: the package holds the context (a field, a method's result), or
	// a call of the package passes one it holds: it may end it, and the
	// check takes it that it can.
	kept
	// held: a context the package keeps in a struct field or a
	// package-level variable (s.ctx), or, for a select case that is not on
	// a context, a signal channel it keeps there (case <-s.stop:) or a
	// channel of os.Signal. Such a context or channel is a component's or
	// the program's: it ends when its owner is stopped (Stop, Close,
	// shutdown), and who calls that, and when, is out of sight. On the
	// held-out repositories measured, six of the nine findings whose
	// receiver left on a stop or signal channel happened only as the
	// process or the component shut down (lint/EVALUATION.md), so by
	// default the case is taken never to win.
	held
	// outside: the parameter of a function that other packages may call
	// (exported): what they pass decides, and the leash command, which
	// sees every call in the module, resolves it (see endings.Pending).
	outside
	// handed: a context nothing ends (context.Background()), passed on as
	// it is or derived with nothing that ends it sooner (context.WithValue,
	// a WithCancel whose cancel runs only as the function returns or
	// only once the process is stopping (signalOnly), a
	// helper that takes the context and returns one, such as
	// signal.NotifyContext): it ends, if ever, only as the program does.
	// So is a parameter that every call of its function passes such a
	// context.
	handed
	// following marks a variable whose origin is being found: met again
	// (ctx = wrap(ctx)), it adds nothing.
	following
)

// A ctxParam is a context parameter of a declared function, by the index
// its calls pass it at.
type ctxParam struct {
	fn  *model.Func
	arg int
}

// cancelOrigin says, for ch, the channel of the select case cc the
// receiver may leave on, what can end it when it is ctx.Done() (see
// ctxOrigin), and for outside, which parameter the context comes from; for
// any other channel, whether it is a component's stop signal (see
// signalOrigin).
//
// A receiver that leaves when a context handed down to it ends strands
// its senders only if that context ends while the program goes on. On
// real code the check had not seen, such contexts ended as the program or
// a long-lived component stopped (none of ten such findings over three
// held-out sets was a leak while the program ran). The check follows the
// context back through the calls in sight: when they show it comes from
// context.Background() and nothing on the way ends it sooner, the case is
// taken never to win (with -blockingsend.audit it counts as any other).
// When its origin is out of sight — a function other packages may call —
// the finding stays, for go vet, and the leash command, which sees every
// call in the module, drops it if they all show such an origin.
func (c *checker) cancelOrigin(cc *ast.CommClause, ch ast.Expr) (ctxOrigin, ctxParam) {
	call, ok := ast.Unparen(ch).(*ast.CallExpr)
	if !ok || !concur.Is(c.p.Info, call, concur.CtxDone) {
		return c.signalOrigin(cc, ch), ctxParam{}
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return kept, ctxParam{}
	}
	return c.ctxOrigin(sel.X)
}

// contextArgs says, of call's arguments that are contexts nothing in
// sight ends, which are so here (handed) and which are the parameter of a
// function other packages may call, passed on (see endings.Call).
func (c *checker) contextArgs(call *ast.CallExpr) (handedArgs []int, passes []endings.Pass) {
	for i, arg := range call.Args {
		if !concur.IsContext(c.p.Info.TypeOf(arg)) {
			continue
		}
		switch o, p := c.ctxOrigin(arg); o {
		case handed:
			handedArgs = append(handedArgs, i)
		case outside:
			passes = append(passes, endings.Pass{Arg: i, Func: endings.Key(p.fn.Obj), Param: p.arg})
		}
	}
	return handedArgs, passes
}

// ctxOrigin says what can end the context e.
func (c *checker) ctxOrigin(e ast.Expr) (ctxOrigin, ctxParam) {
	info := c.p.Info
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			r := c.varOrigin(v)
			return r.origin, r.param
		}
	case *ast.SelectorExpr:
		if v, ok := info.Uses[e.Sel].(*types.Var); ok && (v.IsField() || v.Parent() == v.Pkg().Scope()) {
			return held, ctxParam{} // s.ctx, pkg.Ctx
		}
	case *ast.CallExpr:
		if concur.GivesDeadline(info, e) {
			return endsInSight, ctxParam{}
		}
		if k, ok := concur.CallOf(info, e); ok {
			switch k.Role {
			case concur.Detached, concur.WithoutCancel:
				return handed, ctxParam{} // nothing ends it
			case concur.NewGroup:
				return endsInSight, ctxParam{} // errgroup.WithContext: the group's first error ends it
			}
		}
		// context.WithValue, WithCancel (whose cancel varOrigin looks at),
		// or a helper of any package that derives a context from the one it
		// is given: what ends the parent ends the child.
		for _, arg := range e.Args {
			if concur.IsContext(info.TypeOf(arg)) {
				return c.ctxOrigin(arg)
			}
		}
	}
	return kept, ctxParam{}
}

// originOf is what varOrigin found for one variable.
type originOf struct {
	origin ctxOrigin
	param  ctxParam
}

// varOrigin says what can end the context variable v: the least that the
// values assigned to it, in the function that declares it, and for a
// parameter the arguments of its calls, show (one way to end it in sight
// is enough). Kept per variable; a variable met again while it is being
// followed (ctx = wrap(ctx), a recursive call) adds nothing.
func (c *checker) varOrigin(v *types.Var) originOf {
	if r, ok := c.ctxOrigins[v]; ok {
		return r
	}
	if c.ctxOrigins == nil {
		c.ctxOrigins = make(map[*types.Var]originOf)
	}
	c.ctxOrigins[v] = originOf{origin: following}
	r := c.computeVarOrigin(v)
	c.ctxOrigins[v] = r
	return r
}

func (c *checker) computeVarOrigin(v *types.Var) originOf {
	if v.Parent() != nil && v.Parent() == v.Pkg().Scope() {
		return originOf{origin: held} // a package-level context
	}
	decl := c.p.FuncAt(v.Pos())
	if decl == nil || decl.Body() == nil || v.Parent() == nil {
		return originOf{origin: kept} // one out of sight
	}
	var rs []originOf
	if i := slices.Index(decl.Params(), v); i >= 0 {
		if decl.Sig.Recv() != nil {
			i-- // the receiver is never a context here
		}
		switch {
		case decl.Value || len(decl.Callers) == 0 && (decl.Decl == nil || !decl.Decl.Name.IsExported()):
			rs = append(rs, originOf{origin: kept}) // called by code out of sight
		case decl.Decl != nil && decl.Decl.Name.IsExported() && c.p.Pkg.Name() != "main":
			rs = append(rs, originOf{outside, ctxParam{decl, i}})
		default:
			rs = append(rs, c.passedOrigin(decl, i))
		}
	}
	info := c.p.Info
	assigns := func(id ast.Expr) bool {
		i, ok := id.(*ast.Ident)
		return ok && (info.Defs[i] == v || info.Uses[i] == v)
	}
	add := func(e ast.Expr) {
		o, p := c.ctxOrigin(e)
		rs = append(rs, originOf{o, p})
	}
	ast.Inspect(decl.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if !assigns(l) {
					continue
				}
				switch {
				case len(n.Rhs) == len(n.Lhs):
					add(n.Rhs[i])
				case len(n.Rhs) == 1 && c.cancelInSight(decl.Body(), n):
					rs = append(rs, originOf{origin: endsInSight})
				case len(n.Rhs) == 1:
					// ctx, cancel := context.WithCancel(parent), or a helper
					// returning a context and more.
					add(n.Rhs[0])
				default:
					rs = append(rs, originOf{origin: kept})
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] == v && len(n.Values) == len(n.Names) {
					add(n.Values[i])
				}
			}
		case *ast.RangeStmt:
			if assigns(n.Key) || n.Value != nil && assigns(n.Value) {
				rs = append(rs, originOf{origin: kept})
			}
		}
		return true
	})
	return least(rs)
}

// least returns the origin that shows the most: one way to end a context
// in sight is enough; kept if there is none.
func least(rs []originOf) originOf {
	rs = slices.DeleteFunc(rs, func(r originOf) bool { return r.origin == following })
	if len(rs) == 0 {
		return originOf{origin: kept}
	}
	return slices.MinFunc(rs, func(a, b originOf) int { return int(a.origin) - int(b.origin) })
}

// passedOrigin says what can end the context f's calls in the package pass
// as its parameter i: the least of what each argument shows.
func (c *checker) passedOrigin(f *model.Func, i int) originOf {
	var rs []originOf
	for _, call := range f.Callers {
		if i < 0 || i >= len(call.Expr.Args) {
			return originOf{origin: kept}
		}
		o, p := c.ctxOrigin(call.Expr.Args[i])
		rs = append(rs, originOf{o, p})
	}
	return least(rs)
}

// cancelInSight reports whether the assignment as (ctx, cancel :=
// context.WithCancel(parent)) gets a cancel that the function does more
// with than defer: it calls it before returning, from a goroutine, or
// hands it on or stores it (t.cancel), so that other code can end the
// context while the function waits. A call made only once the process is
// stopping (signalOnly: after a signal, or after a server has stopped)
// ends it no sooner than the program's end, and is not counted.
func (c *checker) cancelInSight(body *ast.BlockStmt, as *ast.AssignStmt) bool {
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || !concur.Is(c.p.Info, call, concur.Derive) || len(as.Lhs) != 2 {
		return false
	}
	if fn := concur.Callee(c.p.Info, call); fn == nil || !strings.HasPrefix(fn.Name(), "WithCancel") {
		return false
	}
	id, ok := as.Lhs[1].(*ast.Ident)
	if !ok {
		return true // stored in a field or an element: others may call it
	}
	if id.Name == "_" {
		return false
	}
	cancel := c.p.Info.ObjectOf(id)
	deferred := make(map[token.Pos]bool) // the cancel idents of defer cancel()
	inSight := false
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if d, ok := n.(*ast.DeferStmt); ok {
			if fn, ok := ast.Unparen(d.Call.Fun).(*ast.Ident); ok && len(d.Call.Args) == 0 {
				deferred[fn.Pos()] = true
			}
		}
		if u, ok := n.(*ast.Ident); ok && c.p.Info.Uses[u] == cancel && !deferred[u.Pos()] && !c.signalOnly(stack) {
			inSight = true
		}
		return !inSight
	})
	return inSight
}

// pendingOn notes that the finding about to be reported is a leak only if
// the context its function's parameter p is passed can end while the
// program runs (see endings.Pending).
func (c *checker) pendingOn(p ctxParam) func() {
	if p.fn != nil && p.fn.Obj != nil {
		c.ctxPending = &endings.Pending{CtxFunc: endings.Key(p.fn.Obj), CtxArg: p.arg}
	}
	return func() { c.ctxPending = nil }
}

// signalOrigin says, for ch, the channel of the select case cc that is
// not a context's Done, whether it is a signal whose sending is a
// component's or the program's stop (held): a channel of os.Signal, or a
// channel the package keeps in a struct field of its own or a
// package-level variable, which cc receives from without taking the value
// (case <-s.stop:, or case _, ok := <-s.closed:, which asks only whether
// it is closed). Any other channel — a timer's, one the function makes,
// one it is handed, one whose value it takes — is endsInSight: the path
// that leaves on it counts.
func (c *checker) signalOrigin(cc *ast.CommClause, ch ast.Expr) ctxOrigin {
	info := c.p.Info
	if isSignalChan(info.TypeOf(ch)) {
		return held
	}
	if !takesNoValue(cc.Comm) {
		return endsInSight // v := <-ch: a value, not a signal
	}
	var id *ast.Ident
	switch e := ast.Unparen(ch).(type) {
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.Ident:
		id = e
	default:
		return endsInSight
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() != c.p.Pkg || !(v.IsField() || v.Parent() == v.Pkg().Scope()) {
		return endsInSight // not the package's own (a timer's C, say)
	}
	return held
}

// takesNoValue reports whether a select case's receive leaves the value
// it receives unused: <-ch, or _, ok := <-ch, which asks only whether ch
// is closed.
func takesNoValue(comm ast.Stmt) bool {
	switch comm := comm.(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		id, ok := comm.Lhs[0].(*ast.Ident)
		return ok && id.Name == "_"
	}
	return false
}
