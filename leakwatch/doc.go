// Package leakwatch finds the goroutines a running program has leaked, by
// site, and serves them as a page, as JSON and as metrics.
//
// A goroutine blocked forever on a channel nobody will use again, a mutex
// nobody will unlock or a WaitGroup nobody will finish is a leak: it holds
// its stack and everything it references for the life of the process. One
// leaked per request is enough to bring a service down, slowly. Tests
// (leashtest, goleak) catch the leaks they reach; leakwatch catches the rest,
// in production.
//
// # Proven leaks
//
// Since Go 1.26 with GOEXPERIMENT=goroutineleakprofile, and by default since
// Go 1.27, the garbage collector can prove that a goroutine is blocked
// forever: it finds goroutines blocked on a channel, a select, a
// sync.Mutex, a sync.RWMutex, a sync.Cond or a sync.WaitGroup that no
// runnable goroutine can reach. runtime/pprof exposes what it finds as the
// "goroutineleak" profile. A check runs that collection and groups the
// goroutines it proves leaked by site: the go statement that started them
// and the line they are blocked at (Site.CreatedAt, Site.BlockedAt), most
// goroutines first, with the state they wait in and the stack of one of
// them. Such a Report is Proven: no goroutine in it can ever run again.
//
// The proof is the runtime's, with its limits: a goroutine blocked on
// something reachable from a global variable, or from a goroutine that can
// still run, is not proven leaked, even when it is; a goroutine that sleeps,
// waits for I/O or a timer is never a leak of this kind; and a goroutine
// that was still on its way to block when the collection began is proven at
// the next check. A goroutine that is merely parked — an idle worker of a
// pool, waiting on a channel that its pool still holds — is never reported.
//
// # Where the runtime cannot prove leaks
//
// On Go 1.26 without the experiment, the report is not Proven, and lists
// the sites suspected of leaking, as Uber's LeakProf finds them in
// production goroutine profiles: many goroutines (DefaultSuspectGoroutines)
// blocked at the same site on a channel, a select or a sync primitive, each
// for long (DefaultSuspectAfter, by the runtime's own count, which starts
// again whenever the goroutine runs). A busy site whose goroutines wait and
// run in turn is never suspected, however many wait at once; an idle pool
// that large, with nothing to do for that long, is, since without the
// runtime's proof it looks the same as a leak. Suspect changes the
// thresholds of a Watcher.
//
// # Checking once, checking always
//
// Check checks once, now. A Watcher checks periodically while its Run runs,
// follows each site from check to check (when it was first seen, its count
// at each recent check, whether it grows), calls the OnLeak hook for each
// new site and each time a site grows, logs through log/slog (Logger), and
// serves its findings (ServeHTTP): a plain HTML page, newest and growing
// sites first, each with its counts over time and its stack, and the same
// as JSON for ?format=json or Accept: application/json.
//
//	w := leakwatch.New(leakwatch.Logger(slog.Default()))
//	go w.Run(ctx)
//	http.Handle("/debug/leakwatch", w)
//
// The contrib modules for Prometheus and OpenTelemetry export the Watcher's
// sites, checks and check durations as metrics (OnCheck).
//
// # Cost
//
// A check runs one garbage collection, with the runtime's leak detection.
// When the leak profile shows the stack of leaked goroutines the check has
// not read before, it also dumps every goroutine (the profile does not say
// which go statement started them), which stops the world while the runtime
// prints them; at other times it counts from the profile. The dump is capped
// at 64 MiB and a report keeps one stack a site, so a program with a million
// goroutines is checked in bounded memory. Checks are shared: a check asked
// for while another runs, from Check or a Watcher, gets that check's report,
// and the process runs one leak detection at a time, leashtest's included.
// A Watcher checks every DefaultInterval, and never spends more than 1% of
// its time checking. The README has measurements, and the runtime's own
// costs: its leak detection stops the world for a time that grows with the
// square of the goroutines waiting on one sync object.
package leakwatch
