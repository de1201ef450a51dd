// Package require is a stub of github.com/stretchr/testify/require.
package require

// TestingT is what the assertions report to; FailNow ends the test.
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

// Fail marks the test failed and ends it.
func Fail(t TestingT, failure string, msgAndArgs ...any) {
	t.Errorf("%s", failure)
	t.FailNow()
}

// Failf marks the test failed and ends it.
func Failf(t TestingT, failure string, msg string, args ...any) {
	t.Errorf("%s", failure)
	t.FailNow()
}

// NoError ends the test when err is not nil.
func NoError(t TestingT, err error, msgAndArgs ...any) {
	if err != nil {
		t.Errorf("%v", err)
		t.FailNow()
	}
}
