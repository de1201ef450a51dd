package driver_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/ctxgoroutine"
	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/internal/driver"
	"github.com/leash-go/leash/lint/lockorder"
	"golang.org/x/tools/go/analysis"
)

// startLeaks is a library function whose early return strands the
// goroutine it started: a leak for a long-running caller, and none for a
// command-line program that exits when it returns.
const startLeaks = `package lib

import "context"

func Start(ctx context.Context, work func() error) error {
	errc := make(chan error)
	go func() { errc <- work() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func Run(ctx context.Context, work func() error) error {
	return Start(ctx, work)
}
`

// A leak stranded by a function's return is dropped when every call of
// that function, in any package of the program, is the last act of a
// program's main (or of a function whose return ends it in turn), and kept
// when any call is not: a caller that goes on working, or none in sight.
func TestLeakOnlyAsTheProgramEnds(t *testing.T) {
	const tool = `package main

import (
	"context"
	"log"

	"example.com/m/lib"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	return lib.Run(session, func() error { return nil })
}

// session ends when the user logs out: it can end while the program runs.
var session, logout = context.WithCancel(context.Background())
`
	const onErrorTool = `package main

import (
	"context"
	"log"

	"example.com/m/lib"
)

var work = func() error { return nil }

// session ends when the user logs out: it can end while the program runs.
var session, logout = context.WithCancel(context.Background())

func main() {
	ctx := session
	if err := lib.Start(ctx, work); err != nil {
		log.Fatal(err)
	}
	if err := run(ctx); err != nil {
		log.Fatal(err)
	}
	select {}
}

func run(ctx context.Context) error {
	return lib.Run(ctx, work) // run
}
`
	// A helper that never returns because os.Exit does not: known from
	// the standard library's facts, which leash gives when it does not
	// analyse the standard library.
	const failHelper = `package tool

import (
	"fmt"
	"os"
)

func Failf(msg string, args ...any) {
	fmt.Fprintf(os.Stderr, msg+"\\n", args...)
	os.Exit(1)
}

func Fail(err error) {
	Failf("%v", err)
}
`
	const server = `package server

import (
	"context"

	"example.com/m/lib"
)

func Serve(ctx context.Context, jobs <-chan func() error) {
	for job := range jobs {
		_ = lib.Start(ctx, job)
	}
}
`
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int
	}{
		{"called by a command's last act", map[string]string{"lib/lib.go": startLeaks, "cmd/tool/main.go": tool}, 0},
		{"called by a server too", map[string]string{"lib/lib.go": startLeaks, "cmd/tool/main.go": tool, "server/server.go": server}, 1},
		{"no caller in sight", map[string]string{"lib/lib.go": startLeaks}, 1},
		{"main goes on after the call", map[string]string{"lib/lib.go": startLeaks, "cmd/tool/main.go": strings.Replace(tool, "if err := run(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n", "_ = run()\n\tlog.Print(\"serving\")\n\tselect {}\n", 1)}, 1},
		// Only Start's returns that give an error strand the goroutine, and
		// on an error main exits, or run returns it to a main that does.
		{"on its error, main exits", map[string]string{"lib/lib.go": startLeaks, "cmd/tool/main.go": onErrorTool}, 0},
		{"on its error, run returns it", map[string]string{"lib/lib.go": startLeaks, "cmd/tool/main.go": strings.Replace(onErrorTool, "return lib.Run(ctx, work) // run", "if err := lib.Run(ctx, work); err != nil {\n\t\treturn err\n\t}\n\tselect {}", 1)}, 0},
		{"on its error, main calls a helper of another package that exits", map[string]string{"lib/lib.go": startLeaks, "tool/tool.go": failHelper,
			"cmd/tool/main.go": strings.NewReplacer("\t\"log\"\n", "", "\"example.com/m/lib\"\n", "\"example.com/m/lib\"\n\t\"example.com/m/tool\"\n", "log.Fatal(err)", "tool.Fail(err)").Replace(onErrorTool)}, 0},
		{"on its error, main logs it and goes on", map[string]string{"lib/lib.go": startLeaks, "cmd/tool/main.go": strings.Replace(onErrorTool, "log.Fatal(err)", "log.Print(err)", 1)}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantFindings(t, module(t, tc.files), blockingsend.Analyzer, tc.want)
		})
	}
}

