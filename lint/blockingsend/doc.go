// Package blockingsend defines an Analyzer that reports channel operations
// that can block forever because the goroutine on the other side may be
// gone.
//
// # Analyzer blockingsend
//
// blockingsend: report sends (and receives) that can block forever because
// the other side may leave
//
// A send on an unbuffered channel completes only when another goroutine
// receives the value. If the receiver can stop waiting first — it selects
// on ctx.Done() or a timeout, returns on an error, or reads fewer values
// than are sent — the sender waits forever. Nothing reports it: the
// goroutine, its stack and everything it references stay in memory until
// the process exits. Under load every timed-out request leaves one such
// goroutine behind, and the service runs out of memory hours later, far
// from the code that leaks.
//
// The playbook's first leak is the textbook case: N goroutines send their
// result or error on an unbuffered channel, and the receiver returns at the
// first error.
//
//	errc := make(chan error)
//	for _, u := range urls {
//		go func() { errc <- fetch(ctx, u) }() // blocks forever once the receiver has returned
//	}
//	for range urls {
//		if err := <-errc; err != nil {
//			return err
//		}
//	}
//
// # What it reports
//
// Each finding names, in its related positions, the path on which it
// happens: where the goroutines start, the values received, where the
// receiver leaves — every return by which it can leave so, in source
// order, up to four (the first one found may never run: an error a call
// never returns). The check follows channels through variables, fields,
// parameters, closures and results (the program model of package
// lint/internal/model), and into the functions of other packages through
// the summaries they export as facts ("sends at most once on its
// parameter", "starts a goroutine that sends on it").
//
//   - A send, in a goroutine, on a channel one function makes and receives
//     from (or one goroutine of a pipeline it starts), when the receiver
//     has a path that returns having received fewer values than the
//     goroutines started are sure to send, and the buffer cannot hold the
//     rest: it returns at the first error, a select takes another case, a
//     return comes before the receive, a range is left early. A goroutine
//     is sure to send when every path through it sends (on the channel, or
//     on a sibling the receiver also takes from: a result or an error), or
//     when it sends in every round of a loop (a producer, itself or
//     through a helper it calls). Goroutines started in a loop count every
//     send they may make: each copy decides alone, so two can both fail.
//     A loop that runs a constant number of times (a constant count, an
//     array, a slice literal that lists its elements) starts exactly that
//     many, so a buffer that size holds every send, and the finding asks
//     for that buffer (make(chan error, 3)) with a fix that adds it. A
//     single goroutine's send made only on some paths does not count: on
//     real code such a send was most often tied to a condition the
//     receiver waits on too (a WaitGroup that lets one value through at a
//     time, an error that the shutdown the receiver leaves on does not
//     produce), which the check cannot see. A goroutine counts the sends
//     of one run, not its send statements: one that sends on one of
//     several paths and returns owes one value. A receiver that makes the
//     channel again (a loop, a goto that retries) counts afresh for the
//     new channel; what the last one's senders still owed beyond its
//     buffer is stranded — a select that gives up and goes on to the next
//     round (for each host: go ping(h, done); select { case <-done: case
//     <-time.After(d): }) leaves one goroutine a round — unless the last
//     channel is kept where something may still receive from it (a slice
//     drained after the loop). The leak is one finding, at the first goroutine's send,
//     saying how many goroutines it strands and naming each in its related
//     positions. The suggested fix buffers the channel for every send when
//     their number is a constant. When the receiver closes the channel as
//     it returns (defer close(ch)), the sender left behind does not block
//     but panics, and the finding says so, with no fix: a buffer alone
//     would not help. A sender that defers a recover in sight (in a
//     function literal, or a function of the package) handles that on
//     purpose and is not reported. A deferred loop that receives from the
//     channel (a server's cleanup waiting for the connections it counted)
//     drains it on every return. So does a drain that counts: a local
//     count the receiver takes up next to each go statement and down after
//     each value it receives, each goroutine sending at most once, is back
//     at zero only once every goroutine has been answered (active++; go
//     ...; if active > 0 { for { v := <-ch; active--; if active == 0 {
//     break } } }), whatever loop or branch the drain sits in. So does a
//     count of the values taken that reaches the number of senders, when
//     those are one goroutine per element of a slice, each sending exactly
//     once, and nothing changes the slice: for v := range ch { n++; if n
//     == len(items) { return } } has then received every value. So does a
//     function of the package handed the channel and len(x), whose loop
//     for i := 0; i < n; i++ takes one value each round and nothing can
//     leave, when x counts the goroutines started, each sending exactly
//     once: they are one per element of x, a slice, array or map ranged
//     over (on whichever branch of an if they start), or x is a slice that
//     starts empty and grows by one append next to each start
//     (pending = append(pending, ip); go establish(s, res); ...;
//     waitAll(len(pending), res)). A branch on which len(x) is zero after
//     the starts has started none.
//   - A send on a channel nothing receives from, beyond its buffer —
//     unless main (or the function main ends on) made the channel and
//     starts the senders a bounded number of times: a second server's
//     error that main never reads while it serves the first strands one
//     goroutine for the life of the process, and no more pile up.
//   - A receive, or a range, that waits forever because the one goroutine
//     meant to answer it can return without sending or closing: a producer
//     that returns early on an error leaves its consumer's range, and the
//     group's Wait, waiting forever. A goroutine that retires an input by
//     setting its variable to nil (case v, ok := <-in: if !ok { close(out);
//     in = nil }) is taken to hold a channel there until it does, so a loop
//     it leaves only once in == nil leaves after the close; so is one that
//     announces its first round and then turns the announcement off (if
//     first != nil { first <- struct{}{}; first = nil }), so the first
//     round always sends.
//   - A send outside any select by a goroutine that checks a stop channel
//     (a select case that returns on it) before it sends, when every
//     receive from the channel is a select case that leaves on that same
//     stop channel: the sender's own check shows that the stop comes while
//     it runs, and once it comes the receiver may be gone while the sender
//     waits on the send. A sender that checks a stop channel of its own,
//     or a context, is the audit rules' to question.
//   - A send on an unbuffered channel kept in an unexported struct field,
//     whose every receive is a select case that leaves on a stop channel,
//     when the send is a statement of its method's body that no return
//     comes before, and the package calls that method after the method
//     that sends on or closes the stop channel (n.Stop(); n.Status()), or
//     starts both in goroutines side by side on one variable with nothing
//     to order them (go n.Status(); go n.Stop()). That the component's
//     loop leaves only at its shutdown is no finding by itself (an audit
//     rule's guess); the order shown in the package is.
//   - A send past the buffer of a channel its goroutine has just made and
//     not yet handed to anyone: until the channel is handed on, only its
//     maker could receive, and the maker is the one waiting. The check
//     follows the statements after the make, into the package's functions
//     called with the value that holds the channel, and counts the sends
//     made before anything else is done with it (a loop, a branch, a
//     receive, a goroutine started with it, a call it is handed to in
//     another way, or a statement that may return).
//   - A channel operation made while holding a mutex — a send, receive,
//     range, select without default, or a call of a function of the package
//     that waits so — when the code on the other side of the channel locks
//     the same mutex before it gets there; for a select, the other side of
//     every case. Neither goroutine can go on, and everything else that
//     needs the mutex stops too. The lock analysis is lockorder's (package
//     lint/internal/locks). It is no deadlock when, whichever channel it
//     is, some goroutine can complete the wait without the mutex (a
//     receiver that takes no lock; a close does not complete a send), nor
//     when both sides only read-lock it (a writer queued between them
//     would make it one, but that takes a third goroutine), nor
//     when the other side gives back a token it took itself (<-sem, then
//     sem <- struct{}{}: a channel used as a semaphore), nor when the wait
//     runs only once a flag is true that every write sets right after
//     closing one of the channels waited on (a future's "already done"
//     branch: if f.done { select { case <-f.completed: … } }, where each
//     close(f.completed) or close(f.cancelled) is followed by f.done =
//     true): one channel is closed already. A called function waits so
//     when its own body does, or when it calls, outside any branch or loop
//     of its own, a function that does: a wait reached only through calls
//     each made on a branch depends on conditions spread over several
//     functions, which the check does not weigh together.
//   - A drain of a timer's channel, <-t.C outside any select, on a path
//     that has already taken the timer's value since the timer was made or
//     last Reset — a select case or a receive took it, an earlier drain
//     did, or a Stop that returned true stopped the timer: it waits for a
//     value that never comes. Since Go 1.23, Stop and Reset discard a
//     pending value themselves, and the drain can go — unless the round
//     that runs again is a stop signal's case (case <-quit:) that stays in
//     the loop: once quit is closed that case wins every round, and the
//     finding asks for the missing return instead, since without the
//     drain the loop would spin. A drain under the
//     same test of local variables as an earlier Reset of the same round
//     (if d > 0 { t.Reset(d) }; ...; if d > 0 { <-t.C }, d unchanged in
//     between) follows that Reset on every path that reaches it. A drain
//     under the idiom's condition inverted, if t.Stop() { <-t.C }, blocks
//     every time it runs: Stop returns true only when it stopped a timer
//     that had not fired, and a stopped timer sends nothing.
//   - A receive from a channel that nothing sends on or closes, not even the
//     functions it is handed to (not <-make(chan T), which blocks forever on
//     purpose, as select {} does, nor c := make(chan T) with <-c right after
//     it, the same idiom in two statements, nor <-c as the last statement of
//     a function — but for a return, there for the compiler — whose
//     goroutines all run for good, serve (an http.ListenAndServe outside
//     loops) or consume (range, with nothing that leaves the loop, over a
//     channel made and closed out of sight: a broker's deliveries), which
//     parks beside them on purpose: a program's main serving until it is
//     killed, a file watcher keeping its watch open, a gateway beside its
//     servers, a worker beside its consumer); a wait on a
//     channel kept in an unexported struct field that nothing can end
//     (unless main waits on that field itself, or in the function or method
//     it ends on: a daemon that runs until it is killed, its workers parked
//     with it; and but for a receive that runs only while len of the channel
//     is above zero, which never runs at all).
//   - A Wait on a sync.Cond kept in an unexported struct field that nothing
//     signals.
//   - A receive from ctx.Done(), outside any select, of a context nothing
//     can end: every value it can hold is one nothing ends
//     (context.Background()) or made by context.WithCancel from one, and
//     that cancel is called only in code that never runs — a function
//     nothing in the package calls and nothing out of sight can (a method
//     counts as callable from out of sight only when it is exported outside
//     package main, used as a value, or of a type the package puts in an
//     interface) — or only after the wait, by the waiting goroutine itself:
//     a transaction's watcher whose Rollback nobody calls, a watcher that
//     cancels its own context once Done fires. A wait in code that never
//     runs, a cancel deferred, started in a goroutine or kept where others
//     can reach it, or a context handed in by callers out of sight, is
//     left alone.
//   - A WaitGroup's Wait in the loop that starts the goroutines it waits
//     for, when the count for all of them was added before the loop.
//   - A WaitGroup's Wait when nothing marks the WaitGroup done: it is
//     declared in the function (not reached through a pointer), its count
//     goes up only by constant Adds, and the function and its literals use
//     it for nothing but Add and Wait — no Done, no Go, no &wg handed on.
//     The count never comes back to zero; Add(-1), a computed count, or a
//     WaitGroup handed to a helper is left alone, and so is such a Wait in
//     the places a receive nothing answers is left alone above (the last
//     statement of a program's main, and so on): wg.Add(2) then wg.Wait()
//     is then a way of blocking forever, as select {} is.
//
// A select with a single case and no default is the same as its
// communication and is treated as one.
//
// # What it leaves alone
//
// A timer drain on a path that has not taken the timer's value since the
// last Reset: Stop returns false only once the value is there to take. So
// a Reset each round before the select, a drain in the branch where the
// timer's case was not taken, or a drain guarded by a local flag that the
// timer's case clears (if timerRunning && !t.Stop() { <-t.C }) is left
// alone; the check follows local booleans along the path, and whether a
// local pointer (or other variable that can be nil) is nil, as in
// if pending == nil {...} else if !t.Stop() { <-t.C } with pending cleared
// in the timer's case. So is a drain
// that runs only while the channel holds a value (for len(t.C) > 0 { <-t.C }),
// and a receive from a timer that another function resets — a field the
// methods that start each round rearm, while a goroutine waits on it in a
// loop: whether it is rearmed in time is up to the goroutines that run them.
//
// Sends that a count of the goroutines in flight keeps within the buffer
// (a Kademlia lookup's pending queries): each goroutine sends once, on a
// channel it captures or is handed (go t.findnode(n, reply)), and is
// started just after pending++ in the same block, in a loop whose
// condition, or an if around the start within it, requires pending below
// a constant no larger than the buffer, and pending comes down only right
// after a receive. The buffer always has room, whatever the receiver does.
//
// A receiver that stops once its count of the values taken reaches the
// number of goroutines started, one per element of a slice: count ==
// len(s), or a count of the elements made by a function of the package
// that skips the same elements, with the same conditions, as the loop that
// starts the goroutines (if pm.isSelf(p.Name) { continue } in both). The
// slice may be a field of the starting function's receiver or parameter
// (for _, s := range m.services, then exited >= len(m.services)) when that
// function assigns neither.
//
// A send a goroutine makes only once its range over another channel has
// ended, when that channel is made by the receiving function and closed
// only there, outside any defer: until it is closed the goroutine owes
// nothing. A return before the close strands the goroutine in its range,
// not at the send, and a buffer would not free it (go func() { for r :=
// range results { merge(r) }; done <- true }(); if err := g.Wait(); err !=
// nil { return err }; close(results); <-done).
//
// A send made only once its goroutine has panicked: in the body of
// if r := recover(); r != nil in a deferred function, which reports the
// panic on the job's error channel. The goroutine stranded then has
// already failed, and said so; such findings are an audit rule's.
//
// A send or receive that cannot wait: every operation on its channel (a
// struct field the package keeps to itself) is made holding one mutex of
// the same struct, and on every path to this one, with the mutex held
// since, a branch checked the length it needs — len(ch) > 0 for a
// receive, len(ch) < cap(ch) for a send (a queue such as VictoriaMetrics'
// fastqueue: if len(fq.ch) > 0 { bb := <-fq.ch }). No other goroutine can
// take the value or the room in between. A helper that locks nothing
// itself holds what all its callers hold on the value it is called on.
// A send after `if len(ch) == cap(ch) { flush() }` is not shown to find
// room that way.
//
// A path past a range over a channel that nothing can close: the loop
// never ends but by a break or return in its body. Such a channel is made
// in the package, never closed there, and handed only to code known to
// keep it open (signal.Notify, which never closes the channels it is
// given: for range sigs { cleanup(); done <- true } sends on every way on).
// So is a range over a time.Ticker's or Timer's channel, or one time.Tick
// returns: package time never closes them.
//
// A path through a branch on an error a call cannot give: if err != nil,
// where err, never assigned again, is the error of a call of a function
// every return of which gives a literal nil there (a NextAction that
// returns (next, nil) or (nil, nil)) — seen in its body in the package, or
// in its summary, a fact, from another.
//
// A goroutine's return without an answer when the receive waiting for it
// is guarded by state both share (if hasErrored() { return <-errs }, with
// the goroutine returning early once hasErrored() holds): what ties the
// state to the channel — a flag set as another goroutine sends — is out of
// sight.
//
// A goroutine's return without an answer that it can take only after a
// receive from a channel that nothing but the waiting function sends on or
// closes, after its wait, in the same block: by then the answer is in
// (select { case <-sigs: close(exited); case <-stopped: return }, with
// close(stopped) after <-exited).
//
// A branch that contradicts what the path knows of a flag: a bool, a
// variable that may be nil, or an integer (0 or not), that only the
// function assigns (or a function it defers, which runs once its body is
// over, or a function literal only its own body calls, whose assignments
// take effect at each call: an event loop's startNext that starts the
// handler and sets handling = true) and one of its conditions tests. The path learns it from the
// constants assigned, n++ (a counter is taken never to go below 0), the
// conditions passed, and
// errors that cannot be nil (errors.New, fmt.Errorf, errors.Join of one,
// a value its if just tested against nil), so a drain on the way out
// guarded by a flag set on receiving (if !stopped { <-stop }) runs on
// every path that has not received, a loop on err == nil whose every round
// that sets err closes and breaks never ends by its condition, a drain
// under if err != nil after a break that set err runs, and a first round
// that reports (if restarts == 0 { started <- err }) always reports. A
// timer drain's path follows the same flags: a drain under if active == 0
// && !t.Stop() does not run again until the count, back at 0, has passed
// the Reset beside it.
//
// A send a server's goroutine makes once its server has stopped
// (go func() { done <- srv.ListenAndServe() }(), with a receiver that
// gives up on ctx.Done() and then calls srv.Shutdown): net/http's Serve,
// ServeTLS, ListenAndServe and ListenAndServeTLS, and gRPC's Serve, return
// only as their server stops, so the goroutine is stranded once per life
// of the server — on real code the check had not seen, every time only at
// the shutdown of the process or of a long-lived component. A send the
// goroutine makes before its server runs (a listener that fails to open)
// still counts, as does any send by a helper it calls.
// -blockingsend.audit counts them all.
//
// A send whose value a deferred receive takes as the function returns
// (defer func() { <-errc }(), then go func() { errc <- work() }()): on
// every return the deferred call receives, after all the function did.
// So does one guarded by the channel's own variable (var errc chan error;
// defer func() { if errc != nil { <-errc } }(); errc = make(chan error)),
// as does a receive under if errc != nil in the function itself once the
// sender is started: a local variable, declared outside any loop, that the
// make is assigned to, that no other variable ever holds the channel of,
// that is never set to nil and whose address is never taken, is not nil
// while a sender holds its channel.
//
// A stream whose one producer says it failed by its last value (out <-
// chunk{err: err}; return), read by a consumer that leaves early only on
// such a value (if c.err != nil { return c.err }): once that value has
// arrived the producer owes nothing more. The producer is one goroutine,
// started once for each channel made (a retry loop that makes a new
// channel each attempt starts one producer per channel), a literal that
// sends on the channel itself, and no send of
// a value whose field may be set (anything but a composite literal that
// leaves it out or gives it nil) may be followed by another send on any
// path. Two producers, or a producer that goes on after a failed value,
// are still reported.
//
// A send made holding a mutex, under a condition on a count (if p.need >
// 0) that the receiver raises holding the same mutex and releases before
// it receives (p.need++; p.Unlock(); <-p.nchan), or on a channel found
// where the receiver put it holding the same mutex (t.acks[id] =
// &ack{ch}; t.mu.Unlock(); <-ch against a := t.acks[id]; a.ch <- true),
// or made only after the sender took a token that the receiver sent
// holding the same mutex (s.stop <- x; s.mu.Unlock(); <-s.stopped against
// case <-s.stop: s.mu.Lock(); s.stopped <- x): the receiver waited for is
// already past the lock.
//
// What it cannot show: a channel handed to code out of sight (an interface,
// a function value, a function of another package without a summary),
// handed out by its address (&ch), stored where other packages reach it,
// or whose capacity is not a
// constant; a receiver that starts a goroutine to drain the channel on its
// way out; a receiver's loop that ends by its own condition (taken to
// receive every value); a select case on a channel the same goroutines
// send on, or one closed only once the senders are done, or ctx.Done() of a
// context made from one nothing ends and cancelled only after a Wait that
// counts every sender (wg.Wait(); cancel(), each sender deferring its
// Done), or a channel the one goroutine sending on it (not started in a
// loop, starting no sender of its own) sends on only after its last send
// on it (if err := l.Serve(conns); err != nil { stop <- err }: taking err
// means Serve has returned), or in a function it defers, which runs after
// all of them (defer func() { done <- struct{}{} }()); a path that takes the other branch of a
// condition it has already tested, on the function's own variables and
// their fields with nothing in between that could change them (if
// req.Network == "tcp" { go ... } ... if req.Network == "tcp" { for ... }),
// or of a bool field it has just given a constant (r = reply{Err: true}
// in one case, r = reply{ID: id} in the other, then if r.Err { break });
// a select case on
// a channel that nothing sends on or closes, which is never taken, or on a
// channel variable the receiver has set to nil (the idiom that keeps one
// goroutine in flight: case <-tick: tick = nil; go poll(ch), re-armed only
// once the result is in); a path
// that has failed a test (t.Error, t.Fatal, the same methods of an
// interface that stands for the test, as testify's TestingT does, or
// testify's assert and require Fail and Failf or a copy of them, which a
// test harness kept outside _test.go files calls) or that ends the process (a
// return from main, os.Exit, or a return from a function or method that
// main calls as its last act, such as run in log.Fatal(run()) or
// srv.run(), with nothing after it that waits, serves or calls a function
// of the package that does; a return from what a cobra command runs, its
// RunE, or a urfave/cli command or app, its Action, Before or After, or
// from a function only such functions call; each call outside go
// statements and outside loops that may run for good (a range over a
// slice, a map or a count ends by itself; one over a channel, or for
// sc.Scan(), need not), with nothing after the call, or after its loop,
// that waits): a leak there outlives nothing that matters. A command that
// ranges over the clusters it was given and strands a goroutine on each
// strands a bounded number, and they end with it. The leash command
// follows such calls across packages too: a receiver declared in one
// package (a library's Start) whose every call, in all the packages it
// checks, is the last act of main or of a command's RunE or Action, or of
// a function whose every call is in turn, strands nothing that matters
// either, and the finding is dropped once every package is in. A call
// through an interface the module declares (a Pusher the command was
// given) counts as a call of every method of the module with that name
// and signature, any of which may be the one to run; a call through an
// interface declared elsewhere (io.Closer, a library's) does not, since
// code out of sight calls those too. A call made in a function literal
// counts as one of the function it is written in when that function's
// return waits for the literal's: a literal called where it is written,
// or one started as a goroutine or group task, outside loops, that the
// function waits for (wg.Wait(), return g.Wait()) with nothing else that
// can wait started in between. When only
// the receiver's returns that give an error strand the sender, it is
// enough that every call, given an error, exits at once (if err != nil {
// log.Fatal(err) }) or returns it at once from a function whose error
// returns end the program in turn. A receiver
// with no call in sight, or used as a value, keeps its finding. go vet and
// golangci-lint, which check one package at a time, report those findings.
// A helper that fails the test when it
// gives up (t.Fatal ends the test's goroutine) is taken to have received
// what it waited for when it returns. Also a send in a select that waits
// for ctx.Done() or a done channel, and a mutex the other side takes only
// to publish the channel it then receives from, or only before the
// channel exists (mu.Lock(); fresh := m.fresh; mu.Unlock(); done :=
// make(chan error); go m.fetch(done); <-done): whoever holds the mutex
// with that channel in hand came after it was let go.
//
// # Audit rules
//
// By default the check, like every check, reports production code only,
// not test code (_test.go files, helpers that import testing, mocks and fakes (mock_store.go,
// fakeclock.go), and packages under a test,
// e2e, testutil or bench directory). In a
// test the paths that strand a goroutine were, on real code the check had not
// seen, those of a failing test — a timeout, an assertion — after which
// the goroutine dies with the test binary; a goroutine a passing test
// leaves blocked is better proven at run time, by leashtest. The leash
// command also drops a finding in a function only tests reach: one no code
// outside the tests refers to, when no other module can (see the README,
// which lockorder shares). With -blockingsend.audit the check reports in
// tests too.
//
// With -blockingsend.audit, every send a goroutine may make counts against
// its receiver, not only the sure ones, and the check reports a send on an
// unbuffered channel kept in a struct field when every receive from it is a
// select case that can give up on it (the receiving loop of a long-lived
// component returns on ctx.Done() or a stop channel). On real code such a
// send blocked, nearly always, only while the process was stopping. The
// suggested fix sends in a select that also waits for the channel the
// receiver leaves on, when the sender can reach it and it is a done channel
// (the package closes it and never sends on it), else for the sender's
// context or done channel.
//
// With -blockingsend.audit, a receiver that leaves when a context handed
// down to it ends counts too. By default a select case on ctx.Done() is
// taken never to win when the calls in sight show that the context comes
// from context.Background() (or TODO) with nothing on the way that ends it
// sooner: passed on as it is, or derived with no deadline
// (context.WithValue, signal.NotifyContext, a WithCancel whose cancel only
// runs deferred, or only once the process is told to stop — after a
// receive from a channel of os.Signal, which only signal.Notify feeds, in
// the function or in a handler it hands the cancel to, or once a server's
// Serve has returned — a helper that takes the context and returns one).
// Such a
// context ends, if ever, only as the program does; on real code the check
// had not seen, every leak of this kind happened at the shutdown of the
// program or of a long-lived component (none of ten such findings was a
// leak while the program ran). The check follows a context parameter back
// through every call of its function in the package; a function other
// packages may call (exported) keeps its finding under go vet, which sees
// one package, and the leash command, which sees every call in the
// module, drops it when they all show such an origin. A function with no
// call in sight keeps it: its callers' context is theirs to say (a
// request's, as like as not), and the playbook's leak —
// SearchWithTimeout(ctx, q) giving up on ctx.Done() before its search
// goroutine sends — is reported. So is a context given a deadline in sight
// (context.WithTimeout), one whose cancel the code calls or hands on, a
// group's (errgroup.WithContext, which its first error ends), and one
// returned by a method (r.Context()), which can end while the program
// runs.
//
// With -blockingsend.audit, a receiver that leaves on a component's or the
// program's stop counts too: ctx.Done() of a context the package keeps in a
// struct field or a package-level variable (a component's own, which ends
// when the component is stopped), a signal channel it keeps there and
// receives from without taking a value (case <-s.stop:, or case _, ok :=
// <-s.closed:, which asks only whether it is closed), and a channel of
// os.Signal. Who stops the component, and when, is out of the check's
// sight; on the held-out repositories measured (sets ten to nineteen of
// lint/EVALUATION.md), six of the nine findings whose receiver left on a
// stop or signal channel happened only as the process or the component
// shut down, one was false and two were true. By default such a case is taken never to win. A stop channel the
// function is handed, or one it makes, counts as any other channel.
//
// With -blockingsend.audit, it also reports what it cannot show: a send
// outside any select in a function that watches ctx.Done() or a done
// channel elsewhere (in another case of the same select, or in a loop that
// leaves on it), on the guess that the receiver, out of sight, may have
// gone. On real code these were right about half the time: the receiver
// often always receives (a requester waiting for its reply, a drain).
//
// With -blockingsend.audit, a send made only once its goroutine has
// panicked (in the body of if r := recover(); r != nil) counts too.
//
// # Fixing it
//
// Give every blocking send a way out: buffer a result channel for all its
// senders, or send in a select with the context,
//
//	select {
//	case ch <- v:
//	case <-ctx.Done():
//		return ctx.Err()
//	}
//
// or use leash.Send(ctx, ch, v), which does exactly this.
package blockingsend
