package suppressed

func bad() {}

func reported() {
	bad() // want `call of bad`
}

func sameLine() {
	bad() //leash:ignore flagbad the caller holds the lock
}

func lineAbove() {
	//leash:ignore flagbad,other checked by the caller
	bad()
}

func tooFarAbove() {
	//leash:ignore flagbad only reaches the next line // want `silences nothing`

	bad() // want `call of bad`
}

func otherCheck() {
	//leash:ignore other a different check's directive
	bad() // want `call of bad`
}

func noReason() {
	// want +1 `suppression needs a reason`
	//leash:ignore flagbad
	bad() // want `call of bad`
}

func stale() {
	//leash:ignore flagbad nothing here any more // want `silences nothing`
	println()
}
