package goroutines

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseHeader(t *testing.T) {
	cases := []struct {
		line string
		want Goroutine
	}{
		{"goroutine 1 [running]:", Goroutine{ID: 1, State: "running"}},
		{"goroutine 18 [chan send]:", Goroutine{ID: 18, State: "chan send"}},
		{"goroutine 18 [chan send (nil chan)]:", Goroutine{ID: 18, State: "chan send (nil chan)"}},
		{"goroutine 18 [chan send (leaked)]:", Goroutine{ID: 18, State: "chan send", Leaked: true}},
		{"goroutine 18 [sync.Mutex.Lock (leaked), 3 minutes]:", Goroutine{ID: 18, State: "sync.Mutex.Lock", Leaked: true}},
		{"goroutine 7 [select, 2 minutes, locked to thread]:", Goroutine{ID: 7, State: "select"}},
		{"goroutine 7 gp=0xc000002380 m=nil [IO wait]:", Goroutine{ID: 7, State: "IO wait"}},
		{"goroutine 9 [sleep (durable), synctest bubble 1]:", Goroutine{ID: 9, State: "sleep (durable)"}},
		// Go 1.26 with GODEBUG=tracebacklabels=1.
		{`goroutine 18 [chan send labels:{"k": "7"}]:`,
			Goroutine{ID: 18, State: "chan send", Labeled: true, Labels: `"k": "7"`}},
		{`goroutine 18 [chan send (leaked), 1 minutes labels:{"a": "x, y", "k": "12"}]:`,
			Goroutine{ID: 18, State: "chan send", Leaked: true, Labeled: true, Labels: `"a": "x, y", "k": "12"`}},
		// Go 1.27.
		{"goroutine 18 [chan send] {k: 7}:", Goroutine{ID: 18, State: "chan send", Labeled: true, Labels: "k: 7"}},
		{`goroutine 18 [chan receive (leaked)] {"a b": "c}d", k: main}:`,
			Goroutine{ID: 18, State: "chan receive", Leaked: true, Labeled: true, Labels: `"a b": "c}d", k: main`}},
	}
	for _, tc := range cases {
		got, ok := ParseHeader([]byte(tc.line))
		if !ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseHeader(%q) = %+v, %v; want %+v", tc.line, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"goroutine x [running]:", "goroutine 1", "goroutine 1 running:"} {
		if g, ok := ParseHeader([]byte(bad)); ok {
			t.Errorf("ParseHeader(%q) = %+v, want no goroutine", bad, g)
		}
	}
}

const sampleDump = `goroutine 17 [running]:
main.main()
	/src/main.go:10 +0x1d

goroutine 20 [chan send (leaked)]:
example.com/p.(*Server).handle(0xc000010000, {0x58a03f?, 0x0?})
	/src/p/server.go:42 +0x1e
example.com/p.Serve.func1(...)
	/src/p/server.go:30
created by example.com/p.Serve in goroutine 17
	/src/p/server.go:29 +0x9c

goroutine 21 [select]:
example.com/p.deep(...)
	/src/p/deep.go:1
...additional frames elided...
example.com/p.top()
	/src/p/deep.go:9 +0x10
created by example.com/p.Start in goroutine 20
	/src/p/start.go:5 +0x20
[originating from goroutine 20]:
example.com/p.ancestor(...)
	/src/p/a.go:1 +0x1
created by example.com/p.Other in goroutine 3
	/src/p/a.go:2 +0x2
`

func TestParseDump(t *testing.T) {
	gs := ParseDump([]byte(sampleDump))
	want := []Goroutine{
		{ID: 17, State: "running", Frames: []Frame{{"main.main", "/src/main.go", 10}}},
		{ID: 20, State: "chan send", Leaked: true,
			Frames: []Frame{
				{"example.com/p.(*Server).handle", "/src/p/server.go", 42},
				{"example.com/p.Serve.func1", "/src/p/server.go", 30},
			},
			Creator: Frame{"example.com/p.Serve", "/src/p/server.go", 29}, CreatorID: 17},
		{ID: 21, State: "select",
			Frames: []Frame{
				{"example.com/p.deep", "/src/p/deep.go", 1},
				{"example.com/p.top", "/src/p/deep.go", 9},
			},
			Creator: Frame{"example.com/p.Start", "/src/p/start.go", 5}, CreatorID: 20},
	}
	if !reflect.DeepEqual(gs, want) {
		t.Errorf("ParseDump:\n got %+v\nwant %+v", gs, want)
	}
}

func TestParseCreatedBy(t *testing.T) {
	fn, id, ok := ParseCreatedBy([]byte("created by example.com/p.Serve in goroutine 17"))
	if !ok || fn != "example.com/p.Serve" || id != 17 {
		t.Errorf("ParseCreatedBy = %q, %d, %v; want example.com/p.Serve, 17, true", fn, id, ok)
	}
	fn, id, ok = ParseCreatedBy([]byte("created by main.init"))
	if !ok || fn != "main.init" || id != 0 {
		t.Errorf("ParseCreatedBy without a goroutine = %q, %d, %v", fn, id, ok)
	}
	if _, _, ok := ParseCreatedBy([]byte("main.main()")); ok {
		t.Error("ParseCreatedBy accepted a frame line")
	}
}

