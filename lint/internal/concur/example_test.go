package concur_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
)

// check type-checks one file against the standard library.
func check(src string) (*token.FileSet, *ast.File, *types.Package, *types.Info) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		panic(err)
	}
	info := &types.Info{Uses: make(map[*ast.Ident]types.Object), Defs: make(map[*ast.Ident]types.Object), Types: make(map[ast.Expr]types.TypeAndValue), Selections: make(map[*ast.SelectorExpr]*types.Selection), Scopes: make(map[ast.Node]*types.Scope)}
	pkg, err := (&types.Config{Importer: importer.ForCompiler(fset, "source", nil)}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		panic(err)
	}
	return fset, f, pkg, info
}

func ExampleCallOf() {
	_, f, _, info := check(`package p

import "sync"

func run(work func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Go(work)
	wg.Wait()
}`)
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if c, ok := concur.CallOf(info, call); ok {
				fmt.Printf("%s.%s: task argument %d\n", types.ExprString(c.Recv), c.Fn.Name(), c.Task)
			}
		}
		return true
	})
	// Output:
	// wg.Add: task argument -1
	// wg.Go: task argument 0
	// wg.Wait: task argument -1
}

func ExampleCancellersAt() {
	_, f, pkg, _ := check(`package p

import "context"

type server struct {
	quit chan struct{}
}

func (s *server) serve(ctx context.Context) {
	go func() {
		// here
	}()
}`)
	here := f.Comments[0].Pos()
	for _, c := range concur.CancellersAt(pkg, here) {
		fmt.Println(c, c.IsContext())
	}
	// Output:
	// ctx true
	// s.quit false
}
