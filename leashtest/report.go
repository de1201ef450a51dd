package leashtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A stackGroup is a set of goroutines a report shows once: same verdict,
// state, stack and creation site.
type stackGroup struct {
	leaked bool
	g      goroutine // the first of them
	ids    []int64
}

// groupGoroutines groups identical goroutines, keeping first-seen order.
func groupGoroutines(leaked bool, gs []goroutine, groups []*stackGroup) []*stackGroup {
	index := make(map[string]*stackGroup)
	for _, g := range gs {
		key := g.State + "\x00" + g.Creator.String() + "\x00" + g.why + "\x00" + signature(g.Frames)
		sg := index[key]
		if sg == nil {
			sg = &stackGroup{leaked: leaked, g: g}
			index[key] = sg
			groups = append(groups, sg)
		}
		sg.ids = append(sg.ids, g.ID)
	}
	return groups
}

// report writes what a check found, one block per group of identical
// goroutines: how many, their state and verdict, where they are blocked,
// where they were created, and the stack.
func report(test string, v verdict) string {
	groups := groupGoroutines(true, v.leaked, nil)
	groups = groupGoroutines(false, v.lingering, groups)
	var b strings.Builder
	n := len(v.leaked) + len(v.lingering)
	fmt.Fprintf(&b, "leashtest: %s left %s running", test, plural(n, "goroutine"))
	switch {
	case len(v.lingering) == 0:
		fmt.Fprintf(&b, ", proven blocked forever:\n")
	case len(v.leaked) == 0:
		ended := "it"
		if test == allTests {
			ended = "they"
		}
		fmt.Fprintf(&b, " %v after %s ended:\n", v.waited.Round(time.Millisecond), ended)
	default:
		fmt.Fprintf(&b, ", %d proven blocked forever:\n", len(v.leaked))
	}
	for _, sg := range groups {
		b.WriteByte('\n')
		writeGroup(&b, sg, v)
	}
	return b.String()
}

func writeGroup(b *strings.Builder, sg *stackGroup, v verdict) {
	g := sg.g
	fmt.Fprintf(b, "%s [%s]: %s\n", plural(len(sg.ids), "goroutine"), g.State, verdictText(sg.leaked, v))
	top := g.Top()
	fmt.Fprintf(b, "  blocked in  %s\n", top.Function)
	if top.File != "" {
		fmt.Fprintf(b, "              at %s:%d\n", top.File, top.Line)
	}
	if g.Creator.Function != "" {
		fmt.Fprintf(b, "  created by  %s", g.Creator.Function)
		if g.CreatorID != 0 {
			fmt.Fprintf(b, " in goroutine %d", g.CreatorID)
		}
		b.WriteByte('\n')
		if g.Creator.File != "" {
			fmt.Fprintf(b, "              at %s:%d\n", g.Creator.File, g.Creator.Line)
		}
	}
	if g.why != "" {
		fmt.Fprintf(b, "  charged     %s\n", g.why)
	}
	fmt.Fprintf(b, "  goroutine%s  %s\n", pluralS(len(sg.ids)), ids(sg.ids))
	b.WriteString("  stack:\n")
	const maxFrames = 24
	for i, f := range g.Frames {
		if i == maxFrames {
			fmt.Fprintf(b, "    … %d more frames\n", len(g.Frames)-maxFrames)
			break
		}
		fmt.Fprintf(b, "    %s\n", f.Function)
		if f.File != "" {
			fmt.Fprintf(b, "        %s:%d\n", f.File, f.Line)
		}
	}
}

func verdictText(leaked bool, v verdict) string {
	switch {
	case leaked:
		return "leaked: the runtime proved it blocked forever, nothing can wake it"
	case v.early:
		return "still running; not waited for, the test fails for the leak above"
	case leakProfile == nil:
		return fmt.Sprintf("lingering: still running %v after the test ended (the runtime here cannot prove leaks; Go 1.27, or Go 1.26 with GOEXPERIMENT=goroutineleakprofile, can)", v.waited.Round(time.Millisecond))
	default:
		return fmt.Sprintf("lingering: still running %v after the test ended, not provably blocked (sleeping, in I/O, or waiting on something reachable from a global or a running goroutine)", v.waited.Round(time.Millisecond))
	}
}

// ids lists goroutine ids, the first few of them. A goroutine seen only in
// the goroutine profile has none.
func ids(ids []int64) string {
	const maxIDs = 8
	var b strings.Builder
	shown, unknown := 0, 0
	for _, id := range ids {
		switch {
		case id == 0:
			unknown++
		case shown < maxIDs:
			if shown > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.FormatInt(id, 10))
			shown++
		}
	}
	if more := len(ids) - shown - unknown; more > 0 {
		fmt.Fprintf(&b, " and %d more", more)
	}
	if unknown > 0 {
		if shown > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d without an id (seen in the goroutine profile only)", unknown)
	}
	return b.String()
}

func plural(n int, noun string) string {
	return strconv.Itoa(n) + " " + noun + pluralS(n)
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
