package blockingsend

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/leash-go/leash/lint/internal/model"
	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// maxNilGuards bounds how many variables a path follows: channel
// variables set to nil, then flags (see flags.go).
const maxNilGuards = 6

// nilState is what a path knows of each followed variable: 1 it holds a
// channel (a value that is not nil; true), -1 it is nil (false), 0
// unknown.
type nilState [maxNilGuards]int8

// nilGuards follows the channel variables a goroutine turns off by setting
// them to nil, the idiom that retires a select case once its channel is
// closed:
//
//	for {
//		if in == nil && errs == nil {
//			break
//		}
//		select {
//		case v, ok := <-in:
//			if !ok {
//				close(out)
//				in = nil
//				continue
//			}
//			...
//
// Code that receives from such a variable and sets it to nil itself takes
// it to hold a channel until then, so a loop that leaves only once the
// variable is nil leaves only after what precedes that assignment (the
// close, here). The variable is followed when the goroutine receives from
// it and assigns it nil, no other code assigns it nil or declares it
// without a value, and its address is not taken; it holds a channel when
// the goroutine starts if it is declared outside the goroutine. The same
// holds for a variable the goroutine sends on once and then sets to nil
// (if first != nil { first <- struct{}{}; first = nil }, the first round
// of a loop announcing it has started): it holds a channel until then.
type nilGuards struct {
	info *types.Info
	vars []*types.Var
	// body is the function's body, where an assignment's value may be
	// known from the if that encloses it (see nonNilWithin); known keeps
	// what valueIn finds there, once per assigned expression: paths visit
	// the same assignment many times.
	body  ast.Node
	known map[ast.Expr]int8
	// helpers holds, for each call of a local helper that sets followed
	// flags (see helperLits), what each flag holds once it returns.
	helpers map[*ast.CallExpr]map[int]int8
}

// nilGuardsOf returns the channel variables f turns off, and what a path
// knows of them when f starts.
func (c *checker) nilGuardsOf(f *model.Func) (nilGuards, nilState) {
	if got, ok := c.guards[f]; ok {
		return got.g, got.init
	}
	g, init := c.findNilGuards(f)
	if c.guards == nil {
		c.guards = make(map[*model.Func]guardsOf)
	}
	c.guards[f] = guardsOf{g, init}
	return g, init
}

// guardsOf is what nilGuardsOf found for one function.
type guardsOf struct {
	g    nilGuards
	init nilState
}

// findNilGuards finds what nilGuardsOf returns.
func (c *checker) findNilGuards(f *model.Func) (nilGuards, nilState) {
	body := f.Body()
	g := nilGuards{info: c.p.Info, body: body, known: make(map[ast.Expr]int8)}
	var init nilState
	if body == nil {
		return g, init
	}
	used := make(map[*types.Var]bool) // received from, or sent on
	var candidates []*types.Var
	inspectOwn(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				if v := g.chanVar(n.X); v != nil {
					used[v] = true
				}
			}
		case *ast.SendStmt:
			if v := g.chanVar(n.Chan); v != nil {
				used[v] = true
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if v := g.chanVar(lhs); v != nil && len(n.Rhs) == len(n.Lhs) && g.isNil(n.Rhs[i]) && !slices.Contains(candidates, v) {
					candidates = append(candidates, v)
				}
			}
		}
	})
	for _, v := range candidates {
		if used[v] && len(g.vars) < maxNilGuards && !c.nilElsewhere(v, f) {
			if v.Pos() < f.Node().Pos() || v.Pos() >= f.Node().End() {
				init[len(g.vars)] = 1
			}
			g.vars = append(g.vars, v)
		}
	}
	c.addFlags(f, &g, &init)
	return g, init
}

