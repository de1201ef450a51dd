package leashtest

import (
	"bytes"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
)

// A census details every goroutine of the process: what a check reads once
// its glance (see glance.go) found that goroutines of its test may be alive.
// Checks running at the same time share censuses (see coalescer), and each
// picks its own goroutines (see claim.charge).
type census struct {
	goroutines []goroutine // the parsed dump, with labels filled in
	// proof says the dump was written right after a leak detection GC, so
	// that goroutine.leaked is meaningful.
	proof bool
}

// byID indexes the goroutines of the census by id.
func (c *census) byID() map[int64]*goroutine {
	m := make(map[int64]*goroutine, len(c.goroutines))
	for i := range c.goroutines {
		if id := c.goroutines[i].ID; id != 0 {
			m[id] = &c.goroutines[i]
		}
	}
	return m
}

var (
	fullCensus  = newCoalescer(func() *census { return takeCensus(false) })
	proofCensus = newCoalescer(func() *census { return takeCensus(true) })
)

// takeCensus dumps every goroutine, after the runtime's leak detection if
// proof is set.
func takeCensus(proof bool) *census {
	pprof.SetGoroutineLabels(checkingLabels)
	var dump []byte
	if proof {
		dump = leakDump()
	} else {
		dump = goroutineDump()
	}
	c := &census{goroutines: parseDump(dump), proof: proof}
	if len(c.goroutines) == 0 || c.goroutines[0].Labeled {
		return c
	}
	// The dump has no labels: read them from the profile and give them to the
	// goroutines of the dump with the same stack. The profile is taken after
	// the dump, so a goroutine of the dump that has exited since goes
	// unlabelled, which is right: it is gone. A goroutine that moved in
	// between matches nothing; it is kept as the profile saw it, and the next
	// census, if there is one, sees it settled. Taking the two again instead
	// would stop the world twice more. The first goroutine is the caller.
	if len(c.goroutines) > 1 {
		unmatched := assignLabels(c.goroutines[1:], goroutineProfile())
		c.goroutines = append(c.goroutines, unmatched...)
	}
	return c
}

// checkingLabels label a goroutine running a check, so that it is not one of
// the goroutines it checks, and so that the first goroutine of a dump, the
// caller, shows whether the dump prints labels.
var checkingLabels = pprof.WithLabels(contextBackground, pprof.Labels(labelKey, checkingLabel))

// dumpSize remembers how large the last dump was, to size the next buffer.
var dumpSize atomic.Int64

// goroutineDump returns the stacks of every goroutine, as a panic prints
// them, and remembers which goroutines it saw (see aliveNow).
func goroutineDump() []byte {
	created := goroutinesCreated()
	dump := rawDump()
	recordDump(created, dump)
	return dump
}

// rawDump returns the stacks of every goroutine. Each try stops the world,
// so the first is sized to fit: as large as the last dump, or as a kilobyte a
// goroutine, whichever is more.
func rawDump() []byte {
	size := max(4096, int(dumpSize.Load())*5/4, runtime.NumGoroutine()*1024)
	for {
		buf := make([]byte, size)
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			dumpSize.Store(int64(n))
			return buf[:n]
		}
		size *= 4
	}
}

var profileBuf = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// goroutineProfile returns the goroutine profile: stacks with labels.
func goroutineProfile() []group {
	buf := profileBuf.Get().(*bytes.Buffer)
	defer profileBuf.Put(buf)
	buf.Reset()
	if err := pprof.Lookup("goroutine").WriteTo(buf, 1); err != nil {
		return nil
	}
	return parseProfile(buf.Bytes())
}
