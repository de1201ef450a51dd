package locks

import (
	"go/token"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/model"
)

// A Hold is a mutex a goroutine may hold at some point of a function.
type Hold struct {
	Ref  model.Ref
	Key  model.RefKey // Ref.Key(); its Root is nil once the variable is reassigned
	Read bool
	// Site is the Lock call, or the call of a function of the package that
	// returns with the mutex locked (Via names that function).
	Site token.Pos
	Via  string
}

// known reports whether the hold still names its mutex: the variable it
// was locked through has not been assigned since.
func (h Hold) known() bool { return h.Key.Root != nil }

// State is what the analysis knows at a point of a function.
type State struct {
	// Must holds the mutexes locked on every path to the point and not
	// unlocked since; May, those locked on some path.
	Must, May []Hold
	// Released are the mutexes unlocked on some path without having been
	// locked before on it: locks the caller holds, which the function
	// releases (directly, or with a deferred Unlock).
	Released []model.Ref
	// Deferred are the mutexes whose unlock is deferred on some path.
	Deferred []model.RefKey
	// Taken are the mutexes locked, directly or in a call, on some path to
	// the point, whether held still or not; Written, those of them locked
	// for writing (Lock, not RLock) on some path.
	Taken   []model.Ref
	Written []model.RefKey
}

func (s *State) clone() *State {
	return &State{
		Must:     slices.Clone(s.Must),
		May:      slices.Clone(s.May),
		Released: slices.Clone(s.Released),
		Deferred: slices.Clone(s.Deferred),
		Taken:    slices.Clone(s.Taken),
		Written:  slices.Clone(s.Written),
	}
}

// holding returns the hold of must on the mutex k, if any.
func holding(hs []Hold, k model.RefKey) (Hold, bool) {
	for _, h := range hs {
		if h.known() && h.Key == k {
			return h, true
		}
	}
	return Hold{}, false
}

func (s *State) lock(h Hold) {
	s.take(h.Ref, !h.Read)
	if _, ok := holding(s.Must, h.Key); !ok {
		s.Must = append(s.Must, h)
	}
	if !slices.ContainsFunc(s.May, func(m Hold) bool { return m.Key == h.Key && m.Read == h.Read && m.Site == h.Site }) {
		s.May = append(s.May, h)
	}
}

// unlock applies Unlock (or RUnlock, read) of r.
func (s *State) unlock(r model.Ref, read bool) {
	k := r.Key()
	_, held := holding(s.Must, k)
	if !held && !slices.ContainsFunc(s.Released, func(x model.Ref) bool { return x.Key() == k }) {
		s.Released = append(s.Released, r)
	}
	s.Must = dropHolds(s.Must, k, read)
	s.May = dropHolds(s.May, k, read)
	if !held {
		// The same field reached another way (s.client.mu unlocked by a
		// callee while client.mu is held) may be the same mutex: what
		// the code shows no longer says it is held.
		aliased := func(h Hold) bool { return h.known() && sameField(h.Ref, r) }
		s.Must = slices.DeleteFunc(s.Must, aliased)
		s.May = slices.DeleteFunc(s.May, aliased)
	}
}

// deferUnlock records an Unlock of k deferred to the function's return.
func (s *State) deferUnlock(k model.RefKey) {
	if !slices.Contains(s.Deferred, k) {
		s.Deferred = append(s.Deferred, k)
	}
}

// sameField reports whether a and b end in the same field of a struct
// reached through a pointer: two paths to what may be one mutex.
func sameField(a, b model.Ref) bool {
	if len(a.Steps) == 0 || len(b.Steps) == 0 {
		return false
	}
	x, y := a.Steps[len(a.Steps)-1], b.Steps[len(b.Steps)-1]
	return x.Field == y.Field && x.Deref && y.Deref
}

