package driver

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDiffLinesProperty checks, on random edits of random texts, that the
// edit script keeps every line of both texts in order: applying it to the
// old text gives the new one.
func TestDiffLinesProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "d\n", "e\n"}
	random := func(n int) []string {
		lines := make([]string, n)
		for i := range lines {
			lines[i] = words[r.IntN(len(words))]
		}
		return lines
	}
	for range 2000 {
		x := random(r.IntN(20))
		y := random(r.IntN(20))
		if r.IntN(2) == 0 { // mostly similar texts, as fixes make
			y = append(append(append([]string(nil), x[:len(x)/2]...), random(r.IntN(3))...), x[len(x)/2:]...)
		}
		var gotX, gotY []string
		for _, op := range diffLines(x, y) {
			switch op.kind {
			case ' ':
				gotX, gotY = append(gotX, op.line), append(gotY, op.line)
			case '-':
				gotX = append(gotX, op.line)
			case '+':
				gotY = append(gotY, op.line)
			default:
				t.Fatalf("op kind %q", op.kind)
			}
		}
		if strings.Join(gotX, "") != strings.Join(x, "") || strings.Join(gotY, "") != strings.Join(y, "") {
			t.Fatalf("script does not turn %q into %q", x, y)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	b := "1\n2\n3\nfour\n5\n6\n7\n8\n9\n10\n11\n12\nthirteen"
	want := `--- a
+++ b
@@ -1,7 +1,7 @@
 1
 2
 3
-4
+four
 5
 6
 7
@@ -10,3 +10,4 @@
 10
 11
 12
+thirteen
\ No newline at end of file
`
	if got := unifiedDiff("a", "b", a, b); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := unifiedDiff("a", "b", a, a); got != "" {
		t.Errorf("equal texts: got %q", got)
	}
}

func TestPlanFixes(t *testing.T) {
	at := func(start, end int, text string) finding {
		return finding{fixes: []fix{{message: "fix", edits: []fileEdit{{"f.go", start, end, text}}}}}
	}
	findings := []finding{
		at(10, 20, "x"),  // kept
		at(15, 25, "y"),  // overlaps the first: dropped
		at(10, 20, "x"),  // the same edit again: agrees, kept
		at(30, 30, "i"),  // insertion: kept
		at(30, 30, "j"),  // another insertion at the same point: no order is right, dropped
		at(20, 20, "k"),  // insertion at the end of a replaced range: kept
		{},               // no fix
		at(12, 12, "in"), // insertion inside a replaced range: dropped
	}
	plan := planFixes(findings)
	want := []bool{true, false, true, true, false, true, false, false}
	for i := range want {
		if plan.fixed[i] != want[i] {
			t.Errorf("finding %d fixed = %v, want %v", i, plan.fixed[i], want[i])
		}
	}
	if got, err := apply([]byte(strings.Repeat(".", 40)), plan.edits["f.go"]); err != nil || string(got) != "..........xk..........i.........." {
		t.Errorf("apply = %q, %v", got, err)
	}
}