// nilElsewhere reports whether code outside f may leave v nil: assigns it
// nil, declares it without a value, or takes its address.
func (c *checker) nilElsewhere(v *types.Var, f *model.Func) bool {
	g := nilGuards{info: c.p.Info}
	outside := func(n ast.Node) bool { return !within(n, f.Node()) }
	found := false
	for _, file := range c.pass.Files {
		if file.Pos() > v.Pos() || v.Pos() >= file.End() {
			continue // a local variable is used in its own file only
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.UnaryExpr:
				if n.Op == token.AND && g.chanVar(n.X) == v {
					found = true
				}
			case *ast.AssignStmt:
				if outside(n) {
					for i, lhs := range n.Lhs {
						if g.chanVar(lhs) == v && len(n.Rhs) == len(n.Lhs) && g.isNil(n.Rhs[i]) {
							found = true
						}
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if c.p.Info.Defs[name] == v && (len(n.Values) == 0 || len(n.Values) == len(n.Names) && g.isNil(n.Values[i])) {
						found = found || outside(n)
					}
				}
			}
			return !found
		})
	}
	return found
}

// node applies the assignments of one node of the path.
func (g nilGuards) node(n ast.Node, s nilState) nilState {
	if len(g.vars) == 0 {
		return s
	}
	inspectOwn(n, func(x ast.Node) {
		switch x := x.(type) {
		case *ast.CallExpr:
			for i, v := range g.helpers[x] {
				s[i] = v
			}
		case *ast.AssignStmt:
			for i, lhs := range x.Lhs {
				var val int8
				if len(x.Lhs) == len(x.Rhs) && (x.Tok == token.ASSIGN || x.Tok == token.DEFINE) && g.index(g.followed(lhs)) >= 0 {
					val = g.valueIn(x.Rhs[i], x, s)
				}
				s = g.set(lhs, val, s)
			}
		case *ast.IncDecStmt:
			// A counter is taken never to go below 0, as one counting what
			// is open or running: n++ leaves it above 0; n-- from 0 (which
			// that rules out) leaves it not 0, from anything else it may
			// reach 0.
			if i := g.index(g.followed(x.X)); i >= 0 {
				if x.Tok == token.INC || s[i] < 0 {
					s[i] = 1
				} else {
					s[i] = 0
				}
			}
		case *ast.ValueSpec:
			for i, name := range x.Names {
				switch {
				case len(x.Values) == 0:
					s = g.set(name, -1, s)
				case len(x.Values) == len(x.Names):
					s = g.set(name, g.value(x.Values[i]), s)
				default:
					s = g.set(name, 0, s)
				}
			}
		}
	})
	return s
}

// edge rules out the branch of an if, or the way into or out of a for
// loop, that its condition denies, and learns what taking it says of the
// followed variables; it also rules out a select case on a followed
// variable that is nil: a case on a nil channel is never taken. The idiom
// that keeps one goroutine in flight turns its starting case off so, and
// back on once the result is in:
//
//	case <-tick:
//		tick = nil
//		go func() { ch <- condition() }()
//	case v := <-ch:
//		tick = ticker.C
func (g nilGuards) edge(e paths.Edge, s nilState) (nilState, bool) {
	if len(g.vars) == 0 {
		return s, true
	}
	if e.Kind == paths.CaseTaken {
		var ch ast.Expr
		if send, ok := e.Comm().(*ast.SendStmt); ok {
			ch = send.Chan
		} else {
			ch = model.RecvChan(e.Comm())
		}
		if i := g.index(g.chanVar(ch)); i >= 0 && s[i] < 0 {
			return s, false
		}
		return s, true
	}
	var cond ast.Expr
	switch st := e.Stmt.(type) {
	case *ast.IfStmt:
		cond = st.Cond
	case *ast.ForStmt:
		cond = st.Cond
	}
	if cond == nil {
		return s, true
	}
	v := g.eval(cond, s)
	switch e.Kind {
	case paths.Then, paths.LoopBody:
		return g.learn(cond, true, s), v >= 0
	case paths.Else, paths.LoopEnd:
		return g.learn(cond, false, s), v <= 0
	}
	return s, true
}

