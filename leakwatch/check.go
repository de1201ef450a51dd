package leakwatch

import (
	"bytes"
	"context"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leash-go/leash/internal/goroutines"
	"github.com/leash-go/leash/internal/leakcycle"
)

// Check checks this process for leaked goroutines, now, and returns the
// sites where it found some, most goroutines first.
//
// Where the runtime has the goroutine leak profile (Go 1.27; Go 1.26 built
// with GOEXPERIMENT=goroutineleakprofile), the check runs the runtime's leak
// detection, a garbage collection that proves goroutines blocked forever,
// and the report is Proven. Elsewhere it lists the sites suspected of
// leaking, with the defaults of Suspect (see the package documentation).
//
// Checks are shared: a Check called while another check of the process runs,
// from Check or a Watcher, returns that check's report, and the process runs
// one leak detection at a time, leashtest's included. If ctx ends first,
// Check returns ctx's error; the garbage collection of a check under way
// cannot be interrupted, but Check does not wait for it.
func Check(ctx context.Context) (Report, error) {
	return check(ctx, defaultSuspicion)
}

// useProfile says whether checks use the runtime's leak profile; tests
// turn it off to check the fallback on a runtime that has one.
var useProfile = leakcycle.Profile != nil

// A flight is one check under way, shared by the callers that ask for a
// check while it runs.
type flight struct {
	done   chan struct{}
	report Report
	err    error
	// retry says that the check ended without a report for reasons of its
	// own caller, who left or panicked: the others run a check of their own.
	retry bool
}

var (
	flightsMu sync.Mutex
	// flights holds the check under way for each set of fallback criteria:
	// where the runtime proves leaks, all checks are the same one.
	flights = make(map[suspicion]*flight)
)

// check runs a check, or joins the one under way.
func check(ctx context.Context, sus suspicion) (Report, error) {
	if useProfile {
		sus = suspicion{}
	}
	for {
		if err := ctx.Err(); err != nil {
			return Report{}, err
		}
		flightsMu.Lock()
		f := flights[sus]
		if f == nil {
			f = &flight{done: make(chan struct{})}
			flights[sus] = f
			flightsMu.Unlock()
			return f.lead(ctx, sus)
		}
		flightsMu.Unlock()
		select {
		case <-f.done:
			if f.retry {
				continue
			}
			if f.err != nil {
				return Report{}, f.err
			}
			return f.report.clone(), nil
		case <-ctx.Done():
			return Report{}, ctx.Err()
		}
	}
}

// lead runs the flight's check in the calling goroutine.
func (f *flight) lead(ctx context.Context, sus suspicion) (Report, error) {
	f.retry = true // until the check returns
	defer func() {
		flightsMu.Lock()
		delete(flights, sus)
		flightsMu.Unlock()
		close(f.done)
	}()
	checks.Add(1)
	f.report, f.err = runCheck(ctx, sus)
	f.retry = f.err != nil && ctx.Err() != nil
	return f.report.clone(), f.err
}

// checks counts the checks run, shared ones once.
var checks atomic.Uint64

// runCheck runs one check; tests replace it.
var runCheck = func(ctx context.Context, sus suspicion) (Report, error) {
	if useProfile {
		return checkProven(ctx)
	}
	return checkSuspected(ctx, sus)
}

// dumpLimit caps the goroutine dump a check reads, and so the memory it
// takes, whatever the number of goroutines: runtime/pprof caps its own dumps
// (debug=2) at 64 MiB too. Beyond it, a proven report still counts every
// leaked goroutine, from the leak profile.
var dumpLimit = 64 << 20

// lastDump is the size of the last goroutine dump, to size the next one.
var lastDump atomic.Int64

// dumps counts the goroutine dumps checks have taken.
var dumps atomic.Uint64

// dumpGoroutines dumps every goroutine, up to dumpLimit bytes. The first
// try is sized to fit, since each try stops the world.
func dumpGoroutines() []byte {
	size := max(int(lastDump.Load())*5/4, runtime.NumGoroutine()*512)
	dump, _ := goroutines.Dump(size, dumpLimit)
	lastDump.Store(int64(len(dump)))
	dumps.Add(1)
	return dump
}

