// Package leakcycle runs the Go runtime's goroutine leak detection for
// leashtest and leakwatch, one cycle at a time for the whole process.
//
// Writing the runtime's goroutine leak profile runs a garbage collection that
// marks as leaked every goroutine blocked on a channel or sync primitive that
// no runnable goroutine can reach. The marks stay until the next leak
// detection cycle, which starts by clearing them; a goroutine dump taken in
// between shows them as "[chan send (leaked)]". A cycle started by one reader
// while another reads the marks of the previous one would make the second see
// no leaks at all, so every cycle of this package, with whatever its caller
// reads after it, runs alone.
package leakcycle

import (
	"context"
	"errors"
	"io"
	"runtime/pprof"
	"sync/atomic"
)

// Profile is the runtime's goroutine leak profile, or nil where the runtime
// does not have one: Go 1.26 without GOEXPERIMENT=goroutineleakprofile, and
// earlier releases. It is looked up at run time, so one build works in every
// mode.
var Profile = pprof.Lookup("goroutineleak")

// ErrNoProfile is what Run returns where the runtime has no leak profile.
var ErrNoProfile = errors.New("the Go runtime has no goroutine leak profile: it needs Go 1.27, or Go 1.26 built with GOEXPERIMENT=goroutineleakprofile")

// turn is held by the cycle under way, from its collection to the end of what
// its caller reads after it.
var turn = make(chan struct{}, 1)

var cycles atomic.Uint64

// Run runs one leak detection cycle, writes the leak profile (debug=1: stacks
// of the leaked goroutines, with their counts) to profile, then calls read,
// if it is not nil: until read returns, no other cycle started by Run can
// clear the marks the cycle left. A program that writes the leak profile
// itself, say through net/http/pprof, is not held back.
//
// Run waits for the cycle under way, if there is one, to end first, and
// returns ctx's error if ctx ends before its own cycle has begun. The
// collection itself cannot be interrupted.
func Run(ctx context.Context, profile io.Writer, read func()) error {
	if Profile == nil {
		return ErrNoProfile
	}
	select {
	case turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-turn }()
	if err := ctx.Err(); err != nil {
		return err
	}
	cycles.Add(1)
	if err := Profile.WriteTo(profile, 1); err != nil {
		return err
	}
	if read != nil {
		read()
	}
	return nil
}

// Cycles returns how many cycles Run has started so far.
func Cycles() uint64 { return cycles.Load() }
