package endings_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/leash-go/leash/lint/internal/endings"
)

func TestResolve(t *testing.T) {
	cli := &endings.Summary{
		Ends: []string{"main.main"},
		Calls: []endings.Call{
			{Caller: "main.main", Callee: "main.run", Last: true},
			{Caller: "main.run", Callee: "lib.Start", Last: true},
			{Caller: "", CallerEnds: true, Callee: "lib.Wait", Last: true}, // a RunE literal
			{Caller: "main.run", Callee: "lib.Serve", Last: false},         // something waits after it
			{Caller: "main.loop", Callee: "lib.Poll", Last: true},          // main.loop is not an end
			{Caller: "main.run", Callee: "lib.Handle", Last: true},
			{Caller: "a.b", Callee: "a.c", Last: true}, // a cycle of callers
			{Caller: "a.c", Callee: "a.b", Last: true},
		},
	}
	lib := &endings.Summary{
		Calls: []endings.Call{
			{Caller: "lib.Start", Callee: "lib.startWithPaths", Last: true},
			{Caller: "lib.Start", Callee: "lib.watch", Last: true},
			{Caller: "lib.Serve", Callee: "lib.watch", Last: true}, // a second caller that does not end
		},
		Open: []string{"lib.Handle"},
	}
	ends := endings.Resolve([]*endings.Summary{cli, lib}, false)
	for key, want := range map[string]bool{
		"main.main": true, "main.run": true, "lib.Start": true, "lib.startWithPaths": true, "lib.Wait": true,
		"lib.Serve": false, "lib.Poll": false, "lib.watch": false, "lib.Handle": false,
		"a.b": false, "a.c": false, "lib.Unused": false,
	} {
		if got := ends.Drops(endings.Pending{Func: key}); got != want {
			t.Errorf("Drops(%s) = %v, want %v", key, got, want)
		}
	}
}

// A function whose error returns end the program: every call, on an
// error, exits, or returns an error from a function whose error returns
// end it in turn. Its other returns need not.
func TestResolveOnError(t *testing.T) {
	sum := &endings.Summary{
		Ends: []string{"main.main"},
		Calls: []endings.Call{
			{Caller: "main.main", Callee: "main.check", ExitsOnError: true}, // if err != nil { log.Fatal(err) }
			{Caller: "main.check", Callee: "lib.parse", ReturnsError: true}, // if err != nil { return nil, err }
			{Caller: "main.check", Callee: "lib.load", Returns: true},       // if err != nil { return } in a func returning no error...
			{Caller: "main.main", Callee: "main.check2", Last: false},       // ...whose own caller goes on
			{Caller: "main.check2", Callee: "lib.load", ReturnsError: true},
			{Caller: "main.serve", Callee: "lib.dial", ReturnsError: true},          // main.serve's callers are unknown
			{Caller: "", CallerEnds: true, Callee: "lib.fetch", ReturnsError: true}, // a RunE literal
		},
	}
	ends := endings.Resolve([]*endings.Summary{sum}, false)
	for _, tc := range []struct {
		fn      string
		onError bool
		want    bool
	}{
		{"main.check", true, true},
		{"main.check", false, false}, // it returns more than errors, and main goes on after it
		{"lib.parse", true, true},
		{"lib.parse", false, false},
		{"lib.load", true, false},
		{"lib.dial", true, false},
		{"lib.fetch", true, true},
		{"main.main", false, true},
	} {
		if got := ends.Drops(endings.Pending{Func: tc.fn, OnError: tc.onError}); got != tc.want {
			t.Errorf("Drops(%s, on error %v) = %v, want %v", tc.fn, tc.onError, got, tc.want)
		}
	}
}

func TestResolveHandedContexts(t *testing.T) {
	cmd := &endings.Summary{
		Calls: []endings.Call{
			{Caller: "cmd.main", Callee: "cmd.Run", Handed: []int{0}}, // context.Background()
			{Caller: "cmd.Run", Callee: "lib.Hash", Passes: []endings.Pass{{Arg: 0, Func: "cmd.Run", Param: 0}}},
			{Caller: "cmd.main", Callee: "lib.Hash", Handed: []int{0}},
			{Caller: "cmd.main", Callee: "lib.Fetch", Handed: []int{0}},
			{Caller: "cmd.handle", Callee: "lib.Fetch"}, // a request's context, say
			{Caller: "cmd.main", Callee: "lib.Watch", Handed: []int{1}},
			{Caller: "cmd.main", Callee: "lib.Open", Handed: []int{0}},
			// Serve's context comes from code out of sight: no call of it.
			{Caller: "cmd.Serve", Callee: "lib.Poll", Passes: []endings.Pass{{Arg: 0, Func: "cmd.Serve", Param: 0}}},
			// A cycle shows nothing.
			{Caller: "a.b", Callee: "a.c", Passes: []endings.Pass{{Arg: 0, Func: "a.b", Param: 0}}},
			{Caller: "a.c", Callee: "a.b", Passes: []endings.Pass{{Arg: 0, Func: "a.c", Param: 0}}},
		},
		Open: []string{"lib.Open"},
	}
	ends := endings.Resolve([]*endings.Summary{cmd}, false)
	for _, c := range []struct {
		fn   string
		arg  int
		want bool
	}{
		{"cmd.Run", 0, true},
		{"lib.Hash", 0, true},   // every call hands on a context that comes from Background
		{"lib.Fetch", 0, false}, // one call may pass a context that ends
		{"lib.Watch", 0, false}, // the context is another argument
		{"lib.Watch", 1, true},
		{"lib.Open", 0, false},   // used as a value: code out of sight may call it
		{"lib.Unused", 0, false}, // no call in sight
		{"lib.Poll", 0, false},   // nor of its caller
		{"a.b", 0, false},
		{"a.c", 0, false},
	} {
		if got := ends.Drops(endings.Pending{CtxFunc: c.fn, CtxArg: c.arg}); got != c.want {
			t.Errorf("Drops(context %d of %s) = %v, want %v", c.arg, c.fn, got, c.want)
		}
	}
}

