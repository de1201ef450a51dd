// Package boxed has, for each way a value goes into an interface, a type
// whose unexported method code out of sight may then call, and types that
// never go into one, whose methods run only where the package calls them.
package boxed

import "fmt"

type assigned struct{}

func (assigned) m() {} // want "open"

type declared struct{}

func (*declared) m() {} // want "open"

type passed struct{}

func (passed) m() {} // want "open"

type variadic struct{}

func (variadic) m() {} // want "open"

type returned struct{}

func (returned) m() {} // want "open"

type tupled struct{}

func (tupled) m() {} // want "open"

type inStruct struct{}

func (inStruct) m() {} // want "open"

type inSlice struct{}

func (inSlice) m() {} // want "open"

type inMap struct{}

func (inMap) m() {} // want "open"

type sent struct{}

func (sent) m() {} // want "open"

type converted struct{}

func (converted) m() {} // want "open"

type typeArg struct{}

func (typeArg) m() {} // want "open"

type embedded struct{}

func (embedded) m() {} // want "open"

type outer struct{ embedded }

type used struct{}

func (used) m() {} // want "open"

// Never in an interface: only this package calls its methods.
type kept struct{ n int }

func (k *kept) m() int { return k.n }

func (k kept) value() kept { return k }

type holder struct {
	any  any
	list []any
	byID map[string]any
	k    *kept
}

type iface interface{ m() }

func take(any)               {}
func takeAll(...any)         {}
func takeKept(*kept)         {}
func pair() (any, error)     { return tupled{}, nil }
func generic[T any](T)       {}
func give() iface            { return returned{} }
func keepIt() (*kept, error) { return &kept{}, nil }

func use() {
	var i iface
	i = assigned{}
	var d iface = &declared{}
	take(passed{})
	takeAll(1, variadic{})
	h := holder{any: inStruct{}, list: []any{inSlice{}}, byID: map[string]any{"x": inMap{}}}
	ch := make(chan any, 1)
	ch <- sent{}
	_ = iface(converted{})
	generic(typeArg{})
	o := outer{}
	fmt.Println(o)
	used{}.m()
	var f func() = used{}.m
	k := &kept{}
	k2, _ := keepIt()
	takeKept(k)
	h.k = k2
	_ = k.value()
	_, _, _, _, _, _ = i, d, h, f, give, pair
}
