package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer reports a goroutine started per element of an input of
// unbounded size with no limit in force.
var Analyzer = &analysis.Analyzer{
	Name: "unboundedgo",
	Doc: `report goroutines started per element of unbounded input with no limit

One goroutine per element of what a request brought — decoded in the
function, or by a caller in the package that passes it on — with no
SetLimit, leash.Limit or semaphore taken before the go statement, lets the
input size decide how many goroutines — and how many connections, file
descriptors and megabytes — run at once; so does a semaphore taken inside
the goroutine. With -unboundedgo.audit it also reports fan-out over any
parameter of an exported function and over collections whose size it
guesses from names and configuration types.`,
	URL:      "https://pkg.go.dev/github.com/leash-go/leash/lint/unboundedgo",
	Requires: []*analysis.Analyzer{model.Syntax},
	Run:      ignore.Wrap(run),
}

// audit turns on the rules that guess (-unboundedgo.audit): a goroutine
// per element of a collection whose size the check cannot see come from a
// request — a parameter of an exported function, a field, a call's
// result, a channel's values.
var audit bool

func init() {
	Analyzer.Flags.BoolVar(&audit, "audit", false, "also report fan-out over collections whose size comes from code out of sight (parameters of exported functions, fields, results of calls, channels): guesses, see the package documentation")
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[model.Syntax].(*model.Program)
	pf := &pkgFacts{info: pass.TypesInfo, pkg: pass.Pkg, files: pass.Files, fields: make(map[*types.Var]fieldState)}
	for _, s := range ix.Spawns {
		if s.Enclosing == nil || s.Call.Role == concur.ForEach || isTestFile(pass, s.Node().Pos()) {
			continue
		}
		loops := s.Loops
		if len(loops) == 0 {
			continue
		}
		input, loop := "", ast.Stmt(nil)
		b := &bounds{pkgFacts: pf, fn: s.Enclosing.Node()}
		for _, l := range loops {
			if model.WaitedEachRound(pass.TypesInfo, s, l) {
				continue // each round waits for its goroutines: they do not add up
			}
			if in := b.unboundedInput(l); in != "" {
				input, loop = in, l
				break
			}
		}
		if input == "" || throttled(ix, loops[len(loops)-1], s.Node()) {
			continue
		}
		if s.Func != nil && isWorker(pass.TypesInfo, ix, s.Func.Body(), 1) {
			continue // a pool, or a loop per entity: not one task per item
		}
		if s.Func == nil && longLivedName(s.Fn) {
			continue
		}
		if tearsDown(pass.TypesInfo, ix, s, loop) {
			continue // stops or awaits what already runs: no work per element
		}
		g := groupOf(pass.TypesInfo, s, loops)
		if g.limited {
			continue
		}
		inside := s.Func != nil && acquiresInside(pass.TypesInfo, s.Func.Body())
		var request []analysis.RelatedInformation
		if at := requestInput(pass.TypesInfo, s.Enclosing.Node(), loop); at != nil {
			request = []analysis.RelatedInformation{*at}
		} else {
			request = requestThroughCaller(ix, s, loop)
		}
		if request != nil {
			if root := model.RootVar(pass.TypesInfo, loopInput(loop)); root != nil && sizeChecked(ix, s.Enclosing.Node(), root, loop.Pos()) {
				continue // the request is turned away when too large: the program sets the bound
			}
		}
		var source *types.Var
		if request == nil {
			if !audit {
				// How large the input is, the code does not show. A field,
				// a channel's values, a parameter of an exported function
				// — even a slice of strings — were, on real code, most
				// often a list the program itself builds or a deployment's
				// handful of servers.
				continue
			}
			source = b.callerInput(ix, s, loop)
		}
		what := "goroutine"
		if s.Go == nil {
			what = types.ExprString(s.Call.Recv) + "." + s.Call.Fn.Name()
		}
		d := analysis.Diagnostic{Pos: s.Node().Pos(), Related: append(related(ix, s, loop, source), request...)}
		switch {
		case inside:
			d.Message = fmt.Sprintf("%s per %s: the semaphore is taken inside the goroutine, so every element still gets one; take it before starting the goroutine, or bound the group with SetLimit or leash.Limit", what, input)
		case g.errgroup != nil:
			d.Message = fmt.Sprintf("%s per %s with no limit: call %s.SetLimit before starting tasks, or use leash.ForEach", what, input, g.errgroup.Name())
		case g.leash:
			d.Message = fmt.Sprintf("%s per %s with no limit: bound the group with leash.Limit (leash.NewGroup(ctx, leash.Limit(n))), or use leash.ForEach", what, input)
		default:
			d.Message = fmt.Sprintf("%s per %s with no limit: bound it with errgroup SetLimit, leash.ForEach or a worker pool", what, input)
		}
		pass.Report(d)
	}
	return nil, nil
}

