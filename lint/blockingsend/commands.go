package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// commandHandlerFields are the fields of a cobra.Command, and of a
// github.com/urfave/cli Command or App, that hold what the command runs:
// when one returns, the command is done, and Execute (Run) returns to the
// program's main.
var commandHandlerFields = map[string]bool{
	"Run": true, "RunE": true,
	"PreRun": true, "PreRunE": true, "PostRun": true, "PostRunE": true,
	"PersistentPreRun": true, "PersistentPreRunE": true, "PersistentPostRun": true, "PersistentPostRunE": true,
	"Action": true, "Before": true, "After": true,
}

// commandTypes are the types, by package path, whose fields above hold
// what a command-line command runs.
var commandTypes = map[string]map[string]bool{
	"github.com/spf13/cobra":   {"Command": true},
	"github.com/urfave/cli":    {"Command": true, "App": true},
	"github.com/urfave/cli/v2": {"Command": true, "App": true},
	"github.com/urfave/cli/v3": {"Command": true},
}

// commandHandlers returns the functions of the package set as what a
// github.com/spf13/cobra Command runs (Run, RunE and their Pre and Post
// variants) or a github.com/urfave/cli Command or App runs (Action, Before,
// After), in a composite literal or by assignment.
func (c *checker) commandHandlers() map[*model.Func]bool {
	if c.handlers != nil {
		return c.handlers
	}
	c.handlers = make(map[*model.Func]bool)
	info := c.p.Info
	add := func(field string, value ast.Expr) {
		if commandHandlerFields[field] {
			if f := c.p.FuncValue(value); f != nil {
				c.handlers[f] = true
			}
		}
	}
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if isCommand(info.TypeOf(n)) {
					for _, elt := range n.Elts {
						if kv, ok := elt.(*ast.KeyValueExpr); ok {
							if key, ok := kv.Key.(*ast.Ident); ok {
								add(key.Name, kv.Value)
							}
						}
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok && i < len(n.Rhs) && len(n.Lhs) == len(n.Rhs) && isCommand(info.TypeOf(sel.X)) {
						add(sel.Sel.Name, n.Rhs[i])
					}
				}
			}
			return true
		})
	}
	return c.handlers
}

// isCommand reports whether t is one of commandTypes or a pointer to it.
func isCommand(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && commandTypes[n.Obj().Pkg().Path()][n.Obj().Name()]
}

// returnEndsCommand reports whether a return from f ends the command-line
// command that runs it: f is what a cobra or urfave/cli command runs, or f
// can be called only by functions whose return ends the command, each
// calling it outside go statements and loops that may run for good (see
// roundsEnd), as nearly its last act (nothing after the call waits: no
// select, channel operation, go statement or endless loop). A command-line
// program ends when its command does, and what f's return strands dies
// with the process a moment later.
//
// It is asked at every return a path search passes, so the answer is kept
// per function.
func (c *checker) returnEndsCommand(f *model.Func) bool {
	if ends, ok := c.endsCmd[f]; ok {
		return ends
	}
	if c.endsCmd == nil {
		c.endsCmd = make(map[*model.Func]bool)
	}
	ends := c.endsCommand(f, 0)
	c.endsCmd[f] = ends
	return ends
}

func (c *checker) endsCommand(f *model.Func, depth int) bool {
	if c.commandHandlers()[f] {
		return true
	}
	if depth >= 4 || f.Open() || len(f.Callers) == 0 {
		return false
	}
	for _, call := range f.Callers {
		m := call.In
		if call.Go || call.Defer || !c.roundsEnd(call.Loops) || m == nil || m == f || !c.endsCommand(m, depth+1) || !c.soonDone(m, call.Expr) {
			return false
		}
	}
	return true
}

// soonDone reports whether nothing m does after the statement of its body
// holding call can wait (see waitsIn).
func (c *checker) soonDone(m *model.Func, call ast.Node) bool {
	body := m.Body()
	if body == nil {
		return false
	}
	waits, ok := c.waitsAfter[m]
	if !ok {
		// What can wait after each statement of the body, from the last:
		// the summary asks this of every call. The calls that can wait are
		// placed in their statements once, not looked for per statement.
		stmtWaits := make([]bool, len(body.List))
		for i, st := range body.List {
			stmtWaits[i] = c.waitsByShape(st)
		}
		for _, cl := range m.Calls {
			if i, ok := stmtIndex(body.List, cl.Expr.Pos()); ok && !stmtWaits[i] && c.callWaits(cl) {
				stmtWaits[i] = true
			}
		}
		waits = make([]bool, len(body.List))
		for i := len(body.List) - 2; i >= 0; i-- {
			waits[i] = waits[i+1] || stmtWaits[i+1]
		}
		if c.waitsAfter == nil {
			c.waitsAfter = make(map[*model.Func][]bool)
		}
		c.waitsAfter[m] = waits
	}
	i, found := stmtIndex(body.List, call.Pos())
	return found && !waits[i]
}

// stmtIndex returns the index of the statement of list that holds pos.
func stmtIndex(list []ast.Stmt, pos token.Pos) (int, bool) {
	return slices.BinarySearchFunc(list, pos, func(s ast.Stmt, pos token.Pos) int {
		switch {
		case s.End() <= pos:
			return -1
		case s.Pos() > pos:
			return 1
		}
		return 0
	})
}

