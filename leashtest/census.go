package leashtest

import (
	"bytes"
	"cmp"
	"runtime"
	"runtime/pprof"
	"slices"
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
// taken just after it, matching stacks. The profile says how many goroutines
// with a given stack carry each label; when goroutines of several labels share
// a stack, the goroutine that created each one decides: a goroutine created by
// a test's goroutine, or by a goroutine already labelled, carries that
// label. Where nothing decides, the counts are still right, but which of
// the identical goroutines gets which label is arbitrary.
func assignLabels(gs []goroutine, groups []group) {
	left := make(map[string]map[string]int) // signature → label → goroutines
	for _, g := range groups {
		sig := signature(g.frames)
		if left[sig] == nil {
			left[sig] = make(map[string]int)
		}
		left[sig][g.label] += g.count
	}
	sigs := make([]string, len(gs))
	byID := make(map[int64]*goroutine, len(gs))
	for i := range gs {
		sigs[i] = signature(gs[i].frames)
		byID[gs[i].id] = &gs[i]
	}
	assigned := make([]bool, len(gs))
	assign := func(i int, label string) {
		assigned[i] = true
		gs[i].label = label
		left[sigs[i]][label]--
	}
	// hint returns the label g's creator gave it, if known.
	hint := func(g *goroutine) (string, bool) {
		if label, ok := testGoroutines.Load(g.creatorID); ok {
			return label.(string), true
		}
		if c := byID[g.creatorID]; c != nil && c.label != "" {
			return c.label, true
		}
		return "", false
	}
	for progress := true; progress; {
		progress = false
		for i := range gs {
			if assigned[i] {
				continue
			}
			var only string
			n := 0
			for label, k := range left[sigs[i]] {
				if k > 0 {
					only = label
					n++
				}
			}
			if n == 0 {
				assigned[i] = true // not in the profile: exited since the dump
				continue
			}
			if n == 1 {
				assign(i, only)
				progress = true
				continue
			}
			if h, ok := hint(&gs[i]); ok && left[sigs[i]][h] > 0 {
				assign(i, h)
				progress = true
			}
		}
	}
	// What is left is ambiguous. Goroutine ids and labels both grow with
	// time, roughly: give older goroutines the older labels, so that a leak
	// of a test that ended long ago is not mistaken for a new one.
	var rest []int
	for i := range gs {
		if !assigned[i] {
			rest = append(rest, i)
		}
	}
	slices.SortFunc(rest, func(i, j int) int { return cmp.Compare(gs[i].id, gs[j].id) })
	for _, i := range rest {
		labels := make([]string, 0, len(left[sigs[i]]))
		for label, k := range left[sigs[i]] {
			if k > 0 {
				labels = append(labels, label)
			}
		}
		slices.SortFunc(labels, compareLabels)
		assign(i, labels[0])
	}
}

// compareLabels orders labels by age: none first, then Main's, then the
// labels of checks in the order they were created.
func compareLabels(a, b string) int {
	rank := func(l string) (int, uint64) {
		switch l {
		case "":
			return 0, 0
		case mainLabel:
			return 1, 0
		}
		n, err := strconv.ParseUint(l, 10, 64)
		if err != nil {
			return 2, 0
		}
		return 3, n
	}
	ra, na := rank(a)
	rb, nb := rank(b)
	if ra != rb {
		return cmp.Compare(ra, rb)
	}
	return cmp.Compare(na, nb)
}

// testGoroutines maps the id of each goroutine that called Check to the label
// Check gave it: a hint for assignLabels.
var testGoroutines sync.Map // int64 → string

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
