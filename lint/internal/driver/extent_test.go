package driver

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtent(t *testing.T) {
	const src = `package m

func f(ch chan int) {
	go func() {
		ch <- 1
	}()
	x := make(chan int, 9000) // a comment
	_ = x
}
`
	name := filepath.Join(t.TempDir(), "m.go")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) token.Pos {
		i := strings.Index(src, s)
		if i < 0 {
			t.Fatalf("%q not in the source", s)
		}
		return f.FileStart + token.Pos(i)
	}
	for _, tc := range []struct{ from, want string }{
		{"make(", "make(chan int, 9000)"}, // the call, whole
		{"9000", "9000"},
		{"x := make", "x := make(chan int, 9000)"}, // the statement on one line
		{"go func", "go"},                          // a statement over several lines: its first token
		{"ch <- 1", "ch <- 1"},                     // the send
		{"// a comment", "// a comment"},           // a comment: no node, the token
		{"func f(", "func f(ch chan int)"},         // a declaration over several lines
		{"chan int) {", "chan int"},                // a parameter's type
	} {
		pos := at(tc.from)
		end := extent(fset, []*ast.File{f}, pos)
		if got := src[fset.Position(pos).Offset:fset.Position(end).Offset]; got != tc.want {
			t.Errorf("extent from %q is %q, want %q", tc.from, got, tc.want)
		}
	}
}