// workers matches names of settings that fix a number of workers, or of
// connections, clients or streams a program opens on purpose.
var workers = regexp.MustCompile(`(?i)(worker|concurren|parallel|procs|threads|poolsize|numcpu|limit|shards|goroutines|routines|conns$|connections|clients$|stubs|streams$|per(conn|channel|stream|client))`)

// topology holds the words that name what a deployment has a fixed set of
// — connections, clients, peers, servers, hosts, members — rather than what
// requests bring.
var topology = map[string]bool{
	"conn": true, "connection": true, "client": true, "peer": true, "server": true,
	"listener": true, "addr": true, "address": true, "endpoint": true, "remote": true,
	"member": true, "backend": true, "shard": true, "host": true, "node": true,
	"proc": true, "replica": true, "cfg": true, "config": true, "queue": true, "querier": true,
	"ep": true,
}

// isTopology reports whether a name has a word (in camelCase or
// snake_case) naming the deployment's topology: membersToChange, hosts,
// MemberClientCount.
func isTopology(name string) bool {
	for _, w := range words(name) {
		if topology[strings.TrimSuffix(strings.TrimSuffix(w, "s"), "e")] || topology[strings.TrimSuffix(w, "s")] || topology[w] {
			return true
		}
	}
	return false
}

// words splits a camelCase or snake_case name into lower-case words.
func words(name string) []string {
	var out []string
	start := 0
	for i, r := range name {
		if r == '_' {
			if i > start {
				out = append(out, strings.ToLower(name[start:i]))
			}
			start = i + 1
		} else if i > start && unicode.IsUpper(r) && !unicode.IsUpper(rune(name[i-1])) {
			out = append(out, strings.ToLower(name[start:i]))
			start = i
		}
	}
	if start < len(name) {
		out = append(out, strings.ToLower(name[start:]))
	}
	return out
}

// isEndpoints reports whether e names the deployment's topology (see
// isTopology): e, x.e or e[i:j].
func isEndpoints(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return isTopology(e.Name)
	case *ast.SelectorExpr:
		return isTopology(e.Sel.Name)
	case *ast.SliceExpr:
		return isEndpoints(e.X)
	}
	return false
}

