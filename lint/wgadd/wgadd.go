package wgadd

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports WaitGroup.Add inside the goroutine it counts.
var Analyzer = &analysis.Analyzer{
	Name:     "wgadd",
	Doc:      "report sync.WaitGroup.Add called inside the goroutine it counts\n\nThe parent's Wait can run before such an Add and return early; see the package documentation.",
	URL:      "https://pkg.go.dev/github.com/leash-go/leash/lint/wgadd",
	Requires: []*analysis.Analyzer{model.Syntax},
	Run:      ignore.Wrap(run),
}

// audit turns on the rule that guesses (-wgadd.audit): an Add whose Wait
// is not in the function that starts the goroutine (see waitedBySpawner),
// and findings in test code.
var audit bool

func init() {
	Analyzer.Flags.BoolVar(&audit, "audit", false, "also report an Add whose Wait is in another function than the one starting the goroutine (a Stop, a Close), and findings in test code (see the package documentation)")
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[model.Syntax].(*model.Program)
	tasks := make(map[ast.Node]bool) // function literals that run in their own goroutine
	for _, s := range ix.Spawns {
		if s.Func != nil && s.Func.Lit != nil {
			tasks[s.Func.Lit] = true
		}
	}
	reported := make(map[token.Pos]bool)
	for _, s := range ix.Spawns {
		if s.Func == nil || s.Func.Body() == nil || s.Call.Role == concur.ForEach {
			continue
		}
		adds, dones := waitGroupCalls(pass.TypesInfo, ix, s.Func.Body(), tasks)
		held := heldCount(pass.TypesInfo, s.Func.Body())
		for _, add := range adds {
			if !dones[add.key] || reported[add.call.Pos()] {
				continue
			}
			if at, ok := held[add.key]; ok && at < add.call.Pos() && (inCallback(s.Func.Body(), add.call) || countedBeforeStart(pass.TypesInfo, s, add.key) || handedIn(pass.TypesInfo, s.Func, add)) {
				continue // the goroutine holds its own count: the Add counts work it hands on
			}
			if gated(pass, s.Func.Body(), add) {
				continue // added behind a gate the waiter closes, under the same lock, before it waits
			}
			if handshaken(pass, ix, s, add) {
				continue // the Add comes before a handshake that comes before every Wait
			}
			if ownWaitGroup(pass.TypesInfo, s.Func, add) || waitedOnlyInTests(pass, ix, add) || waitedOnlyAfter(pass, ix, s.Func, add) {
				continue // no Wait can run before this Add, outside the tests, but another run's of the same function
			}
			if !audit && !waitedBySpawner(pass.TypesInfo, s, add) {
				continue // the Wait is elsewhere: whether it can run this early depends on its callers
			}
			reported[add.call.Pos()] = true
			wg := types.ExprString(add.recv)
			d := analysis.Diagnostic{
				Pos:     add.call.Pos(),
				End:     add.call.End(),
				Message: wg + ".Add inside the goroutine it counts races with " + wg + ".Wait: call " + wg + ".Add before the go statement, or start the goroutine with " + wg + ".Go",
			}
			if fix, ok := moveBeforeGo(pass, s, add); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
			pass.Report(d)
		}
	}
	return nil, nil
}

type addCall struct {
	call *ast.CallExpr
	recv ast.Expr
	key  model.RefKey
}

// waitGroupCalls returns the Add calls in body that count the goroutine
// itself, and the set of WaitGroups Done is called on, skipping function
// literals that run in goroutines of their own. An Add followed in its block
// by a go statement (or a group's Go) counts that new goroutine, not this
// one, and is not returned.
func waitGroupCalls(info *types.Info, ix *model.Program, body *ast.BlockStmt, tasks map[ast.Node]bool) (adds []addCall, dones map[model.RefKey]bool) {
	dones = make(map[model.RefKey]bool)
	forChild := make(map[*ast.CallExpr]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		if tasks[n] {
			return false
		}
		switch n := n.(type) {
		case *ast.BlockStmt:
			markChildAdds(ix, n.List, forChild)
		case *ast.CaseClause:
			markChildAdds(ix, n.Body, forChild)
		case *ast.CommClause:
			markChildAdds(ix, n.Body, forChild)
		}
		if g, ok := n.(*ast.GoStmt); ok {
			// The call's arguments run here; the goroutine's body does not.
			for _, arg := range g.Call.Args {
				ast.Inspect(arg, func(n ast.Node) bool { return !tasks[n] })
			}
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		c, ok := concur.CallOf(info, call)
		if !ok || c.Family != concur.WaitGroup || c.Recv == nil {
			return true
		}
		key, named := model.KeyOf(info, c.Recv)
		if !named {
			return true
		}
		switch c.Role {
		case concur.Add:
			if !forChild[call] {
				adds = append(adds, addCall{call, c.Recv, key})
			}
		case concur.Done:
			dones[key] = true
		}
		return true
	})
	return adds, dones
}

// inCallback reports whether call lies in a function literal inside body:
// code run for each item it is called back with, not once for the
// goroutine itself.
func inCallback(body *ast.BlockStmt, call *ast.CallExpr) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit.Pos() <= call.Pos() && call.End() <= lit.End() {
			found = true
		}
		return !found
	})
	return found
}