// waitCalls are calls of other packages that wait for something outside
// the goroutine, besides the concurrency vocabulary's Wait and Acquire and
// a server's Serve.
var waitCalls = map[string]bool{
	"time.Sleep":            true,
	"(*os/exec.Cmd).Run":    true,
	"(*os/exec.Cmd).Wait":   true,
	"(*sync.Cond).Wait":     true,
	"(*bufio.Scanner).Scan": true,
}

// waitsIn reports whether stmts, written in f, hold something that can
// wait (after a call that is a function's last act, it keeps the process
// or the command running): a select, go statement, channel send, receive
// or range over a channel or a function, a loop without a condition or
// whose condition calls something (for sc.Scan()), a call that waits (see
// waitCalls and serveCalls, a WaitGroup's or group's Wait, a semaphore's
// Acquire), or a call of a function of the package whose body holds one
// (run(ctx) after check(ctx): what check strands lives as long as run's
// server does).
func (c *checker) waitsIn(f *model.Func, stmts []ast.Stmt) bool {
	for _, s := range stmts {
		if c.waitsByShape(s) {
			return true
		}
	}
	for _, call := range f.Calls {
		if slices.ContainsFunc(stmts, func(s ast.Stmt) bool { return within(call.Expr, s) }) && c.callWaits(call) {
			return true
		}
	}
	return false
}

// waitsByShape reports whether the statement s can wait by what it is
// written as, leaving calls aside (see waitsIn).
func (c *checker) waitsByShape(s ast.Stmt) bool {
	waits := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt, *ast.GoStmt, *ast.SendStmt:
			waits = true
		case *ast.ForStmt, *ast.RangeStmt:
			waits = waits || c.mayLoopForGood(n.(ast.Stmt))
		case *ast.UnaryExpr:
			waits = waits || n.Op == token.ARROW
		}
		return !waits
	})
	return waits
}

// roundsEnd reports whether every loop of loops ends by itself (none may
// loop for good). A call made in such loops, with nothing after the
// outermost that can wait, is still nearly the last act of the function
// making it: a command that ranges over the clusters it was given, and
// strands a goroutine on each, ends after a bounded number of rounds, and
// what it stranded dies with it. A loop that runs for as long as input or
// requests come keeps stranding while the program runs on.
func (c *checker) roundsEnd(loops []ast.Stmt) bool {
	return !slices.ContainsFunc(loops, c.mayLoopForGood)
}

// mayLoopForGood reports whether the for or range statement loop may run
// for as long as something outside it wants: a for without a condition or
// whose condition calls something (for sc.Scan()), a range over a channel
// or a function. A loop over a count or a collection ends by itself.
func (c *checker) mayLoopForGood(loop ast.Stmt) bool {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Cond == nil || hasCall(l.Cond)
	case *ast.RangeStmt:
		switch c.p.Info.TypeOf(l.X).Underlying().(type) {
		case *types.Chan, *types.Signature:
			return true
		}
	}
	return false
}

// hasCall reports whether e calls anything.
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}

// callWaits reports whether call, not a go statement's, can wait (see
// waitsIn).
func (c *checker) callWaits(call *model.Call) bool {
	if call.Go {
		return false
	}
	if r := call.Known.Role; r == concur.Wait || r == concur.Acquire {
		return true
	}
	if fn := call.Callee; fn != nil && (waitCalls[fn.Origin().FullName()] || serveCalls[fn.Origin().FullName()]) {
		return true
	}
	return call.Target != nil && c.bodyWaits(call.Target)
}

// bodyWaits reports whether g's body holds something that can wait (see
// waitsIn). A function met again while its answer is sought (recursion)
// adds nothing to that answer. An answer of false that relied on another
// function's answer still being sought is provisional: it serves the
// rest of the search it was found in, and is sought again after.
func (c *checker) bodyWaits(g *model.Func) bool {
	if w, ok := c.funcWaits[g]; ok {
		return w
	}
	if c.waitsPending[g] && !c.waitsSelf(g) || c.waitsTemp[g] {
		c.waitsProvisional = true
		return false
	}
	if c.waitsPending[g] {
		return false
	}
	if c.funcWaits == nil {
		c.funcWaits = make(map[*model.Func]bool)
		c.waitsPending = make(map[*model.Func]bool)
		c.waitsTemp = make(map[*model.Func]bool)
	}
	outer := c.waitsProvisional
	c.waitsProvisional = false
	c.waitsPending[g] = true
	c.waitsStack = append(c.waitsStack, g)
	w := g.Body() != nil && c.waitsIn(g, g.Body().List)
	c.waitsStack = c.waitsStack[:len(c.waitsStack)-1]
	delete(c.waitsPending, g)
	switch {
	case w || !c.waitsProvisional:
		c.funcWaits[g] = w
	default:
		c.waitsTemp[g] = true
	}
	c.waitsProvisional = outer || c.waitsProvisional && !w
	if len(c.waitsStack) == 0 {
		clear(c.waitsTemp)
		c.waitsProvisional = false
	}
	return w
}

// waitsSelf reports whether g is the function whose answer bodyWaits is
// seeking right now: a call of itself tells it nothing new.
func (c *checker) waitsSelf(g *model.Func) bool {
	return len(c.waitsStack) > 0 && c.waitsStack[len(c.waitsStack)-1] == g
}
