// Package assert is a stub of github.com/stretchr/testify/assert.
package assert

// TestingT is what the assertions report to.
type TestingT interface {
	Errorf(format string, args ...any)
}

// Fail marks the test failed.
func Fail(t TestingT, failure string, msgAndArgs ...any) bool {
	t.Errorf("%s", failure)
	return false
}

// Failf marks the test failed.
func Failf(t TestingT, failure string, msg string, args ...any) bool {
	t.Errorf("%s", failure)
	return false
}

// NoError marks the test failed when err is not nil.
func NoError(t TestingT, err error, msgAndArgs ...any) bool {
	if err != nil {
		t.Errorf("%v", err)
		return false
	}
	return true
}
