package leakwatch

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/leash-go/leash/internal/goroutines"
)

// A tally groups goroutines into sites as a check reads them, keeping the
// stack of one goroutine a site: however many goroutines leak, a report
// holds one stack for each place they leak at.
type tally struct {
	sites map[siteKey]*Site
	// bySignature counts, for each stack, the goroutines of each site that
	// have it: the goroutine leak profile counts goroutines by stack, and a
	// check matches its counts to sites by stack.
	bySignature map[string]map[siteKey]int
}

func newTally() *tally {
	return &tally{sites: make(map[siteKey]*Site), bySignature: make(map[string]map[siteKey]int)}
}

// add counts the goroutine g, whose text in the dump is entry, at its site.
func (t *tally) add(g *goroutines.Goroutine, entry []byte, n int) siteKey {
	s := siteOf(g)
	k := s.key()
	if have := t.sites[k]; have != nil {
		have.Count += n
	} else {
		s.Count = n
		s.Stack = string(entry)
		t.sites[k] = &s
	}
	sig := goroutines.Signature(g.Frames)
	if t.bySignature[sig] == nil {
		t.bySignature[sig] = make(map[siteKey]int)
	}
	t.bySignature[sig][k] += n
	return k
}

// report returns the sites with at least min goroutines, most first.
func (t *tally) report(min int) []Site {
	sites := make([]Site, 0, len(t.sites))
	for _, s := range t.sites {
		if s.Count >= min {
			sites = append(sites, *s)
		}
	}
	sortSites(sites)
	return sites
}

// siteOf returns the site of g, without its count and stack.
func siteOf(g *goroutines.Goroutine) Site {
	blocked := blockingFrame(g.Frames)
	return Site{
		CreatedBy: g.Creator.Function,
		CreatedAt: location(g.Creator),
		BlockedIn: blocked.Function,
		BlockedAt: location(blocked),
		State:     g.State,
	}
}

// blockingFrame returns the frame where the program's code waits: the
// innermost frame outside the runtime and the sync packages, which a dump
// shows in full for a goroutine blocked on a sync.Mutex, a WaitGroup or a
// Cond. A goroutine blocked in a library is blocked in the library's code,
// which is where its leak is.
func blockingFrame(frames []goroutines.Frame) goroutines.Frame {
	for _, f := range frames {
		if !inRuntime(f.Function) {
			return f
		}
	}
	if len(frames) > 0 {
		return frames[0]
	}
	return goroutines.Frame{}
}

func inRuntime(function string) bool {
	for _, p := range []string{"runtime.", "internal/", "sync."} {
		if strings.HasPrefix(function, p) {
			return true
		}
	}
	return false
}

func location(f goroutines.Frame) string {
	if f.File == "" {
		return ""
	}
	return f.File + ":" + strconv.Itoa(f.Line)
}

// header returns the first line of a goroutine's text.
func header(entry []byte) []byte {
	line, _, _ := bytes.Cut(entry, []byte("\n"))
	return line
}

// parseOne reads the one goroutine of entry.
func parseOne(entry []byte) (goroutines.Goroutine, bool) {
	gs := goroutines.ParseDump(entry)
	if len(gs) != 1 {
		return goroutines.Goroutine{}, false
	}
	return gs[0], true
}

// reconcile makes the tally's counts those of the goroutine leak profile,
// groups, which the runtime wrote right after its leak detection. The dump,
// taken just after, shows the same goroutines marked leaked, unless it was
// cut at its size limit or a leak detection started elsewhere in the program
// (a read of /debug/pprof/goroutineleak) cleared the marks in between. The
// goroutines the profile counts and the dump does not show marked are
// counted at the site of the marked goroutines with the same stack; failing
// that, at the site of an unmarked goroutine of the dump with that stack;
// failing that, at a site read from the profile's stack alone, which does
// not say where the goroutines were created.
func (t *tally) reconcile(groups []goroutines.Group, dump []byte) {
	want := make(map[string]int)
	frames := make(map[string][]goroutines.Frame)
	for _, g := range groups {
		sig := goroutines.Signature(g.Frames)
		want[sig] += g.Count
		frames[sig] = g.Frames
	}
	unseen := make(map[string]int)
	for sig, n := range want {
		sites := t.bySignature[sig]
		missing := n
		for _, k := range sites {
			missing -= k
		}
		switch {
		case missing <= 0:
		case len(sites) > 0:
			k := largest(sites)
			t.sites[k].Count += missing
			sites[k] += missing
		default:
			unseen[sig] = missing
		}
	}
	if len(unseen) == 0 {
		return
	}
	// Only goroutines blocked where an unseen stack is may have it: look
	// for the line before reading the goroutine.
	var lines [][]byte
	for sig := range unseen {
		if loc := location(blockingFrame(frames[sig])); loc != "" {
			lines = append(lines, []byte("\t"+loc))
		}
	}
	for entry := range goroutines.Entries(dump) {
		if !slices.ContainsFunc(lines, func(line []byte) bool { return bytes.Contains(entry, line) }) {
			continue
		}
		h, ok := goroutines.ParseHeader(header(entry))
		if !ok || h.Leaked || !blocking[h.State] {
			continue
		}
		g, ok := parseOne(entry)
		if !ok {
			continue
		}
		sig := goroutines.Signature(g.Frames)
		if n := unseen[sig]; n > 0 {
			t.add(&g, entry, n)
			delete(unseen, sig)
			if len(unseen) == 0 {
				return
			}
		}
	}
	for sig, n := range unseen {
		g := goroutines.Goroutine{Frames: frames[sig]}
		s := siteOf(&g)
		k := s.key()
		if t.bySignature[sig] == nil {
			t.bySignature[sig] = make(map[siteKey]int)
		}
		t.bySignature[sig][k] += n
		if have := t.sites[k]; have != nil {
			have.Count += n
			continue
		}
		s.Count = n
		s.Stack = profileStack(frames[sig])
		t.sites[k] = &s
	}
}

// largest returns the site with the most goroutines, the first in order
// among equals.
func largest(sites map[siteKey]int) siteKey {
	var best siteKey
	first := true
	for k, n := range sites {
		if first || n > sites[best] || n == sites[best] && (k.createdAt+"\n"+k.blockedAt) < (best.createdAt+"\n"+best.blockedAt) {
			best, first = k, false
		}
	}
	return best
}

// profileStack prints a stack read from the leak profile the way a dump
// prints one, as far as the profile tells.
func profileStack(frames []goroutines.Frame) string {
	var b strings.Builder
	b.WriteString("goroutine ? [state unknown (leaked)]: stack from the goroutine leak profile; the goroutine dump did not show it\n")
	for _, f := range frames {
		if strings.HasPrefix(f.Function, "runtime.") {
			continue
		}
		b.WriteString(f.Function)
		b.WriteString("(...)\n\t")
		b.WriteString(location(f))
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// blocking lists the states in which a goroutine waits for another: on a
// channel, a select, or a sync primitive. Only such goroutines can leak in
// the sense of the runtime's proof; a goroutine asleep, waiting for I/O,
// for a timer or for the system is not a leak of this kind.
var blocking = map[string]bool{
	"chan send":               true,
	"chan receive":            true,
	"chan send (nil chan)":    true,
	"chan receive (nil chan)": true,
	"select":                  true,
	"select (no cases)":       true,
	"sync.Mutex.Lock":         true,
	"sync.RWMutex.Lock":       true,
	"sync.RWMutex.RLock":      true,
	"sync.Cond.Wait":          true,
	"sync.WaitGroup.Wait":     true,
}
