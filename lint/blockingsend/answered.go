package blockingsend

import (
	"go/ast"

	"github.com/leash-go/leash/lint/internal/model"
)

// answeredFirst returns the receives of the provider's function that can
// complete only once wait has: receives from a channel that nothing but
// the waiter's function sends on or closes, and only in statements that
// follow the wait in its own block. A path of the provider that goes on
// past one of them has, by then, already been answered:
//
//	go func() {
//		select {
//		case <-sig:
//			close(exited)
//		case <-stopped:
//			return // stopped is closed only after <-exited below
//		}
//	}()
//	<-exited
//	...
//	close(stopped)
func (c *checker) answeredFirst(f *model.Func, wait *model.Op) map[ast.Node]bool {
	gates := make(map[ast.Node]bool)
	for _, op := range f.Ops {
		if op.Kind != model.Recv {
			continue
		}
		for _, x := range c.p.Sites() {
			if c.p.Holds(op.Chan, x) && c.signalledAfter(x, wait) {
				gates[op.Node] = true
				break
			}
		}
	}
	return gates
}

// signalledAfter reports whether every send on x and every close of it is
// made by wait's function after wait, in a statement of the block that
// holds wait, and x goes nowhere else.
func (c *checker) signalledAfter(x *model.Site, wait *model.Op) bool {
	block, index := stmtIn(wait.Path(), wait.Node)
	if block == nil {
		return false
	}
	signals := 0
	for _, op := range c.p.OpsOf(x) {
		switch op.Kind {
		case model.Recv, model.Range:
			continue
		case model.Send, model.Close:
			if op.Func != wait.Func {
				return false
			}
			b, i := stmtIn(op.Path(), block)
			if b != block || i <= index {
				return false
			}
			signals++
		default:
			return false // handed on or stored: out of sight
		}
	}
	return signals > 0
}

// stmtIn finds, on path (from the file down), the block statement nearest
// to n's side of within (within itself when it is a block on the path, the
// innermost block holding n otherwise) and the index in it of the
// statement that holds n.
func stmtIn(path []ast.Node, within ast.Node) (*ast.BlockStmt, int) {
	if b, ok := within.(*ast.BlockStmt); ok {
		for k, n := range path {
			if n == b && k+1 < len(path) {
				return b, model.StmtIndex(b.List, path[k+1])
			}
		}
		return nil, -1
	}
	// Between the block and n only n's own statement and expressions: n
	// runs whenever that statement does.
	for k := len(path) - 2; k >= 0; k-- {
		switch a := path[k].(type) {
		case *ast.BlockStmt:
			switch st := path[k+1].(type) {
			case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt:
				return a, model.StmtIndex(a.List, st)
			case *ast.RangeStmt:
				if st == within {
					return a, model.StmtIndex(a.List, st)
				}
			}
			return nil, -1
		case *ast.FuncLit:
			return nil, -1
		case ast.Expr, *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.GenDecl, *ast.ValueSpec:
		default:
			return nil, -1 // a compound statement between: n may not run
		}
	}
	return nil, -1
}
