package goroutines

import (
	"bytes"
	"iter"
	"runtime"
	"strconv"
	"strings"
)

// Dump returns the stacks of every goroutine, as runtime.Stack writes them,
// in a buffer of at most limit bytes. Each try stops the world, so the first
// is size bytes (at least 4 KiB); a buffer the dump fills is doubled, up to
// limit. Where even limit is too small, the dump ends with the last
// goroutine that fit whole and complete is false: a program with a million
// goroutines costs its reader limit bytes, not a gigabyte.
func Dump(size, limit int) (dump []byte, complete bool) {
	size = min(max(size, 4096), max(limit, 4096))
	for {
		buf := make([]byte, size)
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n], true
		}
		if size >= limit {
			// Keep the goroutines that fit whole: each ends with a blank line.
			if end := bytes.LastIndex(buf, []byte("\n\n")); end >= 0 {
				return buf[:end+1], false
			}
			return nil, false
		}
		size = min(2*size, limit)
	}
}

// Entries yields the goroutines of a dump one at a time, each as the text the
// runtime printed for it, from its header to its last line, without copying:
// a reader that keeps little of each goroutine reads a large dump in little
// memory. Text before the first header is skipped.
func Entries(dump []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		start := -1
		pos := 0
		blank := true // the line before is blank, or there is none
		for line := range bytes.Lines(dump) {
			if blank && bytes.HasPrefix(line, goroutinePrefix) {
				if start >= 0 && !yield(bytes.TrimRight(dump[start:pos], "\n")) {
					return
				}
				start = pos
			}
			blank = len(bytes.TrimSuffix(line, newline)) == 0
			pos += len(line)
		}
		if start >= 0 {
			yield(bytes.TrimRight(dump[start:], "\n"))
		}
	}
}

// WaitMinutes reads from a goroutine header how long the goroutine has been
// blocked, in whole minutes. The runtime prints it once it is a minute or
// more, and counts from about the first garbage collection that found the
// goroutine blocked; it starts again each time the goroutine runs:
//
//	goroutine 7 [select, 2 minutes]:
//
// WaitMinutes returns 0 when the header says nothing.
func WaitMinutes(header []byte) int {
	_, rest, ok := bytes.Cut(header, []byte("["))
	if !ok {
		return 0
	}
	// Labels follow the state and its details: in the brackets (Go 1.26) or
	// after them (Go 1.27).
	if i := bytes.Index(rest, labelsInside); i >= 0 {
		rest = rest[:i]
	}
	if i := bytes.IndexByte(rest, ']'); i >= 0 {
		rest = rest[:i]
	}
	for part := range bytes.SplitSeq(rest, []byte(", ")) {
		if digits, ok := bytes.CutSuffix(part, []byte(" minutes")); ok {
			if n, err := strconv.Atoi(string(digits)); err == nil {
				return n
			}
		}
	}
	return 0
}

// Signature identifies a stack across a goroutine dump and a goroutine
// profile: both print the same functions and lines, but hide runtime frames
// differently and cut deep stacks at different depths.
func Signature(frames []Frame) string {
	var b strings.Builder
	n := 0
	for _, f := range frames {
		if strings.HasPrefix(f.Function, "runtime.") {
			continue
		}
		if n++; n > 32 {
			break
		}
		b.WriteString(f.Function)
		b.WriteByte(' ')
		b.WriteString(f.File)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(f.Line))
		b.WriteByte('\n')
	}
	return b.String()
}
