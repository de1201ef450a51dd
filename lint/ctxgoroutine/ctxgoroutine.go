package ctxgoroutine

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/endings"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports goroutines that have a context or done channel at hand
// but cannot be stopped by it.
var Analyzer = &analysis.Analyzer{
	Name: "ctxgoroutine",
	Doc: `report goroutines that cannot be stopped although a context or done channel is at hand

Nothing by default: every rule is an audit rule (-ctxgoroutine.audit).
On code the check was never refined on, none of its findings was a leak
that mattered. With the audit rules it reports a goroutine that calls the
variant of a blocking API that takes no context (http.Get, exec.Command,
net.Dial), loops forever without checking the context at hand, or uses
context.Background() in place of it.`,
	URL:        "https://pkg.go.dev/github.com/leash-go/leash/lint/ctxgoroutine",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	Run:        ignore.Wrap(run),
	ResultType: reflect.TypeFor[*endings.Summary](),
}

// checker holds one pass's state.
type checker struct {
	pass     *analysis.Pass
	p        *model.Program
	reported map[ast.Node]bool
	// pending are the findings the whole program may show to be moot
	// (see pendingOn).
	pending []endings.Pending
}

// goroutine is a function body that runs concurrently, with what it could
// watch to learn that it must stop.
type goroutine struct {
	body *ast.BlockStmt
	// cancellers are the contexts and done channels in scope in body.
	cancellers []concur.Canceller
	// ctx is the innermost context among them, if any.
	ctx *concur.Canceller
	// starter is the function whose go statement or group call starts it.
	starter ast.Node
	// declared is the declared function it is started in, directly or in
	// a function literal of its body; nil if none.
	declared *model.Func
}

// audit turns on the check's rules (-ctxgoroutine.audit), which all guess:
// whether a call without the context blocks for long, whether an endless
// goroutine is started once for the process or once per request, whether
// a fresh context.Background() was meant. On the held-out repositories of
// lint/EVALUATION.md, not one of the findings of the rules that once ran by
// default — a context-less call, an endless goroutine whose starter drops
// its context — was a leak that mattered: the calls were local or short,
// and the goroutines lived as long as the process.
var audit bool

func init() {
	Analyzer.Flags.BoolVar(&audit, "audit", false, "run the check's rules, which all guess: calls without the context at hand (http.Get, net.Dial, exec.Command, a sibling XContext), endless or polling goroutines that never check it, and context.Background() in place of it (see the package documentation)")
}

func run(pass *analysis.Pass) (any, error) {
	if !audit {
		return &endings.Summary{}, nil
	}
	c := &checker{
		pass:     pass,
		p:        pass.ResultOf[model.Analyzer].(*model.Program),
		reported: make(map[ast.Node]bool),
	}
	seen := make(map[*ast.BlockStmt]bool)
	for _, s := range pass.ResultOf[model.Analyzer].(*model.Program).Spawns {
		if s.Func == nil || s.Func.Body() == nil || seen[s.Func.Body()] {
			continue
		}
		body := s.Func.Body()
		seen[body] = true
		g := c.goroutineOf(c.enclosingDecl(body), body)
		if s.Enclosing != nil {
			g.starter = s.Enclosing.Node()
		}
		g.declared = declaredStarter(s)
		if len(g.cancellers) == 0 {
			continue // nothing at hand to stop it with
		}
		c.endlessLoops(g)
		if g.ctx != nil {
			c.detachedContexts(g)
			c.contextlessCalls(g)
		}
	}
	return &endings.Summary{Pending: c.pending}, nil
}

// goroutineOf collects the cancellers in scope in body that belong to the
// goroutine: variables and parameters, and fields of the receiver of the
// method it runs in (not fields of other structs that happen to be in
// scope: a connection's internal context is not the goroutine's). Done
// channels count when the package never sends on them (a channel it sends
// on carries data or is a semaphore, not a stop signal).
func (c *checker) goroutineOf(decl *ast.FuncDecl, body *ast.BlockStmt) goroutine {
	g := goroutine{body: body}
	var recv types.Object
	if decl != nil && decl.Recv != nil && len(decl.Recv.List) == 1 && len(decl.Recv.List[0].Names) == 1 {
		recv = c.pass.TypesInfo.Defs[decl.Recv.List[0].Names[0]]
	}
	for _, can := range concur.CancellersAt(c.pass.Pkg, body.Lbrace+1) {
		if can.Via != nil && can.Via != recv {
			continue
		}
		if !can.IsContext() && (!c.isDone(can.Var) || c.closesItself(body, can.Var)) {
			continue
		}
		if c.detached(can.Var) {
			continue // context.Background() itself: nothing can cancel it
		}
		g.cancellers = append(g.cancellers, can)
		if g.ctx == nil && can.IsContext() {
			g.ctx = &can
		}
	}
	return g
}

