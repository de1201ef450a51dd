package leakwatch_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/leash-go/leash/leakwatch"
)

// Check once, say at the end of a load test or from an admin endpoint. What
// it finds depends on the runtime: proven leaks on Go 1.27 (or Go 1.26 with
// GOEXPERIMENT=goroutineleakprofile), suspected sites elsewhere; so this
// example is not run.
func ExampleCheck() {
	r, err := leakwatch.Check(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	verdict := "proven blocked forever"
	if !r.Proven {
		verdict = "suspected"
	}
	for _, s := range r.Sites {
		fmt.Printf("%d goroutines %s [%s]\n  blocked in %s at %s\n  created by %s at %s\n",
			s.Count, verdict, s.State, s.BlockedIn, s.BlockedAt, s.CreatedBy, s.CreatedAt)
	}
}

// A report lists sites, most goroutines first.
func ExampleReport() {
	r := leakwatch.Report{Proven: true, Sites: []leakwatch.Site{
		{State: "chan send", BlockedIn: "example.com/search.(*Server).query.func1", BlockedAt: "/src/search/server.go:88", Count: 1204},
		{State: "sync.WaitGroup.Wait", BlockedIn: "example.com/search.(*Index).rebuild", BlockedAt: "/src/search/index.go:41", Count: 3},
	}}
	total := 0
	for _, s := range r.Sites {
		total += s.Count
	}
	fmt.Printf("%d goroutines leaked at %d sites; the worst: %s\n", total, len(r.Sites), r.Sites[0].BlockedAt)
	// Output:
	// 1207 goroutines leaked at 2 sites; the worst: /src/search/server.go:88
}

// A site's Stack is the runtime's own text for one of its goroutines.
func ExampleSite() {
	s := leakwatch.Site{
		CreatedBy: "example.com/search.(*Server).query",
		CreatedAt: "/src/search/server.go:85",
		BlockedIn: "example.com/search.(*Server).query.func1",
		BlockedAt: "/src/search/server.go:88",
		State:     "chan send",
		Count:     1204,
		Stack: `goroutine 4242 [chan send (leaked)]:
example.com/search.(*Server).query.func1()
	/src/search/server.go:88 +0x3c
created by example.com/search.(*Server).query in goroutine 4240
	/src/search/server.go:85 +0x9e`,
	}
	fmt.Println(strings.SplitN(s.Stack, "\n", 2)[0])
	// Output:
	// goroutine 4242 [chan send (leaked)]:
}

// A Watcher runs beside the service, checking every minute, and its page is
// mounted with the other debugging pages.
func ExampleWatcher() {
	w := leakwatch.New(leakwatch.Logger(slog.Default()))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	mux := http.NewServeMux()
	mux.Handle("/debug/leakwatch", w)
	// … serve mux on the debugging port
}

func ExampleNew() {
	w := leakwatch.New(
		leakwatch.Interval(5*time.Minute),
		leakwatch.OnLeak(func(l leakwatch.Leak) { /* alert */ }),
	)
	fmt.Println(w.Report().At.IsZero()) // no check before Run
	// Output:
	// true
}

// Run checks at once, then every interval, until its context ends. Here
// the context ends after the first check.
func ExampleWatcher_Run() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := leakwatch.New(leakwatch.OnCheck(func(leakwatch.Report, time.Duration) { cancel() }))
	err := w.Run(ctx) // in a service: go w.Run(ctx)
	fmt.Println(err)
	// Output:
	// context canceled
}

// Report is the latest check's.
func ExampleWatcher_Report() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := leakwatch.New(leakwatch.OnCheck(func(leakwatch.Report, time.Duration) { cancel() }))
	w.Run(ctx)
	r := w.Report()
	fmt.Println(time.Since(r.At) < time.Minute)
	// Output:
	// true
}

