package leashtest

import (
	"bytes"
	"iter"
	"strconv"
	"strings"
)

// A goroutine is one entry of a goroutine dump, the text runtime.Stack(buf,
// true) writes: the header line, the frames and the "created by" trailer.
type goroutine struct {
	id      int64
	state   string // wait reason as the runtime prints it: "chan send", "sync.Mutex.Lock", "select", …
	leaked  bool   // the header says "(leaked)": the leak detector proved it blocked forever
	label   string // value of the leashtest label, "" if absent or not printed
	labeled bool   // the header carries a label set (labels are printed in this dump)
	frames  []frame
	// creator is the function whose go statement started the goroutine, and
	// creatorID the goroutine that ran it (0 when not printed).
	creator   frame
	creatorID int64
}

// A frame is one function call of a stack: the function and the line it is at.
type frame struct {
	function string // package-qualified name, without arguments: "net/http.(*Server).Serve"
	file     string
	line     int
}

func (f frame) String() string {
	if f.file == "" {
		return f.function
	}
	return f.function + " " + f.file + ":" + strconv.Itoa(f.line)
}

// top returns the innermost frame: where the goroutine is blocked.
func (g *goroutine) top() frame {
	if len(g.frames) == 0 {
		return frame{}
	}
	return g.frames[0]
}

// parseDump splits a goroutine dump into goroutines. It never fails: lines it
// does not understand are skipped, so that a change in the runtime's format
// degrades a report instead of losing it.
func parseDump(dump []byte) []goroutine {
	var gs []goroutine
	var cur *goroutine
	for line := range lines(dump) {
		switch {
		case bytes.HasPrefix(line, goroutinePrefix):
			g, ok := parseHeader(line)
			if !ok {
				cur = nil
				continue
			}
			gs = append(gs, g)
			cur = &gs[len(gs)-1]
		case cur == nil || len(line) == 0:
			cur = nil
		case line[0] == '\t':
			// The location of the frame or creator line just read.
			file, lineNo := parseLocation(line[1:])
			if cur.creator.function != "" && cur.creator.file == "" {
				cur.creator.file, cur.creator.line = file, lineNo
			} else if n := len(cur.frames); n > 0 && cur.frames[n-1].file == "" {
				cur.frames[n-1].file, cur.frames[n-1].line = file, lineNo
			}
		case bytes.HasPrefix(line, createdByPrefix):
			rest := string(line[len(createdByPrefix):])
			fn, in, found := strings.Cut(rest, " in goroutine ")
			cur.creator.function = fn
			if found {
				cur.creatorID, _ = strconv.ParseInt(in, 10, 64)
			}
		case bytes.HasPrefix(line, originatingPrefix):
			// GODEBUG=tracebackancestors: the stacks of the goroutine's
			// ancestors follow; they are not its own.
			cur = nil
		case bytes.HasPrefix(line, elidedPrefix):
			// "...additional frames elided..." or "...N frames elided...".
		default:
			cur.frames = append(cur.frames, frame{function: functionName(string(line))})
		}
	}
	return gs
}

// lines yields the lines of text, without their line ends.
func lines(text []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for line := range bytes.Lines(text) {
			if !yield(bytes.TrimSuffix(line, newline)) {
				return
			}
		}
	}
}

var (
	newline         = []byte("\n")
	goroutinePrefix = []byte("goroutine ")
	createdByPrefix = []byte("created by ")
	elidedPrefix    = []byte("...")
	// originatingPrefix starts the stacks of the goroutine's ancestors.
	originatingPrefix = []byte("[originating from goroutine ")
)

