package eval

import (
	"regexp"
	"strconv"
	"strings"
)

// A finding is one goroutine a checker reported, described the way the Go
// runtime's test describes a leak: "function(…) [state]", function being the
// goroutine's entry function, without the "main." of the kernels' package.
type finding struct {
	leak   string
	proven bool // the checker said the runtime proved it blocked forever
}

// groupHeader matches the header of a group with a verdict. Groups "still
// running; not waited for" are not findings: the check stopped before their
// grace period was over, because it had proven a leak.
var groupHeader = regexp.MustCompile(`^(\d+) goroutines? \[(.*)\]: (leaked|lingering|still running)`)

// leashtestFindings reads a leashtest report: one block per group of
// identical goroutines, a header with their number, state and verdict, then
// the stack, one function and one location line per frame.
func leashtestFindings(report string) []finding {
	var out []finding
	var count int
	var state string
	var proven, inStack bool
	var bottom string
	flush := func() {
		for range count {
			out = append(out, finding{leak: describe(bottom, state), proven: proven})
		}
		count, inStack, bottom = 0, false, ""
	}
	for _, line := range strings.Split(report, "\n") {
		trimmed := strings.TrimSpace(line)
		if m := groupHeader.FindStringSubmatch(trimmed); m != nil {
			flush()
			if m[3] != "still running" {
				count, _ = strconv.Atoi(m[1])
				state, proven = m[2], m[3] == "leaked"
			}
			continue
		}
		if count == 0 {
			continue
		}
		if trimmed == "stack:" {
			inStack = true
			continue
		}
		// Function lines are indented by 4, location lines by 8.
		if inStack && strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "        ") && !strings.HasPrefix(trimmed, "…") {
			bottom = trimmed
		}
	}
	flush()
	return out
}

// goleakFindings reads goleak's error, which lists each goroutine as
//
//	[Goroutine 9 in state chan send, with main.f on top of the stack:
//	main.f(…)
//		/src/f.go:3 +0x25
//	created by main.g in goroutine 8
//		/src/g.go:7 +0x45
//	 Goroutine 10 in state …
func goleakFindings(report string) []finding {
	var out []finding
	var state, last string
	in := false
	for _, line := range strings.Split(report, "\n") {
		if m := goleakHeader.FindStringSubmatch(line); m != nil {
			state, _, _ = strings.Cut(m[1], ", ")
			in, last = true, ""
			continue
		}
		switch {
		case !in:
		case strings.HasPrefix(line, "created by "):
			out = append(out, finding{leak: describe(funcOfFrame(last), state)})
			in = false
		case line != "" && !strings.HasPrefix(line, "\t"):
			last = line
		}
	}
	return out
}

var goleakHeader = regexp.MustCompile(`Goroutine \d+ in state (.*), with .* on top of the stack:$`)

// funcOfFrame strips the arguments from a frame line of a stack trace.
func funcOfFrame(line string) string {
	if strings.HasSuffix(line, ")") {
		if i := strings.LastIndexByte(line, '('); i > 0 {
			return line[:i]
		}
	}
	return line
}

// describe names a leak as the runtime's test does. The kernels are package
// main, which a test binary names after its module, gobench.
func describe(function, state string) string {
	return strings.TrimPrefix(function, "gobench.") + "(…) [" + state + "]"
}