// dropHolds removes the holds of k of the given kind, or of either kind
// when there is none of that kind (an Unlock that matches an RLock).
func dropHolds(hs []Hold, k model.RefKey, read bool) []Hold {
	match := func(h Hold) bool { return h.known() && h.Key == k && h.Read == read }
	if !slices.ContainsFunc(hs, match) {
		match = func(h Hold) bool { return h.known() && h.Key == k }
	}
	return slices.DeleteFunc(slices.Clone(hs), match)
}

// forget applies an assignment to the variable or field p: the mutexes
// named through it are not the ones locked before.
func (s *State) forget(p model.RefKey) {
	if !s.mentions(p) {
		return
	}
	s.Must = slices.DeleteFunc(slices.Clone(s.Must), func(h Hold) bool { return h.known() && h.Ref.HasPrefix(p) })
	may := slices.Clone(s.May)
	for i, h := range may {
		if h.known() && h.Ref.HasPrefix(p) {
			may[i].Key.Root = nil
		}
	}
	s.May = may
	s.Released = slices.DeleteFunc(slices.Clone(s.Released), func(r model.Ref) bool { return r.HasPrefix(p) })
	s.Deferred = slices.DeleteFunc(slices.Clone(s.Deferred), func(k model.RefKey) bool {
		return k.Root == p.Root && (k.Path == p.Path || strings.HasPrefix(k.Path, p.Path+"."))
	})
}

func (s *State) mentions(p model.RefKey) bool {
	for _, h := range s.May {
		if h.Key.Root == p.Root {
			return true
		}
	}
	for _, r := range s.Released {
		if r.Root == p.Root {
			return true
		}
	}
	return slices.ContainsFunc(s.Deferred, func(k model.RefKey) bool { return k.Root == p.Root })
}

// join merges other, the state at the end of another path, into s and
// reports whether s changed.
func (s *State) join(other *State) bool {
	changed := false
	must := s.Must[:0:0]
	for _, h := range s.Must {
		if slices.ContainsFunc(other.Must, func(o Hold) bool { return o.Key == h.Key && o.Read == h.Read }) {
			must = append(must, h)
		} else {
			changed = true
		}
	}
	s.Must = must
	for _, h := range other.May {
		if !slices.ContainsFunc(s.May, func(m Hold) bool { return m.Key == h.Key && m.Read == h.Read && m.Site == h.Site }) {
			s.May = append(s.May, h)
			changed = true
		}
	}
	for _, r := range other.Released {
		k := r.Key()
		if !slices.ContainsFunc(s.Released, func(x model.Ref) bool { return x.Key() == k }) {
			s.Released = append(s.Released, r)
			changed = true
		}
	}
	for _, r := range other.Taken {
		if !slices.ContainsFunc(s.Taken, func(t model.Ref) bool { return t.Key() == r.Key() }) {
			s.Taken = append(s.Taken, r)
			changed = true
		}
	}
	for _, k := range other.Written {
		if !slices.Contains(s.Written, k) {
			s.Written = append(s.Written, k)
			changed = true
		}
	}
	for _, k := range other.Deferred {
		if !slices.Contains(s.Deferred, k) {
			s.Deferred = append(s.Deferred, k)
			changed = true
		}
	}
	return changed
}

func (s *State) releasedKey(k model.RefKey) bool {
	return slices.ContainsFunc(s.Released, func(r model.Ref) bool { return r.Key() == k })
}

// take notes that the mutex r is locked on the path, for writing or not.
func (s *State) take(r model.Ref, write bool) {
	if !r.Valid() {
		return
	}
	if !slices.ContainsFunc(s.Taken, func(t model.Ref) bool { return t.Key() == r.Key() }) {
		s.Taken = append(s.Taken, r)
	}
	if write && !slices.Contains(s.Written, r.Key()) {
		s.Written = append(s.Written, r.Key())
	}
}

// Holding returns the hold of must on the mutex k, if any.
func Holding(hs []Hold, k model.RefKey) (Hold, bool) { return holding(hs, k) }
