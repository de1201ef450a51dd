package lockorder

import (
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
)

// outside tells which functions of a package code outside it may call
// directly: the roots of the goroutines the package's callers run.
type outside struct {
	p *model.Program
	// ifaces are the interfaces with methods that the package's code
	// mentions, by method name: a value converted to one may have its
	// methods called from anywhere.
	ifaces map[string][]*types.Interface
	// shown are the package's named types that its exported names show to
	// code outside; made when first needed.
	shown map[*types.Named]bool
}

func newOutside(p *model.Program) *outside {
	o := &outside{p: p, ifaces: make(map[string][]*types.Interface)}
	seen := make(map[types.Type]int) // the most depth each type was looked into with, plus one
	for _, tv := range p.Info.Types {
		if tv.Type != nil {
			o.collect(tv.Type, seen, 2)
		}
	}
	return o
}

// collect records the interfaces with methods in t: t itself, and, depth
// levels down, the parameters and results of a function (a value passed
// to http.Handle is an http.Handler), the fields of a struct
// (http.Server{Handler: h}) and the elements of pointers, slices, maps
// and channels.
func (o *outside) collect(t types.Type, seen map[types.Type]int, depth int) {
	if t == nil || seen[t] > depth {
		return
	}
	first := seen[t] == 0
	seen[t] = depth + 1
	switch u := t.Underlying().(type) {
	case *types.Interface:
		if first {
			for m := range u.Methods() {
				o.ifaces[m.Name()] = append(o.ifaces[m.Name()], u)
			}
		}
		return
	case *types.Signature:
		if depth > 0 {
			for v := range u.Params().Variables() {
				o.collect(v.Type(), seen, depth-1)
			}
			for v := range u.Results().Variables() {
				o.collect(v.Type(), seen, depth-1)
			}
		}
	case *types.Struct:
		if depth > 0 {
			for f := range u.Fields() {
				o.collect(f.Type(), seen, depth-1)
			}
		}
	case interface{ Elem() types.Type }: // pointer, slice, array, map, channel
		if depth > 0 {
			o.collect(u.Elem(), seen, depth-1)
		}
	}
}

// entry reports whether code outside the package may call f directly: an
// exported function (main and init too), a function used as a value, or
// an exported method that a caller can reach. A method of an unexported
// type is out of a caller's reach unless an exported name of the package
// shows the type (a constructor's result, an exported field, an embedding
// that promotes the method), or the type implements an interface the
// package mentions that has the method: a caller holds such a value only
// through one of those. Its calls come from the package's own code,
// and the goroutines that code runs in are the package's to show.
func (o *outside) entry(f *model.Func) bool {
	if f.Value {
		return true
	}
	if f.Decl == nil {
		return false
	}
	name := f.Decl.Name.Name
	if f.Decl.Recv == nil {
		return f.Decl.Name.IsExported() || name == "main" || name == "init"
	}
	if !f.Decl.Name.IsExported() {
		return false
	}
	fn, ok := o.p.Info.Defs[f.Decl.Name].(*types.Func)
	if !ok {
		return true
	}
	recv := fn.Signature().Recv().Type()
	if ptr, ok := recv.(*types.Pointer); ok {
		recv = ptr.Elem()
	}
	named, ok := types.Unalias(recv).(*types.Named)
	if !ok || named.Obj().Exported() {
		return true
	}
	return o.exposed(named.Origin()) || o.implements(named, fn)
}

// exposed reports whether code outside the package can hold a value of
// named: an exported function, method, variable, field or type of the
// package shows it (func New() *watcher), or an exported type embeds it,
// promoting its methods.
func (o *outside) exposed(named *types.Named) bool {
	if o.shown == nil {
		o.shown = make(map[*types.Named]bool)
		seen := make(map[types.Type]bool)
		scope := o.p.Pkg.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if !obj.Exported() {
				continue
			}
			o.show(obj.Type(), seen)
			if tn, ok := obj.(*types.TypeName); ok {
				ms := types.NewMethodSet(types.NewPointer(tn.Type()))
				for sel := range ms.Methods() {
					if sel.Obj().Exported() {
						o.show(sel.Type(), seen)
					}
				}
			}
		}
	}
	return o.shown[named]
}

// show records the named types of the package that t shows to code
// outside: t itself, the exported fields and embedded types of a struct,
// the parameters and results of a function, the elements of a pointer,
// slice, array, map or channel.
func (o *outside) show(t types.Type, seen map[types.Type]bool) {
	if t == nil || seen[t] {
		return
	}
	seen[t] = true
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if n.Obj().Pkg() != o.p.Pkg {
			return
		}
		o.shown[n.Origin()] = true
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for f := range u.Fields() {
			if f.Exported() || f.Embedded() {
				o.show(f.Type(), seen)
			}
		}
	case *types.Signature:
		for v := range u.Params().Variables() {
			o.show(v.Type(), seen)
		}
		for v := range u.Results().Variables() {
			o.show(v.Type(), seen)
		}
	case *types.Map:
		o.show(u.Key(), seen)
		o.show(u.Elem(), seen)
	case interface{ Elem() types.Type }: // pointer, slice, array, channel
		o.show(u.Elem(), seen)
	}
}

// implements reports whether named, or a pointer to it, implements an
// interface the package mentions that has fn's method.
func (o *outside) implements(named *types.Named, fn *types.Func) bool {
	for _, it := range o.ifaces[fn.Name()] {
		if types.Implements(named, it) || types.Implements(types.NewPointer(named), it) {
			return true
		}
	}
	return false
}