// unboundedInput describes the input a loop iterates over when its size is
// not fixed ("element of urls", "value received from jobs", "iteration up
// to n"), or returns "" for a loop of fixed size: over an array or a
// literal list, up to a constant, runtime.NumCPU(), runtime.GOMAXPROCS or
// a worker-count setting. A loop without a condition is not over an input
// (accept loops, retry loops) and returns "" too.
func (b *bounds) unboundedInput(loop ast.Stmt) string {
	info := b.info
	switch l := loop.(type) {
	case *ast.RangeStmt:
		x := ast.Unparen(l.X)
		if b.fixedCollection(x) {
			return ""
		}
		t := info.TypeOf(x)
		if t == nil {
			return ""
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		switch u := t.Underlying().(type) {
		case *types.Array:
			return ""
		case *types.Chan:
			return "value received from " + types.ExprString(x)
		case *types.Basic:
			if u.Info()&types.IsInteger != 0 {
				if b.fixedCount(x) {
					return ""
				}
				return "iteration up to " + types.ExprString(x)
			}
		case *types.Signature:
			return "value of the sequence " + types.ExprString(x)
		}
		return "element of " + types.ExprString(x)
	case *ast.ForStmt:
		cond, ok := ast.Unparen(l.Cond).(*ast.BinaryExpr)
		if !ok {
			return ""
		}
		var bound ast.Expr
		switch cond.Op {
		case token.LSS, token.LEQ, token.NEQ:
			bound = cond.Y
		case token.GTR, token.GEQ:
			bound = cond.X
		default:
			return ""
		}
		if b.fixedCount(bound) {
			return ""
		}
		if call, ok := ast.Unparen(bound).(*ast.CallExpr); ok && model.IsBuiltin(info, call.Fun, "len", "cap") && len(call.Args) == 1 {
			x := call.Args[0]
			if src := b.sizeSource(x); src != nil {
				x = src // requests := make(chan T, len(regions)); i < cap(requests)
			}
			return "element of " + types.ExprString(x)
		}
		return "iteration up to " + types.ExprString(bound)
	}
	return ""
}

// bounds decides which counts and collections in a function are fixed.
type bounds struct {
	*pkgFacts
	fn ast.Node
	// assigned holds the values assigned to the function's local
	// variables; computed on first use.
	assigned map[*types.Var][]ast.Expr
	visiting map[*types.Var]bool
}

// fixedVar reports whether id is a local variable of the function whose
// every value is a fixed count (spawn := r.workers - 1).
func (b *bounds) fixedVar(id *ast.Ident) bool {
	return b.everyValue(id, b.fixedCount)
}

// everyValue reports whether id is a local variable of the function that is
// assigned at least once, and every value assigned to it satisfies ok. A
// variable whose values depend on itself is not fixed.
func (b *bounds) everyValue(id *ast.Ident, ok func(ast.Expr) bool) bool {
	v, values := b.values(id)
	if v == nil || len(values) == 0 || b.visiting[v] {
		return false // a parameter, or set elsewhere
	}
	b.visiting[v] = true
	defer delete(b.visiting, v)
	for _, val := range values {
		if val == nil || !ok(val) {
			return false
		}
	}
	return true
}

// values returns the variable id uses and the values the function assigns
// to it, nil for a value that comes from a call with several results.
func (b *bounds) values(id *ast.Ident) (*types.Var, []ast.Expr) {
	v, ok := b.info.Uses[id].(*types.Var)
	if !ok {
		return nil, nil
	}
	if b.assigned == nil {
		b.assigned = make(map[*types.Var][]ast.Expr)
		b.visiting = make(map[*types.Var]bool)
		ast.Inspect(b.fn, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && len(n.Lhs) == len(n.Rhs) {
						if lv, ok := b.info.ObjectOf(id).(*types.Var); ok {
							b.assigned[lv] = append(b.assigned[lv], n.Rhs[i])
						}
					} else if ok {
						if lv, ok := b.info.ObjectOf(id).(*types.Var); ok {
							b.assigned[lv] = append(b.assigned[lv], nil) // from a call: unknown
						}
					}
				}
			case *ast.IncDecStmt:
				if id, ok := n.X.(*ast.Ident); ok {
					if lv, ok := b.info.ObjectOf(id).(*types.Var); ok {
						b.assigned[lv] = append(b.assigned[lv], nil)
					}
				}
			}
			return true
		})
	}
	return v, b.assigned[v]
}

