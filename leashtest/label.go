package leashtest

import (
	"bytes"
	"context"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/leash-go/leash/internal/goroutines"
)

// Attribution. Check gives the test's goroutine a pprof label unique to the
// check. The runtime copies a goroutine's labels to every goroutine it starts,
// so the label reaches the test's children, their children and so on, and
// nothing else: goroutines that existed before Check, or that other tests
// started, do not carry it. A census then tells each check's goroutines apart
// by their label.
const labelKey = "leashtest"

const (
	// checkingLabel marks a goroutine that is running a check: it must not
	// count as one of the goroutines it checks.
	checkingLabel = "checking"
	// mainLabel marks the goroutines of the tests Main runs.
	mainLabel = "main"
)

var contextBackground = context.Background()

// An owner is what a label stands for: the check that set it.
type owner struct {
	name string // the test's name
	// reported is set once the check has reported the goroutines it found,
	// so that Main does not report them a second time.
	reported atomic.Bool
}

var (
	lastLabel atomic.Uint64
	owners    sync.Map // label → *owner
)

// newLabel returns a fresh label for the test called name.
func newLabel(name string) (string, *owner) {
	label := strconv.FormatUint(lastLabel.Add(1), 10)
	o := &owner{name: name}
	owners.Store(label, o)
	return label, o
}

// ownerOf returns the owner of label, or nil.
func ownerOf(label string) *owner {
	o, _ := owners.Load(label)
	own, _ := o.(*owner)
	return own
}

// setLabel labels the calling goroutine, replacing its label set: every
// goroutine it starts from now on carries label.
func setLabel(label string) {
	pprof.SetGoroutineLabels(pprof.WithLabels(contextBackground, pprof.Labels(labelKey, label)))
}

// currentID returns the id of the calling goroutine.
func currentID() int64 { return currentHeader().ID }

// currentHeader reads the header of the calling goroutine's stack trace:
// "goroutine 7 [running]:", with its labels where stacks print them.
func currentHeader() goroutines.Goroutine {
	var buf [256]byte
	n := runtime.Stack(buf[:], false)
	line, _, _ := bytes.Cut(buf[:n], []byte("\n"))
	g, _ := goroutines.ParseHeader(line)
	return g
}

// currentGoroutine returns the ids of the calling goroutine and of the
// goroutine that started it, read from its stack trace: the header,
// "goroutine 7 [running]:", and the last line but one, "created by
// example.com/p.f in goroutine 5".
func currentGoroutine() (id, creatorID int64) {
	buf := stackBufs.Get().(*[]byte)
	defer stackBufs.Put(buf)
	for {
		n := runtime.Stack(*buf, false)
		if n < len(*buf) {
			trace := (*buf)[:n]
			header, _, _ := bytes.Cut(trace, []byte("\n"))
			g, _ := goroutines.ParseHeader(header)
			if i := bytes.LastIndex(trace, []byte("\ncreated by ")); i >= 0 {
				line, _, _ := bytes.Cut(trace[i+1:], []byte("\n"))
				_, creatorID, _ = goroutines.ParseCreatedBy(line)
			}
			return g.ID, creatorID
		}
		*buf = make([]byte, 2*len(*buf))
	}
}

var stackBufs = sync.Pool{New: func() any { b := make([]byte, 4<<10); return &b }}
