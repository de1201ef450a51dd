// Package wgadd defines an Analyzer that reports sync.WaitGroup.Add called
// inside the goroutine it counts.
//
// # Analyzer wgadd
//
// wgadd: report sync.WaitGroup.Add called inside the goroutine it counts
//
// A WaitGroup counts goroutines so that Wait can return once they are all
// done. The count must go up before the goroutine starts:
//
//	for _, u := range urls {
//		go func() {
//			wg.Add(1) // too late
//			defer wg.Done()
//			fetch(u)
//		}()
//	}
//	wg.Wait()
//
// Here nothing orders the goroutines' Add before the parent's Wait. When the
// parent gets to Wait first — under load, on a busy machine, in production —
// the counter is still zero, Wait returns at once and the caller reads
// results that are not there yet, or returns while work is still running.
// The race detector reports it only when the interleaving happens in a test.
//
// The check reports a call of Add on a WaitGroup inside a goroutine (a go
// statement, or a task of a group such as errgroup) whose body also calls
// Done on the same WaitGroup: the goroutine counts itself, too late. It
// looks at the whole body, not only the first statement, and follows go
// statements that start a function or method of the same package. A
// goroutine that calls Add for the goroutines it starts itself, before
// starting them, is fine and not reported; so is an Add in a callback of
// a goroutine that defers its own Done first: it holds its own count, and
// the callback counts work it hands on, one item at a time. The same holds
// for an Add anywhere in such a goroutine when an Add just before its go
// statement counted it: the counter is above zero until its deferred Done;
// and for an Add in a function handed its WaitGroup that defers its Done
// first (defer wg.Done(), or a deferred closure that calls it) and hands
// the WaitGroup on right after the Add (wg.Add(1); startWriter(wg)): two
// Dones for one Add, so the caller counted it before it started. Nor is an Add
// made under a mutex that every function waiting on the WaitGroup locks
// before its Wait: the waiter closes a gate under the lock (a channel set
// to nil, a state set to closed) that the goroutine checks under it before
// adding, so the Add comes before the Wait or not at all.
//
// Nor is an Add ordered before every Wait by a handshake on a channel the
// package makes unbuffered and keeps to itself (never passed to a call,
// put in an interface, a slice or a map, nor reachable from other
// packages). The Add must be a statement of the goroutine's body itself,
// so that it runs on every path, and the handshake comes after it. Either
// the goroutine then sends on the channel (or closes it), once, outside
// any loop, and the function that starts it receives from the channel
// right after the go statement, in the same block, with nothing in
// between that calls a function, sends, receives, assigns anything but a
// local variable, jumps or returns:
//
//	go cacher.startCaching() // adds, then sends on cacher.started
//	<-cacher.started
//	rc.downloaders[id] = cacher // from here on, anyone may Wait
//
// the receive then comes after the Add, before the spawner can publish
// the value or wait. Or the goroutine is the only one to receive from the
// channel, after its Add, and every Wait on the WaitGroup (an unexported
// field or variable, so that no Wait is out of sight) comes after a send
// on it, earlier in a block that holds the Wait: the unbuffered send
// completes only once the goroutine has taken it, after its Add. A
// buffered channel is not a handshake: its send does not wait for the
// receive. (A buffered channel the goroutine sends on would still order
// its Add before the spawner's receive; it is reported all the same, as
// no sign of a handshake.)
//
// An Add races only with a Wait that can run before it, so three more are
// left alone. An Add on a WaitGroup the goroutine's function declares
// itself: only that goroutine, and the code it hands the WaitGroup to, can
// wait on it, and the Add comes first in its program order — before it
// hands a closure that calls Done to another goroutine, and before its own
// Wait. And an Add, outside the tests, on an unexported field or variable
// that only tests wait on (a WaitGroup kept so that tests can wait for a
// loop to end), used only as the receiver of its methods: production
// never waits on it, and how a test orders its Wait is the test's own
// business. And an Add on such a field or variable whose every Wait outside
// the tests is in the goroutine's own function, after the Add, not in a
// function literal: the goroutine adds for work it hands on (a turn it
// gives each queued request) and then waits for that work itself. Only
// another run of the same function could then wait first, which is two
// rounds sharing one WaitGroup at once, not an Add made too late, and
// code often rules it out in ways the check cannot see (a token that lets
// one run at a time).
//
// Fix it by calling Add before the go statement, or, since Go 1.25, by
// starting the goroutine with wg.Go(f), which does both. When Add is the
// first statement of a go statement's function literal, a suggested fix
// moves it in front of the go statement.
//
// # What it reports by default, and what it leaves to the audit
//
// By default the check reports such an Add only where the race is in
// sight in one function: the function that starts the goroutine goes on,
// after the start, to Wait on the same WaitGroup (the variable or field
// itself, or what it passed for the started function's parameter), as in
// the example above. Every run of that function then races its own
// goroutines. An Add whose only Wait is elsewhere — a Stop or Close
// method, a shutdown hook — races only when that Wait is called while the
// goroutine is still starting. On the held-out repositories measured
// (lint/EVALUATION.md), 6 of the check's 25 findings were true, all with
// the Wait in another function; about as many of that shape raced only as
// the process or a component shut down, and the rest were false or
// debatable. Which callers call Stop, and when, is out of the check's
// sight: -wgadd.audit reports them too.
//
// # Audit rules
//
// With -wgadd.audit the check also reports an Add whose Wait is not in
// the function that starts the goroutine. Like every check, by default it
// reports production code only, not test
// code (_test.go files, helpers that import testing, mocks and fakes (mock_store.go,
// fakeclock.go), and packages under a test,
// e2e, testutil or bench directory); -wgadd.audit
// reports there too. A test's goroutines end with the test binary, and a
// test whose Wait returns early fails or is flaky where leashtest and the
// race detector see it.
package wgadd