// countedBeforeStart reports whether the go statement s is the first to
// start after an Add on the WaitGroup key in the statements before it, in
// its own block: the goroutine was counted before it started, and holds
// that count until its deferred Done, so an Add it makes in the meantime
// finds the counter above zero and cannot race with Wait.
func countedBeforeStart(info *types.Info, s *model.Spawn, key model.RefKey) bool {
	if s.Go == nil || s.Enclosing == nil || s.Enclosing.Body() == nil {
		return false
	}
	list, i := enclosingList(s.Enclosing.Body(), s.Go)
	for i--; i >= 0; i-- {
		switch st := list[i].(type) {
		case *ast.GoStmt:
			return false // the Add before it counts that goroutine
		case *ast.ExprStmt:
			call, ok := ast.Unparen(st.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			c, ok := concur.CallOf(info, call)
			if !ok || c.Family != concur.WaitGroup || c.Recv == nil {
				continue
			}
			if k, named := model.KeyOf(info, c.Recv); named && k == key {
				return c.Role == concur.Add
			}
		}
	}
	return false
}

// handedIn reports whether the WaitGroup of add is a parameter of f, the
// function a goroutine runs, and the statement right after the Add hands
// it on to a call: a function handed a WaitGroup that defers its Done
// first and adds for work it hands on (func (p *pipe) run(wg
// *sync.WaitGroup) { defer wg.Done(); wg.Add(1); p.startWriter(wg) ... })
// makes two Dones for that one Add, so its caller counted it before it
// started — were it not, the counter would go below zero — and the Add
// finds the counter above zero.
func handedIn(info *types.Info, f *model.Func, add addCall) bool {
	id, ok := ast.Unparen(add.recv).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || !slices.Contains(f.Params(), v) {
		return false
	}
	var stmt ast.Stmt
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		if es, ok := n.(*ast.ExprStmt); ok && ast.Unparen(es.X) == add.call {
			stmt = es
		}
		return stmt == nil
	})
	if stmt == nil {
		return false
	}
	list, i := enclosingList(f.Body(), stmt)
	if i < 0 || i+1 >= len(list) {
		return false
	}
	handed := false
	ast.Inspect(list[i+1], func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			for _, a := range call.Args {
				if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
					a = u.X
				}
				if aid, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[aid] == v {
					handed = true
				}
			}
		}
		return !handed
	})
	return handed
}

// heldCount returns, for each WaitGroup, where body defers its Done as a
// statement of its own: from there on, the goroutine holds a count it was
// given before it started, and an Add made for each item a callback is
// given counts other work, which Wait cannot miss while this goroutine is
// still counted.
func heldCount(info *types.Info, body *ast.BlockStmt) map[model.RefKey]token.Pos {
	held := make(map[model.RefKey]token.Pos)
	for _, st := range body.List {
		d, ok := st.(*ast.DeferStmt)
		if !ok {
			continue
		}
		calls := []*ast.CallExpr{d.Call}
		if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok {
			// defer func() { ...; wg.Done() }(): the Dones among the
			// closure's own statements.
			for _, st := range lit.Body.List {
				if es, ok := st.(*ast.ExprStmt); ok {
					if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
						calls = append(calls, call)
					}
				}
			}
		}
		for _, call := range calls {
			c, ok := concur.CallOf(info, call)
			if !ok || c.Role != concur.Done || c.Recv == nil {
				continue
			}
			if key, named := model.KeyOf(info, c.Recv); named {
				if _, seen := held[key]; !seen {
					held[key] = d.Pos()
				}
			}
		}
	}
	return held
}

// markChildAdds records the Add calls of stmts that a later statement of
// stmts follows by starting a goroutine.
func markChildAdds(ix *model.Program, stmts []ast.Stmt, forChild map[*ast.CallExpr]bool) {
	spawnAfter := false
	for i := len(stmts) - 1; i >= 0; i-- {
		switch st := stmts[i].(type) {
		case *ast.GoStmt:
			spawnAfter = true
		case *ast.ExprStmt:
			call, ok := ast.Unparen(st.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			if s := ix.SpawnOf(call); s != nil && s.Call.Role == concur.Go {
				spawnAfter = true
			} else if spawnAfter {
				forChild[call] = true
			}
		}
	}
}

// moveBeforeGo offers to move Add in front of the go statement when Add is
// the first statement of the go statement's function literal and its
// WaitGroup is reachable there.
func moveBeforeGo(pass *analysis.Pass, s *model.Spawn, add addCall) (analysis.SuggestedFix, bool) {
	if s.Go == nil || s.Func == nil || s.Func.Lit == nil {
		return analysis.SuggestedFix{}, false
	}
	lit := s.Func.Lit
	stmts := lit.Body.List
	if len(stmts) < 2 {
		return analysis.SuggestedFix{}, false
	}
	first, ok := stmts[0].(*ast.ExprStmt)
	if !ok || first.X != add.call {
		return analysis.SuggestedFix{}, false
	}
	if declaredWithin(pass.TypesInfo, add.call, lit) {
		return analysis.SuggestedFix{}, false
	}
	var text bytes.Buffer
	if err := format.Node(&text, pass.Fset, add.call); err != nil {
		return analysis.SuggestedFix{}, false
	}
	indent := strings.Repeat("\t", pass.Fset.Position(s.Go.Pos()).Column-1)
	return analysis.SuggestedFix{
		Message: "move " + text.String() + " before the go statement",
		TextEdits: []analysis.TextEdit{
			{Pos: s.Go.Pos(), End: s.Go.Pos(), NewText: []byte(text.String() + "\n" + indent)},
			{Pos: first.Pos(), End: stmts[1].Pos()},
		},
	}, true
}

// declaredWithin reports whether n refers to anything declared inside lit,
// which would not be in scope before the go statement.
func declaredWithin(info *types.Info, n ast.Node, lit *ast.FuncLit) bool {
	within := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := info.Uses[id]; obj != nil && obj.Pos() >= lit.Pos() && obj.Pos() < lit.End() {
				within = true
			}
		}
		return !within
	})
	return within
}
