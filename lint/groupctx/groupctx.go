package groupctx

import (
	"go/ast"
	"go/token"
	"go/types"
	"math"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer reports group tasks that use the parent context instead of the
// group's, discarded group contexts and group contexts used after Wait.
var Analyzer = &analysis.Analyzer{
	Name:     "groupctx",
	Doc:      "report group tasks using the parent context instead of the group's\n\nSuch tasks are not cancelled when a sibling fails; see the package documentation.",
	URL:      "https://pkg.go.dev/github.com/leash-go/leash/lint/groupctx",
	Requires: []*analysis.Analyzer{inspect.Analyzer, model.Analyzer},
	Run:      ignore.Wrap(run),
}

// group is a group made in the package under analysis.
type group struct {
	parent *types.Var // the context the group was made from; nil if not a variable
	ctx    *types.Var // errgroup: the group's context variable; nil if discarded or not errgroup
}

type checker struct {
	pass *analysis.Pass
	p    *model.Program
	// groups holds, for each variable, what it is given and where, in
	// source order: a group made with its context (see group), or nil for
	// anything else (var g errgroup.Group, new(errgroup.Group), another
	// group's value). A call on the variable uses what it was given last
	// before the call: `g := new(errgroup.Group)` and, later in the same
	// function, `g, gctx := errgroup.WithContext(ctx)` are two groups, and
	// the first has no context its tasks should use.
	groups  map[*types.Var][]given
	derived map[*types.Var]*types.Var // child context -> the context it was derived from
}

// given is what a variable is given at pos: a group leash follows, or nil.
type given struct {
	pos   token.Pos
	group *group
}

// audit turns on the rules that guess (-groupctx.audit): an errgroup
// task using the parent context, whose harm depends on how long the call
// runs, which the code does not show; a discarded group context, which is
// a style matter when the tasks take no context; and findings in test
// code, where a sibling's failure has failed the test.
var audit bool

func init() {
	Analyzer.Flags.BoolVar(&audit, "audit", false, "also report an errgroup task using the parent context, the context errgroup.WithContext returns when it is discarded, and findings in test code (see the package documentation)")
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:    pass,
		p:       pass.ResultOf[model.Analyzer].(*model.Program),
		groups:  make(map[*types.Var][]given),
		derived: make(map[*types.Var]*types.Var),
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) != 1 || !c.assignment(n.Lhs, n.Rhs[0]) {
				c.other(n.Lhs, n.Pos())
			}
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			if len(n.Values) != 1 || !c.assignment(lhs, n.Values[0]) {
				c.other(lhs, n.Pos())
			}
		}
	})
	for _, s := range c.p.Spawns {
		c.task(s)
	}
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if push {
			c.wait(n.(*ast.CallExpr), stack)
		}
		return true
	})
	return nil, nil
}

// setGroup records that g is given the group grp at pos.
func (c *checker) setGroup(g *types.Var, grp *group, pos token.Pos) {
	c.groups[g] = append(c.groups[g], given{pos, grp})
}

// other records that the variables of lhs are given, at pos, something
// that is not a group leash follows.
func (c *checker) other(lhs []ast.Expr, pos token.Pos) {
	for _, e := range lhs {
		if v := localVar(c.pass.TypesInfo, e); v != nil {
			c.groups[v] = append(c.groups[v], given{pos, nil})
		}
	}
}

// groupAt returns the group leash follows that v holds at pos: what it
// was given last before pos; nil if that is not such a group.
func (c *checker) groupAt(v *types.Var, pos token.Pos) *group {
	var last given
	for _, g := range c.groups[v] {
		if g.pos < pos && g.pos > last.pos {
			last = g
		}
	}
	return last.group
}