// workerLeaks is startLeaks as a method of a concrete type, which
// programs call through an interface.
const workerLeaks = `package lib

import "context"

type Worker struct{ Work func() error }

func (w *Worker) Start(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- w.Work() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
`

// A call of an interface method the module declares counts as a call of
// every concrete method that may run: a library method that a program
// calls only through its own interface, as its last act, strands nothing
// that matters. A call through an interface declared in another module
// proves nothing — code out of sight calls such interfaces too — and a
// second caller through the interface that goes on working keeps the
// finding.
func TestLeakOnlyAsTheProgramEndsThroughAnInterface(t *testing.T) {
	const tool = `package main

import (
	"context"
	"log"

	"example.com/m/lib"
)

type starter interface{ Start(ctx context.Context) error }

// session ends when the user logs out: it can end while the program runs.
var session, logout = context.WithCancel(context.Background())

func main() {
	w := &lib.Worker{Work: func() error { return nil }}
	if err := run(w); err != nil {
		log.Fatal(err)
	}
}

func run(s starter) error {
	return s.Start(session)
}
`
	const server = `package server

import (
	"context"

	"example.com/m/lib"
)

type starter interface{ Start(ctx context.Context) error }

func Serve(ctx context.Context, jobs <-chan func() error) {
	for job := range jobs {
		var s starter = &lib.Worker{Work: job}
		_ = s.Start(ctx)
	}
}
`
	// The same program with the interface taken from another module.
	foreign := strings.NewReplacer("type starter interface{ Start(ctx context.Context) error }\n", "",
		"s starter", "s ext.Starter", "\"example.com/m/lib\"\n", "\"example.com/m/lib\"\n\t\"example.com/ext\"\n").Replace(tool)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int
	}{
		{"called through the module's interface by a command's last act", map[string]string{"lib/lib.go": workerLeaks, "cmd/tool/main.go": tool}, 0},
		{"called through the module's interface by a server too", map[string]string{"lib/lib.go": workerLeaks, "cmd/tool/main.go": tool, "server/server.go": server}, 1},
		{"called through another module's interface by a command's last act", map[string]string{"lib/lib.go": workerLeaks, "cmd/tool/main.go": foreign}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.files["ext/ext.go"] = "package ext\n\nimport \"context\"\n\ntype Starter interface{ Start(ctx context.Context) error }\n"
			tc.files["ext/go.mod"] = "module example.com/ext\n\ngo 1.22\n"
			dir := module(t, tc.files)
			gomod := "module example.com/m\n\ngo 1.22\n\nrequire example.com/ext v1.0.0\n\nreplace example.com/ext => ./ext\n"
			if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
				t.Fatal(err)
			}
			wantFindings(t, dir, blockingsend.Analyzer, tc.want)
		})
	}
}

// pollerIgnoresCtx starts a polling loop that ignores the context it is
// given: a leak if the caller cancels it, and none if nothing can.
const pollerIgnoresCtx = `package lib

import (
	"context"
	"time"
)

type Bus struct{ Poll func() }

func (b *Bus) Start(ctx context.Context) {
	go func() {
		for range time.Tick(time.Second) {
			b.Poll()
		}
	}()
}
`

