package directives

func bad() {}

func misspelled() {
	//leash:ignore flagbda the caller holds the lock // want `//leash:ignore names no check "flagbda": did you mean flagbad\?`
	bad() // want `call of bad`
}

func unknown() {
	//leash:ignore flaming the caller holds the lock // want `//leash:ignore names no check "flaming"; leash help lists the checks`
	bad() // want `call of bad`
}

func nearOther() {
	// The check nearest to "othr" reports it, not this one.
	//leash:ignore othr the caller holds the lock
	bad() // want `call of bad`
}

func alongsideKnown() {
	//leash:ignore other,flagbda the caller holds the lock // want `names no check "flagbda"`
	bad() // want `call of bad`
}

func all() {
	//leash:ignore all the caller holds the lock // want `//leash:ignore does not take all: name each check it silences`
	bad() // want `call of bad`
}

func spaced() {
	// leash:ignore flagbad the caller holds the lock // want `// leash:ignore is not read as a directive \(Go directives have no space after //\): write //leash:ignore`
	bad() // want `call of bad`
}

func spacedOther() {
	// Another check's, reported by it.
	//  leash:ignore other the caller holds the lock
	bad() // want `call of bad`
}

func noCheck() {
	// want +1 `//leash:ignore names no check: write //leash:ignore <check> <why this is safe>`
	//leash:ignore
	bad() // want `call of bad`
}

// Prose that mentions leash:ignore is no directive.
func prose() {
	// Use leash:ignore sparingly.
	bad() // want `call of bad`
}
