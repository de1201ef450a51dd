package unboundedgo

import (
	"go/ast"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// declaresMax reports whether x is a field whose struct tag declares a
// largest length for it — validate:"required,max=20" (go-playground's
// validator, as echo's Validate and most handlers use it) or gin's
// binding:"max=20", or lte= or len= in either:
//
//	type BatchRequest struct {
//		Accounts []string `json:"accounts" validate:"required,max=20"`
//	}
//
// The program chose the bound and wrote it where the request type is
// declared; the validator turns a larger request away before the handler
// sees it, as an explicit if len(req.Accounts) > 20 would (see
// sizeChecked). Rules after dive apply to the elements, not the length.
func declaresMax(info *types.Info, x ast.Expr) bool {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return false
	}
	recv := s.Recv()
	if p, ok := recv.Underlying().(*types.Pointer); ok {
		recv = p.Elem()
	}
	// The field may be promoted from an embedded struct: follow the path.
	idx := s.Index()
	for i, fi := range idx {
		st, ok := recv.Underlying().(*types.Struct)
		if !ok || fi >= st.NumFields() {
			return false
		}
		if i == len(idx)-1 {
			return tagDeclaresMax(st.Tag(fi))
		}
		recv = st.Field(fi).Type()
		if p, ok := recv.Underlying().(*types.Pointer); ok {
			recv = p.Elem()
		}
	}
	return false
}

// tagDeclaresMax reports whether a struct tag's validate or binding rules
// bound the field's length.
func tagDeclaresMax(tag string) bool {
	for _, key := range []string{"validate", "binding"} {
		for _, rule := range strings.Split(reflect.StructTag(tag).Get(key), ",") {
			if rule == "dive" {
				break
			}
			name, n, ok := strings.Cut(rule, "=")
			if !ok || name != "max" && name != "lte" && name != "len" {
				continue
			}
			if _, err := strconv.Atoi(n); err == nil {
				return true
			}
		}
	}
	return false
}