// learn records what cond being holds (or, when holds is false, its
// negation) says of the followed variables: v == nil, v != nil, a flag v,
// and their !, && (when it holds) and || (when it does not).
func (g nilGuards) learn(cond ast.Expr, holds bool, s nilState) nilState {
	truth := int8(-1)
	if holds {
		truth = 1
	}
	switch e := ast.Unparen(cond).(type) {
	case *ast.Ident:
		if i := g.index(g.followed(e)); i >= 0 {
			s[i] = truth
		}
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return g.learn(e.X, !holds, s)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ:
			if i, ok := g.nilTest(e); ok {
				s[i] = -truth // v == nil holds: v is nil
				if e.Op == token.NEQ {
					s[i] = truth
				}
			}
		case token.LAND:
			if holds {
				s = g.learn(e.Y, true, g.learn(e.X, true, s))
			}
		case token.LOR:
			if !holds {
				s = g.learn(e.Y, false, g.learn(e.X, false, s))
			}
		}
	}
	return s
}

// nilTest returns the followed variable that e, v == nil or v != nil,
// compares with nil.
func (g nilGuards) nilTest(e *ast.BinaryExpr) (int, bool) {
	x, other := e.X, e.Y
	if g.isZero(x) {
		x, other = other, x
	}
	i := g.index(g.followed(x))
	return i, i >= 0 && g.isZero(other)
}

// eval gives the value of a condition made of v == nil, v != nil and
// boolean flags v over the followed variables, with !, && and ||: 1 true,
// -1 false, 0 unknown.
func (g nilGuards) eval(e ast.Expr, s nilState) int8 {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if i := g.index(g.followed(e)); i >= 0 && isBool(g.vars[i]) {
			return s[i]
		}
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return -g.eval(e.X, s)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ:
			i, ok := g.nilTest(e)
			if !ok {
				return 0
			}
			isNil := -s[i] // 1 when nil, -1 when a channel
			if e.Op == token.NEQ {
				return -isNil
			}
			return isNil
		case token.LAND:
			x, y := g.eval(e.X, s), g.eval(e.Y, s)
			switch {
			case x < 0 || y < 0:
				return -1
			case x > 0 && y > 0:
				return 1
			}
		case token.LOR:
			x, y := g.eval(e.X, s), g.eval(e.Y, s)
			switch {
			case x > 0 || y > 0:
				return 1
			case x < 0 && y < 0:
				return -1
			}
		}
	}
	return 0
}

// value is what assigning e leaves in a followed variable.
func (g nilGuards) value(e ast.Expr) int8 {
	if g.isZero(e) {
		return -1
	}
	if tv, ok := g.info.Types[ast.Unparen(e)]; ok && tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.Bool:
			if constant.BoolVal(tv.Value) {
				return 1
			}
			return -1
		case constant.Int:
			return 1 // not 0: isZero said so
		}
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		return 1 // &T{...}
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := g.info.Uses[id].(*types.Builtin); ok && b.Name() == "make" {
				return 1
			}
		}
	}
	return 0
}

// valueIn is what assigning e at the statement as leaves in a followed
// variable, given what the path knows (s): beyond value, an error made
// by errors.New or fmt.Errorf is not nil, errors.Join of a known error
// is not nil, and a value the enclosing if tested against nil is not:
//
//	if r.err != nil {
//		err = r.err // err is not nil
//		break
//	}
//	err = errors.Join(err, ctx.Err()) // still not nil
func (g nilGuards) valueIn(e ast.Expr, as *ast.AssignStmt, s nilState) int8 {
	if v := g.value(e); v != 0 {
		return v
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if fn, ok := typeutil.Callee(g.info, call).(*types.Func); ok && fn.Pkg() != nil {
			switch fn.Pkg().Path() + "." + fn.Name() {
			case "errors.New", "fmt.Errorf":
				return 1
			case "errors.Join":
				for _, a := range call.Args {
					if i := g.index(g.followed(a)); i >= 0 && s[i] > 0 {
						return 1
					}
				}
			}
		}
		return 0
	}
	v, ok := g.known[e]
	if !ok {
		if g.nonNilWithin(e, as) {
			v = 1
		}
		if g.known != nil {
			g.known[e] = v
		}
	}
	return v
}

