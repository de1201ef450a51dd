package driver

import (
	"fmt"
	"strings"
)

// contextLines is the number of unchanged lines shown around a change.
const contextLines = 3

// unifiedDiff returns the line diff from a to b in unified format, or ""
// when they are equal.
func unifiedDiff(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	x, y := splitLines(a), splitLines(b)
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
	for start := 0; start < len(ops); {
		// Find the next change and the run of changes close enough to it
		// to share a hunk.
		for start < len(ops) && ops[start].kind == ' ' {
			start++
		}
		if start == len(ops) {
			break
		}
		end := start
		for i := start; i < len(ops); i++ {
			if ops[i].kind != ' ' {
				end = i + 1
			} else if i-end >= 2*contextLines {
				break
			}
		}
		lo, hi := max(0, start-contextLines), min(len(ops), end+contextLines)
		ax, bx := ops[lo].ax, ops[lo].bx
		var na, nb int
		for _, op := range ops[lo:hi] {
			if op.kind != '+' {
				na++
			}
			if op.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(ax, na), hunkRange(bx, nb))
		for _, op := range ops[lo:hi] {
			out.WriteByte(op.kind)
			out.WriteString(op.line)
			if !strings.HasSuffix(op.line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		start = hi
	}
	return out.String()
}

// hunkRange formats a hunk's start line (1-based) and length.
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// A lineOp keeps (' '), deletes ('-') or inserts ('+') a line; ax and bx are
// its 0-based positions in the old and new text.
type lineOp struct {
	kind   byte
	line   string
	ax, bx int
}

// diffLines computes a shortest edit script from x to y with Myers'
// algorithm, after trimming the common prefix and suffix (fixes change a few
// places in a file, so what is left is short).
func diffLines(x, y []string) []lineOp {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []lineOp
	for i := 0; i < pre; i++ {
		ops = append(ops, lineOp{' ', x[i], i, i})
	}
	for _, op := range myers(x[pre:len(x)-suf], y[pre:len(y)-suf]) {
		op.ax += pre
		op.bx += pre
		ops = append(ops, op)
	}
	for i := 0; i < suf; i++ {
		ax, bx := len(x)-suf+i, len(y)-suf+i
		ops = append(ops, lineOp{' ', x[ax], ax, bx})
	}
	return ops
}

func myers(x, y []string) []lineOp {
	n, m := len(x), len(y)
	maxD := n + m
	off := maxD
	v := make([]int, 2*maxD+2)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				i = v[off+k+1] // down: insert
			} else {
				i = v[off+k-1] + 1 // right: delete
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i++
				j++
			}
			v[off+k] = i
			if i >= n && j >= m {
				return backtrack(x, y, trace, d, off)
			}
		}
	}
	return nil
}

func backtrack(x, y []string, trace [][]int, d, off int) []lineOp {
	var rev []lineOp
	i, j := len(x), len(y)
	for ; d > 0; d-- {
		v := trace[d]
		k := i - j
		var prevK int
		if k == -d || k != d && v[off+k-1] < v[off+k+1] {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevI := v[off+prevK]
		prevJ := prevI - prevK
		for i > prevI && j > prevJ {
			i--
			j--
			rev = append(rev, lineOp{' ', x[i], i, j})
		}
		if i == prevI {
			j--
			rev = append(rev, lineOp{'+', y[j], i, j})
		} else {
			i--
			rev = append(rev, lineOp{'-', x[i], i, j})
		}
	}
	for i > 0 && j > 0 {
		i--
		j--
		rev = append(rev, lineOp{' ', x[i], i, j})
	}
	ops := make([]lineOp, len(rev))
	for k := range rev {
		ops[k] = rev[len(rev)-1-k]
	}
	return ops
}
