package blockingsend

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// sentAfterStop reports a send, on an unbuffered channel kept in an
// unexported field, whose only receiver is a loop that leaves on a stop
// channel, when the package itself calls the method that sends on a value
// whose stop may already have run: it calls the stopping method first, or
// starts both in goroutines side by side.
//
//	func (n *node) Status() Status {
//		c := make(chan Status)
//		n.status <- c // blocks forever once run has returned
//		return <-c
//	}
//
//	go n.run()    // leaves on <-n.stop
//	go n.Status()
//	go n.Stop()   // sends on n.stop
//
// A long-lived component whose loop leaves only at shutdown is no finding
// by itself (abandonedFields, an audit rule, guesses that one): the caller
// may well never send after the stop. Here the package shows the order —
// Stop, then the send; or the two with nothing to order them — and the
// send has no way out: it is a statement of the method's body that no
// return comes before, so no check of a stopped state can skip it.
func (c *checker) sentAfterStop() {
	for _, op := range c.p.Ops {
		if op.Kind != model.Send || !op.Bare() || op.Func == nil || model.IsTestFunc(op.Func) || c.reported[op.Node] {
			continue
		}
		send := op.Node.(*ast.SendStmt)
		sender := op.Func
		if !isMethod(sender) || !unconditional(sender.Decl.Body, send) {
			continue
		}
		field := fieldOf(c.p.Info, op.Chan)
		if field == nil || c.p.Reachable(field) || c.p.Opaque(field) {
			continue
		}
		sites, opaque := c.p.PointsTo(op.Chan)
		if opaque || len(sites) == 0 {
			continue
		}
		_, first := c.abandoning(op, sites)
		if first == nil {
			continue
		}
		stops, opaque := c.p.PointsTo(model.RecvChan(first.Comm))
		if opaque || len(stops) == 0 || slices.ContainsFunc(stops, func(s *model.Site) bool { return s.Make == nil }) {
			continue
		}
		at, leave := c.leavingOn(op, sites, stops)
		if at == nil {
			continue
		}
		stoppers := c.stoppers(stops, sender, at.Func)
		if len(stoppers) == 0 {
			continue
		}
		stop, call, ordered := c.stopBeforeSend(sender, stoppers)
		if stop == nil {
			continue
		}
		how := "starts " + stop.Obj.Name() + " and " + sender.Obj.Name() + " in goroutines side by side"
		if ordered {
			how = "calls " + sender.Obj.Name() + " after " + stop.Obj.Name()
		}
		in := call.In
		c.report(send, analysis.Diagnostic{
			Pos: send.Pos(),
			Message: fmt.Sprintf("send on %s blocks forever once %s has run: its receiver (%s, line %d) then leaves on %s, and %s %s on one value (line %d); send in a select that gives up when the receiver has stopped",
				exprText(op.Chan), stop.Obj.Name(), funcName(at.Func.Node()), c.p.Fset.Position(at.Node.Pos()).Line, caseText(leave), funcName(in.Node()), how, c.p.Fset.Position(call.Expr.Pos()).Line),
			Related: []analysis.RelatedInformation{
				{Pos: call.Expr.Pos(), Message: "here " + stop.Obj.Name() + " may run before " + sender.Obj.Name() + " sends"},
				{Pos: leave.Pos(), Message: "the receiver leaves here, and nothing receives from " + field.Name() + " after that"},
			},
		})
	}
}

// isMethod reports whether f is a declared method.
func isMethod(f *model.Func) bool {
	return f.Decl != nil && f.Decl.Recv != nil && f.Obj != nil
}

// unconditional reports whether send is a statement of body itself, with
// no return before it: every call of the function makes it.
func unconditional(body *ast.BlockStmt, send *ast.SendStmt) bool {
	for _, s := range body.List {
		if s == ast.Stmt(send) {
			return true
		}
		returns := false
		ast.Inspect(s, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt, *ast.BranchStmt:
				returns = true
			}
			return !returns
		})
		if returns {
			return false
		}
	}
	return false
}

