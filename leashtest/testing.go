package leashtest

import (
	"reflect"
	"testing"
)

// What leashtest reads from package testing beyond its API. testing does not
// say whether a test runs in parallel, how many cleanups it has registered,
// or let code run at the start of each test; leashtest needs the three, and
// reads them from testing's own fields. Each is looked up by name and type,
// and where a Go release has changed them the answer is "unknown", which
// leashtest treats as the cautious case: a test that may run in parallel, no
// hint about cleanups, and no check of its own for each test under Main (see
// Main). TestTestingInternals fails on such a release.

var (
	tType  = reflect.TypeFor[testing.T]()
	bType  = reflect.TypeFor[testing.B]()
	fType  = reflect.TypeFor[testing.F]()
	tbType = reflect.TypeFor[testing.TB]()
)

// commonOf returns the fields testing keeps for tb, the unexported struct
// that testing.T, B and F embed, also when tb wraps one of them by embedding
// it (as a testing.TB or a *testing.T). The value can be read, not set.
func commonOf(tb testing.TB) (reflect.Value, bool) {
	v := reflect.ValueOf(tb)
	for range 4 { // wrappers of wrappers, but not forever
		for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		switch v.Type() {
		case tType, bType, fType:
			c := v.FieldByName("common")
			return c, c.Kind() == reflect.Struct
		}
		next := reflect.Value{}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.Anonymous && f.Type.Implements(tbType) {
				next = v.Field(i)
				break
			}
		}
		if !next.IsValid() {
			return reflect.Value{}, false
		}
		v = next
	}
	return reflect.Value{}, false
}

// parallel reports whether tb, or a test it is a subtest of, called
// t.Parallel: then other tests may run at the same time. known is false
// when testing's fields could not be read.
func parallel(tb testing.TB) (isParallel, known bool) {
	c, ok := commonOf(tb)
	for ok {
		p := c.FieldByName("isParallel")
		parent := c.FieldByName("parent")
		if p.Kind() != reflect.Bool || parent.Kind() != reflect.Pointer {
			return false, false
		}
		if p.Bool() {
			return true, true
		}
		if parent.IsNil() {
			return false, true
		}
		c = parent.Elem()
		ok = c.Kind() == reflect.Struct
	}
	return false, false
}

// cleanupsRegistered returns how many functions tb has registered with
// Cleanup and not yet run. known is false when testing's fields could not
// be read, and when tb is not a *testing.T, B or F: a wrapper may keep
// cleanups of its own.
func cleanupsRegistered(tb testing.TB) (n int, known bool) {
	switch tb.(type) {
	case *testing.T, *testing.B, *testing.F:
	default:
		return 0, false
	}
	c, ok := commonOf(tb)
	if !ok {
		return 0, false
	}
	cleanups := c.FieldByName("cleanups")
	if cleanups.Kind() != reflect.Slice {
		return 0, false
	}
	return cleanups.Len(), true
}

// testsOf returns the top-level tests m runs, to be changed before m.Run, or
// nil when they cannot be reached.
func testsOf(m *testing.M) *[]testing.InternalTest {
	v := reflect.ValueOf(m).Elem().FieldByName("tests")
	if !v.IsValid() || v.Type() != reflect.TypeFor[[]testing.InternalTest]() || !v.CanAddr() {
		return nil
	}
	return (*[]testing.InternalTest)(v.Addr().UnsafePointer())
}

// rootOf returns the test that runs the top-level tests as its subtests,
// of which t is one: its cleanups run once every top-level test, parallel
// ones included, has ended, and before testing decides between PASS and
// FAIL; a failure there fails the run. It returns nil when testing's
// fields say otherwise than expected: T's first field is its common
// fields, so that the root's common fields are the root T.
func rootOf(t *testing.T) *testing.T {
	if f := tType.Field(0); f.Name != "common" || f.Offset != 0 || !f.Anonymous {
		return nil
	}
	c, ok := commonOf(t)
	if !ok {
		return nil
	}
	parent := c.FieldByName("parent")
	if parent.Kind() != reflect.Pointer || parent.IsNil() {
		return nil // t is not a subtest
	}
	for {
		root := parent.Elem()
		next := root.FieldByName("parent")
		if next.Kind() != reflect.Pointer {
			return nil
		}
		if next.IsNil() {
			if root.FieldByName("name").String() != "" {
				return nil // not the unnamed test that runs the others
			}
			return (*testing.T)(parent.UnsafePointer())
		}
		parent = next
	}
}
