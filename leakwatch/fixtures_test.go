package leakwatch

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leash-go/leash/internal/goroutines"
)

// The leaks of the tests, one function per kind the runtime proves. Each
// marks its go statement with "// created: kind" and the line its
// goroutines block at with "// blocked: kind"; markedLines reads the marks
// from this file, so that the tests know the lines without repeating them.
// A leaked goroutine never ends: each call leaks for the rest of the test
// binary, and the tests count what a call adds.

// kinds lists the leaks: the function that makes n of them, the state the
// goroutines block in and the function they block in.
var kinds = []struct {
	name, state, blockedIn string
	leak                   func(n int)
}{
	{"send", "chan send", "leakSend.func1", leakSend},
	{"receive", "chan receive", "leakReceive.func1", leakReceive},
	{"select", "select", "leakSelect.func1", leakSelect},
	{"nil send", "chan send (nil chan)", "leakNilSend.func1", leakNilSend},
	{"nil receive", "chan receive (nil chan)", "leakNilReceive.func1", leakNilReceive},
	{"no cases", "select (no cases)", "leakNoCases.func1", leakNoCases},
	{"mutex", "sync.Mutex.Lock", "leakMutex.func1", leakMutex},
	{"rwmutex lock", "sync.RWMutex.Lock", "leakRWMutexLock.func1", leakRWMutexLock},
	{"rwmutex rlock", "sync.RWMutex.RLock", "leakRWMutexRLock.func1", leakRWMutexRLock},
	{"cond", "sync.Cond.Wait", "leakCond.func1", leakCond},
	{"waitgroup", "sync.WaitGroup.Wait", "leakWaitGroup.func1", leakWaitGroup},
}

func leakSend(n int) {
	for range n {
		go func() { // created: send
			ch := make(chan int)
			ch <- 1 // blocked: send
		}()
	}
}

func leakReceive(n int) {
	for range n {
		go func() { // created: receive
			ch := make(chan int)
			//leash:ignore blockingsend a leak for the tests to find
			<-ch // blocked: receive
		}()
	}
}

func leakSelect(n int) {
	for range n {
		go func() { // created: select
			a, b := make(chan int), make(chan int)
			select { // blocked: select
			case <-a:
			case b <- 1:
			}
		}()
	}
}

func leakNilSend(n int) {
	for range n {
		go func() { // created: nil send
			var ch chan int
			ch <- 1 // blocked: nil send
		}()
	}
}

func leakNilReceive(n int) {
	for range n {
		go func() { // created: nil receive
			var ch chan int
			<-ch // blocked: nil receive
		}()
	}
}

func leakNoCases(n int) {
	for range n {
		go func() { // created: no cases
			select {} // blocked: no cases
		}()
	}
}

// guarded holds its mutex next to a pointer: a sync.Mutex alone is 8 bytes,
// which the runtime allocates from a block it shares with other small
// objects, and the collector marks the block being filled as reachable, so
// that it cannot prove the latest goroutine blocked on such a mutex leaked.
type guarded struct {
	mu   sync.Mutex
	data *int
}

func leakMutex(n int) {
	for range n {
		go func() { // created: mutex
			g := &guarded{}
			g.mu.Lock()
			//leash:ignore lockorder a leak for the tests to find
			g.mu.Lock() // blocked: mutex
		}()
	}
}

func leakRWMutexLock(n int) {
	for range n {
		go func() { // created: rwmutex lock
			mu := &sync.RWMutex{}
			mu.RLock()
			//leash:ignore lockorder a leak for the tests to find
			mu.Lock() // blocked: rwmutex lock
		}()
	}
}

func leakRWMutexRLock(n int) {
	for range n {
		go func() { // created: rwmutex rlock
			mu := &sync.RWMutex{}
			mu.Lock()
			//leash:ignore lockorder a leak for the tests to find
			mu.RLock() // blocked: rwmutex rlock
		}()
	}
}

func leakCond(n int) {
	for range n {
		go func() { // created: cond
			c := sync.NewCond(&sync.Mutex{})
			c.L.Lock()
			c.Wait() // blocked: cond
		}()
	}
}

func leakWaitGroup(n int) {
	for range n {
		go func() { // created: waitgroup
			var wg sync.WaitGroup
			wg.Add(1)
			wg.Wait() // blocked: waitgroup
		}()
	}
}

// A parkedSet holds what the live fixtures wait on. The one in use is
// reachable from a global, as a long-lived pool's or cache's would be: its
// goroutines are blocked, not leaked.
type parkedSet struct {
	ch, out chan int
	mu      sync.Mutex
	rw      sync.RWMutex
	cond    *sync.Cond
	wg      sync.WaitGroup
	stop    bool
}

