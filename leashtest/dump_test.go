package leashtest

import (
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
		want goroutine
	}{
		{"goroutine 1 [running]:", goroutine{id: 1, state: "running"}},
		{"goroutine 18 [chan send]:", goroutine{id: 18, state: "chan send"}},
		{"goroutine 18 [chan send (nil chan)]:", goroutine{id: 18, state: "chan send (nil chan)"}},
		{"goroutine 18 [chan send (leaked)]:", goroutine{id: 18, state: "chan send", leaked: true}},
		{"goroutine 18 [sync.Mutex.Lock (leaked), 3 minutes]:", goroutine{id: 18, state: "sync.Mutex.Lock", leaked: true}},
		{"goroutine 7 [select, 2 minutes, locked to thread]:", goroutine{id: 7, state: "select"}},
		{"goroutine 7 gp=0xc000002380 m=nil [IO wait]:", goroutine{id: 7, state: "IO wait"}},
		{"goroutine 9 [sleep (durable), synctest bubble 1]:", goroutine{id: 9, state: "sleep (durable)"}},
		// Go 1.26 with GODEBUG=tracebacklabels=1.
		{`goroutine 18 [chan send labels:{"leashtest": "7"}]:`,
			goroutine{id: 18, state: "chan send", labeled: true, label: "7"}},
		{`goroutine 18 [chan send (leaked), 1 minutes labels:{"a": "x, y", "leashtest": "12"}]:`,
			goroutine{id: 18, state: "chan send", leaked: true, labeled: true, label: "12"}},
		{`goroutine 18 [select labels:{"other": "1"}]:`,
			goroutine{id: 18, state: "select", labeled: true}},
		// Go 1.27.
		{"goroutine 18 [chan send] {leashtest: 7}:", goroutine{id: 18, state: "chan send", labeled: true, label: "7"}},
		{`goroutine 18 [chan receive (leaked)] {"a b": "c}d", leashtest: main}:`,
			goroutine{id: 18, state: "chan receive", leaked: true, labeled: true, label: "main"}},
	}
	for _, tc := range cases {
		got, ok := parseHeader([]byte(tc.line))
		if !ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseHeader(%q) = %+v, %v; want %+v", tc.line, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"goroutine x [running]:", "goroutine 1", "goroutine 1 running:"} {
		if g, ok := parseHeader([]byte(bad)); ok {
			t.Errorf("parseHeader(%q) = %+v, want no goroutine", bad, g)
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
	gs := parseDump([]byte(sampleDump))
	want := []goroutine{
		{id: 17, state: "running", frames: []frame{{"main.main", "/src/main.go", 10}}},
		{id: 20, state: "chan send", leaked: true,
			frames: []frame{
				{"example.com/p.(*Server).handle", "/src/p/server.go", 42},
				{"example.com/p.Serve.func1", "/src/p/server.go", 30},
			},
			creator: frame{"example.com/p.Serve", "/src/p/server.go", 29}, creatorID: 17},
		{id: 21, state: "select",
			frames: []frame{
				{"example.com/p.deep", "/src/p/deep.go", 1},
				{"example.com/p.top", "/src/p/deep.go", 9},
			},
			creator: frame{"example.com/p.Start", "/src/p/start.go", 5}, creatorID: 20},
	}
	if !reflect.DeepEqual(gs, want) {
		t.Errorf("parseDump:\n got %+v\nwant %+v", gs, want)
	}
}

// parseDump reads what this runtime actually prints.
func TestParseDumpOfThisRuntime(t *testing.T) {
	ready := make(chan int64)
	release := make(chan struct{})
	defer close(release)
	go parkedForTest(ready, release)
	id := <-ready
	// Right after its send the goroutine may still be runnable, on its way
	// to the receive: look again until it has parked, for up to a second.
	var gs []goroutine
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(time.Second); ; time.Sleep(time.Millisecond) {
		gs = parseDump(buf[:runtime.Stack(buf, true)])
		i := slices.IndexFunc(gs, func(g goroutine) bool { return g.id == id })
		if i < 0 || gs[i].state != "runnable" && gs[i].state != "running" || time.Now().After(deadline) {
			break
		}
	}
	for _, g := range gs {
		if g.id != id {
			continue
		}
		if g.state != "chan receive" {
			t.Errorf("state %q, want chan receive", g.state)
		}
		if top := g.top(); top.function != "github.com/leash-go/leash/leashtest.parkedForTest" || !strings.HasSuffix(top.file, "dump_test.go") || top.line == 0 {
			t.Errorf("top frame %v, want parkedForTest in dump_test.go", top)
		}
		if g.creator.function != "github.com/leash-go/leash/leashtest.TestParseDumpOfThisRuntime" || g.creatorID != currentID() {
			t.Errorf("created by %v in goroutine %d, want this test in goroutine %d", g.creator, g.creatorID, currentID())
		}
		return
	}
	t.Fatalf("goroutine %d not in the dump", id)
}

func parkedForTest(ready chan<- int64, release <-chan struct{}) {
	ready <- currentID()
	<-release
}

func TestLabelValue(t *testing.T) {
	cases := []struct{ set, want string }{
		{`leashtest: 7`, "7"},
		{`a: b, leashtest: 7`, "7"},
		{`"leashtest": "7"`, "7"},
		{`"leashtest":"7", "z":"1"`, "7"},
		{`"a": "leashtest: 9", "leashtest": "10"`, "10"},
		{`"x\"y": "1, leashtest: 2"`, ""},
		{`leashtestx: 1`, ""},
		{``, ""},
	}
	for _, tc := range cases {
		if got := labelValue([]byte(tc.set), labelKey); got != tc.want {
			t.Errorf("labelValue(%q) = %q, want %q", tc.set, got, tc.want)
		}
	}
}

// FuzzLabelValue checks that a label set printed the way either runtime
// prints it reads back, whatever the keys and values.
func FuzzLabelValue(f *testing.F) {
	f.Add("other", "x", "7")
	f.Add("a, b", `"quoted": "value"`, "main")
	f.Add("leashtest", "}", "")
	f.Fuzz(func(t *testing.T, otherKey, otherValue, value string) {
		if otherKey == labelKey {
			return
		}
		quote := strconv.Quote
		sets := []string{
			// Go 1.26 traceback and the profile quote everything.
			fmt.Sprintf("%s: %s, %s: %s", quote(otherKey), quote(otherValue), quote(labelKey), quote(value)),
			fmt.Sprintf("%s:%s, %s:%s", quote(labelKey), quote(value), quote(otherKey), quote(otherValue)),
			// Go 1.27 quotes only what needs it.
			fmt.Sprintf("%s: %s, %s: %s", quote(otherKey), quote(otherValue), labelKey, quoteIfNeeded(value)),
		}
		for _, set := range sets {
			if got := labelValue([]byte(set), labelKey); got != value {
				t.Errorf("labelValue(%q) = %q, want %q", set, got, value)
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
		if n := len(parseDump(dump)); n > headers {
			t.Errorf("parseDump found %d goroutines in %d header lines", n, headers)
		}
		if n := len(scanDump(dump).brief); n > headers {
			t.Errorf("scanDump found %d goroutines in %d header lines", n, headers)
		}
		parseProfile(dump)
	})
}
