package goroutines

import (
	"bytes"
	"iter"
	"strconv"
	"strings"
)

// A Goroutine is one entry of a goroutine dump, the text runtime.Stack(buf,
// true) writes: the header line, the frames and the "created by" trailer.
type Goroutine struct {
	ID      int64
	State   string // wait reason as the runtime prints it: "chan send", "sync.Mutex.Lock", "select", …
	Leaked  bool   // the header says "(leaked)": the leak detector proved it blocked forever
	Labeled bool   // the header carries a label set (labels are printed in this dump)
	Labels  string // the label set as printed, without its braces; read it with LabelValue
	Frames  []Frame
	// Creator is the function whose go statement started the goroutine, and
	// CreatorID the goroutine that ran it (0 when not printed).
	Creator   Frame
	CreatorID int64
}

// A Frame is one function call of a stack: the function and the line it is at.
type Frame struct {
	Function string // package-qualified name, without arguments: "net/http.(*Server).Serve"
	File     string
	Line     int
}

func (f Frame) String() string {
	if f.File == "" {
		return f.Function
	}
	return f.Function + " " + f.File + ":" + strconv.Itoa(f.Line)
}

// Top returns the innermost frame: where the goroutine is blocked.
func (g *Goroutine) Top() Frame {
	if len(g.Frames) == 0 {
		return Frame{}
	}
	return g.Frames[0]
}

// ParseDump splits a goroutine dump into goroutines. It never fails: lines it
// does not understand are skipped.
func ParseDump(dump []byte) []Goroutine {
	var gs []Goroutine
	var cur *Goroutine
	for line := range Lines(dump) {
		switch {
		case bytes.HasPrefix(line, goroutinePrefix):
			g, ok := ParseHeader(line)
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
			file, lineNo := ParseLocation(line[1:])
			if cur.Creator.Function != "" && cur.Creator.File == "" {
				cur.Creator.File, cur.Creator.Line = file, lineNo
			} else if n := len(cur.Frames); n > 0 && cur.Frames[n-1].File == "" {
				cur.Frames[n-1].File, cur.Frames[n-1].Line = file, lineNo
			}
		case bytes.HasPrefix(line, createdByPrefix):
			cur.Creator.Function, cur.CreatorID, _ = ParseCreatedBy(line)
		case bytes.HasPrefix(line, originatingPrefix):
			// GODEBUG=tracebackancestors: the stacks of the goroutine's
			// ancestors follow; they are not its own.
			cur = nil
		case bytes.HasPrefix(line, elidedPrefix):
			// "...additional frames elided..." or "...N frames elided...".
		default:
			cur.Frames = append(cur.Frames, Frame{Function: FunctionName(string(line))})
		}
	}
	return gs
}

// Lines yields the lines of text, without their line ends.
func Lines(text []byte) iter.Seq[[]byte] {
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

// ParseCreatedBy reads a "created by" line: the function whose go statement
// started the goroutine and, when printed, the id of the goroutine that ran
// it. ok is false if line is not a "created by" line.
func ParseCreatedBy(line []byte) (function string, creatorID int64, ok bool) {
	rest, ok := bytes.CutPrefix(line, createdByPrefix)
	if !ok {
		return "", 0, false
	}
	fn, in, found := bytes.Cut(rest, inGoroutine)
	if found {
		creatorID, _ = strconv.ParseInt(string(in), 10, 64)
	}
	return string(fn), creatorID, true
}

// IsCreatedBy reports whether line is a "created by" line.
func IsCreatedBy(line []byte) bool { return bytes.HasPrefix(line, createdByPrefix) }

// IsHeader reports whether line may be a goroutine header.
func IsHeader(line []byte) bool { return bytes.HasPrefix(line, goroutinePrefix) }

var inGoroutine = []byte(" in goroutine ")

// ParseHeader reads a goroutine header. The runtime prints it as
//
//	goroutine 18 [chan send (leaked), 2 minutes]:
//	goroutine 18 [chan send labels:{"leashtest": "7"}]:  (Go 1.26, GODEBUG=tracebacklabels=1)
//	goroutine 18 [chan send] {leashtest: 7}:             (Go 1.27)
func ParseHeader(line []byte) (Goroutine, bool) {
	var g Goroutine
	rest := line[len(goroutinePrefix):]
	sp := bytes.IndexByte(rest, ' ')
	if sp < 0 {
		return g, false
	}
	id, err := strconv.ParseInt(string(rest[:sp]), 10, 64)
	if err != nil {
		return g, false
	}
	g.ID = id
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
		g.Labeled = true
	} else if i := bytes.LastIndex(rest, labelsAfter); i >= 0 {
		// Go 1.27: "] {k: v, …}:" after the brackets.
		labels = rest[i+len(labelsAfter):]
		labels = bytes.TrimSuffix(labels, []byte("}:"))
		rest = rest[:i]
		g.Labeled = true
	} else {
		rest = bytes.TrimSuffix(rest, []byte("]:"))
	}
	rest = bytes.TrimSuffix(rest, []byte("]"))
	// The state runs up to the first comma: "select, 2 minutes, locked to thread".
	state, _, _ := bytes.Cut(rest, []byte(", "))
	state = bytes.TrimSpace(state)
	if s, ok := bytes.CutSuffix(state, []byte(" (leaked)")); ok {
		g.Leaked = true
		state = s
	}
	state = bytes.TrimSuffix(state, []byte(" (scan)"))
	g.State = string(state)
	if g.Labeled {
		g.Labels = string(labels)
	}
	return g, true
}

var (
	labelsInside = []byte(" labels:{")
	labelsAfter  = []byte("] {")
)

// LabelValue finds key in a printed label set: "k1: v1, k2: v2" as
// tracebacks print it, or "k1":"v1", "k2":"v2" as profiles do. Keys and
// values may be Go-quoted. It returns "" when key is not in the set.
func LabelValue[S ~string | ~[]byte](printed S, key string) string {
	set := []byte(printed)
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

// FunctionName strips the argument list from a frame line:
// "pkg.(*T).M(0xc000010000, {0x1?, 0x2})" becomes "pkg.(*T).M".
func FunctionName(line string) string {
	if strings.HasSuffix(line, ")") {
		if i := strings.LastIndexByte(line, '('); i > 0 {
			return line[:i]
		}
	}
	return line
}

// ParseLocation reads "/path/to/file.go:42 +0x1e".
func ParseLocation(loc []byte) (string, int) {
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
