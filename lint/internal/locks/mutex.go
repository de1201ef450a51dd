package locks

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/model"
)

// mutexOp returns what call does to a mutex, and the mutex, named: a
// method of a sync.Mutex or sync.RWMutex value, or the L of a Cond made
// from a known mutex (see condLocker). ok is false for any other call,
// for a mutex the model cannot name, and for a sync.Locker whose dynamic
// value is unknown.
func (a *Analysis) mutexOp(call *ast.CallExpr) (k model.LockKind, r model.Ref, ok bool) {
	op := a.lockOps[call]
	if op == nil {
		return 0, model.Ref{}, false
	}
	if op.Locker {
		return a.condLocker(call)
	}
	return op.Kind, op.Ref, op.Ref.Valid()
}

// A lockClass groups the mutexes declared by one field (of every value of
// the struct type), or one package-level variable.
type lockClass struct {
	key  string // identity; empty when the mutex has no class
	name string // for messages: Store.mu
}

// Class is what the lock order compares across functions: the field that
// declares the mutex (Store.mu, or the sync.Mutex embedded in Store), or
// the package-level variable. Every Store's mu is one class: taking two
// classes in opposite orders can deadlock whichever instances meet. A
// mutex embedded in a type used by a named field, as in users.Lock() for
// a field users of type lockedMap, is told apart by that field. A mutex
// that is a local variable or a parameter itself has no class.
func Class(r model.Ref) (key, name string) {
	c := class(r)
	return c.key, c.name
}

func class(r model.Ref) lockClass {
	n := len(r.Steps)
	if r.Root == nil {
		return lockClass{}
	}
	if n == 0 {
		if isPackageLevel(r.Root) {
			return lockClass{key: fmt.Sprintf("%p", r.Root), name: r.Root.Pkg().Name() + "." + r.Root.Name()}
		}
		return lockClass{}
	}
	steps := r.Steps[n-1:]
	if last := steps[0]; n > 1 && last.Field.Embedded() && !last.Deref && !r.Steps[n-2].Field.Embedded() {
		steps = r.Steps[n-2:]
	}
	var key, name strings.Builder
	name.WriteString(typeName(steps[0].Owner))
	for i, s := range steps {
		fmt.Fprintf(&key, "%p.", s.Field)
		if i < len(steps)-1 || !s.Field.Embedded() || len(steps) == 1 {
			name.WriteString("." + s.Field.Name())
		}
	}
	return lockClass{key: key.String(), name: name.String()}
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

// Display spells a mutex as the source does: s.mu, or s.cache for a mutex
// embedded in the field cache (locked as s.cache.Lock()).
func Display(r model.Ref) string {
	s := r.String()
	if n := len(r.Steps); n > 1 && r.Steps[n-1].Field.Embedded() {
		s = strings.TrimSuffix(s, "."+r.Steps[n-1].Field.Name())
	}
	return s
}

func isPackageLevel(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// IsLocal reports whether v is a local variable or parameter.
func IsLocal(v *types.Var) bool {
	return !isPackageLevel(v) && !v.IsField()
}
