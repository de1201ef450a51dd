package paths

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Known reports the value a branch condition has every time it is tested,
// when the types alone show it: a boolean constant (if false, or if debug
// with const debug = false), or an unsigned integer compared with zero —
// n < 0 never holds and n >= 0 always does. Such a test guards code that
// never runs (a uint from bitset's NextClear tested below zero, say), and a
// path through it is no path.
func Known(info *types.Info, cond ast.Expr) (value, ok bool) {
	cond = ast.Unparen(cond)
	if tv, ok := info.Types[cond]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
		return constant.BoolVal(tv.Value), true
	}
	b, isBinary := cond.(*ast.BinaryExpr)
	if !isBinary {
		return false, false
	}
	x, op, y := b.X, b.Op, b.Y
	if isZero(info, x) {
		// 0 > n reads n < 0; 0 <= n reads n >= 0.
		x, y = y, x
		switch op {
		case token.GTR:
			op = token.LSS
		case token.LEQ:
			op = token.GEQ
		default:
			return false, false
		}
	}
	if !isZero(info, y) || !isUnsigned(info.TypeOf(x)) {
		return false, false
	}
	switch op {
	case token.LSS:
		return false, true
	case token.GEQ:
		return true, true
	}
	return false, false
}

// isZero reports whether e is the constant 0.
func isZero(info *types.Info, e ast.Expr) bool {
	n, ok := IntConst(info, e)
	return ok && n == 0
}

// isUnsigned reports whether t is an unsigned integer type: a value of it
// is never below zero.
func isUnsigned(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsUnsigned != 0
}
