// Command leakyservice is an HTTP service that leaks a goroutine whenever a
// request times out, watched by leakwatch.
//
// It starts the service on localhost, with leakwatch's page mounted next to
// net/http/pprof, prints where to look, sends it a few seconds of load, and
// prints the leaks leakwatch found. The search endpoint leaks the backend
// calls that answer after the request's deadline (a send nobody receives);
// its fixed twin, which sends with leash.Send, leaks nothing; the export
// endpoint leaks its writer goroutine on invalid input (a receive on a
// channel never closed).
//
//	go run ./examples/leakyservice             # load, report, exit
//	go run ./examples/leakyservice -serve      # then keep serving: open the page
//
// The runtime proves leaks on Go 1.27, and on Go 1.26 built with
// GOEXPERIMENT=goroutineleakprofile:
//
//	GOEXPERIMENT=goroutineleakprofile go run ./examples/leakyservice
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/leash-go/leash/leakwatch"
)

func main() {
	var o options
	flag.DurationVar(&o.load, "load", 3*time.Second, "how long to send load")
	flag.IntVar(&o.clients, "clients", 8, "clients sending requests at once")
	flag.StringVar(&o.addr, "addr", "127.0.0.1:0", "address to listen on")
	flag.BoolVar(&o.serve, "serve", false, "keep serving after the report, until interrupted")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "leakyservice:", err)
		os.Exit(1)
	}
}

type options struct {
	load    time.Duration
	clients int
	addr    string
	serve   bool
	// interval is how often the Watcher checks: often, for a demonstration
	// of seconds; a service keeps the default.
	interval time.Duration
}

// run serves, loads, reports; with o.serve, it serves on until ctx ends.
func run(ctx context.Context, out io.Writer, o options) error {
	if o.interval == 0 {
		o.interval = 500 * time.Millisecond
	}
	checked := make(chan leakwatch.Report, 1)
	w := leakwatch.New(leakwatch.Interval(o.interval), leakwatch.OnCheck(func(r leakwatch.Report, _ time.Duration) {
		select {
		case <-checked:
		default:
		}
		checked <- r
	}))

	mux := http.NewServeMux()
	mux.Handle("/", handler())
	mux.Handle("GET /debug/leakwatch", w)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer srv.Close()

	watchCtx, stopWatching := context.WithCancel(ctx)
	watched := make(chan error, 1)
	go func() { watched <- w.Run(watchCtx) }()
	defer func() {
		stopWatching()
		<-watched
	}()

	base := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "leakyservice on %s\n", base)
	fmt.Fprintf(out, "  leaks:  %s/debug/leakwatch  (JSON: %s/debug/leakwatch?format=json)\n", base, base)
	fmt.Fprintf(out, "  pprof:  %s/debug/pprof/\n", base)
	before := runtime.NumGoroutine()
	st, err := load(ctx, base, o.load, o.clients)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "load: %d requests in %v from %d clients, %d searches cut short by their deadline, %d exports refused\n",
		st.requests, o.load, o.clients, st.partial, st.refused)
	fmt.Fprintf(out, "goroutines: %d before the load, %d after\n", before, runtime.NumGoroutine())

	// The report of a check that began once the backend calls still under
	// way when the load ended have answered, and blocked.
	settled := time.Now().Add(maxLatency + 10*time.Millisecond)
	var r leakwatch.Report
	for r.At.Before(settled) {
		select {
		case r = <-checked:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	printReport(out, r)

	if !o.serve {
		fmt.Fprintln(out, "(with -serve the service stays up after the report: open the leaks page)")
		return nil
	}
	fmt.Fprintf(out, "serving until interrupted; the page: %s/debug/leakwatch\n", base)
	select {
	case <-ctx.Done():
		return nil
	case err := <-served:
		return err
	}
}

// printReport prints what leakwatch found, the example's own sites only.
func printReport(out io.Writer, r leakwatch.Report) {
	if !r.Proven {
		fmt.Fprintf(out, "leakwatch: this runtime (%s) cannot prove goroutine leaks; run on Go 1.27, or on Go 1.26 with GOEXPERIMENT=goroutineleakprofile.\n", runtime.Version())
		fmt.Fprintf(out, "leakwatch: %d sites suspected (a site needs %d goroutines blocked for %v)\n", len(r.Sites), leakwatch.DefaultSuspectGoroutines, leakwatch.DefaultSuspectAfter)
	}
	total := 0
	for _, s := range r.Sites {
		total += s.Count
	}
	if r.Proven {
		fmt.Fprintf(out, "leakwatch: %d goroutines proven leaked at %d sites (%s):\n", total, len(r.Sites), runtime.Version())
	}
	for _, s := range r.Sites {
		fmt.Fprintf(out, "  %d goroutines [%s]\n    blocked in %s\n      at %s\n    created by %s\n      at %s\n",
			s.Count, s.State, s.BlockedIn, short(s.BlockedAt), s.CreatedBy, short(s.CreatedAt))
	}
}

// short cuts a path to the repository's.
func short(loc string) string {
	if i := strings.Index(loc, "examples/leakyservice/"); i >= 0 {
		return loc[i:]
	}
	return loc
}
