package lockorder

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/types/typeutil"
)

// op is what a call does to a mutex.
type op int

const (
	opNone op = iota
	opLock
	opRLock
	opUnlock
	opRUnlock
	opTryLock
	opTryRLock
)

func (o op) read() bool { return o == opRLock || o == opRUnlock || o == opTryRLock }

// mutexOp classifies call as a method of a sync.Mutex or sync.RWMutex
// value — not of a sync.Locker interface, whose dynamic type is unknown,
// but for the L of a Cond made from a known mutex (see condLocker) — and
// returns the mutex it works on. ok is false for any other call, and
// for a mutex the check cannot name (an element of a map, the result of a
// call).
func (c *checker) mutexOp(call *ast.CallExpr) (o op, r ref, ok bool) {
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !isSel {
		return opNone, ref{}, false
	}
	switch sel.Sel.Name {
	case "Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock":
	default:
		return opNone, ref{}, false // most calls: no need to look at types
	}
	fn, isFn := typeutil.Callee(c.info, call).(*types.Func)
	if !isFn || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return opNone, ref{}, false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv != nil && concur.IsNamed(recv.Type(), "sync", "Locker") {
		return c.condLocker(call, sel)
	}
	if recv == nil || !(concur.IsNamed(recv.Type(), "sync", "Mutex") || concur.IsNamed(recv.Type(), "sync", "RWMutex")) {
		return opNone, ref{}, false
	}
	switch fn.Name() {
	case "Lock":
		o = opLock
	case "RLock":
		o = opRLock
	case "Unlock":
		o = opUnlock
	case "RUnlock":
		o = opRUnlock
	case "TryLock":
		o = opTryLock
	case "TryRLock":
		o = opTryRLock
	default:
		return opNone, ref{}, false
	}
	r, ok = c.receiverRef(sel)
	return o, r, ok
}

// isUnlockValue reports whether sel is a mutex's Unlock or RUnlock method
// used as a value (unlock := mu.Unlock, return mu.Unlock), not called: the
// lock is handed to whoever calls it.
func (c *checker) isUnlockValue(sel *ast.SelectorExpr) (ref, bool) {
	s, ok := c.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return ref{}, false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" || (fn.Name() != "Unlock" && fn.Name() != "RUnlock") {
		return ref{}, false
	}
	return c.receiverRef(sel)
}

// A step is one field selection on the way from a variable to a mutex.
type step struct {
	field *types.Var
	owner types.Type // the struct type holding field
	// deref is set when the field is selected through a pointer: what
	// holds it is shared, not copied with the variable.
	deref bool
}

// A ref names a mutex within one function: a variable and the fields
// selected from it, s.mu or s.cache.Mutex (for a mutex embedded in a
// field). Two refs with the same key name the same mutex as long as the
// variable is not assigned in between.
type ref struct {
	root  *types.Var
	steps []step
	path  string // the field names: ".mu", ".cache.Mutex"
}

func (r ref) valid() bool { return r.root != nil }

// key identifies the mutex: the variable's identity and the field path.
func (r ref) key() refKey { return refKey{r.root, r.path} }

type refKey struct {
	root *types.Var
	path string
}

// String is the mutex as the source spells it, embedded fields included:
// s.mu, c.Mutex.
func (r ref) String() string {
	if r.root == nil {
		return "?"
	}
	return r.root.Name() + r.path
}

// extend returns r followed by the field selections of index, starting
// from a value of type t (the type r names).
func (r ref) extend(t types.Type, index []int) (ref, bool) {
	steps := slices.Clip(r.steps)
	path := r.path
	for _, i := range index {
		deref := false
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t, deref = p.Elem(), true
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return ref{}, false
		}
		f := st.Field(i)
		steps = append(steps, step{field: f.Origin(), owner: t, deref: deref})
		path += "." + f.Name()
		t = f.Type()
	}
	return ref{root: r.root, steps: steps, path: path}, true
}

