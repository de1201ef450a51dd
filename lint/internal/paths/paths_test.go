package paths_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/paths"
	"golang.org/x/tools/go/cfg"
)

const src = `package p

func mark(string) {}

func selectOne(a, b chan int) {
	mark("a")
	select {
	case <-a:
		mark("x")
	case b <- 1:
		mark("y")
	}
	mark("z")
}

func selectDefault(a chan int) {
	select {
	case v := <-a:
		_ = v
		mark("x")
	default:
		mark("d")
	}
}

func counted() {
	for i := 0; i < 3; i++ {
		mark("i")
	}
	for range [2]int{} {
		mark("j")
	}
}

func uncounted(n int) {
	for i := 0; i < n; i++ {
		mark("i")
	}
}

func breaks() {
	for i := 0; i < 3; i++ {
		mark("i")
		if i == 1 {
			break
		}
	}
	for i := 0; i < 2; i++ {
		mark("k")
	}
}

func panics(c bool) {
	if c {
		mark("p")
		panic("no")
	}
	mark("k")
}

func early(c bool) int {
	mark("a")
	if c {
		return 1
	}
	mark("b")
	return 2
}

func blocksForever(a chan int) {
	mark("a")
	select {}
}

func countedLiteral() {
	for range []string{"x", "y"} {
		mark("l")
	}
	mark("m")
}

func knownConditions(n uint, i int) {
	if n < 0 {
		mark("u")
	}
	if 0 > n {
		mark("v")
	}
	if n >= 0 {
		mark("w")
	} else {
		mark("x")
	}
	if i < 0 {
		mark("i")
	}
	const debug = false
	if debug {
		mark("d")
	}
}

func latched(xs []int, ok func(int) bool) {
	made := false
	for _, x := range xs {
		if made {
			continue
		}
		if !ok(x) {
			continue
		}
		made = true
		mark("s")
	}
	mark("e")
}

func firstRound(xs []int) {
	var done bool
	for range xs {
		if !done {
			done = true
			mark("f")
		}
		mark("r")
	}
}

func latchReset(xs []int) {
	made := false
	for range xs {
		if made {
			made = false
			continue
		}
		made = true
		mark("s")
	}
}

func latchClosure(xs []int) {
	var made bool
	reset := func() { made = false }
	for range xs {
		if made {
			reset()
			continue
		}
		made = true
		mark("s")
	}
}

func latchPointer(xs []int, keep func(*bool)) {
	made := false
	keep(&made)
	for range xs {
		if made {
			continue
		}
		made = true
		mark("s")
	}
}

func latchEachRound(xs []int) {
	for range xs {
		made := false
		if made {
			continue
		}
		made = true
		mark("s")
	}
}
`

// load type-checks src and returns the control-flow graph of each function.
func load(t *testing.T) (map[string]*paths.Graph, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	mayReturn := func(call *ast.CallExpr) bool {
		id, ok := call.Fun.(*ast.Ident)
		return !ok || id.Name != "panic"
	}
	out := make(map[string]*paths.Graph)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			out[fd.Name.Name] = paths.New(cfg.New(fd.Body, mayReturn), info, nil, nil)
		}
	}
	return out, fset
}

// event names what a node does: a mark's letter, "<" for a receive, ">"
// for a send.
func event(n ast.Node) string {
	switch n := n.(type) {
	case *ast.SendStmt:
		return ">"
	case *ast.ExprStmt:
		if u, ok := n.X.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return "<"
		}
		if call, ok := n.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "mark" {
				s, _ := strconv.Unquote(call.Args[0].(*ast.BasicLit).Value)
				return s
			}
		}
	case *ast.AssignStmt:
		if u, ok := n.Rhs[0].(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return "<"
		}
	}
	return ""
}

// trace records the events of a path, up to six.
var trace = paths.Walk[string]{
	Node: func(n ast.Node, s string) (string, bool) {
		if len(s) >= 6 {
			return s, true
		}
		return s + event(n), true
	},
}

