package model

import "go/ast"

// StmtList returns the statement list n holds directly — a block's, or a
// case's or select case's body — and false for any other node. The checks
// walk up to such a list to find what runs before or after a statement.
func StmtList(n ast.Node) ([]ast.Stmt, bool) {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List, true
	case *ast.CaseClause:
		return n.Body, true
	case *ast.CommClause:
		return n.Body, true
	}
	return nil, false
}

// StmtIndex returns the index of n in list, or -1 when n is not one of its
// statements.
func StmtIndex(list []ast.Stmt, n ast.Node) int {
	for i, s := range list {
		if s == n {
			return i
		}
	}
	return -1
}

// StmtValue returns the one expression a simple statement evaluates for
// its value: x in an expression statement, the right-hand side of an
// assignment with one (v := <-ch, _ = g.Wait()); nil for any other.
func StmtValue(st ast.Stmt) ast.Expr {
	switch st := st.(type) {
	case *ast.ExprStmt:
		return st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			return st.Rhs[0]
		}
	}
	return nil
}