// parseHeader reads a goroutine header. The runtime prints it as
//
//	goroutine 18 [chan send (leaked), 2 minutes]:
//	goroutine 18 [chan send labels:{"leashtest": "7"}]:  (Go 1.26, GODEBUG=tracebacklabels=1)
//	goroutine 18 [chan send] {leashtest: 7}:             (Go 1.27)
func parseHeader(line []byte) (goroutine, bool) {
	var g goroutine
	rest := line[len(goroutinePrefix):]
	sp := bytes.IndexByte(rest, ' ')
	if sp < 0 {
		return g, false
	}
	id, err := strconv.ParseInt(string(rest[:sp]), 10, 64)
	if err != nil {
		return g, false
	}
	g.id = id
	// With GOTRACEBACK=system and above, "gp=… m=…" precede the state.
	open := bytes.IndexByte(rest, '[')
	if open < 0 {
		return g, false
	}
	rest = rest[open+1:]
	var labels []byte
	if i := bytes.Index(rest, labelsInside); i >= 0 {
		// Go 1.26: the label set is printed inside the brackets.
		labels = rest[i+len(labelsInside):]
		if j := bytes.LastIndexByte(labels, '}'); j >= 0 {
			labels = labels[:j]
		}
		rest = rest[:i]
		g.labeled = true
	} else if i := bytes.LastIndex(rest, labelsAfter); i >= 0 {
		// Go 1.27: "] {k: v, …}:" after the brackets.
		labels = rest[i+len(labelsAfter):]
		labels = bytes.TrimSuffix(labels, []byte("}:"))
		rest = rest[:i]
		g.labeled = true
	} else {
		rest = bytes.TrimSuffix(rest, []byte("]:"))
	}
	rest = bytes.TrimSuffix(rest, []byte("]"))
	// The state runs up to the first comma: "select, 2 minutes, locked to thread".
	state, _, _ := bytes.Cut(rest, []byte(", "))
	state = bytes.TrimSpace(state)
	if s, ok := bytes.CutSuffix(state, []byte(" (leaked)")); ok {
		g.leaked = true
		state = s
	}
	state = bytes.TrimSuffix(state, []byte(" (scan)"))
	g.state = string(state)
	if g.labeled {
		g.label = labelValue(labels, labelKey)
	}
	return g, true
}

var (
	labelsInside = []byte(" labels:{")
	labelsAfter  = []byte("] {")
)

// labelValue finds key in a printed label set: "k1: v1, k2: v2" as
// tracebacks print it, or "k1":"v1", "k2":"v2" as profiles do. Keys and
// values may be Go-quoted.
func labelValue(set []byte, key string) string {
	for len(set) > 0 {
		var kv []byte
		kv, set = cutPair(set)
		kv = bytes.TrimSpace(kv)
		var k string
		if q, err := strconv.QuotedPrefix(string(kv)); err == nil {
			k, _ = strconv.Unquote(q)
			kv = kv[len(q):]
		} else {
			i := bytes.IndexByte(kv, ':')
			if i < 0 {
				continue
			}
			k, kv = string(kv[:i]), kv[i:]
		}
		v, ok := bytes.CutPrefix(kv, []byte(":"))
		if ok && k == key {
			return unquote(v)
		}
	}
	return ""
}

// cutPair cuts the first "k: v" pair from a printed label set, honouring
// quotes, so that a value containing ", " does not split.
func cutPair(set []byte) (pair, rest []byte) {
	quoted := false
	for i := 0; i < len(set); i++ {
		switch set[i] {
		case '\\':
			if quoted {
				i++
			}
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				return set[:i], bytes.TrimLeft(set[i+1:], " ")
			}
		}
	}
	return set, nil
}

func unquote(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' {
		if s, err := strconv.Unquote(string(b)); err == nil {
			return s
		}
	}
	return string(b)
}

// functionName strips the argument list from a frame line:
// "pkg.(*T).M(0xc000010000, {0x1?, 0x2})" becomes "pkg.(*T).M".
func functionName(line string) string {
	if strings.HasSuffix(line, ")") {
		if i := strings.LastIndexByte(line, '('); i > 0 {
			return line[:i]
		}
	}
	return line
}

// parseLocation reads "/path/to/file.go:42 +0x1e".
func parseLocation(loc []byte) (string, int) {
	if sp := bytes.LastIndexByte(loc, ' '); sp >= 0 && bytes.HasPrefix(loc[sp+1:], []byte("+0x")) {
		loc = loc[:sp]
	}
	colon := bytes.LastIndexByte(loc, ':')
	if colon < 0 {
		return string(loc), 0
	}
	n, err := strconv.Atoi(string(loc[colon+1:]))
	if err != nil {
		return string(loc), 0
	}
	return string(loc[:colon]), n
}
