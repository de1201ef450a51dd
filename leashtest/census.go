package leashtest

import (
	"bytes"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// A census is what one collection saw of the process's goroutines. Checks
// running at the same time share censuses (see coalescer), and each reads the
// goroutines carrying its own label.
type census struct {
	// goroutines is the parsed goroutine dump, with labels filled in; nil for
	// a light census taken from the profile alone.
	goroutines []goroutine
	// groups is the parsed goroutine profile; nil when the dump printed labels.
	groups []group
	// proof says the dump was written right after a leak detection GC, so
	// goroutine.leaked is meaningful.
	proof bool
}

// alive reports whether a goroutine whose label owns accepts is alive.
func (c *census) alive(owns func(label string) bool) bool {
	for i := range c.goroutines {
		if l := c.goroutines[i].label; l != "" && owns(l) {
			return true
		}
	}
	if c.goroutines == nil {
		for i := range c.groups {
			if l := c.groups[i].label; l != "" && owns(l) {
				return true
			}
		}
	}
	return false
}

// owned returns the goroutines whose label owns accepts.
func (c *census) owned(owns func(label string) bool) []goroutine {
	var gs []goroutine
	for _, g := range c.goroutines {
		if g.label != "" && owns(g.label) {
			gs = append(gs, g)
		}
	}
	return gs
}

// dumpLabels remembers whether the last goroutine dump printed labels
// (GODEBUG=tracebacklabels=1, the default for Go 1.27 modules). When it did,
// one dump is all a census needs; otherwise labels come from the goroutine
// profile.
var dumpLabels atomic.Bool

func init() { dumpLabels.Store(true) }

// Every census runs with its caller's goroutine labelled, so that the first
// goroutine of a dump, the caller, tells whether the dump prints labels.
var censusLabels = pprof.WithLabels(contextBackground, pprof.Labels(labelKey, checkingLabel))

var (
	lightCensus = newCoalescer(func() *census { return takeCensus(false, false) })
	fullCensus  = newCoalescer(func() *census { return takeCensus(true, false) })
	proofCensus = newCoalescer(func() *census { return takeCensus(true, true) })
)

// takeCensus collects the goroutines of the process. A light census (full
// false) only needs to tell which labels are alive; a full one details every
// goroutine; a proof one first runs the runtime's leak detection.
func takeCensus(full, proof bool) *census {
	pprof.SetGoroutineLabels(censusLabels)
	c := &census{proof: proof}
	if !full && !dumpLabels.Load() {
		c.groups = parseProfile(goroutineProfile())
		return c
	}
	var dump []byte
	if proof {
		dump = leakDump()
	} else {
		dump = goroutineDump()
	}
	c.goroutines = parseDump(dump)
	if len(c.goroutines) > 0 && c.goroutines[0].labeled {
		dumpLabels.Store(true)
		return c
	}
	dumpLabels.Store(false)
	// The dump has no labels: read them from the profile and give them to the
	// goroutines of the dump with the same stack. The profile is taken after
	// the dump, so a goroutine of the dump that has exited since goes
	// unlabelled, which is right: it is gone.
	c.groups = parseProfile(goroutineProfile())
	assignLabels(c.goroutines[1:], c.groups)
	if !full {
		c.goroutines = nil
	}
	return c
}

// assignLabels labels the goroutines of a dump from the groups of a profile
// taken just after it, matching stacks.
func assignLabels(gs []goroutine, groups []group) {
	type pending struct {
		label string
		left  int
	}
	bySig := make(map[string][]*pending)
	for _, g := range groups {
		if g.label == "" {
			continue
		}
		sig := signature(g.frames)
		bySig[sig] = append(bySig[sig], &pending{g.label, g.count})
	}
	if len(bySig) == 0 {
		return
	}
	for i := range gs {
		for _, p := range bySig[signature(gs[i].frames)] {
			if p.left > 0 {
				p.left--
				gs[i].label = p.label
				break
			}
		}
	}
}

// signature identifies a stack across a dump and a profile: both print the
// same functions and lines, but hide runtime frames differently and cut deep
// stacks at different depths.
func signature(frames []frame) string {
	var b strings.Builder
	n := 0
	for _, f := range frames {
		if strings.HasPrefix(f.function, "runtime.") {
			continue
		}
		if n++; n > 32 {
			break
		}
		b.WriteString(f.function)
		b.WriteByte(' ')
		b.WriteString(f.file)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(f.line))
		b.WriteByte('\n')
	}
	return b.String()
}

// dumpSize remembers how large the last dump was, to size the next buffer.
var dumpSize atomic.Int64

func goroutineDump() []byte {
	size := max(4096, int(dumpSize.Load())*5/4)
	for {
		buf := make([]byte, size)
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			dumpSize.Store(int64(n))
			return buf[:n]
		}
		size *= 2
	}
}

var profileBuf = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func goroutineProfile() []byte {
	buf := profileBuf.Get().(*bytes.Buffer)
	buf.Reset()
	defer profileBuf.Put(buf)
	if err := pprof.Lookup("goroutine").WriteTo(buf, 1); err != nil {
		return nil
	}
	return bytes.Clone(buf.Bytes())
}