// fixedCollection reports whether ranging over e visits a number of
// elements the program chose, not its input: a literal list, a part of
// the deployment (see isEndpoints), a field of a configuration (see
// isConfig) or one fixed when its value was made (see fixedField), a
// slice of at most a fixed count of them (items[:min(len(items), 4)]), one
// made to a fixed length (make([]T, n) for a fixed n), or a local only
// ever set to such collections. Channels are never fixed: the
// values received are the input.
func (b *bounds) fixedCollection(e ast.Expr) bool {
	e = ast.Unparen(e)
	if t := b.info.TypeOf(e); t != nil {
		if _, ok := t.Underlying().(*types.Chan); ok {
			return false
		}
	}
	if isEndpoints(e) {
		return true
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return true
	case *ast.Ident:
		if e.Name == "nil" && b.info.Uses[e] == types.Universe.Lookup("nil") {
			return true
		}
		return b.fixedLocal(e)
	case *ast.SelectorExpr:
		if isConfig(b.info.TypeOf(e.X)) {
			return true
		}
		f, _ := b.info.Uses[e.Sel].(*types.Var)
		return b.fixedField(f)
	case *ast.SliceExpr:
		return e.High != nil && b.fixedCount(e.High) || b.fixedCollection(e.X)
	case *ast.CallExpr: // make([]T, n) for a fixed n; a map's size is only a hint
		return model.IsBuiltin(b.info, e.Fun, "make") && len(e.Args) >= 2 && isSlice(b.info.TypeOf(e)) && b.fixedCount(e.Args[1])
	}
	return false
}

func isSlice(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Slice)
	return ok
}

func isMap(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// fixedLocal reports whether id is a local variable of the function whose
// every value is a fixed collection. A map local never is: m[k] = v adds
// keys without assigning m.
func (b *bounds) fixedLocal(id *ast.Ident) bool {
	return !isMap(b.info.TypeOf(id)) && b.everyValue(id, b.fixedCollection)
}

// madeFixed reports whether x is a local (a channel included) only ever
// made with fixed sizes: make(chan T, n) or make([]T, n, m) for fixed n
// and m.
func (b *bounds) madeFixed(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && !isMap(b.info.TypeOf(id)) && b.everyValue(id, func(val ast.Expr) bool {
		call, ok := ast.Unparen(val).(*ast.CallExpr)
		if !ok || !model.IsBuiltin(b.info, call.Fun, "make") || len(call.Args) < 2 {
			return false
		}
		return !slices.ContainsFunc(call.Args[1:], func(size ast.Expr) bool { return !b.fixedCount(size) })
	})
}

// sizeSource returns y when x is a local only ever made with len(y) as
// its length or capacity (results := make(chan T, len(ids))), so that a
// loop up to len(x) or cap(x) runs once per element of y; nil otherwise.
func (b *bounds) sizeSource(x ast.Expr) ast.Expr {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	var src ast.Expr
	_, values := b.values(id)
	for _, val := range values {
		call, ok := ast.Unparen(val).(*ast.CallExpr)
		if !ok || !model.IsBuiltin(b.info, call.Fun, "make") || len(call.Args) < 2 {
			return nil
		}
		size, ok := ast.Unparen(call.Args[len(call.Args)-1]).(*ast.CallExpr)
		if !ok || !model.IsBuiltin(b.info, size.Fun, "len") || len(size.Args) != 1 {
			return nil
		}
		if src != nil && types.ExprString(src) != types.ExprString(size.Args[0]) {
			return nil
		}
		src = size.Args[0]
	}
	return src
}

// fixedCount reports whether e is a count chosen by the program rather
// than by its input: a constant, runtime.NumCPU(), runtime.GOMAXPROCS(n),
// a command-line flag, a variable, field or call named like a worker-count
// setting or a part of the deployment (see isTopology), the minimum of
// anything and such a count, or a local variable only ever set to them.
func (b *bounds) fixedCount(e ast.Expr) bool {
	info := b.info
	e = ast.Unparen(e)
	if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
		return true
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if model.IsBuiltin(info, e.Fun, "min") {
			return slices.ContainsFunc(e.Args, b.fixedCount) // no more than a fixed count
		}
		if model.IsBuiltin(info, e.Fun, "len", "cap") && len(e.Args) == 1 {
			return b.fixedCollection(e.Args[0]) || b.madeFixed(e.Args[0])
		}
		if fn, ok := typeutil.Callee(info, e).(*types.Func); ok {
			if fn.Pkg() != nil && fn.Pkg().Path() == "runtime" && (fn.Name() == "NumCPU" || fn.Name() == "GOMAXPROCS") {
				return true
			}
			return workers.MatchString(fn.Name())
		}
		if len(e.Args) == 1 { // a conversion: int(n)
			if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
				return b.fixedCount(e.Args[0])
			}
		}
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return true // a package-level setting, such as a flag's variable
		}
		return workers.MatchString(e.Name) || isTopology(e.Name) || b.fixedVar(e)
	case *ast.SelectorExpr:
		if workers.MatchString(e.Sel.Name) || isTopology(e.Sel.Name) || isConfig(info.TypeOf(e.X)) {
			return true
		}
		f, _ := info.Uses[e.Sel].(*types.Var)
		return b.fixedField(f)
	case *ast.StarExpr:
		// *n where n is a package-level pointer: a command-line flag.
		if id, ok := ast.Unparen(e.X).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && v.Parent() == v.Pkg().Scope() {
				return true
			}
		}
		return b.fixedCount(e.X)
	case *ast.BinaryExpr:
		return b.fixedCount(e.X) && b.fixedCount(e.Y)
	}
	return false
}

