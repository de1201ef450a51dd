package swallowederr

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer reports errors swallowed by goroutines and group tasks, ignored
// Wait results and groups never waited for.
var Analyzer = &analysis.Analyzer{
	Name:     "swallowederr",
	Doc:      "report errors swallowed by goroutines and group tasks\n\nAn error dropped in a goroutine never reaches a caller; see the package documentation.",
	URL:      "https://pkg.go.dev/github.com/leash-go/leash/lint/swallowederr",
	Requires: []*analysis.Analyzer{inspect.Analyzer, model.Syntax},
	Run:      ignore.Wrap(run),
}

// audit turns on the rules that guess (-swallowederr.audit): whether a
// dropped error matters is the author's convention (a logger's Log,
// best-effort cleanup, a zero value meant as the fallback), which the code
// does not show.
var audit bool

func init() {
	Analyzer.Flags.BoolVar(&audit, "audit", false, "also report every error dropped in a goroutine or task, whether or not the code shows it matters (guesses: see the package documentation)")
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[model.Syntax].(*model.Program)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	tasks := make(map[*ast.FuncLit]bool)
	for _, s := range ix.Spawns {
		if s.Func != nil && s.Func.Lit != nil {
			tasks[s.Func.Lit] = true
		}
	}
	waited := checkedWaits(pass.TypesInfo, ins)
	checked := make(map[*ast.FuncLit]bool) // a literal can be started more than once
	for _, s := range ix.Spawns {
		if s.Func != nil && s.Func.Lit != nil && !checked[s.Func.Lit] {
			checked[s.Func.Lit] = true
			checkBody(pass, s, s.Func.Lit, reportsFailure(pass.TypesInfo, s, s.Func.Lit, waited))
		}
	}
	checkWaits(pass, ix, ins, waited)
	checkNeverWaited(pass, ix)
	return nil, nil
}

// returnsOnlyError reports whether lit's results are exactly one error.
func returnsOnlyError(info *types.Info, lit *ast.FuncLit) bool {
	sig, ok := info.TypeOf(lit).(*types.Signature)
	return ok && sig.Results().Len() == 1 && concur.IsError(sig.Results().At(0).Type())
}

// checkBody reports the errors dropped in the body of a function literal
// that runs concurrently.
//
// What counts as dropped depends on whether the literal has a way to hand
// errors on. A task whose last result is an error, or a goroutine that
// sends errors on a channel elsewhere, could have handed this one on too:
// there an error assigned to _ or dropped by a call statement is reported. A
// fire-and-forget goroutine with no such way made its choice; there only an
// error ignored while the value that came with it is used (v, _ := f()) is
// reported, since v is then a zero value taken for a result.
//
// A task's `if err != nil { return nil }` is reported only when failure
// is what its group is for (reportsFailure).
func checkBody(pass *analysis.Pass, s *model.Spawn, lit *ast.FuncLit, reportsFailure bool) {
	info := pass.TypesInfo
	if inTestFile(pass, lit) {
		return
	}
	where := "a goroutine"
	if s.Go == nil {
		where = "a group task"
	}
	canReturn := returnsOnlyError(info, lit)
	handsOn := returnsError(info, lit) || sendsErrors(info, lit.Body)
	// What the code shows: a task that returns nil on every path and
	// examines no error at all tells its group it cannot fail, while the
	// errors of its work — calls given a context, that the group would
	// cancel — are thrown away.
	neverFails := returnsError(info, lit) && discardsEveryError(info, lit)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false // callbacks, deferred cleanup and nested goroutines are judged on their own
		case *ast.ExprStmt:
			call, ok := ast.Unparen(n.X).(*ast.CallExpr)
			if !ok || !handsOn || !droppable(info, call) {
				return true
			}
			if returnsErr, _ := errorResult(info, call); returnsErr && (audit || neverFails && takesContext(info, call)) {
				report(pass, n, call, where, canReturn)
			}
		case *ast.AssignStmt:
			// An error assigned to _ was dropped on purpose (errcheck
			// leaves it alone but with -blank), and the zero value that
			// comes with it is often the fallback meant: only the audit
			// rules judge that purpose.
			if !audit {
				return true
			}
			dropped := blankError(info, n)
			if dropped == nil || !handsOn && !valueUsed(info, n, lit) {
				return true
			}
			fix := canReturn && len(n.Lhs) == 1 && n.Tok == token.ASSIGN
			report(pass, n, dropped, where, fix)
		case *ast.IfStmt:
			if canReturn && s.Go == nil && reportsFailure {
				returnsNilAfterErr(pass, n)
			}
		}
		return true
	})
}

// discardsEveryError reports whether lit returns nil on every path and uses
// no error value but to discard it: nothing it does can fail in the eyes
// of its group.
func discardsEveryError(info *types.Info, lit *ast.FuncLit) bool {
	ok := true
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 || !isNil(info, n.Results[len(n.Results)-1]) {
				ok = false
			}
		case *ast.Ident:
			if v, isVar := info.Uses[n].(*types.Var); isVar && concur.IsError(v.Type()) {
				ok = false // an error examined, logged or handed on
			}
		}
		return ok
	})
	return ok
}

