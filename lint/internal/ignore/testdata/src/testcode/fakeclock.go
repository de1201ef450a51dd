package testcode

// A fake, likewise.
func fakeNow() {
	bad() // want `call of bad`
}