// A call of an interface method counts as a call of each concrete method
// with the same Dispatch name; a method no such call names keeps no
// callers at all (and so stays, like any function with none in sight).
func TestResolveThroughAnInterface(t *testing.T) {
	const start = "dispatch Start func(ctx context.Context) error"
	sum := &endings.Summary{
		Ends: []string{"main.main"},
		Calls: []endings.Call{
			{Caller: "main.main", Callee: "main.run", Last: true},
			{Caller: "main.run", Callee: start, Last: true, Handed: []int{0}},
		},
		Methods: []endings.Method{
			{Func: "(*lib.Worker).Start", Dispatch: start},
			{Func: "(*lib.Worker).Stop", Dispatch: "dispatch Stop func() error"},
		},
	}
	ends := endings.Resolve([]*endings.Summary{sum}, false)
	for key, want := range map[string]bool{"(*lib.Worker).Start": true, "(*lib.Worker).Stop": false, start: false} {
		if got := ends.Drops(endings.Pending{Func: key}); got != want {
			t.Errorf("Drops(%s) = %v, want %v", key, got, want)
		}
	}
	if !ends.Drops(endings.Pending{Func: "lib.other", CtxFunc: "(*lib.Worker).Start", CtxArg: 0}) {
		t.Errorf("the context every call through the interface hands Start is not taken as handed")
	}
}

// An interface's method and the methods that satisfy it share a Dispatch
// name whatever they call their parameters and results; a method whose
// signature differs does not.
func TestDispatchIgnoresParameterNames(t *testing.T) {
	const src = `package tree

type saver interface{ Save(version int64) error }

type MTree interface {
	Commit(...saver) ([]byte, int64, error)
}

type mutableTree struct{}

func (t *mutableTree) Commit(savers ...saver) (hash []byte, version int64, err error) { return }

type otherTree struct{}

func (t *otherTree) Commit(savers []saver) (hash []byte, version int64, err error) { return }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "tree.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := new(types.Config).Check("example.com/tree", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	method := func(typ string) *types.Func {
		obj, _, _ := types.LookupFieldOrMethod(pkg.Scope().Lookup(typ).Type(), true, pkg, "Commit")
		return obj.(*types.Func)
	}
	iface, impl, other := endings.Dispatch(method("MTree")), endings.Dispatch(method("mutableTree")), endings.Dispatch(method("otherTree"))
	if iface != impl {
		t.Errorf("Dispatch of the interface method = %q, of its implementation = %q: want them equal", iface, impl)
	}
	if iface == other {
		t.Errorf("Dispatch of a method that takes a slice, not variadic, = %q, the interface's too", other)
	}
}

// A sealed function that no reference outside the tests reaches — none at
// all, or only from sealed functions so unreached, however they refer to
// each other — is code only tests run: its findings are dropped. The
// exported functions of an internal package are sealed only when the
// whole module is in sight.
func TestTestOnly(t *testing.T) {
	sum := &endings.Summary{Reached: endings.Reached{
		Sealed:   []string{"m.a", "m.b", "m.c", "m.d"},
		Internal: []string{"m/internal/x.E"},
		Refs: []endings.Ref{
			{From: "m.a", To: "m.b"}, {From: "m.b", To: "m.a"}, // only each other
			{From: "", To: "m.c"}, // a method's body or package-level code
			{From: "m.c", To: "m.d"},
		},
	}}
	for _, whole := range []bool{false, true} {
		ends := endings.Resolve([]*endings.Summary{sum}, whole)
		for within, want := range map[string]bool{"m.a": true, "m.b": true, "m.c": false, "m.d": false, "m.Exported": false, "m/internal/x.E": whole, "": false} {
			if got := ends.Drops(endings.Pending{Within: within}); got != want {
				t.Errorf("whole module %v: Drops(within %q) = %v, want %v", whole, within, got, want)
			}
		}
	}
}