// takesContext reports whether call is given a context.Context: work the
// group can cancel, not a write to a terminal or a log.
func takesContext(info *types.Info, call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if concur.IsContext(info.TypeOf(a)) {
			return true
		}
	}
	return false
}

// inTestFile reports whether n is in a _test.go file. Tests are not
// checked: they drop errors and leave groups unwaited on purpose (go
// srv.Serve(lis), a Wait expected to panic), and a failure that matters
// fails the test.
func inTestFile(pass *analysis.Pass, n ast.Node) bool {
	return strings.HasSuffix(pass.Fset.File(n.Pos()).Name(), "_test.go")
}

// returnsError reports whether lit's last result is an error.
func returnsError(info *types.Info, lit *ast.FuncLit) bool {
	sig, ok := info.TypeOf(lit).(*types.Signature)
	return ok && sig.Results().Len() > 0 && concur.IsError(sig.Results().At(sig.Results().Len()-1).Type())
}

// sendsErrors reports whether body sends an error on a channel (outside
// nested function literals).
func sendsErrors(info *types.Info, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			if ch, ok := info.TypeOf(n.Chan).Underlying().(*types.Chan); ok && concur.IsError(ch.Elem()) {
				found = true
			}
		}
		return !found
	})
	return found
}

// valueUsed reports whether an assignment that drops an error keeps another
// result in a variable that lit then uses.
func valueUsed(info *types.Info, stmt *ast.AssignStmt, lit *ast.FuncLit) bool {
	kept := make(map[types.Object]bool)
	for _, lhs := range stmt.Lhs {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return true // a field or element: the value is stored
		}
		if id.Name == "_" {
			continue
		}
		if obj := info.ObjectOf(id); obj != nil {
			kept[obj] = true
		}
	}
	used := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Pos() > stmt.End() && kept[info.Uses[id]] {
			used = true
		}
		return !used
	})
	return used
}

// errorResult reports whether call returns an error, and whether the error
// is its only result.
func errorResult(info *types.Info, call *ast.CallExpr) (any, only bool) {
	switch t := info.TypeOf(call).(type) {
	case *types.Tuple:
		for v := range t.Variables() {
			if concur.IsError(v.Type()) {
				return true, false
			}
		}
	default:
		if concur.IsError(t) {
			return true, true
		}
	}
	return false, false
}

// blankError returns the call or expression whose error result stmt assigns
// to the blank identifier, or nil.
func blankError(info *types.Info, stmt *ast.AssignStmt) ast.Expr {
	isBlank := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == "_"
	}
	if len(stmt.Rhs) == 1 && len(stmt.Lhs) > 1 {
		call, ok := ast.Unparen(stmt.Rhs[0]).(*ast.CallExpr)
		if !ok || !droppable(info, call) {
			return nil
		}
		tuple, ok := info.TypeOf(call).(*types.Tuple)
		if !ok || tuple.Len() != len(stmt.Lhs) {
			return nil
		}
		for i, lhs := range stmt.Lhs {
			if isBlank(lhs) && concur.IsError(tuple.At(i).Type()) {
				return call
			}
		}
		return nil
	}
	if len(stmt.Lhs) != len(stmt.Rhs) {
		return nil
	}
	for i, lhs := range stmt.Lhs {
		rhs := ast.Unparen(stmt.Rhs[i])
		if !isBlank(lhs) || !concur.IsError(info.TypeOf(rhs)) {
			continue
		}
		switch rhs := rhs.(type) {
		case *ast.CallExpr:
			if droppable(info, rhs) {
				return rhs
			}
		case *ast.Ident:
			return rhs
		}
	}
	return nil
}

func report(pass *analysis.Pass, stmt ast.Stmt, dropped ast.Expr, where string, fixable bool) {
	what := "error"
	if call, ok := dropped.(*ast.CallExpr); ok {
		what = "error from " + types.ExprString(call.Fun)
	} else {
		what = "error " + types.ExprString(dropped)
	}
	d := analysis.Diagnostic{
		Pos: stmt.Pos(), End: stmt.End(),
		Message: what + " dropped in " + where + ", where no caller will see it: return it or hand it on",
	}
	if call, ok := dropped.(*ast.CallExpr); ok && fixable {
		if _, only := errorResult(pass.TypesInfo, call); only {
			var text bytes.Buffer
			if format.Node(&text, pass.Fset, call) == nil {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message: "return the error",
					TextEdits: []analysis.TextEdit{{
						Pos: stmt.Pos(), End: stmt.End(),
						NewText: []byte("if err := " + text.String() + "; err != nil {\nreturn err\n}"),
					}},
				}}
			}
		}
	}
	pass.Report(d)
}

