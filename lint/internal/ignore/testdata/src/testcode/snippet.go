package testcode

// Snippets kept compiling as documentation: a function literal assigned
// to the blank identifier can never be called, so its code never runs,
// and a check leaves what it would do to its audit rules. From:
// hatchet-dev/hatchet's examples.
var _ = func() {
	bad() // want `call of bad`
}

func documented() {
	_ = func() {
		bad() // want `call of bad`
	}
}
