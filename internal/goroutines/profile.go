package goroutines

import (
	"bytes"
	"strconv"
	"strings"
)

// A Group is one stack of a goroutine profile written with debug=1: how many
// goroutines share the stack and the label set, and the stack itself. Unlike a
// goroutine dump, the profile always carries labels, whatever GODEBUG says.
type Group struct {
	Count  int
	Labels string // the label set as printed, without its braces; read it with LabelValue
	Frames []Frame
}

// ParseProfile reads the text runtime/pprof writes for debug=1:
//
//	goroutine profile: total 5
//	2 @ 0x4446f1 0x482e1d 0x48a761
//	# labels: {"leashtest":"7"}
//	#	0x51c850	example.com/p.worker+0xb0	/src/p/worker.go:42
//
// Like ParseDump it skips what it does not understand.
func ParseProfile(text []byte) []Group {
	var gs []Group
	var cur *Group
	for line := range Lines(text) {
		switch {
		case len(line) == 0:
			cur = nil
		case line[0] >= '1' && line[0] <= '9':
			count, _, ok := bytes.Cut(line, []byte(" @ "))
			if !ok {
				cur = nil
				continue
			}
			n, err := strconv.Atoi(string(count))
			if err != nil {
				cur = nil
				continue
			}
			gs = append(gs, Group{Count: n})
			cur = &gs[len(gs)-1]
		case cur == nil:
		case bytes.HasPrefix(line, profileLabels):
			set := bytes.TrimPrefix(line, profileLabels)
			set = bytes.TrimPrefix(set, []byte("{"))
			set = bytes.TrimSuffix(set, []byte("}"))
			cur.Labels = string(set)
		case bytes.HasPrefix(line, []byte("#\t")):
			if f, ok := profileFrame(string(line[2:])); ok {
				cur.Frames = append(cur.Frames, f)
			}
		}
	}
	return gs
}

var profileLabels = []byte("# labels: ")

// profileFrame reads "0x51c850\tpkg.f+0xb0\t/src/f.go:42", whose fields the
// profile aligns with any number of tabs.
func profileFrame(text string) (Frame, bool) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == '\t' })
	if len(fields) < 3 {
		return Frame{}, false
	}
	fn := fields[1]
	if i := strings.LastIndex(fn, "+0x"); i > 0 {
		fn = fn[:i]
	}
	file, line := ParseLocation([]byte(fields[2]))
	return Frame{Function: fn, File: file, Line: line}, true
}
