package swallowederr

import (
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// reportsFailure reports whether the group task lit, started by s, is one
// whose failures its group is there to report: it returns, on some path,
// an error it was given (handsOnFailure), or the code that made the group
// reads the result of its Wait (waited). Otherwise the group is used to
// wait, and a task that returns nil on a failure does so by design.
func reportsFailure(info *types.Info, s *model.Spawn, lit *ast.FuncLit, waited map[model.RefKey]bool) bool {
	if handsOnFailure(info, lit) {
		return true
	}
	if s.Call.Recv == nil {
		return false
	}
	key, ok := model.KeyOf(info, s.Call.Recv)
	return ok && waited[key]
}

// handsOnFailure reports whether the task lit, on some path, returns an
// error it was given rather than made: the error result of a return names
// an error variable of the task (return err, fmt.Errorf("load: %w", err))
// or is a call's error result (return load(ctx)), other than a new error
// made from text alone (errors.New, fmt.Errorf with no error argument) or a
// package-level sentinel.
//
// A task that never does so uses its group to wait, not to report failure:
// every failure returns nil, on purpose, so that one failing task does not
// cancel the others (a soft fail, such as asking several responders and
// taking any answer), and an error it does return is a signal it made
// itself ("done", to stop the others once one has succeeded). Its
// consistency shows the design; a task that returns one failure and
// returns nil for another shows a slip.
func handsOnFailure(info *types.Info, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) > 0 && givenError(info, n.Results[len(n.Results)-1]) {
				found = true
			}
		}
		return !found
	})
	return found
}

// givenError reports whether e, a returned error, carries an error the
// function was given: see handsOnFailure.
func givenError(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		return ok && v.Parent() != nil && v.Pkg() != nil && v.Parent() != v.Pkg().Scope() && concur.IsError(v.Type())
	case *ast.SelectorExpr:
		v, ok := info.Uses[e.Sel].(*types.Var)
		return ok && v.IsField() && concur.IsError(v.Type()) // a result's err field
	case *ast.CallExpr:
		if madeFromText(info, e) {
			return false
		}
		for _, a := range e.Args {
			if givenError(info, a) {
				return true // wrapped: fmt.Errorf("...: %w", err), errors.Join(err, ...)
			}
		}
		fn := concur.Callee(info, e)
		return fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" && fn.Pkg().Path() != "errors"
	}
	return false
}

// madeFromText reports whether call makes a new error from text alone:
// errors.New, or fmt.Errorf given no error.
func madeFromText(info *types.Info, call *ast.CallExpr) bool {
	fn := concur.Callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "errors.New":
		return true
	case "fmt.Errorf":
		for _, a := range call.Args {
			if concur.IsError(info.TypeOf(a)) {
				return false
			}
		}
		return true
	}
	return false
}
