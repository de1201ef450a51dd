// Package assert is an assertion library of its own, shaped like
// testify's: it stands for the test by an interface, not *testing.T.
package assert

// TestingT is the part of a test the assertions use.
type TestingT interface {
	Helper()
	Errorf(format string, args ...any)
}

// Fail marks the test failed.
func Fail(t TestingT, msg string) bool {
	t.Helper()
	t.Errorf("%s", msg)
	return false
}
