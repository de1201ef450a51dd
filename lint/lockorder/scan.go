package lockorder

import (
	"go/ast"
	"go/types"
)

// scanCall records what a call that fn makes does to a mutex, for the
// questions that span functions: which classes and variables are
// write-locked, and which functions lock and unlock each mutex.
func (c *checker) scanCall(call *ast.CallExpr, fn ast.Node) {
	o, r, ok := c.mutexOp(call)
	if !ok {
		return
	}
	k := r.key()
	switch o {
	case opLock, opRLock, opTryLock, opTryRLock:
		c.lockIn[k] = append(c.lockIn[k], fn)
	case opUnlock, opRUnlock:
		c.unlockIn[k] = append(c.unlockIn[k], fn)
	}
	if o == opLock || o == opTryLock {
		c.writerIn[r.root] = append(c.writerIn[r.root], fn)
		if cl := r.class(); cl.valid() {
			c.writers[cl.key] = true
		}
	}
}

// innermostFunc returns the innermost function declaration or literal in
// stack, or nil (a package-level initializer).
func innermostFunc(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return stack[i]
		}
	}
	return nil
}

// isLocal reports whether v is a local variable or parameter.
func isLocal(v *types.Var) bool {
	return !isPackageLevel(v) && !v.IsField()
}