func exits(t *testing.T, g *paths.Graph) []string {
	t.Helper()
	var out []string
	if !paths.Search(g, "", trace, func(p *paths.Path[string]) bool {
		out = append(out, p.State)
		return false
	}) {
		t.Fatal("search incomplete")
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestSearchExits(t *testing.T) {
	graphs, _ := load(t)
	for fn, want := range map[string][]string{
		// Each communication happens only in its own case.
		"selectOne":     {"a<xz", "a>yz"},
		"selectDefault": {"<x", "d"},
		// Constant trip counts are exact; a break may end a loop early.
		"counted": {"iiijj"},
		"breaks":  {"iiikk", "iikk", "ikk"}, // conditions are not evaluated: the break may come in any round
		// So is a range over a slice literal that lists its elements.
		"countedLiteral": {"llm"},
		// Other loops run any number of times.
		"uncounted": {"", "i", "ii", "iii", "iiii", "iiiii", "iiiiii"},
		// A panic is no exit; a select without cases never ends.
		"panics":        {"k"},
		"early":         {"a", "ab"},
		"blocksForever": nil,
		// A branch its condition never takes is no path: an unsigned value
		// below zero, a false constant. A signed one may be below zero.
		"knownConditions": {"w", "wi"},
		// A latch — a local bool only ever set to true — stays set on a
		// path: what it guards happens once, however often its loop runs.
		"latched":    {"e", "se"},
		"firstRound": {"", "fr", "frr", "frrr", "frrrr", "frrrrr"},
		// Look-alikes: no latch, once it is reset, written by a function
		// literal or through a pointer, or declared anew in each round.
		"latchReset":     {"", "s", "ss", "sss", "ssss", "sssss", "ssssss"},
		"latchClosure":   {"", "s", "ss", "sss", "ssss", "sssss", "ssssss"},
		"latchPointer":   {"", "s", "ss", "sss", "ssss", "sssss", "ssssss"},
		"latchEachRound": {"", "s", "ss", "sss", "ssss", "sssss", "ssssss"},
	} {
		if got := exits(t, graphs[fn]); !slices.Equal(got, want) {
			t.Errorf("%s: exits with %q, want %q", fn, got, want)
		}
	}
}

func TestSearchWitness(t *testing.T) {
	graphs, fset := load(t)
	var steps []string
	paths.Search(graphs["early"], "", trace, func(p *paths.Path[string]) bool {
		if p.State != "a" {
			return false
		}
		for _, s := range p.Steps {
			steps = append(steps, strconv.Itoa(fset.Position(s.Node.Pos()).Line)+":"+s.After)
		}
		steps = append(steps, "exit "+strconv.Itoa(fset.Position(p.Exit.Pos()).Line))
		return true
	})
	if got, want := strings.Join(steps, " "), "62:a exit 64"; got != want {
		t.Errorf("witness = %s, want %s", got, want)
	}
}

// TestForward computes the marks made on every path to each node.
func TestForward(t *testing.T) {
	graphs, _ := load(t)
	flow := paths.Flow[map[string]bool]{
		Node: func(n ast.Node, s map[string]bool) map[string]bool {
			if e := event(n); e != "" {
				s[e] = true
			}
			return s
		},
		Join: func(into *map[string]bool, in map[string]bool) bool {
			changed := false
			for k := range *into {
				if !in[k] {
					delete(*into, k)
					changed = true
				}
			}
			return changed
		},
		Clone: maps.Clone[map[string]bool],
	}
	g := graphs["selectOne"]
	in, reached := paths.Forward(g, map[string]bool{}, flow)
	var atZ []string
	paths.Replay(g, in, reached, flow, func(n ast.Node, before map[string]bool) {
		if event(n) == "z" {
			atZ = slices.Sorted(maps.Keys(before))
		}
	})
	if want := []string{"a"}; !slices.Equal(atZ, want) {
		t.Errorf("marks on every path to mark(z) = %q, want %q", atZ, want)
	}
}