// The page, or the same as JSON.
func ExampleWatcher_ServeHTTP() {
	w := leakwatch.New()
	mux := http.NewServeMux()
	mux.Handle("/debug/leakwatch", w)

	req := httptest.NewRequest("GET", "/debug/leakwatch?format=json", nil)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Header().Get("Content-Type"))
	fmt.Println(strings.Contains(rec.Body.String(), `"checks": 0`))
	// Output:
	// application/json
	// true
}

// Leaks is what the page shows: the sites followed from check to check,
// growing and newest first.
func ExampleWatcher_Leaks() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := leakwatch.New(leakwatch.OnCheck(func(leakwatch.Report, time.Duration) { cancel() }))
	w.Run(ctx)
	for _, l := range w.Leaks() {
		fmt.Printf("%5d %+d  %s (first seen %s)\n", l.Count, l.Growth(), l.BlockedAt, l.FirstSeen.Format(time.Kitchen))
	}
}

// A Leak is what OnLeak is told.
func ExampleLeak() {
	hook := func(l leakwatch.Leak) {
		if l.Reported == 0 {
			fmt.Printf("new leak: %d goroutines at %s\n", l.Count, l.BlockedAt)
		} else {
			fmt.Printf("leak grew from %d to %d goroutines at %s\n", l.Reported, l.Count, l.BlockedAt)
		}
	}
	hook(leakwatch.Leak{Site: leakwatch.Site{BlockedAt: "/src/search/server.go:88", Count: 12}})
	hook(leakwatch.Leak{Site: leakwatch.Site{BlockedAt: "/src/search/server.go:88", Count: 30}, Reported: 12})
	// Output:
	// new leak: 12 goroutines at /src/search/server.go:88
	// leak grew from 12 to 30 goroutines at /src/search/server.go:88
}

// A Sample is one point of a site's history.
func ExampleSample() {
	l := leakwatch.Leak{History: []leakwatch.Sample{{Count: 10}, {Count: 12}, {Count: 19}}}
	for _, s := range l.History {
		fmt.Print(s.Count, " ")
	}
	fmt.Println()
	// Output:
	// 10 12 19
}

// Options go to New.
func ExampleOption() {
	opts := []leakwatch.Option{leakwatch.Interval(30 * time.Second), leakwatch.Logger(slog.Default())}
	w := leakwatch.New(opts...)
	_ = w
}

func ExampleLeak_Growth() {
	l := leakwatch.Leak{History: []leakwatch.Sample{{Count: 10}, {Count: 12}, {Count: 19}}}
	fmt.Println(l.Growth())
	// Output:
	// 7
}

// OnLeak is where alerts start: it is called for each new site, and again
// each time a site grows.
func ExampleOnLeak() {
	alerts := make(chan leakwatch.Leak, 16)
	w := leakwatch.New(leakwatch.OnLeak(func(l leakwatch.Leak) {
		select {
		case alerts <- l: // handled elsewhere, so the next check is not held up
		default:
		}
	}))
	_ = w
}

// OnCheck feeds metrics; the contrib modules for Prometheus and
// OpenTelemetry plug in here.
func ExampleOnCheck() {
	var took time.Duration
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := leakwatch.New(leakwatch.OnCheck(func(r leakwatch.Report, d time.Duration) {
		took = d
		cancel() // one check is enough here
	}))
	w.Run(ctx)
	fmt.Println(took > 0)
	// Output:
	// true
}

func ExampleLogger() {
	w := leakwatch.New(leakwatch.Logger(slog.Default().With("component", "leakwatch")))
	_ = w
}

func ExampleInterval() {
	w := leakwatch.New(leakwatch.Interval(10 * time.Second))
	_ = w
}

// On Go 1.26 without GOEXPERIMENT=goroutineleakprofile, a service with small
// leaks may want a lower threshold: 200 goroutines blocked at one site for
// half an hour.
func ExampleSuspect() {
	w := leakwatch.New(leakwatch.Suspect(200, 30*time.Minute))
	_ = w
}