// nonNilWithin reports whether as lies in the then-branch of an if whose
// condition is e != nil (or has it as an operand of &&), and nothing in
// that branch assigns the variable e starts from before as.
func (g nilGuards) nonNilWithin(e ast.Expr, as *ast.AssignStmt) bool {
	if g.body == nil {
		return false
	}
	root := rootIdent(e)
	if root == nil {
		return false
	}
	text := types.ExprString(e)
	found := false
	ast.Inspect(g.body, func(n ast.Node) bool {
		if found || n == nil || !within(as, n) {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if is, ok := n.(*ast.IfStmt); ok && within(as, is.Body) && testsNonNil(is.Cond, text) && !assignedBefore(g.info, is.Body, root, as) {
			found = true
		}
		return true
	})
	return found
}

// testsNonNil reports whether cond is x != nil, with x written as text,
// or a && of conditions one of which is.
func testsNonNil(cond ast.Expr, text string) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LAND:
		return testsNonNil(b.X, text) || testsNonNil(b.Y, text)
	case token.NEQ:
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			if id, ok := ast.Unparen(pair[1]).(*ast.Ident); ok && id.Name == "nil" && types.ExprString(ast.Unparen(pair[0])) == text {
				return true
			}
		}
	}
	return false
}

// rootIdent returns the variable an expression of identifiers and field
// selections starts from (r in r.err), or nil.
func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// assignedBefore reports whether code in block before the statement at
// assigns, or takes the address of, the variable root names.
func assignedBefore(info *types.Info, block ast.Node, root *ast.Ident, at ast.Node) bool {
	obj := info.ObjectOf(root)
	assigned := false
	ast.Inspect(block, func(n ast.Node) bool {
		if assigned || n == nil || n.Pos() >= at.Pos() {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if r := rootIdent(l); r != nil && info.ObjectOf(r) == obj {
					assigned = true
				}
			}
		case *ast.UnaryExpr:
			if r := rootIdent(n.X); n.Op == token.AND && r != nil && info.ObjectOf(r) == obj {
				assigned = true
			}
		}
		return true
	})
	return assigned
}

func (g nilGuards) set(lhs ast.Expr, val int8, s nilState) nilState {
	if i := g.index(g.followed(lhs)); i >= 0 {
		s[i] = val
	}
	return s
}

func (g nilGuards) index(v *types.Var) int {
	if v == nil {
		return -1
	}
	for i, w := range g.vars {
		if w == v {
			return i
		}
	}
	return -1
}

// chanVar returns the variable e names, when it is a channel variable and
// not a field.
func (g nilGuards) chanVar(e ast.Expr) *types.Var {
	if v := g.followed(e); v != nil && isChan(v.Type()) {
		return v
	}
	return nil
}

func (g nilGuards) isNil(e ast.Expr) bool { return isNil(g.info, e) }

// isZero reports whether e is nil or the constant 0: what a followed
// variable holds when the path knows it is off (-1), a counter included.
func (g nilGuards) isZero(e ast.Expr) bool {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if fun, ok := g.info.Types[call.Fun]; ok && fun.IsType() {
			return g.isZero(call.Args[0]) // a conversion: (*T)(nil), int64(0)
		}
	}
	if g.isNil(e) {
		return true
	}
	tv, ok := g.info.Types[ast.Unparen(e)]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Int && constant.Sign(tv.Value) == 0
}

// pathTo returns the nodes enclosing n in its file, innermost first (see
// astutil.PathEnclosingInterval), or nil when n is in no file of the
// package.
func (c *checker) pathTo(n ast.Node) []ast.Node {
	for _, f := range c.pass.Files {
		if f.FileStart <= n.Pos() && n.End() <= f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, n.Pos(), n.End())
			return path
		}
	}
	return nil
}

// inspectOwn calls f for every node of n outside function literals.
func inspectOwn(n ast.Node, f func(ast.Node)) {
	ast.Inspect(n, func(x ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok && x != n {
			return false
		}
		f(x)
		return true
	})
}
