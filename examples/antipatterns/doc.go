// Package antipatterns holds the concurrency bugs of the production
// playbook as real, compiling Go, so that leash can be seen finding them:
//
//	go run ./lint/cmd/leash -audit -diff ./examples/antipatterns/...
//
// (-audit adds the rules that guess, which a default run leaves out: a few
// of the bugs here are theirs.) Every function here is wrong on purpose.
// Its doc comment says what goes wrong in production and which check
// reports it; each finding leash prints says what to do instead, and -diff
// shows the fixes it can make itself. Nothing here should be copied;
// package leash and the other examples show the right way.
package antipatterns
