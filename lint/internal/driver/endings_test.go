package driver_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/internal/driver"
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
	return lib.Run(context.Background(), func() error { return nil })
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
		{"main goes on after the call", map[string]string{"lib/lib.go": startLeaks, "cmd/tool/main.go": strings.Replace(tool, "log.Fatal(err)\n\t}\n", "log.Fatal(err)\n\t}\n\tselect {}\n", 1)}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := module(t, tc.files)
			var out, errs bytes.Buffer
			code := driver.Run([]string{"./..."}, []*analysis.Analyzer{blockingsend.Analyzer}, driver.Options{Stdout: &out, Stderr: &errs, Dir: dir})
			got := strings.Count(out.String(), "(blockingsend)")
			if got != tc.want {
				t.Errorf("%d findings, want %d (exit %d)\n%s%s", got, tc.want, code, out.String(), errs.String())
			}
		})
	}
}
