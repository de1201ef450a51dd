package goroutines

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestEntries(t *testing.T) {
	var got []string
	for e := range Entries([]byte("preamble\n\n" + sampleDump)) {
		got = append(got, string(e))
	}
	want := strings.Split(strings.TrimSuffix(sampleDump, "\n"), "\n\n")
	if !slices.Equal(got, want) {
		t.Errorf("Entries:\n got %q\nwant %q", got, want)
	}
	// Each entry reads as one goroutine, as in the whole dump.
	all := ParseDump([]byte(sampleDump))
	for i, e := range got {
		if gs := ParseDump([]byte(e)); len(gs) != 1 || gs[0].ID != all[i].ID {
			t.Errorf("entry %d reads as %+v", i, gs)
		}
	}
	n := 0
	for range Entries([]byte(sampleDump)) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("Entries went on after the loop broke")
	}
	for range Entries(nil) {
		t.Error("an entry in an empty dump")
	}
}

// Entries splits at a header only after a blank line: a frame whose
// function is called "goroutine" does not start a goroutine.
func TestEntriesHeaderLookAlike(t *testing.T) {
	dump := "goroutine 1 [running]:\ngoroutine x\n\t/a.go:1\n\ngoroutine 2 [select]:\nf()\n\t/b.go:2\n"
	var ids []int64
	for e := range Entries([]byte(dump)) {
		for _, g := range ParseDump(e) {
			ids = append(ids, g.ID)
		}
	}
	if !slices.Equal(ids, []int64{1, 2}) {
		t.Errorf("ids %v, want [1 2]", ids)
	}
}

func TestWaitMinutes(t *testing.T) {
	cases := []struct {
		header string
		want   int
	}{
		{"goroutine 7 [select]:", 0},
		{"goroutine 7 [select, 2 minutes]:", 2},
		{"goroutine 7 [chan send, 15 minutes, locked to thread]:", 15},
		{"goroutine 7 [IO wait, 1 minutes]:", 1},
		{`goroutine 18 [chan send, 3 minutes labels:{"a": "x, 9 minutes", "k": "12"}]:`, 3},
		{`goroutine 18 [chan send labels:{"a": "x, 9 minutes"}]:`, 0},
		{"goroutine 18 [chan receive, 4 minutes] {k: 7}:", 4},
		{"goroutine 18 [chan receive] {k: 5 minutes}:", 0},
		{"goroutine 18 chan receive", 0},
	}
	for _, tc := range cases {
		if got := WaitMinutes([]byte(tc.header)); got != tc.want {
			t.Errorf("WaitMinutes(%q) = %d, want %d", tc.header, got, tc.want)
		}
	}
}

// Dump keeps within its limit, ending with the last goroutine that fits.
func TestDumpLimit(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	for range 200 {
		go func() { <-release }()
	}
	full, complete := Dump(0, 1<<30)
	if !complete {
		t.Fatal("a dump with a gigabyte to spare is incomplete")
	}
	if n := countEntries(full); n < 200 {
		t.Fatalf("%d goroutines in the full dump, want at least 200", n)
	}
	limit := len(full) / 3
	part, complete := Dump(1024, limit)
	if complete {
		t.Errorf("a dump limited to a third is complete")
	}
	if len(part) > limit {
		t.Errorf("dump of %d bytes, limit %d", len(part), limit)
	}
	if !bytes.HasSuffix(part, []byte("\n")) || bytes.HasSuffix(part, []byte("\n\n")) {
		t.Errorf("the limited dump does not end with a whole goroutine: ...%q", part[max(0, len(part)-80):])
	}
	for e := range Entries(part) {
		if gs := ParseDump(e); len(gs) != 1 || len(gs[0].Frames) == 0 {
			t.Fatalf("a goroutine cut short: %q", e)
		}
	}
	if n := countEntries(part); n == 0 || n >= countEntries(full) {
		t.Errorf("%d goroutines in the limited dump, %d in the full one", n, countEntries(full))
	}
}

func countEntries(dump []byte) int {
	n := 0
	for range Entries(dump) {
		n++
	}
	return n
}

func TestSignature(t *testing.T) {
	dump := []Frame{{"main.f", "/a.go", 3}, {"main.g", "/a.go", 9}}
	profile := append([]Frame{{"runtime.gopark", "/proc.go", 1}, {"runtime.chansend1", "/chan.go", 2}}, dump...)
	if Signature(dump) != Signature(profile) {
		t.Errorf("runtime frames change the signature: %q, %q", Signature(dump), Signature(profile))
	}
	if Signature(dump) == Signature(dump[:1]) {
		t.Error("different stacks, same signature")
	}
	var deep, deeper []Frame
	for i := range 40 {
		deep = append(deep, Frame{fmt.Sprint("main.f", i), "/a.go", i})
	}
	deeper = append(deep, Frame{"main.extra", "/a.go", 99})
	if Signature(deep) != Signature(deeper) {
		t.Error("frames past the 32nd change the signature")
	}
}
