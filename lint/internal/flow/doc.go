// Package flow answers the questions leash's flow-sensitive checks
// (unboundedgo, blockingsend, ctxgoroutine) ask about channels, selects and
// locks: which channel an expression names, where the package makes, sends
// to, receives from and closes each channel, whether a select can stop
// waiting for one of its cases, which mutexes are certainly held at a
// statement, and which functions can block on a channel.
//
// Everything is computed per package from the syntax tree and the type
// information go vet already has — no SSA, no call graph beyond the
// package's own static calls — so the checks cost about as much as a
// go vet pass.
package flow
