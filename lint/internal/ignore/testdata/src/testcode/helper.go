package testcode

import "testing"

// A test helper kept outside _test.go files is test code too.
func helper(t *testing.T) {
	t.Helper()
	bad() // want `call of bad`
}
