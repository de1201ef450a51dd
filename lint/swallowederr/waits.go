package swallowederr

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// checkWaits reports group Waits whose error is ignored while one of the
// group's tasks can fail.
func checkWaits(pass *analysis.Pass, ix *model.Program, ins *inspector.Inspector, checked map[model.RefKey]bool) {
	info := pass.TypesInfo
	failing := make(map[model.RefKey]bool) // groups with a task that can fail
	for _, s := range ix.Spawns {
		if s.IsGroupTask() && s.Call.Recv != nil && failsOnlyThroughWait(ix, s) {
			if key, ok := model.KeyOf(info, s.Call.Recv); ok {
				failing[key] = true
			}
		}
	}
	if len(failing) == 0 {
		return
	}
	// A group whose Wait is checked somewhere (checked) has its errors
	// seen: another Wait of it, ignored (by the goroutine that closes the
	// results once the tasks are done, say), loses nothing.
	ins.WithStack([]ast.Node{(*ast.ExprStmt)(nil), (*ast.AssignStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || inTestFile(pass, n) {
			return true
		}
		var call *ast.CallExpr
		switch n := n.(type) {
		case *ast.ExprStmt:
			call, _ = ast.Unparen(n.X).(*ast.CallExpr)
		case *ast.AssignStmt:
			// _ = g.Wait() drops the error on purpose (after a cancel,
			// on a path that already fails, say): an audit rule.
			if !audit || len(n.Rhs) != 1 {
				return true
			}
			c, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !ok {
				return true
			}
			tuple, isTuple := info.TypeOf(c).(*types.Tuple)
			last := n.Lhs[len(n.Lhs)-1]
			if id, ok := last.(*ast.Ident); !ok || id.Name != "_" || (isTuple && tuple.Len() != len(n.Lhs)) {
				return true
			}
			call = c
		}
		if call == nil {
			return true
		}
		k, ok := concur.CallOf(info, call)
		if !ok || k.Role != concur.Wait || k.Recv == nil {
			return true
		}
		if key, named := model.KeyOf(info, k.Recv); !named || !failing[key] || checked[key] {
			return true
		}
		if _, returnsErr := errorResult(info, call); !returnsErr {
			return true
		}
		g := types.ExprString(k.Recv)
		d := analysis.Diagnostic{
			Pos: n.Pos(), End: n.End(),
			Message: "error of " + g + ".Wait ignored: a failed task goes unnoticed; check it and return it",
		}
		if stmt, ok := n.(*ast.ExprStmt); ok && enclosingReturnsOnlyError(info, stack) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message: "return the error of " + g + ".Wait",
				TextEdits: []analysis.TextEdit{{
					Pos: stmt.Pos(), End: stmt.End(),
					NewText: []byte("if err := " + g + ".Wait(); err != nil {\nreturn err\n}"),
				}},
			}}
		}
		pass.Report(d)
		return true
	})
}

// canFail reports whether a group task may report a failure through its
// group: it is not a literal, or it returns an error it was given (see
// handsOnFailure) other than its context's. A Wait that can only report
// cancellation is often ignored on purpose, by code that cancelled; one
// whose tasks return nil on every failure by design, or only an error they
// made to stop the others, has nothing to report either. A task made by a
// function of the package (g.Go(collect(ctx, ch))) is each literal that
// function returns.
func canFail(ix *model.Program, s *model.Spawn) bool { return taskFails(ix, s, false) }

// failsOnlyThroughWait is canFail leaving out the returns whose error the
// task first stored where the waiting code can read it (recordedReturns):
// Wait's copy of such an error is a duplicate.
func failsOnlyThroughWait(ix *model.Program, s *model.Spawn) bool { return taskFails(ix, s, true) }

func taskFails(ix *model.Program, s *model.Spawn, leaveOutRecorded bool) bool {
	lits, known := taskLits(ix, s)
	if !known {
		return true
	}
	for _, lit := range lits {
		if litFails(ix.Info, lit, leaveOutRecorded) {
			return true
		}
	}
	return false
}

// taskLits returns the function literals a group task runs: the literal
// itself, or every literal returned by the function of the package whose
// call makes the task. known is false when the task is anything else, or
// that function returns anything but literals.
func taskLits(ix *model.Program, s *model.Spawn) (lits []*ast.FuncLit, known bool) {
	if s.Func != nil && s.Func.Lit != nil {
		return []*ast.FuncLit{s.Func.Lit}, true
	}
	call, ok := ast.Unparen(s.Fn).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	fn := concur.Callee(ix.Info, call)
	if fn == nil {
		return nil, false
	}
	maker := ix.Decl(fn)
	if maker == nil || maker.Body() == nil {
		return nil, false
	}
	known = true
	ast.Inspect(maker.Body(), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			lit, ok := (*ast.FuncLit)(nil), len(n.Results) == 1
			if ok {
				lit, ok = ast.Unparen(n.Results[0]).(*ast.FuncLit)
			}
			if !ok {
				known = false
			}
			lits = append(lits, lit)
		}
		return known
	})
	return lits, known && len(lits) > 0
}

