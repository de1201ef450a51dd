// Package lockorder defines an Analyzer that reports mutex deadlocks one
// package's code can show: a goroutine locking a mutex it already holds,
// a read lock taken again while held, a return that keeps a mutex locked
// and, on request, two mutexes locked in opposite orders.
//
// # Analyzer lockorder
//
// lockorder: report mutex deadlocks: locking a held mutex again, recursive
// read locks, opposite lock orders, early returns that keep a lock
//
// sync.Mutex is not reentrant. A goroutine that locks a mutex it already
// holds waits for itself, forever:
//
//	func (l *logger) output(s string) {
//		l.mu.Lock()
//		if err := l.write(s); err != nil {
//			l.exit(err) // exit locks l.mu too: deadlock
//		}
//		l.mu.Unlock()
//	}
//
// Nothing crashes and nothing is logged. The goroutine stays blocked, and
// so does every other goroutine that needs the mutex — every request that
// touches the logger, the cache, the connection pool — until the service
// stops answering and is restarted. It happens only on the path that
// takes the second Lock, often an error path that tests never take, which
// is why these bugs reach production. A sync.RWMutex has the same trap
// with read locks: RLock while holding a read lock works until a writer
// calls Lock in between; from then on the writer waits for the first read
// lock and the second RLock waits for the writer.
//
// # What it reports
//
//   - Lock (or RLock) of a mutex that the goroutine certainly holds there —
//     locked earlier on every path and not unlocked since, an Unlock
//     deferred to the end of the function included — directly, or in a
//     function of the package it calls (methods on the same receiver,
//     functions given the same value), however deep. The finding is on the
//     call, and names the Lock it reaches. A callee's Lock counts only when
//     every way through the callee reaches it (a loop is taken to run): one
//     behind a condition, after an early return or in sync.Once's Do runs
//     only when the callee finds what the caller's code does not show — an
//     option saying the lock is held, a cache miss, a value computed once
//     already — and the caller holding the mutex typically knows it will not
//     (see Audit rules). The mutex may also be held
//     because a function of the package returned with it locked.
//   - RLock of a read-locked RWMutex, when the package shows a writer
//     that can get in between: a function that write-locks the mutex and
//     runs at the same time as the reader. The finding names that writer
//     and the goroutine it runs in. See Recursive read locks.
//   - A Lock at the top of a loop's body that a path back to the top —
//     a continue, or the end of the body — does not unlock: the next
//     iteration locks it again.
//   - A Lock that an early return leaves locked while the function's
//     normal path unlocks it: return in an if or case, or break out of the
//     loop that locks. The finding is on the Lock and names the return.
//     Every later Lock of that mutex, in any goroutine, waits forever: the
//     finding names the first few of the package, the Lock itself first
//     when the mutex outlives the call (a field, a package variable) and
//     the function may run again, since its next call waits there before
//     any other Lock is reached. A
//     return on an error that the call giving it never returns (every
//     return of its body, in the package, gives nil) cannot happen and is
//     not reported. Nor is a return taken only when a type assertion fails
//     (v, ok := x.(T); if !ok { return ... }): whether it ever runs
//     depends on which types are stored in x, out of sight, and such a
//     branch is most often a guard against a type that is never stored. A
//     function that unlocks the mutex before it first locks it is entered
//     holding it (a ...Locked helper stepping out around a call) and may
//     return holding it: that is its contract, and it is not reported.
//     Nor is a function whose result says it kept the lock (a nil error,
//     true) when every caller the package shows unlocks on that path: see
//     Locks handed to the caller. Nor is a return that keeps the lock of
//     a value the function has just made (ms := new(status)) and handed
//     to nobody yet — used only for its fields and its mutex's own calls,
//     not captured, passed, stored or returned: the value dies with the
//     return, and no later Lock can wait on it. The leash command, which
//     sees every call in the module, also drops a lock kept by a return
//     that gives an error when every call of the function, given an error,
//     ends the program — if err != nil { log.Fatal(err) }, panic(err), or
//     a return of the error from a function whose errors end it in turn
//     (the whole-program summaries blockingsend's leaks use): nothing runs
//     after that error to wait on the lock. go vet and golangci-lint, which
//     see one package at a time, report it, and so does the command for a
//     function with no call in sight.
//   - A sync.Cond's Wait that is the first call a goroutine makes — in
//     the function of a go statement, or in a function value handed to a
//     function of the package that runs it in a goroutine of its own
//     (after(func() { c.Wait() })). A goroutine starts holding no lock, so
//     it cannot hold c.L there, and Wait begins by unlocking c.L: a fatal
//     error when no goroutine holds it, another goroutine's lock taken from
//     it mid-way when one does. A Wait after any other call (a helper that
//     locks, say), or in a function that is not a goroutine's own (entered
//     with the lock held), is left alone.
//   - With -lockorder.order (or -lockorder.audit, see Audit rules): a
//     mutex locked while another is held when
//     some other code of the package locks the two in the opposite order.
//     Mutexes are compared by the field that declares them (every Store's
//     mu is one) or the package-level variable: two goroutines doing both
//     on the same values deadlock. Orders taken under a common third mutex
//     (held there, or by every caller of the function), pairs of read
//     locks, values the function has just made and tests are left out.
//     This rule is off by default: it cannot tell two values of one type
//     apart, nor see the program's state that keeps two orders from ever
//     running at once, and it reports such cases too.
//
// The leash command drops a finding in a function only tests reach: one no
// code outside the tests refers to, when no other module can (see the
// README); -lockorder.audit keeps it.
//
// # Recursive read locks
//
// Two read locks of one RWMutex in one goroutine deadlock only when a
// writer's Lock comes between them, so a writer must run at the same time
// as the reader. A package whose exported methods read and write shows no
// such writer: its users may call them from one goroutine, or write only
// while setting a value up, before it is shared. Nor does one goroutine
// that runs every reader and writer, an event loop. The rule therefore
// asks where the goroutines running the reader and the writer come from:
// a go statement or group task of the package whose function reaches them
// through static calls of the package, or the package's callers (an
// exported function or method, or a function used as a value). An
// exported method of an unexported type counts as the callers' only when
// they can hold such a value: an exported name of the package shows the
// type (a constructor's result, an exported field, an embedding that
// promotes the method), or the type implements an interface the package
// mentions that has the method; otherwise only the package's own code
// calls it. Nor do the callers' goroutines count for a writer (or a
// reader) they reach only through the function that starts the other's
// goroutine, before its go statement and in no loop around it (Start
// sets the state up, then starts the loop that uses it): what Start does
// first happens before that goroutine exists. It reports
// the second read lock when the two come from different places and at
// least one is a goroutine the package starts (a writer in a background
// goroutine, or a reader in one while the writer is exported), or when
// they come from one go statement or task that starts many goroutines at
// once (in a loop, or a ForEach). Goroutines started in _test.go files
// count only for readers in _test.go files, so that a package and its test
// variant report the same. A writer reached only through an interface, a
// function value or another package is not seen.
//
// # Audit rules
//
// The opposite-order rule above guesses: it compares mutexes by the field
// that declares them, so it cannot tell two values of one type apart, nor
// see the program's state that keeps two orders from running at once. It
// runs only with -lockorder.order or -lockorder.audit.
//
// With -lockorder.audit, a recursive read lock is also reported when the
// package write-locks the mutex anywhere, whether or not it shows the
// writer running at the same time as the reader (see Recursive read
// locks): the users of the package may still call a reader and a writer
// from two goroutines.
//
// With -lockorder.audit, a call is also reported when its callee locks the
// held mutex on some of its ways through only: behind a condition, after
// an early return, or in sync.Once's Do. The caller's code does not show
// which way the callee goes; the conditions seen on real code (an option
// saying the lock is held, a nil argument the caller never passes, a cache
// the caller has just filled) mostly keep the Lock from running, though a
// callee that turns away only a special value and locks for every other
// is a real deadlock.
//
// The analysis of which mutexes are held (package lint/internal/locks) is
// shared with blockingsend, and reads the program model of package
// lint/internal/model: mutex operations classified once, control-flow
// graphs from the ctrlflow pass, whose facts also say which calls never
// return (os.Exit, log.Fatal, t.FailNow, and what calls them on every path).
//
// Mutexes are named by a variable and the fields that lead to the mutex
// (s.mu, r.store.mu, a package-level mu). A call is followed only when it
// is static and its function is declared in the package: calls through
// interfaces, function values, and sync.Locker are not followed, and a
// goroutine started by a go statement holds nothing of its starter's. The
// exception is the L of a sync.Cond kept in an unexported field that the
// package only ever makes from a mutex of the same value
// (x.cond = sync.NewCond(&x.mu), or x.mu.RLocker()): x.cond.L.Lock() is
// x.mu.Lock() (or x.mu.RLock()), as it is at run time.
//
// # Locks handed to the caller
//
// A function may return holding a lock on one path by contract, telling
// its caller so by its result:
//
//	// ensureLoaded returns with m.mu read-locked on success; the caller
//	// must RUnlock.
//	func (m *Map) ensureLoaded() error {
//		m.mu.RLock()
//		if m.db != nil {
//			return nil
//		}
//		m.mu.RUnlock()
//		...
//	}
//
//	if err := m.ensureLoaded(); err != nil {
//		return err
//	}
//	defer m.mu.RUnlock()
//
// Such a return is left alone when the package shows the contract: every
// return that keeps the lock gives the same constant as one result (nil,
// true or false) and no other return gives it literally; the function is
// declared, not used as a value and not reachable through an interface
// method the package calls; it is called at least once outside the tests,
// never by a go or defer statement; and each call is followed, on every
// path on which that result can be the constant, by an unlock of the same
// mutex, named through the call's receiver or arguments: Unlock, RUnlock,
// deferred or not, or a call of a function of the package that releases
// it. Tests count only for a function declared in a test file, so that a
// package and its test variant report the same. An exported function is
// left alone on the same evidence: code outside the package may call it
// and forget the unlock, but its contract is as plain as that of a lock
// helper returning with its lock held on every path, which is not
// reported either. So is a function that returns holding the lock on
// every path but steps out of it inside, only to wait and take it again
// (a loop waiting for another goroutine to finish opening what it asks
// for), when every caller unlocks after the call: no result needs to tell
// the paths apart. A single caller that does not unlock on that path, or
// a result that does not tell the paths apart, and the return is
// reported.
//
// A return that gives the caller the locked mutex itself (return mu, true
// for a *sync.Mutex), or a pointer to what holds it, hands the lock over
// with it, whoever the callers are, as a function returning an open file
// hands over the duty to close it.
//
// # What it leaves alone
//
// Lock, Unlock, Lock again; an Unlock before the call; another value of
// the same type (n.parent.mu while holding n.mu); TryLock, which never
// waits; a function literal run later or in another goroutine; a callee
// that unlocks the mutex before locking it again; a callee that locks only
// for some values of what it is passed — in a branch on a parameter other
// than the receiver (if !locked { mu.Lock() }, if ts == nil { ts =
// s.heaviest() }), after an early return on a boolean (if !create {
// return }), or on its functional options (opts := getOpts(opt...); if
// !opts.alreadyLocked { mu.Lock() }): whether it locks is the caller's
// choice, which the callee's summary does not show (so a caller that
// passes the value that locks is not reported either). An early return on
// another value (if id == none { return nil }) only turns away a special
// case: the Lock after it counts; a value
// receiver's copy of a mutex; a mutex handed to another goroutine, which
// unlocks it, or whose Unlock is handed out as a function value (a latch:
// server.NotifyStarted = started.Unlock, then started.Lock() waits for
// the server); a function that returns holding the lock on its normal path
// (a lock helper, or one that locks on success) or hands the unlock on (a
// returned closure, a method value, the mutex's address), such as a
// session a constructor locks and whose close unlocks it through the
// session's own field, even when close replaces its receiver after the
// defer statement that unlocks (defer s.conn.mu.Unlock(); s =
// s.withoutTimeout()): the deferred call's receiver is the caller's; a call, while
// the lock is held, of a local function variable when the function hands
// the mutex out that way (unlock := unlockOnce(&s.mu); s.mu.Lock(); ...;
// unlock()): the variable may be the unlock; a sync.Once's Do given a
// function, literal or method value that unlocks (defer unlockOnce.Do(
// c.unlock), then unlockOnce.Do(c.unlock) before a call that locks): the
// first Do runs it at once; a function
// whose result tells its callers it kept the lock, when they all unlock
// it then (see Locks handed to the caller); a panic; by
// default, recursive read locks of a mutex whose writers the package does
// not show running at the same time as the reader (see Recursive read
// locks).
//
// # Fixing it
//
// Keep one function that locks and have it call helpers that expect the
// lock held, named so (writeLocked, stringLocked); unlock before calling
// code that locks; take a read lock once per operation. Unlock on every
// path, or lock and defer the unlock in a small function of its own:
//
//	func (d *devices) deleted() int {
//		d.mu.Lock()
//		defer d.mu.Unlock()
//		return d.nrDeleted
//	}
//
// Lock mutexes in one documented order everywhere.
package lockorder
