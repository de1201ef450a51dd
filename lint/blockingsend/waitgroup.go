package blockingsend

import (
	"fmt"
	"go/ast"
	"go/constant"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// waitInLoop reports a WaitGroup's Wait in the body of the loop that
// starts the goroutines it waits for, when the count for all of them was
// added before the loop:
//
//	wg.Add(len(plugins))
//	for _, p := range plugins {
//		go func() { defer wg.Done(); load(p) }()
//		wg.Wait() // waits for goroutines the later rounds have not started
//	}
//
// The first round's Wait waits for every goroutine, but only one has
// started: it blocks forever as soon as the loop has a second round.
func (c *checker) waitInLoop() {
	for _, f := range c.p.Funcs {
		for _, wait := range f.Calls {
			if wait.Known.Family != concur.WaitGroup || wait.Known.Role != concur.Wait || wait.Recv == nil || len(wait.Loops) == 0 || c.reported[wait.Expr] {
				continue
			}
			key, ok := model.KeyOf(c.p.Info, wait.Recv)
			if !ok {
				continue
			}
			loop := wait.Loops[len(wait.Loops)-1]
			add := c.addBefore(f, key, loop)
			if add == nil {
				continue
			}
			spawn := c.countedSpawn(f, key, loop, wait)
			if spawn == nil {
				continue
			}
			wg := exprText(wait.Recv)
			c.report(wait.Expr, analysis.Diagnostic{
				Pos: wait.Expr.Pos(),
				Message: fmt.Sprintf("%s.Wait in the loop waits for the goroutines of every round, counted by %s before the loop (line %d), while the later rounds have not started theirs: it blocks forever once the loop runs twice; wait after the loop",
					wg, exprText(add.Expr), c.p.Fset.Position(add.Expr.Pos()).Line),
				Related: []analysis.RelatedInformation{
					{Pos: add.Expr.Pos(), Message: "the count for every round's goroutine is added here, before the loop"},
					{Pos: spawn.Node().Pos(), Message: "each round starts one goroutine, whose Done is all the Wait of that round can get"},
				},
			})
		}
	}
}

// addBefore returns the one Add on the WaitGroup key in f, made before loop
// and outside it with a count that is not the constant 1, when no Add on
// it is made inside the loop.
func (c *checker) addBefore(f *model.Func, key model.RefKey, loop ast.Stmt) *model.Call {
	var before *model.Call
	for _, call := range f.Calls {
		if call.Known.Family != concur.WaitGroup || call.Known.Role != concur.Add || call.Recv == nil {
			continue
		}
		if k, ok := model.KeyOf(c.p.Info, call.Recv); !ok || k != key {
			continue
		}
		if within(call.Expr, loop) || before != nil || call.Expr.Pos() > loop.Pos() || len(call.Expr.Args) != 1 {
			return nil
		}
		if n, isConst := c.addCount(call.Expr); isConst && n <= 1 {
			return nil
		}
		before = call
	}
	return before
}

// countedSpawn returns a goroutine started in loop, before wait, that
// calls Done on the WaitGroup key (or is started by its Go).
func (c *checker) countedSpawn(f *model.Func, key model.RefKey, loop ast.Stmt, wait *model.Call) *model.Spawn {
	for _, s := range f.Spawns {
		if !within(s.Node(), loop) || s.Node().Pos() > wait.Expr.Pos() || s.Func == nil {
			continue
		}
		for _, call := range s.Func.Calls {
			if call.Known.Family == concur.WaitGroup && call.Known.Role == concur.Done && call.Recv != nil {
				if k, ok := model.KeyOf(c.p.Info, call.Recv); ok && k == key {
					return s
				}
			}
		}
	}
	return nil
}

// addCount returns the count an Add call adds when it is a constant, and
// whether it is one; a constant too large for an int64 counts as 0.
func (c *checker) addCount(add *ast.CallExpr) (n int64, isConst bool) {
	if len(add.Args) != 1 {
		return 0, false
	}
	tv, ok := c.p.Info.Types[add.Args[0]]
	if !ok || tv.Value == nil {
		return 0, false
	}
	n, exact := constant.Int64Val(constant.ToInt(tv.Value))
	if !exact {
		return 0, true
	}
	return n, true
}
