package leash_test

import (
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leash-go/leash"
)

// fetchUser stands in for a call to another service.
func fetchUser(ctx context.Context, id int) (string, error) {
	select {
	case <-time.After(time.Millisecond):
		return fmt.Sprintf("user-%d", id), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// fetchSlow stands in for a call to a service that is slow today: only a
// cancellation ends it early.
func fetchSlow(ctx context.Context, what string) (string, error) {
	select {
	case <-time.After(time.Hour):
		return what, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Three calls side by side: the first error cancels the others, and Wait
// returns it.
func Example() {
	ctx := context.Background()
	var profile, orders string
	g := leash.NewGroup(ctx)
	g.Go(func(ctx context.Context) (err error) { profile, err = fetchSlow(ctx, "profile"); return err })
	g.Go(func(ctx context.Context) (err error) { orders, err = fetchSlow(ctx, "orders"); return err })
	g.Go(func(ctx context.Context) error { return errors.New("notifications: unavailable") })
	err := g.Wait()
	fmt.Printf("%q %q %v\n", profile, orders, err)
	// Output: "" "" notifications: unavailable
}

func ExampleNewGroup() {
	g := leash.NewGroup(context.Background(), leash.Limit(2))
	var done atomic.Int64
	for range 10 {
		g.Go(func(ctx context.Context) error { done.Add(1); return nil })
	}
	fmt.Println(g.Wait(), done.Load())
	// Output: <nil> 10
}

func ExampleGroup() {
	// The playbook's worker pool, with a Group: a producer and a fixed
	// number of workers reading a channel. ForEach does the same in one
	// call; a Group is for shapes that are not a loop over a slice.
	//
	// The producer owns jobs and closes it on its way out. The group runs
	// it even if the context has ended before its goroutine gets to it, so
	// the workers' range always ends.
	ctx := context.Background()
	jobs := make(chan int)
	var sum atomic.Int64
	g := leash.NewGroup(ctx)
	g.Go(func(ctx context.Context) error {
		defer close(jobs)
		for i := 1; i <= 100; i++ {
			if err := leash.Send(ctx, jobs, i); err != nil {
				return err
			}
		}
		return nil
	})
	for range 4 {
		g.Go(func(ctx context.Context) error {
			for j := range jobs {
				sum.Add(int64(j))
			}
			return nil
		})
	}
	fmt.Println(g.Wait(), sum.Load())
	// Output: <nil> 5050
}

func ExampleGroup_Go() {
	// A task given to Go always runs, with the group's context: here it has
	// already ended, so the task cleans up and returns the context's error.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	results := make(chan int)
	g := leash.NewGroup(ctx)
	g.Go(func(ctx context.Context) error {
		defer close(results) // runs whatever happens: a reader of results is never stranded
		return leash.Send(ctx, results, 42)
	})
	for r := range results {
		fmt.Println("received", r)
	}
	fmt.Println(g.Wait())
	// Output: context canceled
}

func ExampleGroup_TryGo() {
	g := leash.NewGroup(context.Background(), leash.Limit(1))
	release := make(chan struct{})
	first := g.TryGo(func(ctx context.Context) error { <-release; return nil })
	second := g.TryGo(func(ctx context.Context) error { return nil })
	close(release)
	fmt.Println(first, second, g.Wait())
	// Output: true false <nil>
}

func ExampleGroup_Wait() {
	g := leash.NewGroup(context.Background(), leash.CollectErrors())
	for _, name := range []string{"a", "b", "c"} {
		g.Go(func(ctx context.Context) error {
			if name == "b" {
				return nil
			}
			return fmt.Errorf("%s failed", name)
		})
	}
	fmt.Println(g.Wait())
	// Output:
	// a failed
	// c failed
}

func ExampleLimit() {
	var running, most atomic.Int64
	leash.ForEach(context.Background(), make([]int, 100), func(ctx context.Context, _ int) error {
		n := running.Add(1)
		defer running.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(time.Millisecond)
		return nil
	}, leash.Limit(3))
	fmt.Println(most.Load() <= 3)
	// Output: true
}

func ExampleCollectErrors() {
	emails := []string{"ann@example.com", "bob", "cy@example.com", "dee"}
	err := leash.ForEach(context.Background(), emails, func(ctx context.Context, addr string) error {
		if !strings.Contains(addr, "@") {
			return fmt.Errorf("%q: no @", addr)
		}
		return nil // sent
	}, leash.CollectErrors())
	fmt.Println(err)
	// Output:
	// "bob": no @
	// "dee": no @
}

func ExampleMap() {
	users, err := leash.Map(context.Background(), []int{3, 1, 2}, fetchUser, leash.Limit(8))
	fmt.Println(users, err)
	// Output: [user-3 user-1 user-2] <nil>
}

// With CollectErrors, Map returns what fn returned for every element, the
// elements that failed included, alongside the errors.
func ExampleMap_collectErrors() {
	parsed, err := leash.Map(context.Background(), []string{"7", "x", "12"}, func(ctx context.Context, s string) (int, error) {
		return strconv.Atoi(s)
	}, leash.CollectErrors())
	fmt.Println(parsed)
	fmt.Println(err)
	// Output:
	// [7 0 12]
	// strconv.Atoi: parsing "x": invalid syntax
}

func ExampleForEach() {
	var total atomic.Int64
	err := leash.ForEach(context.Background(), []int{1, 2, 3, 4}, func(ctx context.Context, v int) error {
		total.Add(int64(v))
		return nil
	})
	fmt.Println(total.Load(), err)
	// Output: 10 <nil>
}

func ExampleMapSeq() {
	// An endless input: MapSeq pulls only what its window holds, and
	// break stops the input and every worker.
	naturals := func(yield func(int) bool) {
		for i := 0; yield(i); i++ {
		}
	}
	square := func(ctx context.Context, v int) (int, error) { return v * v, nil }
	for sq, err := range leash.MapSeq(context.Background(), naturals, square, leash.Limit(4)) {
		if err != nil {
			fmt.Println(err)
			break
		}
		if sq > 50 {
			break
		}
		fmt.Print(sq, " ")
	}
	fmt.Println()
	// Output: 0 1 4 9 16 25 36 49
}

func ExampleForEachSeq() {
	lines := strings.Lines("alpha\nbeta\ngamma\n")
	var chars atomic.Int64
	err := leash.ForEachSeq(context.Background(), lines, func(ctx context.Context, line string) error {
		chars.Add(int64(len(strings.TrimSpace(line))))
		return nil
	}, leash.Limit(2))
	fmt.Println(chars.Load(), err)
	// Output: 14 <nil>
}

func ExampleSend() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	results := make(chan int) // the reader gave up and left
	fmt.Println(leash.Send(ctx, results, 42))
	// Output: context deadline exceeded
}

func ExampleRecv() {
	ch := make(chan string, 2)
	ch <- "a"
	ch <- "b"
	close(ch)
	for {
		v, ok, err := leash.Recv(context.Background(), ch)
		if err != nil || !ok {
			fmt.Println("done:", err)
			return
		}
		fmt.Println(v)
	}
	// Output:
	// a
	// b
	// done: <nil>
}

func ExampleLazy() {
	var dials atomic.Int64
	client := leash.NewLazy(func(ctx context.Context) (string, error) {
		if dials.Add(1) == 1 {
			return "", errors.New("connection refused") // not kept: the next Get retries
		}
		return "client#2", nil
	})
	for range 3 {
		fmt.Println(client.Get(context.Background()))
	}
	// Output:
	// connection refused
	// client#2 <nil>
	// client#2 <nil>
}

func ExampleNewLazy() {
	config := leash.NewLazy(func(ctx context.Context) (map[string]string, error) {
		return map[string]string{"region": "eu-west-1"}, nil
	})
	c, err := config.Get(context.Background())
	fmt.Println(c["region"], err)
	// Output: eu-west-1 <nil>
}

func ExampleLazy_Get() {
	started := make(chan struct{})
	l := leash.NewLazy(func(ctx context.Context) (int, error) {
		close(started)
		<-ctx.Done() // a first init that hangs until its caller gives up
		return 0, ctx.Err()
	})
	first, giveUp := context.WithCancel(context.Background())
	defer giveUp()
	go l.Get(first)
	<-started

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := l.Get(ctx) // waits for the first caller's init, but not past its own deadline
	fmt.Println(err)
	// Output: context deadline exceeded
}

func ExamplePanicError() {
	defer func() {
		var pe *leash.PanicError
		if err, ok := recover().(error); ok && errors.As(err, &pe) {
			fmt.Println("recovered:", pe.Value)
		}
	}()
	leash.ForEach(context.Background(), []int{1, 2, 3}, func(ctx context.Context, v int) error {
		if v == 2 {
			panic("bad item")
		}
		return nil
	})
	// Output: recovered: bad item
}

func ExampleOption() {
	opts := []leash.Option{leash.Limit(4), leash.CollectErrors()}
	out, err := leash.Map(context.Background(), []string{"b", "a"}, func(ctx context.Context, s string) (string, error) {
		return strings.ToUpper(s), nil
	}, opts...)
	fmt.Println(slices.Equal(out, []string{"B", "A"}), err)
	// Output: true <nil>
}

// countingObserver counts the tasks that ended and those that failed.
type countingObserver struct {
	ended, failed atomic.Int64
}

func (c *countingObserver) Observe(e leash.Event) {
	if e.Kind == leash.TaskEnded {
		c.ended.Add(1)
		if e.Err != nil {
			c.failed.Add(1)
		}
	}
}

func ExampleObserve() {
	var c countingObserver
	leash.ForEach(context.Background(), []int{1, 2, 3, 4}, func(ctx context.Context, v int) error {
		if v%2 == 0 {
			return fmt.Errorf("%d is even", v)
		}
		return nil
	}, leash.Observe(&c), leash.CollectErrors())
	fmt.Println(c.ended.Load(), "ended,", c.failed.Load(), "failed")
	// Output: 4 ended, 2 failed
}

func ExampleObserver() {
	// An Observer that logs every step of a small group, in a fixed order.
	var mu sync.Mutex
	var steps []string
	log := observerFunc(func(e leash.Event) {
		mu.Lock()
		defer mu.Unlock()
		switch e.Kind {
		case leash.CallStarted:
			steps = append(steps, fmt.Sprintf("%s: %s, limit %d", e.Pool, e.Kind, e.Limit))
		case leash.CallEnded:
			steps = append(steps, fmt.Sprintf("%s: %s", e.Pool, e.Kind))
		default:
			steps = append(steps, fmt.Sprintf("%s: %s ×%d", e.Pool, e.Kind, e.Tasks))
		}
	})
	g := leash.NewGroup(context.Background(), leash.Name("mail"), leash.Observe(log), leash.Limit(1))
	g.Go(func(ctx context.Context) error { return nil })
	g.Wait()
	fmt.Println(strings.Join(steps, "\n"))
	// Output:
	// mail: call started, limit 1
	// mail: queued ×1
	// mail: started ×1
	// mail: ended ×1
	// mail: call ended
}

func ExampleEvent() {
	e := leash.Event{Kind: leash.TaskEnded, Pool: "resize", Tasks: 1, Run: 3 * time.Millisecond}
	fmt.Printf("%s: task %s after %v\n", e.Pool, e.Kind, e.Run)
	// Output: resize: task ended after 3ms
}

func ExampleEventKind() {
	for _, k := range []leash.EventKind{leash.CallStarted, leash.TaskQueued, leash.TaskStarted, leash.TaskEnded, leash.TaskPanicked, leash.TaskSkipped, leash.CallEnded} {
		fmt.Printf("%s, ", k)
	}
	fmt.Println()
	// Output: call started, queued, started, ended, panicked, skipped, call ended,
}

func ExampleEventKind_String() {
	fmt.Println(leash.TaskPanicked.String())
	// Output: panicked
}

func ExampleName() {
	var pools sync.Map
	obs := observerFunc(func(e leash.Event) { pools.Store(e.Pool, true) })
	leash.ForEach(context.Background(), []int{1}, func(ctx context.Context, v int) error { return nil },
		leash.Name("thumbnails"), leash.Observe(obs))
	_, ok := pools.Load("thumbnails")
	fmt.Println(ok)
	// Output: true
}

func ExamplePprofLabels() {
	leash.ForEach(context.Background(), []int{1}, func(ctx context.Context, v int) error {
		pool, _ := pprof.Label(ctx, "leash.pool")
		fmt.Println(pool) // CPU and goroutine profiles show the same label
		return nil
	}, leash.Name("thumbnails"), leash.PprofLabels())
	// Output: thumbnails
}

func ExamplePanicError_Unwrap() {
	errDisk := errors.New("disk full")
	defer func() {
		err, _ := recover().(error)
		fmt.Println(errors.Is(err, errDisk)) // the panic's value was an error
	}()
	g := leash.NewGroup(context.Background())
	g.Go(func(ctx context.Context) error { panic(errDisk) })
	g.Wait()
	// Output: true
}

func ExamplePanicError_Error() {
	pe := &leash.PanicError{Value: "index out of range", Stack: []byte("goroutine 7 [running]:\n...")}
	fmt.Println(strings.SplitN(pe.Error(), "\n", 2)[0])
	// Output: leash: task panicked: index out of range
}

// poolCounters counts the tasks that ended, per pool, resolving the pool's
// counter once per call rather than on every event.
type poolCounters struct {
	mu    sync.Mutex
	ended map[string]*atomic.Int64
}

func (p *poolCounters) ForPool(name string) leash.Observer {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.ended[name]
	if !ok {
		c = new(atomic.Int64)
		p.ended[name] = c
	}
	return observerFunc(func(e leash.Event) {
		if e.Kind == leash.TaskEnded {
			c.Add(1)
		}
	})
}

// Observe is used only when an event is handed over directly.
func (p *poolCounters) Observe(e leash.Event) { p.ForPool(e.Pool).Observe(e) }

func ExamplePoolObserver() {
	obs := &poolCounters{ended: map[string]*atomic.Int64{}}
	nop := func(ctx context.Context, v int) error { return nil }
	leash.ForEach(context.Background(), []int{1, 2, 3}, nop, leash.Name("resize"), leash.Observe(obs))
	leash.ForEach(context.Background(), []int{1, 2}, nop, leash.Name("upload"), leash.Observe(obs))
	fmt.Println(obs.ended["resize"].Load(), obs.ended["upload"].Load())
	// Output: 3 2
}
