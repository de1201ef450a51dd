// What the default rules leave to -blockingsend.audit: a receiver that
// leaves on a component's or the program's stop — a context kept in a
// struct field or a package-level variable, a signal channel kept in a
// field (case <-s.stop:), a channel of os.Signal. Who stops the component,
// and when, is out of sight; on the held-out repositories measured, such
// leaks happened mostly as the process or the component shut down.
package audit

import (
	"context"
	"os"
	"os/signal"
)

func lookup(key string) string { return key }

// A context kept in a field: the component's.
type resolver struct{ ctx context.Context }

func (r *resolver) resolve(key string) string {
	ch := make(chan string)
	go func() {
		ch <- lookup(key) // want `send on ch can block forever: the receiver stops waiting when <-r.ctx.Done\(\) wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-r.ctx.Done():
		return ""
	}
}

// A context kept in a package-level variable: the program's.
var appCtx context.Context

func resolveApp(key string) string {
	ch := make(chan string)
	go func() {
		ch <- lookup(key) // want `send on ch can block forever: the receiver stops waiting when <-appCtx.Done\(\) wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-appCtx.Done():
		return ""
	}
}

// A stop channel kept in a field, closed by the component's Stop.
type poller struct{ stop chan struct{} }

func (p *poller) Stop() { close(p.stop) }

func (p *poller) poll(key string) string {
	ch := make(chan string)
	go func() {
		ch <- lookup(key) // want `send on ch can block forever: the receiver stops waiting when <-p.stop wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-p.stop:
		return ""
	}
}

// A stop channel kept in a field, whose closing the receiving loop tests
// (case _, ok := <-s.closed: if !ok { return }): a signal all the same.
type server struct {
	closed chan bool
	work   chan string
}

func (s *server) listen() {
	done := make(chan string)
	busy := false
	for {
		select {
		case _, ok := <-s.closed:
			if !ok {
				return
			}
		case w := <-s.work:
			if !busy {
				busy = true
				go func() {
					done <- lookup(w) // want `send on done can block forever: the receiver stops waiting when <-s.closed wins`
				}()
			}
		case <-done:
			busy = false
		}
	}
}

// A signal: the process is told to stop.
func untilSignal(key string) string {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	ch := make(chan string)
	go func() {
		ch <- lookup(key) // want `send on ch can block forever: the receiver stops waiting when <-sigs wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-sigs:
		return ""
	}
}
