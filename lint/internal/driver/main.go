package driver

import (
	"context"
	"flag"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
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
		for _, a := range analyzers {
			nameFindings(a)
		}
		flag.Var(&auditFlag{analyzers}, "audit", auditUsage)
		unitchecker.Main(analyzers...) // does not return
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

// invokedByGoVet recognises the go vet -vettool protocol: go vet asks for
// the tool's version (-V=full) and flags (-flags), then runs it once per
// package with a .cfg file describing the package.
func invokedByGoVet(args []string) bool {
	for _, arg := range args {
		if arg == "-V=full" || arg == "-V" || arg == "-flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// nameFindings makes a's findings end in its name, " (name)", as the leash
// command prints them. go vet prints the text itself, from the JSON it has
// every vet tool write (since Go 1.26), without the check's name; so the
// name is in the message, in go vet -json's output as well. It changes a
// for good: only the go vet mode, which runs once per process, uses it.
func nameFindings(a *analysis.Analyzer) {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			d.Message += " (" + a.Name + ")"
			report(d)
		}
		return run(pass)
	}
}

// isTerminal reports whether f is a character device, such as a terminal.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
