// Package runs has functions that run and functions that never do.
package runs

// Exported: code out of sight calls it, and so what it calls runs.
func Serve() {
	step1()
	go func() { step2() }()
}

func step1() {}

func step2() { step3() }

func step3() {}

// Nothing calls it: it never runs, nor what only it calls, however deep.
func unused() { // want `never runs`
	chain1()
	defer func() { chain1() }() // want `never runs`
}

func chain1() { chain2() } // want `never runs`

func chain2() { chain3() } // want `never runs`

func chain3() { chain4() } // want `never runs`

func chain4() { chain5() } // want `never runs`

func chain5() { chain6() } // want `never runs`

func chain6() { chain7() } // want `never runs`

func chain7() { chain8() } // want `never runs`

func chain8() { chain9() } // want `never runs`

func chain9() { chain10() } // want `never runs`

func chain10() {} // want `never runs`

// Two functions calling each other, and nothing else calling either.
func ping(n int) { // want `never runs`
	if n > 0 {
		pong(n - 1)
	}
}

func pong(n int) { ping(n) } // want `never runs`

// Run at package initialisation, or used as a value: they run.
var started = begin()

func begin() bool { return true }

var hook = onEvent

func onEvent() {}

func init() { fromInit() }

func fromInit() {}

// A method of a type nothing boxes and nothing calls.
type state struct{}

func (state) reset() {} // want `never runs`
