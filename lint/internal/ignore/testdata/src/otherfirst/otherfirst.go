package otherfirst

func bad() {}

// The check other comes first and runs: it reports what concerns no check
// in particular, and the directive that names it.
func all() {
	//leash:ignore all the caller holds the lock
	bad() // want `call of bad`
}

func spaced() {
	// leash:ignore other,flagbad the caller holds the lock
	bad() // want `call of bad`
}