// assignment records groups and derived contexts, and reports discarded
// group contexts. It returns false when the assignment is none of these.
func (c *checker) assignment(lhs []ast.Expr, rhs ast.Expr) bool {
	info := c.pass.TypesInfo
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return false
	}
	k, ok := concur.CallOf(info, call)
	if !ok {
		if wc := concWithContext(info, call); wc != nil && len(lhs) == 1 {
			if g := localVar(info, lhs[0]); g != nil {
				c.setGroup(g, &group{parent: localVar(info, wc.Args[0])}, call.Pos())
				return true
			}
		}
		return false
	}
	switch {
	case k.Role == concur.Derive && len(call.Args) > 0:
		if child, parent := localVar(info, lhs[0]), localVar(info, call.Args[0]); child != nil && parent != nil && child != parent {
			c.derived[child] = parent
		}
		return true
	case k.Role == concur.NewGroup && k.Family == concur.Errgroup && len(lhs) == 2 && len(call.Args) == 1:
		g := localVar(info, lhs[0])
		if g == nil {
			return false
		}
		if id, ok := lhs[1].(*ast.Ident); ok && id.Name == "_" {
			if audit { // the tasks may take no context, or must not be cancelled
				c.pass.Report(analysis.Diagnostic{
					Pos: id.Pos(), End: id.End(),
					Message: "the context errgroup.WithContext returns is discarded, so tasks are not cancelled when one fails: pass it to the tasks, or use a plain errgroup.Group if they must not be cancelled",
				})
			}
			c.setGroup(g, &group{parent: localVar(info, call.Args[0])}, call.Pos())
			return true
		}
		c.setGroup(g, &group{parent: localVar(info, call.Args[0]), ctx: localVar(info, lhs[1])}, call.Pos())
		return true
	case k.Role == concur.NewGroup && k.Family == concur.Leash && len(lhs) == 1 && len(call.Args) > 0,
		k.Role == concur.WithContext && len(lhs) == 1 && len(call.Args) == 1:
		if g := localVar(info, lhs[0]); g != nil {
			c.setGroup(g, &group{parent: localVar(info, call.Args[0])}, call.Pos())
			return true
		}
	}
	return false
}

// concWithContext finds the WithContext(ctx) call in a chain of conc pool
// configuration calls such as pool.New().WithContext(ctx).WithCancelOnError().
func concWithContext(info *types.Info, call *ast.CallExpr) *ast.CallExpr {
	for {
		if k, ok := concur.CallOf(info, call); ok && k.Role == concur.WithContext && len(call.Args) == 1 {
			return call
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return nil
		}
		call = inner
	}
}

// localVar returns the local variable (not a field, not package-level) e
// names, or nil.
func localVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// ancestors returns ctx and the contexts it was derived from in this package.
func (c *checker) ancestors(ctx *types.Var) map[*types.Var]bool {
	set := make(map[*types.Var]bool)
	for v := ctx; v != nil && !set[v]; v = c.derived[v] {
		set[v] = true
	}
	return set
}

// task reports the uses of the parent context (or one it derives from) in a
// group task that has a context of its own.
func (c *checker) task(s *model.Spawn) {
	if s.Go != nil || s.Func == nil || s.Func.Lit == nil {
		return
	}
	info := c.pass.TypesInfo
	var parent, own *types.Var
	var ownParam *ast.Field
	switch {
	case s.Call.Role == concur.Go && s.Call.Recv != nil:
		g := c.groupAt(localVar(info, s.Call.Recv), s.Call.Call.Pos())
		if g == nil || g.parent == nil {
			return
		}
		parent = g.parent
		if s.Call.Family == concur.Errgroup {
			if !audit {
				// An audit rule: see the package documentation.
				return
			}
			if g.ctx == nil {
				return // discarded: reported where the group is made
			}
			if c.neverFails(localVar(info, s.Call.Recv), s.Call.Call.Pos()) {
				return // its context ends only with Wait: the parent's serves as well
			}
			own = g.ctx
		}
	case s.Call.Role == concur.ForEach && s.Call.Family == concur.Leash:
		parent = localVar(info, s.Call.Call.Args[0])
	default:
		return
	}
	if parent == nil {
		return
	}
	if s.Call.Family != concur.Errgroup {
		params := s.Func.Lit.Type.Params.List
		if len(params) == 0 || !concur.IsContext(info.TypeOf(params[0].Type)) {
			return
		}
		ownParam = params[0]
		if len(ownParam.Names) > 0 && ownParam.Names[0].Name != "_" {
			own, _ = info.Defs[ownParam.Names[0]].(*types.Var)
		}
	}
	bad := c.ancestors(parent)
	delete(bad, own) // g, ctx := errgroup.WithContext(ctx) in the same scope reuses ctx
	uses := c.work(outsideFailing(info, s.Func.Lit.Body, outsideShutdown(s.Func.Lit.Body, usesOf(info, s.Func.Lit.Body, bad))))
	if own != nil {
		uses = c.deliberateReads(s.Func.Lit.Body, own, uses)
	}
	if len(uses) == 0 {
		return
	}
	if own != nil {
		for _, id := range uses {
			msg := "task uses " + id.Name + ", which is not cancelled when another task fails: use the group's context " + own.Name()
			if s.Call.Family != concur.Errgroup {
				msg = "task uses " + id.Name + " from outside instead of its own context " + own.Name() + ", which is cancelled when another task fails: use " + own.Name()
			}
			d := analysis.Diagnostic{Pos: id.Pos(), End: id.End(), Message: msg}
			if inScope(c.pass.Pkg, own, id.Pos()) {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   "use " + own.Name(),
					TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte(own.Name())}},
				}}
			}
			c.pass.Report(d)
		}
		return
	}
	// The task's context parameter is unnamed or blank.
	name := uses[0].Name
	d := analysis.Diagnostic{
		Pos: uses[0].Pos(), End: uses[0].End(),
		Message: "task ignores its own context and uses " + name + " from outside, which is not cancelled when another task fails: name the task's context parameter and use it",
	}
	sameName := true
	for _, id := range uses {
		sameName = sameName && id.Name == name
	}
	if sameName && len(s.Func.Lit.Type.Params.List) == 1 {
		edit := analysis.TextEdit{Pos: ownParam.Type.Pos(), End: ownParam.Type.Pos(), NewText: []byte(name + " ")}
		if len(ownParam.Names) == 1 {
			edit = analysis.TextEdit{Pos: ownParam.Names[0].Pos(), End: ownParam.Names[0].End(), NewText: []byte(name)}
		}
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: "name the task's context " + name, TextEdits: []analysis.TextEdit{edit}}}
	}
	c.pass.Report(d)
}