// throttled reports whether the body of the innermost loop around spawn
// waits, outside the goroutine, in a way that bounds how many goroutines
// run: it takes a semaphore (sends on or receives from a channel, calls
// an Acquire method), or waits for the goroutines or a rate limiter (a
// Wait method) — before the spawn (a semaphore) or after it (one at a
// time, or in batches).
func throttled(p *model.Program, loop ast.Stmt, spawn ast.Node) bool {
	body := model.LoopBody(loop)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == spawn {
			return false // the goroutine's own arguments and body do not throttle
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			found = true
		case *ast.UnaryExpr:
			found = n.Op == token.ARROW
		case *ast.CallExpr:
			found = waitsFor(p, n, 2)
		}
		return !found
	})
	return found
}

// waitsFor reports whether call takes a semaphore or waits: an Acquire,
// TryAcquire or Wait method, or a function of the package that calls one
// or waits on a channel itself (a helper around the limiter, looked into
// depth levels deep).
func waitsFor(p *model.Program, call *ast.CallExpr, depth int) bool {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		switch sel.Sel.Name {
		case "Acquire", "TryAcquire", "Wait":
			return true
		}
	}
	fn := p.FuncValue(call.Fun)
	if fn == nil || depth == 0 {
		return false
	}
	for _, op := range fn.Ops {
		if (op.Kind == model.Send || op.Kind == model.Recv) && op.Bare() {
			return true
		}
	}
	for _, c := range fn.Calls {
		if waitsFor(p, c.Expr, depth-1) {
			return true
		}
	}
	return false
}

// acquiresInside reports whether a goroutine body starts by taking a
// semaphore: among its first statements, a send on a channel of struct{}
// (alone or as a case of a select) or a call of an Acquire method,
// possibly in an if statement's condition. What happens inside a select's
// cases or an if's branches comes after a wait of another kind — a
// non-blocking notification in a case is not a semaphore — and loops are
// not looked into: a goroutine that acquires something per round is not
// waiting for a slot to start.
func acquiresInside(info *types.Info, body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	for i, s := range body.List {
		if i >= 3 {
			break
		}
		var parts []ast.Node
		switch s := s.(type) {
		case *ast.SelectStmt:
			for _, c := range s.Body.List {
				if comm := c.(*ast.CommClause).Comm; comm != nil {
					parts = append(parts, comm)
				}
			}
		case *ast.IfStmt:
			if s.Init != nil {
				parts = append(parts, s.Init)
			}
			parts = append(parts, s.Cond)
		case *ast.ExprStmt, *ast.SendStmt, *ast.AssignStmt:
			parts = append(parts, s)
		}
		for _, p := range parts {
			if acquires(info, p) {
				return true
			}
		}
	}
	return false
}