// enclosingDecl returns the function declaration containing pos, or nil.
func (c *checker) enclosingDecl(body *ast.BlockStmt) *ast.FuncDecl {
	for _, f := range c.pass.Files {
		if f.FileStart <= body.Pos() && body.Pos() < f.FileEnd {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= body.Pos() && body.End() <= fd.End() {
					return fd
				}
			}
		}
	}
	return nil
}

// closesItself reports whether body closes the done channel v: then v
// signals the goroutine's own end to others, not a request to stop.
func (c *checker) closesItself(body *ast.BlockStmt, v *types.Var) bool {
	for _, op := range c.opsOf(v) {
		if op.Kind == model.Close && body.Pos() <= op.Node.Pos() && op.Node.End() <= body.End() {
			return true
		}
	}
	return false
}

// isDone reports whether the package never sends on v.
func (c *checker) isDone(v *types.Var) bool {
	for _, op := range c.opsOf(v) {
		if op.Kind == model.Send {
			return false
		}
	}
	return true
}

func (c *checker) report(n ast.Node, d analysis.Diagnostic) {
	if c.reported[n] {
		return
	}
	c.reported[n] = true
	c.pass.Report(d)
}

// inspect walks the statements of body that run in the goroutine itself:
// not function literals (they run when called, if ever, or in goroutines
// of their own) and not deferred calls (they run as it ends).
func inspect(body ast.Node, f func(n ast.Node) bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit, *ast.DeferStmt:
			return false
		}
		return f(n)
	})
}

// mentions reports whether n refers to one of the cancellers: uses the
// variable or reads the field.
func (c *checker) mentions(n ast.Node, cancellers []concur.Canceller) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		var obj types.Object
		switch x := x.(type) {
		case *ast.Ident:
			obj = c.pass.TypesInfo.Uses[x]
		case *ast.SelectorExpr:
			if s, ok := c.pass.TypesInfo.Selections[x]; ok {
				obj = s.Obj()
			}
		}
		if v, ok := obj.(*types.Var); ok {
			for _, can := range cancellers {
				if can.Var == v || can.Var == v.Origin() {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// watchesCancel reports whether n receives from a cancel signal (ctx.Done()
// or a done channel) or calls ctx.Err().
func (c *checker) watchesCancel(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.UnaryExpr:
			found = x.Op == token.ARROW && c.p.IsCancel(x.X)
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Err" && concur.IsContext(c.pass.TypesInfo.TypeOf(sel.X)) {
				found = true
			}
		}
		return !found
	})
	return found
}

// opsOf returns the operations on the channels the variable or field v
// may hold.
func (c *checker) opsOf(v *types.Var) []*model.Op {
	sites, _ := c.p.SitesOf(v)
	var out []*model.Op
	for _, s := range sites {
		out = append(out, c.p.OpsOf(s)...)
	}
	return out
}

// declaredStarter returns the declared function s is started in, directly
// or in a function literal of its body, or nil.
func declaredStarter(s *model.Spawn) *model.Func {
	for f := s.Enclosing; f != nil; f = f.Parent {
		if f.Decl != nil {
			return f
		}
	}
	return nil
}

// detached reports whether v is a local variable only ever set to
// context.Background() or context.TODO(), or to a context derived from one
// there: no caller can cancel it.
func (c *checker) detached(v *types.Var) bool {
	if v.IsField() || !concur.IsContext(v.Type()) {
		return false
	}
	f := c.p.FuncAt(v.Pos())
	if f == nil {
		return false
	}
	values := 0
	detached := true
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			return detached
		}
		for i, lhs := range as.Lhs {
			id, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok || c.pass.TypesInfo.ObjectOf(id) != v {
				continue
			}
			values++
			if len(as.Lhs) != len(as.Rhs) && !(len(as.Rhs) == 1 && i == 0) {
				detached = false
				continue
			}
			rhs := as.Rhs[min(i, len(as.Rhs)-1)]
			detached = detached && c.fromBackground(rhs)
		}
		return detached
	})
	return values > 0 && detached
}

// fromBackground reports whether e is context.Background() or TODO(), or a
// context derived from one (WithCancel(context.Background()), ...).
func (c *checker) fromBackground(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	k, ok := concur.CallOf(c.pass.TypesInfo, call)
	switch {
	case !ok:
		return false
	case k.Role == concur.Detached:
		return true
	case k.Role == concur.Derive && len(call.Args) > 0:
		return c.fromBackground(call.Args[0])
	}
	return false
}