// work keeps the uses of a context that hand it to work its cancellation
// changes: the code is shown to watch it (see model.Program.WatchedAt).
// Not those that only read a value from it (ctx.Value, a logger lookup),
// nor those that store it or hand it to a function value or a dependency
// the analysis did not see into: what cancelling it does there is out of
// sight.
func (c *checker) work(uses []*ast.Ident) []*ast.Ident {
	var out []*ast.Ident
	for _, id := range uses {
		if c.p.WatchedAt(id) {
			out = append(out, id)
		}
	}
	return out
}

// usesOf returns the identifiers in body that refer to vars, except inside
// context.WithoutCancel(...), which detaches on purpose.
func usesOf(info *types.Info, body ast.Node, vars map[*types.Var]bool) []*ast.Ident {
	var uses []*ast.Ident
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if concur.Is(info, n, concur.WithoutCancel) {
				return false
			}
		case *ast.Ident:
			if v, ok := info.Uses[n].(*types.Var); ok && vars[v] {
				uses = append(uses, n)
			}
		}
		return true
	})
	return uses
}

// inScope reports whether v's name refers to v at pos.
func inScope(pkg *types.Package, v *types.Var, pos token.Pos) bool {
	s := pkg.Scope().Innermost(pos)
	if s == nil {
		return false
	}
	_, obj := s.LookupParent(v.Name(), pos)
	return obj == v
}

// wait reports uses of an errgroup's context after a Wait on the group, in
// the block holding the Wait and before the context is assigned again.
func (c *checker) wait(call *ast.CallExpr, stack []ast.Node) {
	info := c.pass.TypesInfo
	k, ok := concur.CallOf(info, call)
	if !ok || k.Role != concur.Wait || k.Family != concur.Errgroup {
		return
	}
	g := c.groupAt(localVar(info, k.Recv), call.Pos())
	if g == nil || g.ctx == nil {
		return
	}
	var block ast.Node
	for i := len(stack) - 2; i >= 0 && block == nil; i-- {
		switch n := stack[i].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			block = n
		case *ast.FuncLit, *ast.FuncDecl:
			return
		}
	}
	if block == nil {
		return
	}
	from, to := call.End(), block.End()
	ast.Inspect(block, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Pos() >= from && as.Pos() < to {
			for _, lhs := range as.Lhs {
				if localVar(info, lhs) == g.ctx {
					to = as.Pos()
				}
			}
		}
		return true
	})
	for _, use := range c.work(usesAfter(info, block, g.ctx, from, to)) {
		msg := use.Name + " is the group's context, cancelled once Wait returns: "
		d := analysis.Diagnostic{Pos: use.Pos(), End: use.End()}
		if g.parent != nil && g.parent != g.ctx && inScope(c.pass.Pkg, g.parent, use.Pos()) {
			d.Message = msg + "use " + g.parent.Name() + " after Wait"
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "use " + g.parent.Name(),
				TextEdits: []analysis.TextEdit{{Pos: use.Pos(), End: use.End(), NewText: []byte(g.parent.Name())}},
			}}
		} else {
			d.Message = msg + "keep the parent context under its own name and use it after Wait"
		}
		c.pass.Report(d)
	}
}