// checkProven runs a leak detection cycle and reads the goroutines it proved
// leaked, from a dump taken right after it: the dump gives each one's go
// statement and state, which the leak profile does not print, and the
// profile the counts. Where the cache knows every leaked stack, the check
// skips the dump.
func checkProven(ctx context.Context) (Report, error) {
	at := time.Now()
	var profile bytes.Buffer
	var groups []goroutines.Group
	var dump []byte
	cached := false
	err := leakcycle.Run(ctx, &profile, func() {
		groups = goroutines.ParseProfile(profile.Bytes())
		if cached = len(groups) == 0 || cache.covers(groups); !cached {
			dump = dumpGoroutines()
		}
	})
	if err != nil {
		return Report{}, err
	}
	if cached {
		return Report{Proven: true, At: at, Sites: cache.report(groups)}, nil
	}
	t, err := provenTally(ctx, groups, dump)
	if err != nil {
		return Report{}, err
	}
	cache.update(t)
	return Report{Proven: true, At: at, Sites: t.report(1)}, nil
}

// provenSites returns the sites of the goroutines that the leak profile,
// groups, counts and the dump shows marked leaked.
func provenSites(ctx context.Context, groups []goroutines.Group, dump []byte) ([]Site, error) {
	t, err := provenTally(ctx, groups, dump)
	if err != nil {
		return nil, err
	}
	return t.report(1), nil
}

// provenTally counts the goroutines of provenSites by site.
func provenTally(ctx context.Context, groups []goroutines.Group, dump []byte) (*tally, error) {
	t := newTally()
	err := eachEntry(ctx, dump, func(entry []byte) {
		if h, ok := goroutines.ParseHeader(header(entry)); !ok || !h.Leaked {
			return
		}
		if g, ok := parseOne(entry); ok {
			t.add(&g, entry, 1)
		}
	})
	if err != nil {
		return nil, err
	}
	t.reconcile(groups, dump)
	return t, nil
}

// eachEntry calls f with each goroutine of dump, and returns ctx's error if
// ctx ends first.
func eachEntry(ctx context.Context, dump []byte, f func(entry []byte)) error {
	n := 0
	for entry := range goroutines.Entries(dump) {
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		f(entry)
	}
	return ctx.Err()
}

// checkSuspected reads a goroutine dump for sites that sus suspects.
func checkSuspected(ctx context.Context, sus suspicion) (Report, error) {
	at := time.Now()
	if !crowded(sus.min) {
		// No site can have enough goroutines: spare the dump.
		return Report{At: at, Sites: []Site{}}, nil
	}
	sites, err := suspectedSites(ctx, sus, dumpGoroutines())
	if err != nil {
		return Report{}, err
	}
	return Report{At: at, Sites: sites}, nil
}

// crowded reports whether min goroutines or more may be blocked at one
// line. It reads the goroutine profile, which the runtime takes without
// stopping the world for more than a moment, unlike a dump: goroutines
// blocked at one line share the innermost frame of the program's code in
// their stacks.
func crowded(min int) bool {
	if runtime.NumGoroutine() < min {
		return false
	}
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		return true
	}
	at := make(map[string]int)
	for _, g := range goroutines.ParseProfile(b.Bytes()) {
		loc := location(blockingFrame(g.Frames))
		if at[loc] += g.Count; at[loc] >= min {
			return true
		}
	}
	return false
}

// suspectedSites returns the sites of dump that sus suspects.
func suspectedSites(ctx context.Context, sus suspicion, dump []byte) ([]Site, error) {
	t := newTally()
	err := eachEntry(ctx, dump, func(entry []byte) {
		line := header(entry)
		h, ok := goroutines.ParseHeader(line)
		if !ok || !sus.blockedLongEnough(h.State, goroutines.WaitMinutes(line)) {
			return
		}
		if g, ok := parseOne(entry); ok {
			t.add(&g, entry, 1)
		}
	})
	if err != nil {
		return nil, err
	}
	return t.report(sus.min), nil
}
