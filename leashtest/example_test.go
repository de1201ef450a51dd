package leashtest_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leash-go/leash/leashtest"
)

// In a test, Check is the first line:
//
//	func TestServer(t *testing.T) {
//		leashtest.Check(t)
//		…
//	}
//
// Here the test is run by hand, with a stand-in for its *testing.T, to show
// what a leaking test reports.
func ExampleCheck() {
	t := run("TestLeaky", func(t testing.TB) {
		leashtest.Check(t)
		results := make(chan int)
		go func() {
			//leash:ignore blockingsend the leak this example shows
			results <- 42 // nobody receives: this goroutine never ends
		}()
	})
	fmt.Println(t.summary())
	// Output:
	// leashtest: TestLeaky left 1 goroutine running
	// 1 goroutine [chan send]
}

// Main checks every test of a package. It ends the process, so this example
// is not run; in a package's tests it reads:
//
//	func TestMain(m *testing.M) {
//		leashtest.Main(m)
//	}
func ExampleMain() {
	var m *testing.M // TestMain's argument
	leashtest.Main(m, leashtest.IgnoreTopFunction("example.com/cache.(*Cache).janitor"))
}

// Options go after t, as in goleak.
func ExampleOption() {
	t := run("TestOptions", func(t testing.TB) {
		leashtest.Check(t, leashtest.Grace(time.Second), leashtest.IgnoreCreatedBy("example.com/metrics.Start"))
	})
	fmt.Println(t.summary())
	// Output:
	// passed
}

// A test whose goroutines take a while to stop after it ends passes if they
// stop within the grace period.
func ExampleGrace() {
	t := run("TestSlowShutdown", func(t testing.TB) {
		leashtest.Check(t, leashtest.Grace(2*time.Second))
		go time.Sleep(100 * time.Millisecond) // flushing, say
	})
	fmt.Println(t.summary())
	// Output:
	// passed
}

// With AllowLingering, goroutines that are only slow are logged; only
// goroutines the runtime proves blocked forever fail the test.
func ExampleAllowLingering() {
	stop := make(chan struct{})
	defer close(stop)
	t := run("TestBackground", func(t testing.TB) {
		leashtest.Check(t, leashtest.AllowLingering(), leashtest.Grace(10*time.Millisecond))
		go func() { <-stop }() // stop is still reachable: slow, not provably stuck
	})
	fmt.Println(t.summary())
	fmt.Println(strings.Contains(t.logs, "lingering"))
	// Output:
	// passed
	// true
}

// A goroutine the test cannot stop, here a package-wide cache's janitor
// started on first use, can be ignored by the function it is blocked in.
func ExampleIgnoreTopFunction() {
	t := run("TestCache", func(t testing.TB) {
		leashtest.Check(t, leashtest.IgnoreTopFunction("github.com/leash-go/leash/leashtest_test.janitor"))
		startJanitor()
	})
	fmt.Println(t.summary())
	// Output:
	// passed
}

// IgnoreAnyFunction ignores goroutines with the function anywhere in their
// stack, here the janitor's loop, whatever it is blocked in.
func ExampleIgnoreAnyFunction() {
	t := run("TestCache", func(t testing.TB) {
		leashtest.Check(t, leashtest.IgnoreAnyFunction("github.com/leash-go/leash/leashtest_test.janitor"))
		startJanitor()
	})
	fmt.Println(t.summary())
	// Output:
	// passed
}

// IgnoreCreatedBy ignores the goroutines a function starts.
func ExampleIgnoreCreatedBy() {
	t := run("TestCache", func(t testing.TB) {
		leashtest.Check(t, leashtest.IgnoreCreatedBy("github.com/leash-go/leash/leashtest_test.startJanitor.func1"))
		startJanitor()
	})
	fmt.Println(t.summary())
	// Output:
	// passed
}

var janitorOnce sync.Once

// startJanitor starts, once per process, a goroutine that never ends.
func startJanitor() {
	janitorOnce.Do(func() { go janitor() })
}

var janitorTick = make(chan struct{})

func janitor() {
	for range janitorTick {
	}
}

// stub stands in for a test's *testing.T: it records what the test would
// report instead of failing.
type stub struct {
	testing.TB
	name     string
	mu       sync.Mutex
	errors   []string
	logs     string
	cleanups []func()
}

// run runs body as a test called name would run, on its own goroutine,
// cleanups included.
func run(name string, body func(t testing.TB)) *stub {
	t := &stub{name: name}
	done := make(chan struct{})
	go func() {
		defer close(done)
		body(t)
		for i := len(t.cleanups) - 1; i >= 0; i-- {
			t.cleanups[i]()
		}
	}()
	<-done
	return t
}

func (t *stub) Name() string     { return t.name }
func (t *stub) Helper()          {}
func (t *stub) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *stub) Log(args ...any)  { t.mu.Lock(); t.logs += fmt.Sprint(args...); t.mu.Unlock() }
func (t *stub) Error(args ...any) {
	t.mu.Lock()
	t.errors = append(t.errors, fmt.Sprint(args...))
	t.mu.Unlock()
}

// summary returns "passed", or the start of the first report and the
// first group's count and state, which read the same with or without the
// runtime's leak profile.
func (t *stub) summary() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.errors) == 0 {
		return "passed"
	}
	lines := strings.Split(t.errors[0], "\n")
	head, _, _ := strings.Cut(lines[0], " running")
	group, _, _ := strings.Cut(lines[2], ":")
	return head + " running\n" + group
}
