package leashtest

import (
	"context"
	"fmt"
	"github.com/leash-go/leash/leashtest/internal/faket"
	"regexp"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// shortGrace keeps the tests of lingering goroutines quick.
const shortGrace = 50 * time.Millisecond

// wantVerdict is the verdict a goroutine blocked on unreachable objects
// gets: proven where the runtime has a leak profile, lingering elsewhere.
func wantVerdict() string {
	if leakProfile != nil {
		return "leaked: the runtime proved it blocked forever"
	}
	return "lingering: still running"
}

// reportedIDs returns the goroutine ids listed in a report.
func reportedIDs(report string) []int64 {
	var ids []int64
	for _, m := range regexp.MustCompile(`(?m)^  goroutines?  (.*)$`).FindAllStringSubmatch(report, -1) {
		for _, f := range strings.Split(m[1], ", ") {
			if id, err := strconv.ParseInt(f, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

func TestCheckCleanTestsPass(t *testing.T) {
	cases := map[string]func(t *faket.T){
		"no goroutines": func(t *faket.T) { Check(t) },
		"goroutines that finished": func(t *faket.T) {
			Check(t)
			var wg sync.WaitGroup
			for range 10 {
				wg.Go(func() {
					var inner sync.WaitGroup
					inner.Go(func() {})
					inner.Wait()
				})
			}
			wg.Wait()
		},
		"goroutines stopped by a later cleanup": func(t *faket.T) {
			Check(t)
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() { <-stop })
			}
			t.Cleanup(func() { close(stop); wg.Wait() })
		},
		"goroutines exiting as the test ends": func(t *faket.T) {
			Check(t)
			stop := make(chan struct{})
			for range 3 {
				go func() { <-stop }()
			}
			close(stop) // not waited for: they exit while the check looks
		},
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			f := faket.Run(t, "TestClean", body)
			if f.Failed() {
				t.Fatalf("a clean test failed:\n%s", f.Report())
			}
		})
	}
}

// Each way a goroutine can block forever is reported with the state the
// runtime gives it. The objects are local to the goroutine, so the runtime
// can prove the leak where it has a leak profile.
func TestCheckReportsEachBlockingState(t *testing.T) {
	cases := []struct {
		state string
		leak  func()
	}{
		{"chan send", func() { ch := make(chan int); ch <- 1 }},
		//leash:ignore blockingsend a deliberate leak, for the check under test to find
		{"chan receive", func() { ch := make(chan int); <-ch }},
		{"chan send (nil chan)", func() { var ch chan int; ch <- 1 }},
		{"chan receive (nil chan)", func() { var ch chan int; <-ch }},
		{"select", func() {
			a, b := make(chan int), make(chan int)
			select {
			case <-a:
			case b <- 1:
			}
		}},
		{"select (no cases)", func() { select {} }},
		//leash:ignore lockorder a deliberate deadlock, for the check under test to find
		{"sync.Mutex.Lock", func() { var mu sync.Mutex; mu.Lock(); mu.Lock() }},
		//leash:ignore lockorder a deliberate deadlock, for the check under test to find
		{"sync.RWMutex.RLock", func() { var mu sync.RWMutex; mu.Lock(); mu.RLock() }},
		//leash:ignore lockorder a deliberate deadlock, for the check under test to find
		{"sync.RWMutex.Lock", func() { var mu sync.RWMutex; mu.RLock(); mu.Lock() }},
		{"sync.WaitGroup.Wait", func() { var wg sync.WaitGroup; wg.Add(1); wg.Wait() }},
		{"sync.Cond.Wait", func() { c := sync.NewCond(new(sync.Mutex)); c.L.Lock(); c.Wait() }},
	}
	for _, tc := range cases {
		t.Run(tc.state, func(t *testing.T) {
			t.Parallel()
			f := faket.Run(t, "TestLeaky", func(t *faket.T) {
				Check(t, Grace(shortGrace))
				go tc.leak()
			})
			r := f.Report()
			if !strings.Contains(r, "1 goroutine ["+tc.state+"]: "+wantVerdict()) {
				t.Errorf("report does not say %q with the verdict %q:\n%s", tc.state, wantVerdict(), r)
			}
		})
	}
}

// blocker is reachable from a global: no GC can prove a goroutine blocked on
// it leaked, so it lingers.
var blocker = struct {
	sync.Mutex
	chans []chan struct{}
}{}

// blockOnGlobal returns a channel reachable from a global and a function that
// releases every goroutine blocked on it.
func blockOnGlobal() (chan struct{}, func()) {
	ch := make(chan struct{})
	blocker.Lock()
	blocker.chans = append(blocker.chans, ch)
	blocker.Unlock()
	var once sync.Once
	return ch, func() { once.Do(func() { close(ch) }) }
}

func TestCheckReportsLingeringAfterGrace(t *testing.T) {
	ch, release := blockOnGlobal()
	defer release()
	start := time.Now()
	f := faket.Run(t, "TestLingering", func(t *faket.T) {
		Check(t, Grace(shortGrace))
		go func() { <-ch }()
	})
	took := time.Since(start)
	r := f.Report()
	if !strings.Contains(r, "1 goroutine [chan receive]: lingering: still running") {
		t.Fatalf("no lingering goroutine reported:\n%s", r)
	}
	if took < shortGrace {
		t.Errorf("the check gave up after %v, before the grace period of %v", took, shortGrace)
	}
}

func TestCheckWaitsForGoroutinesFinishingWithinGrace(t *testing.T) {
	const grace = 2 * time.Second
	f := faket.Run(t, "TestSlowStop", func(t *faket.T) {
		Check(t, Grace(grace))
		for i := range 3 {
			go time.Sleep(time.Duration(i+1) * 20 * time.Millisecond)
		}
		ch, release := blockOnGlobal()
		go func() { <-ch }()
		time.AfterFunc(50*time.Millisecond, release)
	})
	if f.Failed() {
		t.Fatalf("goroutines that finished within the grace period were reported:\n%s", f.Report())
	}
}

func TestCheckIgnoresGoroutinesStartedBeforeCheck(t *testing.T) {
	ch, release := blockOnGlobal()
	defer release()
	go func() { <-ch }() // started by the real test, before the fake one
	f := faket.Run(t, "TestAfter", func(t *faket.T) {
		go func() { <-ch }() // started by the fake test's goroutine, before Check
		// And one without a label at all: only what the check saw alive
		// when it began keeps it from following its creator, the test.
		pprof.SetGoroutineLabels(context.Background())
		go func() { <-ch }()
		Check(t, Grace(shortGrace))
		done := make(chan struct{})
		go close(done) // so that the check looks beyond its fast path
		<-done
	})
	if f.Failed() {
		t.Fatalf("goroutines started before Check were reported:\n%s", f.Report())
	}
}

func TestCheckFollowsDescendantsOfDescendants(t *testing.T) {
	var leafID int64
	f := faket.Run(t, "TestDeep", func(t *faket.T) {
		Check(t, Grace(shortGrace))
		started := make(chan int64)
		var wg sync.WaitGroup
		wg.Go(func() { // exits
			wg.Go(func() { // exits
				go deepLeaf(started) // blocks forever
			})
		})
		wg.Wait()
		leafID = <-started
	})
	r := f.Report()
	if !strings.Contains(r, "created by  github.com/leash-go/leash/leashtest.TestCheckFollowsDescendantsOfDescendants") {
		t.Errorf("report does not say who created the goroutine:\n%s", r)
	}
	if !strings.Contains(r, "blocked in  github.com/leash-go/leash/leashtest.deepLeaf") {
		t.Errorf("report does not say where the goroutine is blocked:\n%s", r)
	}
	if ids := reportedIDs(r); len(ids) != 1 || ids[0] != leafID {
		t.Errorf("reported goroutines %v, want only the leaf %d:\n%s", ids, leafID, r)
	}
}

func deepLeaf(started chan<- int64) {
	started <- currentID()
	ch := make(chan int)
	//leash:ignore blockingsend a deliberate leak, for the check under test to find
	<-ch
}

// Checks running at the same time each report their own goroutines, and
// only those.
func TestCheckParallelChecksDoNotBlameEachOther(t *testing.T) {
	const n = 8
	ch, release := blockOnGlobal()
	defer release()
	var wg sync.WaitGroup
	fakes := make([]*faket.T, n)
	own := make([][]int64, n)
	for i := range n {
		wg.Go(func() {
			fakes[i] = faket.Run(t, fmt.Sprintf("TestNeighbour%d", i), func(t *faket.T) {
				Check(t, Grace(shortGrace))
				ids := make(chan int64)
				for range i % 3 { // 0, 1 or 2 goroutines left behind
					go func() {
						ids <- currentID()
						if i%2 == 0 {
							<-ch // lingers
						}
						dead := make(chan int)
						//leash:ignore blockingsend a deliberate leak, for the check under test to find
						<-dead // leaks
					}()
					own[i] = append(own[i], <-ids)
				}
				// And goroutines that finish, while the others check.
				var done sync.WaitGroup
				for range 4 {
					done.Go(func() { time.Sleep(time.Millisecond) })
				}
				done.Wait()
			})
		})
	}
	wg.Wait()
	for i, f := range fakes {
		r := f.Report()
		got := reportedIDs(r)
		if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(own[i])) {
			t.Errorf("test %d: reported goroutines %v, want its own %v:\n%s", i, got, own[i], r)
		}
		if len(own[i]) > 0 && !strings.Contains(r, fmt.Sprintf("TestNeighbour%d ", i)) {
			t.Errorf("test %d: report does not name the test:\n%s", i, r)
		}
	}
}