// class is what the lock order compares across functions: the field that
// declares the mutex (Store.mu, or the sync.Mutex embedded in Store), or
// the package-level variable. Every Store's mu is one class: taking two
// classes in opposite orders can deadlock whichever instances meet. A
// mutex embedded in a type used by a named field, as in users.Lock() for
// a field users of type lockedMap, is told apart by that field. A mutex
// that is a local variable or a parameter itself has no class.
func (r ref) class() lockClass {
	n := len(r.steps)
	if r.root == nil {
		return lockClass{}
	}
	if n == 0 {
		if isPackageLevel(r.root) {
			return lockClass{key: fmt.Sprintf("%p", r.root), name: r.root.Pkg().Name() + "." + r.root.Name()}
		}
		return lockClass{}
	}
	steps := r.steps[n-1:]
	if last := steps[0]; n > 1 && last.field.Embedded() && !last.deref && !r.steps[n-2].field.Embedded() {
		steps = r.steps[n-2:]
	}
	var key, name strings.Builder
	name.WriteString(typeName(steps[0].owner))
	for i, s := range steps {
		fmt.Fprintf(&key, "%p.", s.field)
		if i < len(steps)-1 || !s.field.Embedded() || len(steps) == 1 {
			name.WriteString("." + s.field.Name())
		}
	}
	return lockClass{key: key.String(), name: name.String()}
}

// A lockClass groups the mutexes declared by one field (of every value of
// the struct type), or one package-level variable.
type lockClass struct {
	key  string // identity; empty when the mutex has no class
	name string // for messages: Store.mu
}

func (c lockClass) valid() bool { return c.key != "" }

// typeName names the struct type that holds a field: its declared name,
// or "struct" for an anonymous one.
func typeName(t types.Type) string {
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return "struct"
}

// inline reports whether the mutex is stored in the variable's own value,
// reached without a pointer: a copy of the variable has a mutex of its own.
func (r ref) inline() bool {
	if _, ok := r.root.Type().Underlying().(*types.Pointer); ok {
		return false
	}
	for _, s := range r.steps {
		if s.deref {
			return false
		}
	}
	return true
}

// hasPrefix reports whether r is p or a mutex reached through p's fields.
func (r ref) hasPrefix(p refKey) bool {
	k := r.key()
	return k.root == p.root && (k.path == p.path || strings.HasPrefix(k.path, p.path+"."))
}

func isPackageLevel(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// refOf names the variable or field expression e denotes: x, s.mu, p.a.b,
// (*p).mu, &s.mu. ok is false for anything else.
func (c *checker) refOf(e ast.Expr) (ref, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := c.info.ObjectOf(e).(*types.Var)
		if !ok || v.IsField() {
			return ref{}, false
		}
		return ref{root: v}, true
	case *ast.SelectorExpr:
		s, ok := c.info.Selections[e]
		if !ok {
			// A package-qualified variable: otherpkg.Mu.
			if v, ok := c.info.Uses[e.Sel].(*types.Var); ok && !v.IsField() {
				return ref{root: v}, true
			}
			return ref{}, false
		}
		if s.Kind() != types.FieldVal {
			return ref{}, false
		}
		base, ok := c.refOf(e.X)
		if !ok {
			return ref{}, false
		}
		return base.extend(s.Recv(), s.Index())
	case *ast.StarExpr:
		return c.refOf(e.X)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.refOf(e.X)
		}
	}
	return ref{}, false
}

// receiverRef names the receiver of the method selected by sel, including
// the embedded fields a promoted method is reached through: for c.Lock()
// where c embeds sync.Mutex, c.Mutex.
func (c *checker) receiverRef(sel *ast.SelectorExpr) (ref, bool) {
	s, ok := c.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return ref{}, false
	}
	base, ok := c.refOf(sel.X)
	if !ok {
		return ref{}, false
	}
	index := s.Index()
	return base.extend(s.Recv(), index[:len(index)-1])
}
