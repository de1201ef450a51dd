package leashtest

import (
	"io"

	"github.com/leash-go/leash/internal/leakcycle"
)

// leakProfile is the runtime's goroutine leak profile, or nil where the
// runtime does not have one: Go 1.26 without GOEXPERIMENT=goroutineleakprofile,
// and earlier releases. It is looked up at run time, so one build of the tests
// works in every mode.
//
// Writing the profile runs a GC cycle that, besides marking memory, marks as
// leaked every goroutine blocked on a channel or sync primitive that no
// runnable goroutine can reach: nothing can ever wake it. Such a goroutine
// stays marked until the next leak detection cycle, and a goroutine dump
// shows it as "[chan send (leaked)]".
var leakProfile = leakcycle.Profile

// leakDump runs a leak detection cycle and returns a dump of every goroutine
// taken right after it. The leak profile itself is written to nowhere: the
// marks it leaves are what the dump shows, and they stay until the next leak
// detection cycle, which only a coalesced proof census, one at a time, or a
// program reading the profile itself, starts; leakcycle makes the cycles of
// leakwatch, in the same process, wait for the dump. Writing the profile with
// debug=2 would dump the goroutines too, but into a buffer it grows by
// doubling, stopping the world at each try.
func leakDump() []byte {
	var dump []byte
	if err := leakcycle.Run(contextBackground, io.Discard, func() { dump = goroutineDump() }); err != nil {
		return goroutineDump()
	}
	return dump
}