// ParseDump reads what this runtime actually prints.
func TestParseDumpOfThisRuntime(t *testing.T) {
	ready := make(chan int64)
	release := make(chan struct{})
	defer close(release)
	go parkedForTest(ready, release)
	id := <-ready
	// Right after its send the goroutine may still be runnable, on its way
	// to the receive: look again until it has parked, for up to a second.
	var gs []Goroutine
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(time.Second); ; time.Sleep(time.Millisecond) {
		gs = ParseDump(buf[:runtime.Stack(buf, true)])
		i := slices.IndexFunc(gs, func(g Goroutine) bool { return g.ID == id })
		if i < 0 || gs[i].State != "runnable" && gs[i].State != "running" || time.Now().After(deadline) {
			break
		}
	}
	for _, g := range gs {
		if g.ID != id {
			continue
		}
		if g.State != "chan receive" {
			t.Errorf("state %q, want chan receive", g.State)
		}
		if top := g.Top(); top.Function != "github.com/leash-go/leash/internal/goroutines.parkedForTest" || !strings.HasSuffix(top.File, "dump_test.go") || top.Line == 0 {
			t.Errorf("top frame %v, want parkedForTest in dump_test.go", top)
		}
		if g.Creator.Function != "github.com/leash-go/leash/internal/goroutines.TestParseDumpOfThisRuntime" || g.CreatorID != currentID() {
			t.Errorf("created by %v in goroutine %d, want this test in goroutine %d", g.Creator, g.CreatorID, currentID())
		}
		return
	}
	t.Fatalf("goroutine %d not in the dump", id)
}

func parkedForTest(ready chan<- int64, release <-chan struct{}) {
	ready <- currentID()
	<-release
}

// currentID returns the calling goroutine's id, from its stack's header.
func currentID() int64 {
	var buf [64]byte
	line, _, _ := bytes.Cut(buf[:runtime.Stack(buf[:], false)], []byte("\n"))
	g, _ := ParseHeader(line)
	return g.ID
}

func TestLabelValue(t *testing.T) {
	cases := []struct{ set, want string }{
		{`k: 7`, "7"},
		{`a: b, k: 7`, "7"},
		{`"k": "7"`, "7"},
		{`"k":"7", "z":"1"`, "7"},
		{`"a": "k: 9", "k": "10"`, "10"},
		{`"x\"y": "1, k: 2"`, ""},
		{`kx: 1`, ""},
		{``, ""},
	}
	for _, tc := range cases {
		if got := LabelValue(tc.set, "k"); got != tc.want {
			t.Errorf("LabelValue(%q, k) = %q, want %q", tc.set, got, tc.want)
		}
	}
}

// FuzzLabelValue checks that a label set printed the way either runtime
// prints it reads back, whatever the keys and values.
func FuzzLabelValue(f *testing.F) {
	const key = "leashtest"
	f.Add("other", "x", "7")
	f.Add("a, b", `"quoted": "value"`, "main")
	f.Add("leashtest", "}", "")
	f.Fuzz(func(t *testing.T, otherKey, otherValue, value string) {
		if otherKey == key {
			return
		}
		quote := strconv.Quote
		sets := []string{
			// Go 1.26 traceback and the profile quote everything.
			fmt.Sprintf("%s: %s, %s: %s", quote(otherKey), quote(otherValue), quote(key), quote(value)),
			fmt.Sprintf("%s:%s, %s:%s", quote(key), quote(value), quote(otherKey), quote(otherValue)),
			// Go 1.27 quotes only what needs it.
			fmt.Sprintf("%s: %s, %s: %s", quote(otherKey), quote(otherValue), key, quoteIfNeeded(value)),
		}
		for _, set := range sets {
			if got := LabelValue(set, key); got != value {
				t.Errorf("LabelValue(%q) = %q, want %q", set, got, value)
			}
		}
	})
}

// quoteIfNeeded quotes as the Go 1.27 runtime does.
func quoteIfNeeded(s string) string {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.' || r == '/' || r == '_') {
			return strconv.Quote(s)
		}
	}
	return s
}

// FuzzParseDump checks that no input makes the parsers panic or invent
// goroutines: every goroutine parsed comes from a header line.
func FuzzParseDump(f *testing.F) {
	f.Add([]byte(sampleDump))
	f.Add([]byte(sampleProfile))
	f.Add([]byte("goroutine 1 [\ngoroutine 2 [x] {:\n\t:\ncreated by  in goroutine \n"))
	f.Fuzz(func(t *testing.T, dump []byte) {
		headers := 0
		for _, line := range strings.Split(string(dump), "\n") {
			if strings.HasPrefix(line, "goroutine ") {
				headers++
			}
		}
		if n := len(ParseDump(dump)); n > headers {
			t.Errorf("ParseDump found %d goroutines in %d header lines", n, headers)
		}
		ParseProfile(dump)
	})
}
