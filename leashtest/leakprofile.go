package leashtest

import (
	"bytes"
	"runtime/pprof"
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
var leakProfile = pprof.Lookup("goroutineleak")

// leakDump runs a leak detection cycle and returns a dump of every goroutine
// written right after it, under the profile's lock, so that no other leak
// detection cycle can clear the marks in between.
func leakDump() []byte {
	var buf bytes.Buffer
	if err := leakProfile.WriteTo(&buf, 2); err != nil {
		return goroutineDump()
	}
	return buf.Bytes()
}
