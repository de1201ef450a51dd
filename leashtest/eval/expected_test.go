package eval

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
)

// A kernel is one GoBench bug, as the Go runtime's own leak profile test
// lists it: its name and the leaks it is expected to show.
type kernel struct {
	name string
	// leaks are the goroutines the runtime's test expects leaked, as
	// patterns over "function(…) [state]", function being the goroutine's
	// entry function.
	leaks []*regexp.Regexp
	// flaky says the runtime's test accepts, but does not require, leaks:
	// the bug does not show on every run.
	flaky bool
}

// expectedLeaks reads the list of GoBench kernels and their expected leaks
// from the Go runtime's test, goroutineleakprofile_test.go: the calls to
// makeTest and makeFlakyTest in the composite literal assigned to
// gokerTestCases.
func expectedLeaks(testFile string) ([]kernel, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, testFile, nil, 0)
	if err != nil {
		return nil, err
	}
	var kernels []kernel
	var inspectErr error
	ast.Inspect(f, func(n ast.Node) bool {
		assign, ok := n.(*ast.AssignStmt)
		if !ok || len(assign.Lhs) != 1 || len(assign.Rhs) != 1 {
			return true
		}
		if id, ok := assign.Lhs[0].(*ast.Ident); !ok || id.Name != "gokerTestCases" {
			return true
		}
		list, ok := assign.Rhs[0].(*ast.CompositeLit)
		if !ok {
			inspectErr = fmt.Errorf("gokerTestCases is not a composite literal")
			return false
		}
		for _, elt := range list.Elts {
			k, err := kernelOf(elt)
			if err != nil {
				inspectErr = fmt.Errorf("%s: %v", fset.Position(elt.Pos()), err)
				return false
			}
			kernels = append(kernels, k)
		}
		return false
	})
	if inspectErr != nil {
		return nil, inspectErr
	}
	if len(kernels) == 0 {
		return nil, fmt.Errorf("%s: no gokerTestCases found", testFile)
	}
	return kernels, nil
}

func kernelOf(e ast.Expr) (kernel, error) {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return kernel{}, fmt.Errorf("not a call")
	}
	fn, ok := call.Fun.(*ast.Ident)
	if !ok || (fn.Name != "makeTest" && fn.Name != "makeFlakyTest") || len(call.Args) == 0 {
		return kernel{}, fmt.Errorf("not a call to makeTest or makeFlakyTest")
	}
	var args []string
	for _, a := range call.Args {
		lit, ok := a.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return kernel{}, fmt.Errorf("argument is not a string literal")
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return kernel{}, err
		}
		args = append(args, s)
	}
	k := kernel{name: args[0], flaky: fn.Name == "makeFlakyTest"}
	for _, p := range args[1:] {
		re, err := regexp.Compile(p)
		if err != nil {
			return kernel{}, err
		}
		k.leaks = append(k.leaks, re)
	}
	return k, nil
}

func mustParseExpr(t interface{ Fatal(...any) }, src string) ast.Expr {
	e, err := parser.ParseExpr(src)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
