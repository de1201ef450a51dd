package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
)

// setLimitFix adds g.SetLimit(runtime.GOMAXPROCS(0)) right after the
// statement that makes the errgroup g. It offers the fix only where a
// limit cannot deadlock the group: every task of g is started in the loop
// and is a function literal that neither sends nor receives on a channel
// (a task waiting for another task of the same group could wait forever
// behind the limit).
func setLimitFix(pass *analysis.Pass, g group, loop ast.Stmt) []analysis.SuggestedFix {
	file := fileOf(pass, g.def.Pos())
	if file == nil || !independentTasks(pass, g, loop) {
		return nil
	}
	runtimeName, importEdit, ok := importRuntime(pass, file)
	if _, obj := pass.Pkg.Scope().Innermost(g.def.Pos()).LookupParent(runtimeName, g.def.End()); importEdit != nil && obj != nil {
		ok = false // the name runtime is taken here
	}
	if !ok {
		return nil
	}
	indent := strings.Repeat("\t", pass.Fset.Position(g.def.Pos()).Column-1)
	edits := []analysis.TextEdit{{
		Pos:     g.def.End(),
		End:     g.def.End(),
		NewText: fmt.Appendf(nil, "\n%s%s.SetLimit(%s.GOMAXPROCS(0))", indent, g.errgroup.Name(), runtimeName),
	}}
	if importEdit != nil {
		edits = append(edits, *importEdit)
	}
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Limit %s to GOMAXPROCS tasks at a time", g.errgroup.Name()),
		TextEdits: edits,
	}}
}

// independentTasks reports whether every Go or TryGo call on the group is
// inside loop and runs a function literal without channel operations.
func independentTasks(pass *analysis.Pass, g group, loop ast.Stmt) bool {
	fnBody := enclosingBody(pass, g.def)
	ok := true
	ast.Inspect(fnBody, func(n ast.Node) bool {
		call, isCall := n.(*ast.CallExpr)
		if !isCall {
			return ok
		}
		c, known := concur.CallOf(pass.TypesInfo, call)
		if !known || c.Role != concur.Go {
			return ok
		}
		id, isID := ast.Unparen(c.Recv).(*ast.Ident)
		if !isID || pass.TypesInfo.Uses[id] != g.errgroup {
			return ok
		}
		lit, isLit := ast.Unparen(call.Args[0]).(*ast.FuncLit)
		if !isLit || call.Pos() < loop.Pos() || call.End() > loop.End() || usesChannels(lit) {
			ok = false
		}
		return ok
	})
	return ok
}

func usesChannels(lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt, *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			found = n.Op == token.ARROW
		case *ast.RangeStmt:
			found = true // conservatively: it may range over a channel
		}
		return !found
	})
	return found
}

// enclosingBody returns the body of the innermost function containing n.
func enclosingBody(pass *analysis.Pass, n ast.Node) ast.Node {
	var body ast.Node
	file := fileOf(pass, n.Pos())
	ast.Inspect(file, func(x ast.Node) bool {
		if x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		switch f := x.(type) {
		case *ast.FuncDecl:
			if f.Body != nil {
				body = f.Body
			}
		case *ast.FuncLit:
			body = f.Body
		}
		return true
	})
	return body
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// importRuntime returns the name under which file refers to package
// runtime and, if the file does not import it yet, the edit that does.
func importRuntime(pass *analysis.Pass, file *ast.File) (string, *analysis.TextEdit, bool) {
	for _, imp := range file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == "runtime" {
			if imp.Name == nil {
				return "runtime", nil, true
			}
			if imp.Name.Name == "_" || imp.Name.Name == "." {
				return "", nil, false
			}
			return imp.Name.Name, nil, true
		}
	}
	for _, d := range file.Decls {
		gen, ok := d.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		if gen.Lparen.IsValid() {
			return "runtime", &analysis.TextEdit{Pos: gen.Lparen + 1, End: gen.Lparen + 1, NewText: []byte("\n\t\"runtime\"")}, true
		}
		spec := gen.Specs[0].(*ast.ImportSpec)
		old := ""
		if spec.Name != nil {
			old = spec.Name.Name + " "
		}
		return "runtime", &analysis.TextEdit{Pos: gen.Pos(), End: gen.End(), NewText: []byte("import (\n\t" + old + spec.Path.Value + "\n\t\"runtime\"\n)")}, true
	}
	return "runtime", &analysis.TextEdit{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport \"runtime\"")}, true
}
