package otheroff

func bad() {}

// The check other comes first but does not run: flagbad reports in its
// place.
func all() {
	//leash:ignore all the caller holds the lock // want `does not take all`
	bad() // want `call of bad`
}

func spaced() {
	// leash:ignore other,flagbad the caller holds the lock // want `is not read as a directive`
	bad() // want `call of bad`
}
