package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer reports goroutines and group tasks that capture a loop variable
// in files compiled with a Go version before 1.22.
var Analyzer = &analysis.Analyzer{
	Name:     "loopcapture",
	Doc:      "report goroutines capturing a loop variable before Go 1.22\n\nBefore Go 1.22 all iterations share the variable, so the goroutine may see a later value; see the package documentation.",
	URL:      "https://pkg.go.dev/github.com/leash-go/leash/lint/loopcapture",
	Requires: []*analysis.Analyzer{inspect.Analyzer, model.Syntax},
	Run:      ignore.Wrap(run),
}

func init() {
	// The check's only audit rule: findings in test code (see the package
	// documentation).
	Analyzer.Flags.Bool("audit", false, "also report in test code (see the package documentation)")
}

// perIteration is the first Go version that gives each iteration its own
// loop variable.
const perIteration = "go1.22"

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ix := pass.ResultOf[model.Syntax].(*model.Program)
	for _, file := range pass.Files {
		goVersion := fileVersion(pass, file)
		if goVersion == "" || version.Compare(goVersion, perIteration) >= 0 {
			continue
		}
		ins.WithStack([]ast.Node{(*ast.GoStmt)(nil), (*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
			if !push || n.Pos() < file.FileStart || n.End() > file.FileEnd {
				return true
			}
			s := ix.SpawnOf(n)
			if s == nil || s.Func == nil || s.Func.Lit == nil || s.Call.Role == concur.ForEach {
				return true
			}
			loopVars := loopVarsAround(pass.TypesInfo, stack)
			if len(loopVars) == 0 {
				return true
			}
			captured, first := captures(pass.TypesInfo, s.Func.Lit, loopVars)
			if len(captured) == 0 {
				return true
			}
			waited := true
			for _, v := range captured {
				waited = waited && model.WaitedEachRound(pass.TypesInfo, s, loopVars[v])
			}
			if waited {
				return true // done before any captured variable changes
			}
			report(pass, goVersion, s, stack, captured, first)
			return true
		})
	}
	return nil, nil
}

// fileVersion is the Go version file is compiled with, or "" if unknown.
func fileVersion(pass *analysis.Pass, file *ast.File) string {
	if v := pass.TypesInfo.FileVersions[file]; version.IsValid(v) {
		return v
	}
	if v := pass.Pkg.GoVersion(); version.IsValid(v) {
		return v
	}
	return ""
}

// loopVarsAround returns the variables declared by the for and range
// statements enclosing the top of stack, up to the enclosing function,
// each with the loop that declares it. A
// loop outside a function literal that encloses the go statement is not
// considered: the literal is called (by t.Run, say) while the iteration
// waits, and whether its goroutines outlive the iteration is unknown.
func loopVarsAround(info *types.Info, stack []ast.Node) map[*types.Var]ast.Stmt {
	vars := make(map[*types.Var]ast.Stmt)
	var loop ast.Stmt
	add := func(e ast.Expr) {
		if id, ok := e.(*ast.Ident); ok {
			if v, ok := info.Defs[id].(*types.Var); ok {
				vars[v] = loop
			}
		}
	}
	for i := len(stack) - 2; i >= 0; i-- {
		switch l := stack[i].(type) {
		case *ast.RangeStmt:
			loop = l
			if l.Tok == token.DEFINE && stack[i+1] == l.Body {
				if l.Key != nil {
					add(l.Key)
				}
				if l.Value != nil {
					add(l.Value)
				}
			}
		case *ast.ForStmt:
			loop = l
			if init, ok := l.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE && stack[i+1] == l.Body {
				for _, lhs := range init.Lhs {
					add(lhs)
				}
			}
		case *ast.FuncDecl, *ast.FuncLit:
			return vars
		}
	}
	return vars
}

// captures returns the loop variables lit refers to, in order of first
// reference, and the position of the first reference.
func captures(info *types.Info, lit *ast.FuncLit, loopVars map[*types.Var]ast.Stmt) ([]*types.Var, token.Pos) {
	var captured []*types.Var
	var first token.Pos
	seen := make(map[*types.Var]bool)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if ok && loopVars[v] != nil && !seen[v] {
			seen[v] = true
			captured = append(captured, v)
			if !first.IsValid() {
				first = id.Pos()
			}
		}
		return true
	})
	return captured, first
}

func report(pass *analysis.Pass, goVersion string, s *model.Spawn, stack []ast.Node, captured []*types.Var, at token.Pos) {
	names := make([]string, len(captured))
	for i, v := range captured {
		names[i] = v.Name()
	}
	list := strings.Join(names, ", ")
	what := "loop variable " + list
	if len(names) > 1 {
		what = "loop variables " + list
	}
	copyStmt := list + " := " + list
	d := analysis.Diagnostic{
		Pos: at,
		Message: "goroutine captures " + what + ", shared by every iteration before Go 1.22 (this file is " + goVersion +
			"): copy it before starting the goroutine (" + copyStmt + ") or pass it as an argument",
	}
	if stmt, rest := statementIn(stack); stmt != nil && !assignedIn(pass.TypesInfo, rest, captured) {
		indent := strings.Repeat("\t", pass.Fset.Position(stmt.Pos()).Column-1)
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "copy " + list + " before starting the goroutine",
			TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(copyStmt + "\n" + indent)}},
		}}
	}
	pass.Report(d)
}

// statementIn returns the statement of a statement list that holds the node
// at the top of stack, and the statements from it to the end of that list.
// It returns nil if the node is not within such a statement of the same
// function.
func statementIn(stack []ast.Node) (ast.Stmt, []ast.Stmt) {
	for i := len(stack) - 2; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, nil
		}
		list, ok := model.StmtList(stack[i])
		if !ok {
			continue
		}
		for j, stmt := range list {
			if stmt == stack[i+1] {
				if _, labeled := stmt.(*ast.LabeledStmt); labeled {
					return nil, nil
				}
				return stmt, list[j:]
			}
		}
		return nil, nil
	}
	return nil, nil
}

// assignedIn reports whether any of vars is assigned, incremented or has its
// address taken in stmts: a copy made before them would not see the change.
func assignedIn(info *types.Info, stmts []ast.Stmt, vars []*types.Var) bool {
	chosen := func(o types.Object) bool {
		v, ok := o.(*types.Var)
		return ok && slices.Contains(vars, v)
	}
	for _, stmt := range stmts {
		if paths.Writes(info, stmt, chosen) {
			return true
		}
	}
	return false
}
