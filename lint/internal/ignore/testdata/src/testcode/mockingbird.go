package testcode

// A name that only begins like a mock's is the package proper.
func sing() {
	bad() // want `call of bad`
}
