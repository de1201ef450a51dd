package driver_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/driver"
	"github.com/leash-go/leash/lint/lockorder"
	"golang.org/x/tools/go/analysis"
)

// serveLeaks is an internal package's server: its accept goroutine hands
// each connection on with a bare send, stranded once Serve returns.
const serveLeaks = `package rpc

import (
	"context"
	"net"
)

func Serve(ctx context.Context, l net.Listener) error {
	conns := make(chan net.Conn)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	for {
		select {
		case c := <-conns:
			c.Close()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
`

// rpcTest is a helper package for tests: it is not a _test.go file, but
// only tests use it.
const rpcTest = `package rpctest

import (
	"context"
	"net"

	"example.com/m/internal/rpc"
)

func Start(ctx context.Context) (net.Addr, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go rpc.Serve(ctx, l)
	return l.Addr(), nil
}
`

const rpcTestTest = `package rpctest

import (
	"context"
	"testing"
)

func TestStart(t *testing.T) {
	if _, err := Start(context.Background()); err != nil {
		t.Fatal(err)
	}
}
`

const daemon = `package main

import (
	"context"
	"log"
	"net"

	"example.com/m/internal/rpc"
)

func main() {
	l, err := net.Listen("tcp", ":8080")
	if err != nil {
		log.Fatal(err)
	}
	for {
		_ = rpc.Serve(context.Background(), l)
	}
}
`

// A leak in code that only tests reach — an internal package's function
// called only by a helper package that only tests use, or an unexported
// function nothing calls — is a test's, as a leak in a _test.go file is,
// and the command drops it when it has the whole module in sight. It
// keeps it when a program reaches the code, when it checks only part of
// the module (the callers may be in the rest), when the function is one
// another module can import, and with the audit rules.
func TestLeakOnlyTestsReach(t *testing.T) {
	testOnly := map[string]string{"internal/rpc/rpc.go": serveLeaks, "internal/rpctest/rpctest.go": rpcTest, "internal/rpctest/rpctest_test.go": rpcTestTest}
	withDaemon := map[string]string{"cmd/daemon/main.go": daemon}
	for k, v := range testOnly {
		withDaemon[k] = v
	}
	public := map[string]string{"rpc/rpc.go": serveLeaks, "internal/rpctest/rpctest.go": strings.Replace(rpcTest, "example.com/m/internal/rpc", "example.com/m/rpc", 1)}
	unexported := map[string]string{"internal/rpc/rpc.go": strings.Replace(serveLeaks, "func Serve(", "func serve(", 1)}
	calledUnexported := map[string]string{"internal/rpc/rpc.go": strings.Replace(serveLeaks, "func Serve(", "func serve(", 1) + "\nvar Default = func(ctx context.Context, l net.Listener) error { return serve(ctx, l) }\n"}
	for _, tc := range []struct {
		name  string
		files map[string]string
		args  []string
		want  int
	}{
		{"only tests reach it", testOnly, []string{"./..."}, 0},
		{"a program reaches it too", withDaemon, []string{"./..."}, 1},
		{"only part of the module in sight", testOnly, []string{"./internal/rpc/..."}, 1},
		{"with the audit rules", testOnly, []string{"-blockingsend.audit", "./..."}, 1},
		{"another module can import it", public, []string{"./..."}, 1},
		{"unexported and never used", unexported, []string{"./internal/rpc/"}, 0},
		{"unexported and never used, whole module", unexported, []string{"./..."}, 0},
		{"unexported and used by package-level code", calledUnexported, []string{"./..."}, 1},
		{"unexported and used by another system's file", map[string]string{"internal/rpc/rpc.go": unexported["internal/rpc/rpc.go"], "internal/rpc/rpc_plan9.go": "package rpc\n\nvar Default = serve\n"}, []string{"./..."}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer blockingsend.Analyzer.Flags.Set("audit", "false")
			dir := module(t, tc.files)
			var out, errs bytes.Buffer
			code := driver.Run(tc.args, []*analysis.Analyzer{blockingsend.Analyzer}, driver.Options{Stdout: &out, Stderr: &errs, Dir: dir})
			if got := strings.Count(out.String(), "(blockingsend)"); got != tc.want || code == driver.ExitError {
				t.Errorf("%d findings, exit %d, want %d\n%s%s", got, code, tc.want, out.String(), errs.String())
			}
		})
	}
}

// keepsLockOnNegative is a library function that returns holding the
// store's lock when it refuses a value.
const keepsLockOnNegative = `package lib

import (
	"errors"
	"sync"
)

type Store struct {
	mu sync.Mutex
	n  int
}

func add(s *Store, v int) error {
	s.mu.Lock()
	if v < 0 {
		return errors.New("negative")
	}
	s.n += v
	s.mu.Unlock()
	return nil
}
`

// lockorder's findings in code only tests reach are dropped too, when it
// is the only check run.
func TestLockKeptOnlyTestsReach(t *testing.T) {
	const test = "package lib\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tvar s Store\n\t_ = add(&s, 1)\n}\n"
	for _, tc := range []struct {
		name, src string
		want      int
	}{
		{"unexported and only its test calls it", keepsLockOnNegative, 0},
		{"unexported and an exported function calls it too", keepsLockOnNegative + "\nfunc Add(s *Store, v int) error { return add(s, v) }\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// lockorder alone: what it tells the command is enough.
			dir := module(t, map[string]string{"lib/lib.go": tc.src, "lib/lib_test.go": test})
			var out, errs bytes.Buffer
			code := driver.Run([]string{"./..."}, []*analysis.Analyzer{lockorder.Analyzer}, driver.Options{Stdout: &out, Stderr: &errs, Dir: dir})
			if got := strings.Count(out.String(), "(lockorder)"); got != tc.want || code == driver.ExitError {
				t.Errorf("%d findings, exit %d, want %d\n%s%s", got, code, tc.want, out.String(), errs.String())
			}
		})
	}
}
