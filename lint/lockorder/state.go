package lockorder

import (
	"go/token"
	"slices"
	"strings"
)

// A hold is a mutex a goroutine may hold at some point of a function.
type hold struct {
	ref  ref
	key  refKey // ref.key(); its root is nil once the variable is reassigned
	read bool
	// site is the Lock call, or the call of a function of the package that
	// returns with the mutex locked (via names that function).
	site token.Pos
	via  string
}

// known reports whether the hold still names its mutex: the variable it
// was locked through has not been assigned since.
func (h hold) known() bool { return h.key.root != nil }

// state is what the analysis knows at a point of a function.
type state struct {
	// must holds the mutexes locked on every path to the point and not
	// unlocked since; may, those locked on some path.
	must, may []hold
	// released are the mutexes unlocked on some path without having been
	// locked before on it: locks the caller holds, which the function
	// releases (directly, or with a deferred Unlock).
	released []ref
	// deferred are the mutexes whose unlock is deferred on some path.
	deferred []refKey
}

func (s *state) clone() *state {
	return &state{
		must:     slices.Clone(s.must),
		may:      slices.Clone(s.may),
		released: slices.Clone(s.released),
		deferred: slices.Clone(s.deferred),
	}
}

// holding returns the hold of must on the mutex k, if any.
func holding(hs []hold, k refKey) (hold, bool) {
	for _, h := range hs {
		if h.known() && h.key == k {
			return h, true
		}
	}
	return hold{}, false
}

func (s *state) lock(h hold) {
	if _, ok := holding(s.must, h.key); !ok {
		s.must = append(s.must, h)
	}
	if !slices.ContainsFunc(s.may, func(m hold) bool { return m.key == h.key && m.read == h.read && m.site == h.site }) {
		s.may = append(s.may, h)
	}
}

// unlock applies Unlock (or RUnlock, read) of r.
func (s *state) unlock(r ref, read bool) {
	k := r.key()
	if _, ok := holding(s.must, k); !ok && !slices.ContainsFunc(s.released, func(x ref) bool { return x.key() == k }) {
		s.released = append(s.released, r)
	}
	s.must = dropHolds(s.must, k, read)
	s.may = dropHolds(s.may, k, read)
}

// dropHolds removes the holds of k of the given kind, or of either kind
// when there is none of that kind (an Unlock that matches an RLock).
func dropHolds(hs []hold, k refKey, read bool) []hold {
	match := func(h hold) bool { return h.known() && h.key == k && h.read == read }
	if !slices.ContainsFunc(hs, match) {
		match = func(h hold) bool { return h.known() && h.key == k }
	}
	return slices.DeleteFunc(slices.Clone(hs), match)
}

// forget applies an assignment to the variable or field p: the mutexes
// named through it are not the ones locked before.
func (s *state) forget(p refKey) {
	if !s.mentions(p) {
		return
	}
	s.must = slices.DeleteFunc(slices.Clone(s.must), func(h hold) bool { return h.known() && h.ref.hasPrefix(p) })
	may := slices.Clone(s.may)
	for i, h := range may {
		if h.known() && h.ref.hasPrefix(p) {
			may[i].key.root = nil
		}
	}
	s.may = may
	s.released = slices.DeleteFunc(slices.Clone(s.released), func(r ref) bool { return r.hasPrefix(p) })
	s.deferred = slices.DeleteFunc(slices.Clone(s.deferred), func(k refKey) bool {
		return k.root == p.root && (k.path == p.path || strings.HasPrefix(k.path, p.path+"."))
	})
}

func (s *state) mentions(p refKey) bool {
	for _, h := range s.may {
		if h.key.root == p.root {
			return true
		}
	}
	for _, r := range s.released {
		if r.root == p.root {
			return true
		}
	}
	return slices.ContainsFunc(s.deferred, func(k refKey) bool { return k.root == p.root })
}

// join merges other, the state at the end of another path, into s and
// reports whether s changed.
func (s *state) join(other *state) bool {
	changed := false
	must := s.must[:0:0]
	for _, h := range s.must {
		if slices.ContainsFunc(other.must, func(o hold) bool { return o.key == h.key && o.read == h.read }) {
			must = append(must, h)
		} else {
			changed = true
		}
	}
	s.must = must
	for _, h := range other.may {
		if !slices.ContainsFunc(s.may, func(m hold) bool { return m.key == h.key && m.read == h.read && m.site == h.site }) {
			s.may = append(s.may, h)
			changed = true
		}
	}
	for _, r := range other.released {
		k := r.key()
		if !slices.ContainsFunc(s.released, func(x ref) bool { return x.key() == k }) {
			s.released = append(s.released, r)
			changed = true
		}
	}
	for _, k := range other.deferred {
		if !slices.Contains(s.deferred, k) {
			s.deferred = append(s.deferred, k)
			changed = true
		}
	}
	return changed
}

func (s *state) releasedKey(k refKey) bool {
	return slices.ContainsFunc(s.released, func(r ref) bool { return r.key() == k })
}