// ctxgoroutine's loop that never checks its starter's context is dropped
// when every call of the starter hands it a context nothing ends, as
// blockingsend's leak is that happens only when such a context does. The
// loop rule is an audit rule.
func TestEndlessLoopOnlyIfTheContextEnds(t *testing.T) {
	checktest.Audit(t, ctxgoroutine.Analyzer)
	const tool = `package main

import (
	"context"

	"example.com/m/lib"
)

func main() {
	bus := &lib.Bus{Poll: func() {}}
	bus.Start(context.Background())
	select {}
}
`
	cancellable := strings.Replace(tool, "bus.Start(context.Background())", "ctx, cancel := context.WithCancel(context.Background())\n\tbus.Start(ctx)\n\tcancel()", 1)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int
	}{
		{"every call hands it context.Background()", map[string]string{"lib/lib.go": pollerIgnoresCtx, "cmd/tool/main.go": tool}, 0},
		{"a call hands it a context it cancels", map[string]string{"lib/lib.go": pollerIgnoresCtx, "cmd/tool/main.go": cancellable}, 1},
		{"no call in sight", map[string]string{"lib/lib.go": pollerIgnoresCtx}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantFindings(t, module(t, tc.files), ctxgoroutine.Analyzer, tc.want)
		})
	}
}

// A library call made in a function literal counts as its host's when the
// host's return waits for the literal's: a literal called where it is
// written, or a goroutine the host waits for with nothing else that can
// wait made in between. It is kept when the host does not wait, starts
// something else that keeps running, or goes on after the wait.
func TestLeakOnlyAsTheProgramEndsThroughALiteral(t *testing.T) {
	const tool = `package main

import (
	"context"
	"sync"

	"example.com/m/lib"
)

// session ends when the user logs out: it can end while the program runs.
var session, logout = context.WithCancel(context.Background())

func work() error { return nil }

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = lib.Run(session, work)
	}()
	wg.Wait()
}
`
	const wait = "\twg.Wait()\n}\n"
	const grouped = `package main

import (
	"context"
	"log"

	"example.com/m/lib"
	"golang.org/x/sync/errgroup"
)

// session ends when the user logs out: it can end while the program runs.
var session, logout = context.WithCancel(context.Background())

func work() error { return nil }

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	var g errgroup.Group
	g.Go(func() error { return lib.Run(session, work) })
	return g.Wait()
}
`
	for _, tc := range []struct {
		name, main string
		want       int
	}{
		{"a goroutine main waits for", tool, 0},
		{"a literal called in place", strings.Replace(tool, "\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\t_ = lib.Run(session, work)\n\t}()\n\twg.Wait()\n",
			"\tvar once sync.Once\n\tfunc() {\n\t\t_ = lib.Run(session, work)\n\t}()\n\tonce.Do(logout)\n", 1), 0},
		{"a goroutine whose last send main receives", strings.Replace(tool, "\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\t_ = lib.Run(session, work)\n\t}()\n\twg.Wait()\n",
			"\tvar once sync.Once\n\tdone := make(chan error)\n\tgo func() { done <- lib.Run(session, work) }()\n\t<-done\n\tonce.Do(logout)\n", 1), 0},
		{"a goroutine main does not wait for", strings.Replace(tool, wait, "}\n", 1), 1},
		{"another goroutine started before the wait", strings.Replace(tool, wait, "\tgo func() { select {} }()\n"+wait, 1), 1},
		{"main goes on after the wait", strings.Replace(tool, wait, "\twg.Wait()\n\tselect {}\n}\n", 1), 1},
		{"a group task whose Wait main returns", grouped, 0},
		{"a group task in a loop", strings.Replace(grouped, "\tg.Go(func() error { return lib.Run(session, work) })\n", "\tfor range 2 {\n\t\tg.Go(func() error { return lib.Run(session, work) })\n\t}\n", 1), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantFindings(t, module(t, map[string]string{
				"lib/lib.go":                 startLeaks,
				"cmd/tool/main.go":           tc.main,
				"xsync/errgroup/errgroup.go": "package errgroup\n\ntype Group struct{}\n\nfunc (g *Group) Go(f func() error) { go f() }\n\nfunc (g *Group) Wait() error { return nil }\n",
				"xsync/go.mod":               "module golang.org/x/sync\n\ngo 1.22\n",
				"go.mod":                     "module example.com/m\n\ngo 1.22\n\nrequire golang.org/x/sync v0.25.0\n\nreplace golang.org/x/sync => ./xsync\n",
			}), blockingsend.Analyzer, tc.want)
		})
	}
}