func sorted(ids []int64) []int64 {
	s := append([]int64(nil), ids...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func TestCheckNeverBlamesALaterTest(t *testing.T) {
	ch, release := blockOnGlobal()
	defer release()
	first := faket.Run(t, "TestFirst", func(t *faket.T) {
		Check(t, Grace(shortGrace))
		go func() { <-ch }()
		go func() { dead := make(chan int); dead <- 1 }()
	})
	if !first.Failed() {
		t.Fatal("the leaking test passed")
	}
	later := faket.Run(t, "TestLater", func(t *faket.T) {
		Check(t, Grace(shortGrace))
		done := make(chan struct{})
		go close(done)
		<-done
	})
	if later.Failed() {
		t.Fatalf("a later test was blamed for an earlier test's goroutines:\n%s", later.Report())
	}
}

// A test nested in another, as subtests are, answers for its own goroutines;
// the enclosing test answers for the rest.
func TestCheckNestedTests(t *testing.T) {
	var inner *faket.T
	outer := faket.Run(t, "TestOuter", func(t *faket.T) {
		Check(t, Grace(shortGrace))
		go func() { dead := make(chan int); dead <- 1 }()
		inner = faket.Run(t, "TestOuter/inner", func(t *faket.T) {
			Check(t, Grace(shortGrace))
			//leash:ignore blockingsend a deliberate leak, for the check under test to find
			go func() { dead := make(chan int); <-dead }()
		})
	})
	ro, ri := outer.Report(), inner.Report()
	if !strings.Contains(ro, "1 goroutine [chan send]") || strings.Contains(ro, "chan receive") {
		t.Errorf("outer test should report its chan send only:\n%s", ro)
	}
	if !strings.Contains(ri, "1 goroutine [chan receive]") || strings.Contains(ri, "chan send") {
		t.Errorf("inner test should report its chan receive only:\n%s", ri)
	}
}

func TestCheckGroupsIdenticalGoroutines(t *testing.T) {
	f := faket.Run(t, "TestMany", func(t *faket.T) {
		Check(t, Grace(shortGrace))
		for range 5 {
			go func() { dead := make(chan int); dead <- 1 }()
		}
		//leash:ignore blockingsend a deliberate leak, for the check under test to find
		go func() { dead := make(chan int); <-dead }()
	})
	r := f.Report()
	if !strings.Contains(r, "leashtest: TestMany left 6 goroutines running") {
		t.Errorf("report does not count the goroutines:\n%s", r)
	}
	if !strings.Contains(r, "5 goroutines [chan send]") || !strings.Contains(r, "1 goroutine [chan receive]") {
		t.Errorf("report does not group identical goroutines:\n%s", r)
	}
	if n := len(reportedIDs(r)); n != 6 {
		t.Errorf("report lists %d goroutine ids, want 6:\n%s", n, r)
	}
}

// A proven leak is reported without waiting out the grace period.
func TestCheckReportsProvenLeaksAtOnce(t *testing.T) {
	if leakProfile == nil {
		t.Skip("the runtime has no goroutine leak profile: build with GOEXPERIMENT=goroutineleakprofile or Go 1.27")
	}
	start := time.Now()
	f := faket.Run(t, "TestProven", func(t *faket.T) {
		Check(t, Grace(time.Hour))
		//leash:ignore lockorder a deliberate deadlock, for the check under test to find
		go func() { var mu sync.Mutex; mu.Lock(); mu.Lock() }()
		go func() { dead := make(chan int); dead <- 1 }()
	})
	took := time.Since(start)
	if !strings.Contains(f.Report(), "proven blocked forever") {
		t.Fatalf("no proven leak reported:\n%s", f.Report())
	}
	if took > 10*time.Second {
		t.Errorf("the check took %v: it waited for the grace period", took)
	}
}

// With a proven leak at hand, the check does not wait for the grace period of
// goroutines that are only still running: the test fails anyway.
func TestCheckStopsWaitingOnceALeakIsProven(t *testing.T) {
	if leakProfile == nil {
		t.Skip("the runtime has no goroutine leak profile: build with GOEXPERIMENT=goroutineleakprofile or Go 1.27")
	}
	ch, release := blockOnGlobal()
	defer release()
	f := faket.Run(t, "TestBoth", func(t *faket.T) {
		Check(t, Grace(time.Hour))
		go func() { <-ch }()
		go func() { dead := make(chan int); dead <- 1 }()
	})
	r := f.Report()
	if !strings.Contains(r, "[chan send]: leaked") || !strings.Contains(r, "[chan receive]: still running; not waited for") {
		t.Fatalf("report should show the proven leak and the running goroutine:\n%s", r)
	}
}

// deadlineT is a test with a deadline, as go test -timeout gives.
type deadlineT struct {
	*faket.T
	end time.Time
}

func (d deadlineT) Deadline() (time.Time, bool) { return d.end, true }

func TestCheckGraceEndsBeforeTheTestDeadline(t *testing.T) {
	ch, release := blockOnGlobal()
	defer release()
	start := time.Now()
	f := faket.Run(t, "TestTimeout", func(t *faket.T) {
		Check(deadlineT{t, time.Now().Add(300 * time.Millisecond)}, Grace(time.Hour))
		go func() { <-ch }()
	})
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the check took %v, past the test's deadline", took)
	}
	if !strings.Contains(f.Report(), "lingering") {
		t.Errorf("no lingering goroutine reported:\n%s", f.Report())
	}
}

func TestCheckNil(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "pass the test's *testing.T") {
			t.Errorf("Check(nil) panicked with %v", r)
		}
	}()
	Check(nil)
}

