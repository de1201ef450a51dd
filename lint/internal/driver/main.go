package driver

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"golang.org/x/tools/go/analysis"
)

// Main is the main function of the leash command over the given
// analyzers. It does not return.
//
// Run by go vet -vettool, it analyses the one package go vet describes,
// as unitchecker does, with each finding's message ending in its check's
// name, as the leash command prints it, so that a reader knows what to put
// in a //leash:ignore directive. Otherwise it runs Run over the command
// line; SIGINT or SIGTERM stop the run and the go command it started, and
// then end the process by that signal.
func Main(analyzers ...*analysis.Analyzer) {
	if invokedByGoVet(os.Args[1:]) {
		vetMain(analyzers) // does not return
	}
	if os.Getenv("GOGC") == "" {
		// Collect twice as often as the default. A run decodes much more
		// export data than it keeps, and at the default the heap grows to
		// twice what is live; at 50 peak memory is about a third lower for
		// a little more CPU (see lint/EVALUATION.md).
		debug.SetGCPercent(50)
	}
	ctx, signalled := cancelOnSignal()
	code := Run(os.Args[1:], analyzers, Options{
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Terminal: isTerminal(os.Stderr),
		Context:  ctx,
	})
	if sig := signalled(); sig != nil {
		// Die by the signal, as the caller expects of a program it
		// stopped; the handler was reset when it arrived.
		if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
			time.Sleep(time.Second) // the signal ends the process
		}
		os.Exit(ExitError)
	}
	os.Exit(code)
}

// cancelOnSignal returns a context cancelled by the first SIGINT or
// SIGTERM, and a function that returns that signal, or nil. After the
// first, the signals have their default effect again, so that a second
// one ends a run that does not stop.
func cancelOnSignal() (context.Context, func() os.Signal) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	var mu sync.Mutex
	var got os.Signal
	go func() {
		sig := <-signals
		signal.Reset(os.Interrupt, syscall.SIGTERM)
		mu.Lock()
		got = sig
		mu.Unlock()
		cancel()
	}()
	return ctx, func() os.Signal {
		mu.Lock()
		defer mu.Unlock()
		return got
	}
}

// isTerminal reports whether f is a character device, such as a terminal.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