var parked *parkedSet

// parkLive starts n goroutines of each kind blocked on what parked holds,
// and returns a function that releases them and waits until they have ended.
func parkLive(n int) (release func()) {
	p := &parkedSet{ch: make(chan int), out: make(chan int)}
	parked = p
	p.cond = sync.NewCond(&p.mu)
	p.wg.Add(1)
	p.rw.Lock()
	var done sync.WaitGroup
	done.Add(5 * n)
	for range n {
		go func() { // created: live receive
			defer done.Done()
			<-p.ch
		}()
		go func() { // created: live select
			defer done.Done()
			select {
			case <-p.ch:
			case p.out <- 1:
			}
		}()
		go func() { // created: live waitgroup
			defer done.Done()
			p.wg.Wait()
		}()
		go func() { // created: live rwmutex
			defer done.Done()
			p.rw.RLock()
			p.rw.RUnlock()
		}()
		go func() { // created: live cond
			defer done.Done()
			p.mu.Lock()
			for !p.stop {
				p.cond.Wait()
			}
			p.mu.Unlock()
		}()
	}
	return func() {
		close(p.ch)
		p.wg.Done()
		p.rw.Unlock()
		p.mu.Lock()
		p.stop = true
		p.cond.Broadcast()
		p.mu.Unlock()
		done.Wait()
	}
}

// leakEveryKind parks 5×parked goroutines with parkLive, leaks n(i)
// goroutines of the i-th of kinds, waits until they are all blocked, and
// returns the function that releases the parked ones.
func leakEveryKind(t testing.TB, parked int, n func(i int) int) (release func()) {
	t.Helper()
	release = parkLive(parked)
	created := liveLines(t)
	for i, k := range kinds {
		k.leak(n(i))
		created = append(created, mark(t, "created: "+k.name))
	}
	awaitParked(t, created...)
	return release
}

// liveLines returns the lines of parkLive's go statements.
func liveLines(t testing.TB) []string {
	var lines []string
	for _, kind := range []string{"receive", "select", "waitgroup", "rwmutex", "cond"} {
		lines = append(lines, mark(t, "created: live "+kind))
	}
	return lines
}

// marks are the lines marked in this file: "created: kind" and
// "blocked: kind" to the file:line of each line so marked.
var marks = sync.OnceValue(func() map[string][]string {
	_, file, _, _ := runtime.Caller(0)
	f, err := os.Open(file)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	m := make(map[string][]string)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		_, mark, ok := strings.Cut(sc.Text(), "// ")
		if ok && (strings.HasPrefix(mark, "created: ") || strings.HasPrefix(mark, "blocked: ")) {
			m[mark] = append(m[mark], fmt.Sprintf("%s:%d", file, n))
		}
	}
	return m
})

// mark returns the one line marked with mark, or fails t.
func mark(t testing.TB, mark string) string {
	t.Helper()
	lines := marks()[mark]
	if len(lines) != 1 {
		t.Fatalf("%d lines marked %q, want 1", len(lines), mark)
	}
	return lines[0]
}

// awaitParked waits until no goroutine created at one of the lines is
// running or runnable: until they have all reached the line they block at.
func awaitParked(t testing.TB, createdAt ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		busy := 0
		for _, g := range dumpNow() {
			if (g.State == "running" || g.State == "runnable") && slices.Contains(createdAt, location(g.Creator)) {
				busy++
			}
		}
		if busy == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines still running after 10s", busy)
		}
		time.Sleep(time.Millisecond)
	}
}

// dumpNow returns every goroutine of the process.
func dumpNow() []goroutines.Goroutine {
	dump, _ := goroutines.Dump(0, 1<<30)
	return goroutines.ParseDump(dump)
}

// twinWorker blocks forever sending on ch. Two go statements start it, so
// the goroutines of two sites share its stack.
func twinWorker(ch chan int) {
	ch <- 1 // blocked: twin
}

func leakTwinA(n int) {
	for range n {
		go twinWorker(make(chan int)) // created: twin a
	}
}

func leakTwinB(n int) {
	for range n {
		go twinWorker(make(chan int)) // created: twin b
	}
}

// leakBareMutex leaks n goroutines blocked on a sync.Mutex of their own,
// allocated alone: 8 bytes, which the allocator packs with other small
// objects into a block it keeps reachable while it fills it.
func leakBareMutex(n int) {
	for range n {
		go func() { // created: bare mutex
			mu := new(sync.Mutex)
			mu.Lock()
			//leash:ignore lockorder a leak for the tests to find
			mu.Lock() // blocked: bare mutex
		}()
	}
}