// returnsNilAfterErr reports `if err != nil { return nil }` in a task: the
// branch neither uses err nor does anything else first (with
// -swallowederr.audit, also a branch that does something else first).
func returnsNilAfterErr(pass *analysis.Pass, stmt *ast.IfStmt) {
	info := pass.TypesInfo
	cond, ok := ast.Unparen(stmt.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !isNil(info, cond.Y) {
		return
	}
	errID, ok := ast.Unparen(cond.X).(*ast.Ident)
	if !ok || !concur.IsError(info.TypeOf(errID)) || len(stmt.Body.List) == 0 {
		return
	}
	ret, ok := stmt.Body.List[len(stmt.Body.List)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 || !isNil(info, ret.Results[0]) {
		return
	}
	errVar := info.Uses[errID]
	used := false
	ast.Inspect(stmt.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == errVar {
			used = true
		}
		return !used
	})
	if used {
		return // logged, counted or wrapped: handled on purpose
	}
	if commented(pass, stmt.Body) {
		return // the branch says why: "non-fatal, fall back to ..."
	}
	if len(stmt.Body.List) > 1 && !audit {
		// The branch does something before returning nil — counts the
		// failure, marks the item, logs — so the task treats the error as
		// one it handles (a best-effort prefetch), not one it forgot.
		return
	}
	pass.Report(analysis.Diagnostic{
		Pos: ret.Pos(), End: ret.End(),
		Message: "task returns nil when " + errID.Name + " != nil, so the group reports success for a failed task: return " + errID.Name,
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   "return " + errID.Name,
			TextEdits: []analysis.TextEdit{{Pos: ret.Results[0].Pos(), End: ret.Results[0].End(), NewText: []byte(errID.Name)}},
		}},
	})
}

// commented reports whether a comment of its own lines lies inside block,
// before its last statement: the author explains the branch, so returning
// nil there is a decision. (A comment trailing the last statement is not
// an explanation of the branch.)
func commented(pass *analysis.Pass, block *ast.BlockStmt) bool {
	if len(block.List) == 0 {
		return false
	}
	last := pass.Fset.Position(block.List[len(block.List)-1].Pos()).Line
	for _, f := range pass.Files {
		if f.FileStart > block.Pos() || block.End() > f.FileEnd {
			continue
		}
		for _, cg := range f.Comments {
			if cg.Pos() > block.Lbrace && pass.Fset.Position(cg.End()).Line < last {
				return true
			}
		}
	}
	return false
}

func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// droppable reports whether call's error is worth reporting when dropped:
// it is not one errcheck's conventions also let pass.
func droppable(info *types.Info, call *ast.CallExpr) bool {
	fn := concur.Callee(info, call)
	if fn == nil {
		return true
	}
	switch fn.Name() {
	case "Close", "CloseWithError", "SetDeadline", "SetReadDeadline", "SetWriteDeadline":
		// Closing to shut something down, and deadlines whose failure the
		// next read or write reports anyway.
		return false
	}
	recv := ""
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		recv = types.TypeString(sig.Recv().Type(), nil)
		recv = strings.TrimPrefix(recv, "*")
	}
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	switch {
	case recv == "bytes.Buffer", recv == "strings.Builder", recv == "bufio.Writer" && fn.Name() != "Flush" && fn.Name() != "ReadFrom":
		return false
	case recv != "" && fn.Name() == "Write" && implementsHash(info, call):
		return false
	case pkg == "math/rand" || pkg == "math/rand/v2":
		return false
	case pkg == "fmt":
		switch fn.Name() {
		case "Print", "Printf", "Println":
			return false
		case "Fprint", "Fprintf", "Fprintln":
			return len(call.Args) == 0 || !quietWriter(info, call.Args[0])
		}
	}
	return true
}

// quietWriter reports whether w is a writer whose write errors are
// conventionally ignored: an in-memory buffer or the process's stdout/stderr.
func quietWriter(info *types.Info, w ast.Expr) bool {
	t := info.TypeOf(w)
	if concur.IsNamed(t, "bytes", "Buffer") || concur.IsNamed(t, "strings", "Builder") || concur.IsNamed(t, "bufio", "Writer") {
		return true
	}
	if sel, ok := ast.Unparen(w).(*ast.SelectorExpr); ok {
		if v, ok := info.Uses[sel.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "os" {
			return v.Name() == "Stdout" || v.Name() == "Stderr"
		}
	}
	return false
}

// implementsHash reports whether the receiver of a Write call is a hash.Hash
// (whose Write never returns an error), recognised by its method set.
func implementsHash(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	t := info.TypeOf(sel.X)
	if t == nil {
		return false
	}
	ms := types.NewMethodSet(t)
	for _, name := range []string{"Sum", "Reset", "Size", "BlockSize"} {
		if ms.Lookup(nil, name) == nil {
			return false
		}
	}
	return true
}
