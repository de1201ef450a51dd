// Package model builds, once per package, the program model every leash
// check reads: the functions and the calls between them (function values
// and closures included), the goroutines they start, every channel value
// with the place it is made, its capacity and every operation on it, the
// mutex operations, one way of naming a variable or a field path, and a
// summary of what each function does with the channels it is given.
//
// The checks ask the same questions — which function runs in this
// goroutine, which channel does this expression hold, does anything else
// receive from it, does this helper close the channel it is handed — and
// before this package each answered them its own way, with different
// answers. Here each question has one answer, computed once, and the
// checks Require Analyzer to share it.
//
// The model is syntactic and per package, as go vet's passes are:
// control-flow graphs come from the ctrlflow pass (which also knows the
// functions that never return, across packages, through its facts), and
// paths through them are walked with package paths. What one package
// knows of another comes from facts: a Summary for each function that is
// handed a channel or starts goroutines, exported when the package is
// analysed and read where it is called. A channel handed to code with no
// summary — an interface method, a function value, a package analysed
// without facts — is out of sight, and the model says so (Escapes): a
// check then stays silent rather than guess. A method counts as out of
// sight's to call only when others can reach it: exported outside package
// main, used as a value, or of a type whose values the package puts in an
// interface (see Func.Open). Any other method — an unexported getter that
// hands out a field's channel, or a method of a type of package main
// that never goes into an interface — runs only where the package calls
// it, and what it returns stays in sight.
package model