// stoppers returns the methods of the sender's receiver type that send on
// or close one of stops in their own body: calling one makes the receiver
// leave.
func (c *checker) stoppers(stops []*model.Site, sender, receiver *model.Func) []*model.Func {
	recv := sender.Obj.Signature().Recv().Type()
	var out []*model.Func
	for _, s := range stops {
		for _, op := range c.p.OpsOf(s) {
			if op.Kind != model.Send && op.Kind != model.Close || op.Func == nil || op.Func == receiver || !isMethod(op.Func) {
				continue
			}
			if !types.Identical(op.Func.Obj.Signature().Recv().Type(), recv) || slices.Contains(out, op.Func) {
				continue
			}
			out = append(out, op.Func)
		}
	}
	return out
}

// stopBeforeSend returns a call of one of stoppers that may run before a
// call of sender on the same variable, in a function of the package other
// than a test: the stopper is called, and returns, before the sender is
// called (ordered), or both are started by go statements of one block with
// only go statements between them. It returns nil if there is none.
func (c *checker) stopBeforeSend(sender *model.Func, stoppers []*model.Func) (stop *model.Func, call *model.Call, ordered bool) {
	for _, cs := range sender.Callers {
		v := c.recvVar(cs)
		if v == nil || model.IsTestFunc(cs.In) || inTestFile(c.p.Fset, cs.Expr.Pos()) {
			continue
		}
		for _, ct := range cs.In.Calls {
			if !slices.Contains(stoppers, ct.Target) || c.recvVar(ct) != v || ct.Defer {
				continue
			}
			// Nothing else is done with the value in between: a call could
			// start the receiver again.
			untouched := func(s ast.Stmt) bool { return !c.callsOn(s, v) }
			goOnly := func(s ast.Stmt) bool { return onlyGo(s) && untouched(s) }
			switch {
			case !ct.Go && sameBlockBefore(cs.In.Node(), ct.Expr, cs.Expr, untouched):
				return ct.Target, ct, true
			case ct.Go && cs.Go && (sameBlockBefore(cs.In.Node(), ct.Expr, cs.Expr, goOnly) || sameBlockBefore(cs.In.Node(), cs.Expr, ct.Expr, goOnly)):
				return ct.Target, ct, false
			}
		}
	}
	return nil, nil, false
}

// recvVar returns the variable a method call is made on (n in n.Stop()),
// when the variable is never assigned after its declaration.
func (c *checker) recvVar(call *model.Call) *types.Var {
	id, ok := ast.Unparen(call.Recv).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.p.Info.Uses[id].(*types.Var)
	if !ok || c.p.Assigned(v) {
		return nil
	}
	return v
}

// callsOn reports whether s calls a method on v, or hands v to a call.
func (c *checker) callsOn(s ast.Stmt, v *types.Var) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			exprs := call.Args
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				exprs = append([]ast.Expr{sel.X}, exprs...)
			}
			for _, e := range exprs {
				if id, ok := ast.Unparen(e).(*ast.Ident); ok && c.p.Info.Uses[id] == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func onlyGo(s ast.Stmt) bool {
	_, ok := s.(*ast.GoStmt)
	return ok
}

// sameBlockBefore reports whether a and b lie in statements of one block
// of fn, a's before b's, and between satisfies every statement between
// them (nil: any statement).
func sameBlockBefore(fn ast.Node, a, b ast.Node, between func(ast.Stmt) bool) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if found {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && lit != fn {
			return false
		}
		blk, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		ia, ib := -1, -1
		for i, s := range blk.List {
			if s.Pos() <= a.Pos() && a.End() <= s.End() {
				ia = i
			}
			if s.Pos() <= b.Pos() && b.End() <= s.End() {
				ib = i
			}
		}
		if ia < 0 || ib < 0 || ia >= ib {
			return true
		}
		for _, s := range blk.List[ia+1 : ib] {
			if between != nil && !between(s) {
				return true
			}
		}
		// a and b must be the statements' own calls, not nested in them.
		found = topCall(blk.List[ia], a) && topCall(blk.List[ib], b)
		return false
	})
	return found
}

// topCall reports whether call is the call of statement s itself: an
// expression statement, a go statement, or an assignment of its results.
func topCall(s ast.Stmt, call ast.Node) bool {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return ast.Unparen(s.X) == call
	case *ast.GoStmt:
		return s.Call == call
	case *ast.AssignStmt:
		return len(s.Rhs) == 1 && ast.Unparen(s.Rhs[0]) == call
	}
	return false
}