// litFails reports whether lit returns an error it was given, other than
// its context's, leaving out when asked those it first stored where the
// waiting code can read it.
func litFails(info *types.Info, lit *ast.FuncLit, leaveOutRecorded bool) bool {
	sig, ok := info.TypeOf(lit).(*types.Signature)
	if !ok || sig.Results().Len() == 0 || !concur.IsError(sig.Results().At(sig.Results().Len()-1).Type()) {
		return false
	}
	var skip map[*ast.ReturnStmt]bool
	if leaveOutRecorded {
		skip = recordedReturns(info, lit)
	}
	fails := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if skip[n] {
				break
			}
			if len(n.Results) == 0 {
				fails = true // named results: whatever they hold
			} else if last := n.Results[len(n.Results)-1]; !isContextErr(info, last) && givenError(info, last) {
				fails = true
			}
		}
		return !fails
	})
	return fails
}

// isContextErr reports whether e is ctx.Err() or context.Cause(ctx).
func isContextErr(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := concur.Callee(info, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" && (fn.Name() == "Err" || fn.Name() == "Cause")
}

// enclosingReturnsOnlyError reports whether the function holding the top of
// stack returns exactly one error.
func enclosingReturnsOnlyError(info *types.Info, stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		var sig *types.Signature
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			sig, _ = info.TypeOf(f).(*types.Signature)
		case *ast.FuncDecl:
			if fn, ok := info.Defs[f.Name].(*types.Func); ok {
				sig, _ = fn.Type().(*types.Signature)
			}
		default:
			continue
		}
		return sig != nil && sig.Results().Len() == 1 && concur.IsError(sig.Results().At(0).Type())
	}
	return false
}

// checkNeverWaited reports local groups that start tasks but are used for
// nothing else: no Wait, and never handed to other code that could wait.
// A group none of whose tasks can report a failure (see canFail) loses no
// error: it is a soft fail by design, its tasks report elsewhere.
// Only a group the function made is its own to wait for: one it was
// given is waited for by the code that made it.
func checkNeverWaited(pass *analysis.Pass, ix *model.Program) {
	info := pass.TypesInfo
	started := make(map[*types.Var]bool)
	fails := make(map[*types.Var]bool) // a task of the group can report a failure
	for _, s := range ix.Spawns {
		if s.IsGroupTask() && s.Call.Recv != nil && s.Call.Family != concur.WaitGroup {
			if id, ok := ast.Unparen(s.Call.Recv).(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && isLocal(v) {
					started[v] = true
					fails[v] = fails[v] || canFail(ix, s)
				}
			}
		}
	}
	created := createdHere(info, pass.Files, started)
	if len(created) == 0 {
		return
	}
	escaped := make(map[*types.Var]bool)
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && started[usedVar(info, id)] {
					switch sel.Sel.Name {
					case "Go", "TryGo", "SetLimit", "WithMaxGoroutines":
						return false // a use that neither waits nor escapes
					}
				}
				return true
			}
			if id, ok := n.(*ast.Ident); ok {
				if v := usedVar(info, id); started[v] {
					escaped[v] = true // waited, passed, returned, stored or copied
				}
			}
			return true
		})
	}
	var never []*types.Var
	for v := range started {
		if created[v] && !escaped[v] && fails[v] && !strings.HasSuffix(pass.Fset.Position(v.Pos()).Filename, "_test.go") {
			never = append(never, v)
		}
	}
	slices.SortFunc(never, func(a, b *types.Var) int { return int(a.Pos() - b.Pos()) })
	for _, v := range never {
		pass.Report(analysis.Diagnostic{
			Pos:     v.Pos(),
			End:     v.Pos() + token.Pos(len(v.Name())),
			Message: "group " + v.Name() + " starts tasks but is never waited for: their errors are lost and they outlive the function; call " + v.Name() + ".Wait and handle its error",
		})
	}
}

func usedVar(info *types.Info, id *ast.Ident) *types.Var {
	v, _ := info.Uses[id].(*types.Var)
	return v
}

func isLocal(v *types.Var) bool {
	return !v.IsField() && v.Parent() != nil && v.Pkg() != nil && v.Parent() != v.Pkg().Scope()
}

// checkedWaits returns the groups whose Wait result the package reads
// somewhere (returns it, tests it, hands it on), or whose Wait it hands on
// as a function value (return out, g.Wait: the caller gets the error, for
// Wait returns the first error on every call): groups used to report
// failure, not only to wait.
func checkedWaits(info *types.Info, ins *inspector.Inspector) map[model.RefKey]bool {
	checked := make(map[model.RefKey]bool)
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil), (*ast.SelectorExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if call, ok := stack[len(stack)-2].(*ast.CallExpr); ok && ast.Unparen(call.Fun) == sel {
				return true // a call: seen as one
			}
			if s := info.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
				return true
			}
			if k, ok := concur.CallOf(info, &ast.CallExpr{Fun: sel}); ok && k.Role == concur.Wait && k.Recv != nil {
				if key, named := model.KeyOf(info, k.Recv); named {
					checked[key] = true
				}
			}
			return true
		}
		k, ok := concur.CallOf(info, n.(*ast.CallExpr))
		if !ok || k.Role != concur.Wait || k.Recv == nil {
			return true
		}
		switch parent := stack[len(stack)-2].(type) {
		case *ast.ExprStmt:
			return true
		case *ast.AssignStmt:
			if id, ok := parent.Lhs[len(parent.Lhs)-1].(*ast.Ident); ok && id.Name == "_" {
				return true
			}
		}
		if key, named := model.KeyOf(info, k.Recv); named {
			checked[key] = true
		}
		return true
	})
	return checked
}