// usesAfter returns the uses of ctx in block within [from, to) that hand it
// to further work. Reading its state (Err, Value, Deadline,
// context.Cause) or detaching it (context.WithoutCancel) is fine.
func usesAfter(info *types.Info, block ast.Node, ctx *types.Var, from, to token.Pos) []*ast.Ident {
	var uses []*ast.Ident
	ast.Inspect(block, func(n ast.Node) bool {
		if n != nil && (n.End() <= from || n.Pos() >= to) {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if k, ok := concur.CallOf(info, n); ok && k.Role == concur.WithoutCancel {
				return false
			}
			if fn := concur.Callee(info, n); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" {
				switch fn.Name() {
				case "Cause", "Err", "Value", "Deadline":
					return false
				}
			}
		case *ast.Ident:
			if info.Uses[n] == ctx {
				uses = append(uses, n)
			}
		}
		return true
	})
	return uses
}

// outsideShutdown drops the uses inside a select case that receives from
// a Done channel: the task is stopping by then, and a context from outside
// the group is what its shutdown needs — a deadline for Shutdown(ctx)
// that the group's context, cancelled already, cannot give.
func outsideShutdown(body ast.Node, uses []*ast.Ident) []*ast.Ident {
	var stopping []*ast.CommClause
	ast.Inspect(body, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok && receivesDone(cc.Comm) {
			stopping = append(stopping, cc)
		}
		return true
	})
	var out []*ast.Ident
	for _, id := range uses {
		inside := false
		for _, cc := range stopping {
			if cc.Colon < id.Pos() && id.End() <= cc.End() {
				inside = true
			}
		}
		if !inside {
			out = append(out, id)
		}
	}
	return out
}

// outsideFailing drops the uses inside a branch that ends by returning an
// error from the task (or from a callback of it, such as filepath.Walk's,
// whose error it hands on), before that return: the task is failing, its own error is about to
// cancel the group's context, and what it does on the way out — a log
// line, a cleanup — needs a context that outlives the group's, not one
// that may be cancelled already by a sibling.
func outsideFailing(info *types.Info, body ast.Node, uses []*ast.Ident) []*ast.Ident {
	type span struct{ from, to token.Pos } // from the branch's brace to its return
	var failing []span
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			if len(n.Body.List) > 0 {
				if ret, ok := n.Body.List[len(n.Body.List)-1].(*ast.ReturnStmt); ok && len(ret.Results) > 0 {
					last := ret.Results[len(ret.Results)-1]
					if tv, ok := info.Types[ast.Unparen(last)]; ok && !tv.IsNil() {
						failing = append(failing, span{n.Body.Lbrace, ret.Pos()})
					}
				}
			}
		}
		return true
	})
	var out []*ast.Ident
	for _, id := range uses {
		if !slices.ContainsFunc(failing, func(b span) bool { return b.from < id.Pos() && id.End() <= b.to }) {
			out = append(out, id)
		}
	}
	return out
}

// receivesDone reports whether a select case's communication is
// <-x.Done().
func receivesDone(comm ast.Stmt) bool {
	call, ok := ast.Unparen(model.RecvChan(comm)).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Done" && len(call.Args) == 0
}

// neverFails reports whether every task started on the errgroup that g
// holds at the call at (the group made last before it) returns nil on
// every path. The group's context is then cancelled only once Wait
// returns, never by a failing task, so a task that uses the parent context
// instead loses nothing: failures the function handles itself (recorded
// and retried after Wait, say) are no reason to stop the others.
func (c *checker) neverFails(g *types.Var, at token.Pos) bool {
	if g == nil {
		return false
	}
	// The group g holds at: the one made last before it, until the next.
	from, until := token.NoPos, token.Pos(math.MaxInt)
	for _, made := range c.groups[g] {
		p := made.pos
		if p < at && p > from {
			from = p
		}
		if p > at && p < until {
			until = p
		}
	}
	info := c.pass.TypesInfo
	for _, s := range c.p.Spawns {
		if s.Go != nil || s.Call.Role != concur.Go || localVar(info, s.Call.Recv) != g {
			continue
		}
		if pos := s.Call.Call.Pos(); pos < from || pos > until {
			continue // a task of another group g held
		}
		if s.Func == nil || s.Func.Lit == nil || !returnsOnlyNil(info, s.Func.Lit.Body) {
			return false
		}
	}
	return true
}

// returnsOnlyNil reports whether every return statement of body, outside
// the function literals in it, returns the untyped nil.
func returnsOnlyNil(info *types.Info, body *ast.BlockStmt) bool {
	only := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				only = false
				break
			}
			id, ok := ast.Unparen(n.Results[0]).(*ast.Ident)
			if _, isNil := info.Uses[id].(*types.Nil); !ok || !isNil {
				only = false
			}
		}
		return only
	})
	return only
}