// acquires reports whether n sends on a channel of struct{} or calls an
// Acquire method, outside function literals.
func acquires(info *types.Info, n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SendStmt:
			found = isEmptyStructChan(info.TypeOf(n.Chan))
		case *ast.CallExpr:
			if concur.Is(info, n, concur.Acquire) {
				found = true
			} else if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Acquire" {
				found = true
			}
		}
		return !found
	})
	return found
}

// isEmptyStructChan reports whether t is a channel (of any direction) of
// struct{}: the usual semaphore.
func isEmptyStructChan(t types.Type) bool {
	if t == nil {
		return false
	}
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	st, ok := ch.Elem().Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// isTestFile reports whether pos is in a _test.go file. Tests start a
// goroutine per case or a configured number of them on purpose, over
// inputs the test itself fixes.
func isTestFile(pass *analysis.Pass, pos token.Pos) bool {
	return strings.HasSuffix(pass.Fset.File(pos).Name(), "_test.go")
}

// isWorker reports whether a goroutine body runs a long-lived loop: it
// ranges over a channel, or loops without end receiving from one or
// selecting. Starting one per element of a slice builds either a pool
// whose size is the slice's, chosen by the program (a client per
// configured connection), with the work items coming through the channel,
// or one loop per entity the program manages (a scrape loop per target, a
// group's evaluation loop): a design, not a fan-out of tasks. A body that
// calls a function of the package as a statement of its own — the whole
// of a watch's life, say, before the clean-up after it — is judged by
// that function's body too; one that ends by calling a function of
// another package (deferred calls aside), by its name (see
// longLivedName).
func isWorker(info *types.Info, ix *model.Program, body *ast.BlockStmt, depth int) bool {
	if body == nil {
		return false
	}
	var stmts []ast.Stmt // the body without its deferred calls
	for _, st := range body.List {
		if _, ok := st.(*ast.DeferStmt); !ok {
			stmts = append(stmts, st)
		}
	}
	if depth > 0 {
		for i, st := range stmts {
			es, ok := st.(*ast.ExprStmt)
			if !ok {
				continue
			}
			call, ok := ast.Unparen(es.X).(*ast.CallExpr)
			if !ok {
				continue
			}
			f := ix.FuncValue(call.Fun)
			if f != nil && isWorker(info, ix, f.Body(), depth-1) {
				return true
			}
			if f == nil && i == len(stmts)-1 && longLivedName(call.Fun) {
				return true
			}
		}
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			if t := info.TypeOf(n.X); t != nil {
				_, found = t.Underlying().(*types.Chan)
			}
		case *ast.ForStmt:
			if n.Cond == nil {
				ast.Inspect(n.Body, func(m ast.Node) bool {
					switch m := m.(type) {
					case *ast.UnaryExpr:
						found = m.Op == token.ARROW
					case *ast.SelectStmt:
						found = true
					}
					return !found
				})
			}
		}
		return !found
	})
	return found
}

// longLived matches the names of functions that, by convention, run a
// loop until stopped: Run, Serve, Start, Loop, Watch and their lower-case
// forms.
var longLived = regexp.MustCompile(`^(?i)(run|serve|start|loop|watch)`)

// longLivedName reports whether a goroutine whose body is not in this
// package runs a function named like a long-lived loop (informer.Run,
// srv.Serve).
func longLivedName(fn ast.Expr) bool {
	switch f := ast.Unparen(fn).(type) {
	case *ast.SelectorExpr:
		return longLived.MatchString(f.Sel.Name)
	case *ast.Ident:
		return longLived.MatchString(f.Name)
	}
	return false
}
