package testcode

func bad() {}

func serve() {
	bad() // want `call of bad`
}

func badVia() {}

// serveVia is called only by a test: its finding's path runs through test
// code.
func serveVia() {
	badVia() // want `call of badVia`
}

// A literal bound to a name and called runs: its finding stays.
func runsItsLiteral() {
	run := func() {
		bad() // want `call of bad`
	}
	run()
}
