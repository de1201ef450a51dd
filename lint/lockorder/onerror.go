package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leash-go/leash/lint/internal/endings"
)

// keptOnError returns the name (endings.Key) of the declared function
// whose return at ret keeps a lock, when that return gives an error: the
// function's last result is an error, and the return's last value is not
// nil. Otherwise "".
//
// Such a lock is kept only on the error path, and the lock matters only if
// something locks the mutex again afterwards. When every call of the
// function, given an error, ends the program — if err != nil {
// log.Fatal(err) }, panic(err), or a return of the error from a function
// whose errors end it in turn — nothing runs after the error that could
// wait on the lock: the leash command, which sees every call in the
// module, drops the finding (see package endings), as blockingsend does
// for a leak that only such an error strands. go vet and golangci-lint,
// which see one package at a time, keep it; so does a function with no
// call in sight, or used as a value.
func (c *checker) keptOnError(ret token.Pos) string {
	f := c.p.FuncAt(ret)
	if f == nil || f.Decl == nil || f.Obj == nil || f.Body() == nil {
		return ""
	}
	res := f.Obj.Signature().Results()
	if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return ""
	}
	var rs *ast.ReturnStmt
	ast.Inspect(f.Body(), func(n ast.Node) bool {
		if r, ok := n.(*ast.ReturnStmt); ok && r.Pos() == ret {
			rs = r
		}
		_, lit := n.(*ast.FuncLit)
		return rs == nil && !lit
	})
	if rs == nil || len(rs.Results) != res.Len() {
		return "" // a bare return of named results: what it gives is out of this sight
	}
	last := rs.Results[len(rs.Results)-1]
	if tv, ok := c.p.Info.Types[ast.Unparen(last)]; !ok || tv.IsNil() {
		return ""
	}
	return endings.Key(f.Obj)
}