// A cobra command's RunE, a function literal, that calls the library as
// its last act ends the command: the library's leak goes with it. The
// module replaces github.com/spf13/cobra with a stand-in of its Command.
func TestLeakOnlyAsTheCommandEnds(t *testing.T) {
	const cmd = `package main

import (
	"context"

	"example.com/m/lib"
	"github.com/spf13/cobra"
)

// session ends when the user logs out: it can end while the program runs.
var session, logout = context.WithCancel(context.Background())

// requests come for as long as the program runs.
var requests = make(chan string)

func main() {
	root := &cobra.Command{
		Use: "tool",
		RunE: func(cmd *cobra.Command, args []string) error {
			return lib.Run(session, func() error { return nil })
		},
	}
	_ = root.Execute()
}
`
	dir := module(t, map[string]string{
		"lib/lib.go":       startLeaks,
		"cmd/tool/main.go": cmd,
		"cobra/cobra.go":   "package cobra\n\ntype Command struct {\n\tUse  string\n\tRunE func(*Command, []string) error\n}\n\nfunc (c *Command) Execute() error { return c.RunE(c, nil) }\n",
		"cobra/go.mod":     "module github.com/spf13/cobra\n\ngo 1.22\n",
		"go.mod":           "module example.com/m\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.0.0\n\nreplace github.com/spf13/cobra => ./cobra\n",
	})
	const call = "\t\t\treturn lib.Run(session, func() error { return nil })\n"
	for _, tc := range []struct {
		name, runE string
		want       int
	}{
		{"as the command's last act", call, 0},
		{"then serving on", "\t\t\t_ = lib.Run(session, func() error { return nil })\n\t\t\tselect {}\n", 1},
		{"once for each argument", "\t\t\tfor range args {\n\t\t\t\t_ = lib.Run(session, func() error { return nil })\n\t\t\t}\n\t\t\treturn nil\n", 0},
		{"once for each request, for good", "\t\t\tfor range requests {\n\t\t\t\t_ = lib.Run(session, func() error { return nil })\n\t\t\t}\n\t\t\treturn nil\n", 1},
	} {
		if err := os.WriteFile(filepath.Join(dir, "cmd", "tool", "main.go"), []byte(strings.Replace(cmd, call, tc.runE, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(tc.name, func(t *testing.T) { wantFindings(t, dir, blockingsend.Analyzer, tc.want) })
	}
}

// A leak that happens only when a context handed down to the library ends
// is dropped when every call, through every caller, shows the context
// comes from context.Background() with nothing on the way that ends it
// sooner: it ends, if ever, only as the program does. It is kept when
// some call passes a context that can end (a deadline, a request's), or
// when a caller's own callers are out of sight.
func TestLeakOnlyAsTheContextEnds(t *testing.T) {
	const daemon = `package main

import (
	"context"
	"os/signal"
	"syscall"

	"example.com/m/lib"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go poll(ctx)
	select {}
}

func poll(ctx context.Context) {
	for {
		_ = lib.Run(ctx, func() error { return nil })
	}
}
`
	// The hand-written form of NotifyContext, with the loop started by a go
	// statement, as sorintlab/stolon's keeper starts its own.
	const signalled = `package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"example.com/m/lib"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	go stopOn(sigs, cancel)
	go lib.Run(ctx, func() error { return nil })
	select {}
}

func stopOn(sigs chan os.Signal, cancel context.CancelFunc) {
	<-sigs
	cancel()
}
`
	// The same when the cancel also runs on a reload, while the program
	// goes on.
	const reloaded = `package main

import (
	"context"
	"time"

	"example.com/m/lib"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-time.After(time.Hour) // a reload, say: not a signal
		cancel()
	}()
	go lib.Run(ctx, func() error { return nil })
	select {}
}
`
	const timed = `package main

import (
	"context"
	"time"

	"example.com/m/lib"
)

func main() {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = lib.Start(ctx, func() error { return nil })
		cancel()
	}
}
`
	const server = `package server

import (
	"net/http"

	"example.com/m/lib"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	_ = lib.Start(r.Context(), func() error { return nil })
}
`
	const exported = `package server

import (
	"context"

	"example.com/m/lib"
)

// Poll is called by other modules, with contexts of their own.
func Poll(ctx context.Context) error {
	return lib.Run(ctx, func() error { return nil })
}
`
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int
	}{
		{"from Background through a signal's context", map[string]string{"lib/lib.go": startLeaks, "cmd/daemon/main.go": daemon}, 0},
		{"with a deadline", map[string]string{"lib/lib.go": startLeaks, "cmd/daemon/main.go": timed}, 1},
		{"cancelled only at a signal, passed by a go statement", map[string]string{"lib/lib.go": startLeaks, "cmd/daemon/main.go": signalled}, 0},
		{"cancelled on a reload too", map[string]string{"lib/lib.go": startLeaks, "cmd/daemon/main.go": reloaded}, 1},
		{"a request's too", map[string]string{"lib/lib.go": startLeaks, "cmd/daemon/main.go": daemon, "server/server.go": server}, 1},
		{"an exported caller's too", map[string]string{"lib/lib.go": startLeaks, "cmd/daemon/main.go": daemon, "server/server.go": exported}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantFindings(t, module(t, tc.files), blockingsend.Analyzer, tc.want)
		})
	}
}

// wantFindings runs the leash command with blockingsend and a over the
// module in dir and fails t unless a reports want findings, having loaded
// the module. blockingsend tells the command the program's calls.
func wantFindings(t *testing.T, dir string, a *analysis.Analyzer, want int) {
	t.Helper()
	analyzers := []*analysis.Analyzer{blockingsend.Analyzer}
	if a != blockingsend.Analyzer {
		analyzers = append(analyzers, a)
	}
	var out, errs bytes.Buffer
	code := driver.Run([]string{"./..."}, analyzers, driver.Options{Stdout: &out, Stderr: &errs, Dir: dir})
	if got := strings.Count(out.String(), "("+a.Name+")"); got != want || code == driver.ExitError {
		t.Errorf("%d %s findings, exit %d, want %d\n%s%s", got, a.Name, code, want, out.String(), errs.String())
	}
}

// keepsLockOnError is a library whose Commit returns holding its lock when
// encoding fails, and the other paths unlock it: lockorder's early return.
const keepsLockOnError = `package lib

import (
	"errors"
	"sync"
)

type Store struct {
	mu   sync.Mutex
	data []byte
}

func encode(b []byte) ([]byte, error) {
	if b == nil {
		return nil, errors.New("nothing to encode")
	}
	return b, nil
}

func (s *Store) Commit() error {
	s.mu.Lock()
	out, err := encode(s.data)
	if err != nil {
		return err
	}
	s.data = out
	s.mu.Unlock()
	return nil
}

func (s *Store) Set(b []byte) {
	s.mu.Lock()
	s.data = b
	s.mu.Unlock()
}
`

// lockorder's lock kept by an error return is dropped when every call of
// the function, given the error, ends the program: nothing runs after the
// error to wait on the lock.
func TestLockKeptOnlyOnAnErrorThatEndsTheProgram(t *testing.T) {
	const panics = `package main

import "example.com/m/lib"

func main() {
	s := &lib.Store{}
	for {
		if err := commit(s); err != nil {
			panic(err)
		}
		s.Set([]byte("x"))
	}
}

func commit(s *lib.Store) error {
	if err := s.Commit(); err != nil {
		return err
	}
	return nil
}
`
	carriesOn := strings.Replace(panics, "\t\t\tpanic(err)\n", "\t\t\tprintln(err.Error())\n", 1)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int
	}{
		{"every call panics on the error, through a caller that returns it", map[string]string{"lib/lib.go": keepsLockOnError, "cmd/tool/main.go": panics}, 0},
		{"a caller goes on after the error", map[string]string{"lib/lib.go": keepsLockOnError, "cmd/tool/main.go": carriesOn}, 1},
		{"no call in sight", map[string]string{"lib/lib.go": keepsLockOnError}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantFindings(t, module(t, tc.files), lockorder.Analyzer, tc.want)
		})
	}
}