// The check uses leashtest on itself: goroutines of this package's tests that
// the fake tests do not own must not leak either.
func TestCheckOnItself(t *testing.T) {
	Check(t)
	f := faket.Run(t, "TestInner", func(t *faket.T) { Check(t) })
	if f.Failed() {
		t.Fatal(f.Report())
	}
}

// Checks of parallel tests that end together share their leak detection
// collections: each one is a GC, which one check per test would multiply.
func TestCheckParallelProofsShareCollections(t *testing.T) {
	if leakProfile == nil {
		t.Skip("the runtime has no goroutine leak profile: build with GOEXPERIMENT=goroutineleakprofile or Go 1.27")
	}
	const n = 16
	before := proofCensus.collections()
	end := make(chan struct{})
	var wg sync.WaitGroup
	fakes := make([]*faket.T, n)
	for i := range n {
		wg.Go(func() {
			fakes[i] = faket.Run(t, fmt.Sprint("TestTogether", i), func(t *faket.T) {
				Check(t)
				go func() { dead := make(chan int); dead <- 1 }()
				<-end
			})
		})
	}
	close(end)
	wg.Wait()
	collections := proofCensus.collections() - before
	t.Logf("%d checks ran %d leak detection collections", n, collections)
	for i, f := range fakes {
		if !strings.Contains(f.Report(), "1 goroutine [chan send]: leaked") {
			t.Errorf("test %d: no proven leak reported:\n%s", i, f.Report())
		}
	}
	if collections > n/2 {
		t.Errorf("%d checks ran %d leak detection collections, want them shared", n, collections)
	}
}
