package testcode

// A mock kept outside _test.go files, named as mocks are, stands in for
// real code in tests: test code too.
type mockStore struct{}

func (mockStore) Put() {
	bad() // want `call of bad`
}
