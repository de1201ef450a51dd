package lockorder

import (
	"go/ast"
	"go/types"
)

// scanMutexes records what fn — a declaration or literal, without the
// literals inside it — does to mutexes, for the questions that span
// functions: which classes and variables are write-locked, and where each
// mutex is unlocked.
func (c *checker) scanMutexes(fn ast.Node) {
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			o, r, ok := c.mutexOp(n)
			if !ok {
				return true
			}
			switch o {
			case opLock, opRLock, opTryLock, opTryRLock:
				c.lockIn[r.key()] = append(c.lockIn[r.key()], fn)
			}
			switch o {
			case opLock, opTryLock:
				c.writerIn[r.root] = append(c.writerIn[r.root], fn)
				if cl := r.class(); cl.valid() {
					c.writers[cl.key] = true
				}
			case opUnlock, opRUnlock:
				c.unlockIn[r.key()] = append(c.unlockIn[r.key()], fn)
			}
		}
		return true
	})
}

// isLocal reports whether v is a local variable or parameter.
func isLocal(v *types.Var) bool {
	return !isPackageLevel(v) && !v.IsField()
}
