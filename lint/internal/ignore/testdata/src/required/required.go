package required

func bad() {}

// flagbad runs only as another check's prerequisite: the problems of
// these directives are the running check's to report, even the name that
// is nearest to flagbad's.
func directives() {
	//leash:ignore all the caller holds the lock
	//leash:ignore flagbda the caller holds the lock
	// leash:ignore flagbad the caller holds the lock
	bad() // want `call of bad`
}
