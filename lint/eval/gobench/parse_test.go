package gobench

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

const profile = `goroutine 1 [running]:
main.main()
	/tmp/x/main.go:38 +0x133

goroutine 11 [chan send (leaked)]:
main.(*client).loop.func1()
	/tmp/x/grpc660.go:37 +0x53
created by main.(*client).loop in goroutine 9
	/tmp/x/grpc660.go:32 +0x66

goroutine 12 [sync.Mutex.Lock (leaked), 2 minutes]:
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
main.(*store).get(0x1)
	/tmp/x/grpc660.go:50 +0x1
main.run()
	/tmp/x/grpc660.go:60 +0x2
created by main.Grpc660 in goroutine 1
	/tmp/x/grpc660.go:70 +0x3
`

func TestParseLeaks(t *testing.T) {
	got := parseLeaks(profile)
	want := []leak{
		{
			Reason:  "chan send",
			Frames:  []frame{{"main.(*client).loop.func1", "grpc660.go", 37}},
			Created: frame{"main.(*client).loop", "grpc660.go", 32},
		},
		{
			Reason: "sync.Mutex.Lock",
			Frames: []frame{
				{"sync.(*Mutex).Lock", "mutex.go", 46},
				{"main.(*store).get", "grpc660.go", 50},
				{"main.run", "grpc660.go", 60},
			},
			Created: frame{"main.Grpc660", "grpc660.go", 70},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseLeaks:\n got %+v\nwant %+v", got, want)
	}
	if s := got[0].String(); s != "main.(*client).loop.func1() [chan send]" {
		t.Errorf("Leak.String() = %q", s)
	}
}

func TestScore(t *testing.T) {
	k := kernel{Name: "Grpc660", File: "grpc660.go", DriverStart: 65, DriverEnd: 80}
	leaks := parseLeaks(profile)
	findings := []finding{
		{Check: "blockingsend", File: "grpc660.go", Line: 37, Message: "send"}, // blocking
		{Check: "ctxgoroutine", File: "grpc660.go", Line: 60, Message: "call"}, // stack
		{Check: "unboundedgo", File: "grpc660.go", Line: 32, Message: "go"},    // creation, coincident
		{Check: "unboundedgo", File: "grpc660.go", Line: 70, Message: "go"},    // creation in the driver: unrelated
		{Check: "bigbuffer", File: "grpc660.go", Line: 10, Message: "make"},    // unrelated
		{Check: "bigbuffer", File: "other.go", Line: 37, Message: "make"},      // another kernel's
		{Check: "blockingsend", File: "grpc660.go", Line: 34, Message: "send"}, // nearby: same function as line 37
	}
	funcs := map[int][2]int{34: {33, 40}, 37: {33, 40}, 10: {9, 12}}
	r := score(k, leaks, 3, findings, funcs)
	var kinds []string
	for _, h := range r.Hits {
		kinds = append(kinds, h.Kind)
	}
	if want := []string{blocking, onStack, creation}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("hit kinds = %v, want %v", kinds, want)
	}
	if len(r.Unrelated) != 2 || r.Unrelated[0].Line != 70 || r.Unrelated[1].Line != 10 {
		t.Errorf("unrelated = %+v, want the driver's go statement and line 10", r.Unrelated)
	}
	if len(r.Nearby) != 1 || r.Nearby[0].Line != 34 {
		t.Errorf("nearby = %+v, want line 34", r.Nearby)
	}
	if !r.found() {
		t.Error("Found() = false with hits")
	}
	if r.Hits[2].counts() {
		t.Error("unboundedgo's finding on a creation line counted as a diagnosis of the leak")
	}
	coincident := score(k, leaks, 3, findings[2:3], nil)
	if coincident.found() || len(coincident.Hits) != 1 {
		t.Errorf("a kernel with only a coincident hit: Found() = %v, hits %v", coincident.found(), coincident.Hits)
	}
	if score(k, nil, 10, findings, funcs).found() {
		t.Error("a kernel that did not leak cannot be found")
	}

	// A finding off the leaked stacks that names the blocked operation as
	// one that waits behind it is a hit; one that names another line is not.
	namesBlocked := finding{Check: "lockorder", File: "grpc660.go", Line: 12, Message: "kept", Related: []place{{"grpc660.go", 37}}}
	elsewhere := finding{Check: "lockorder", File: "grpc660.go", Line: 12, Message: "kept", Related: []place{{"grpc660.go", 11}, {"other.go", 37}}}
	if r := score(k, leaks, 3, []finding{namesBlocked}, nil); !r.found() || r.Hits[0].Kind != waiter {
		t.Errorf("a finding naming the blocked line as a waiter: hits %+v", r.Hits)
	}
	if r := score(k, leaks, 3, []finding{elsewhere}, nil); r.found() || len(r.Unrelated) != 1 {
		t.Errorf("a finding naming other lines: hits %+v, unrelated %+v", r.Hits, r.Unrelated)
	}
}

func TestReadExpectations(t *testing.T) {
	src := t.TempDir()
	test := "package runtime_test\n\nfunc f() {\n\tgokerTestCases := []testCase{\n" +
		"\t\tmakeFlakyTest(\"Cockroach584\",\n\t\t\t`Cockroach584\\.func2\\(.* \\[sync\\.Mutex\\.Lock\\]`,\n\t\t),\n" +
		"\t\t// makeTest(testCase{name: \"Kubernetes1321\"},\n\t\t// \t`NewMux\\.gowrap1\\(.* \\[chan send\\]`,\n\t\t// \t`test\\(.* \\[sync\\.Mutex\\.Lock\\]`),\n" +
		"\t\tmakeTest(\"Grpc660\",\n\t\t\t`doCloseLoopUnary\\.func1\\(.* \\[chan send\\]`,\n\t\t),\n\t}\n}\n"
	if err := os.MkdirAll(filepath.Join(src, "runtime"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "runtime", "goroutineleakprofile_test.go"), []byte(test), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readExpectations(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d expectations, want 3: %v", len(got), got)
	}
	if e := got["Cockroach584"]; e.Simple || e.Disabled || len(e.Leaks) != 1 || !e.Leaks[0].MatchString("main.Cockroach584.func2() [sync.Mutex.Lock]") {
		t.Errorf("Cockroach584: %+v", e)
	}
	if e := got["Kubernetes1321"]; !e.Simple || !e.Disabled || len(e.Leaks) != 2 {
		t.Errorf("Kubernetes1321: %+v", e)
	}
	if e := got["Grpc660"]; !e.Simple || e.Disabled || len(e.Leaks) != 1 {
		t.Errorf("Grpc660: %+v", e)
	}
}

func TestReadKernels(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"main.go":    "package main\n\nfunc register(string, func()) {}\n\nfunc main() {}\n",
		"grpc660.go": "package main\n\nfunc init() {\n\tregister(\"Grpc660\", Grpc660)\n}\n\nfunc helper() {}\n\nfunc Grpc660() {\n\tgo helper()\n}\n",
		"README.md":  "# GoKer\n\n## Grpc/660\n\n| Bug ID |  Ref | Patch | Type | Sub-type |\n| ---- | ---- | ---- | ---- | ---- |\n|[grpc#660]|[pull request]|[patch]| Communication | Channel |\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := readKernels(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 1 {
		if f := got[0].Funcs; f[7] != [2]int{7, 7} || f[10] != [2]int{9, 11} || len(f) != 7 {
			t.Errorf("Funcs = %v, want init on lines 3-5, helper on line 7 and Grpc660 on lines 9-11", f)
		}
		got[0].Funcs = nil
	}
	want := []kernel{{Name: "Grpc660", File: "grpc660.go", DriverStart: 9, DriverEnd: 11, Category: "Communication / Channel"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readKernels:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseFindings(t *testing.T) {
	data := []byte(`{"goker": {"blockingsend": [{"posn": "/tmp/k/grpc660.go:37:5", "end": "", "message": "send on done"}],
		"wgadd": {"error": "boom"}}}`)
	if _, err := parseFindings(data); err == nil {
		t.Error("a failed check must be an error")
	}
	data = []byte(`{"goker": {"blockingsend": [{"posn": "/tmp/k/grpc660.go:37:5", "end": "", "message": "send on done"}],
		"lockorder": [{"posn": "/tmp/k/etcd5509.go:47:3", "message": "kept", "related": [{"posn": "/tmp/k/etcd5509.go:29:2", "message": "waits"}]}]}}`)
	got, err := parseFindings(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []finding{
		{Check: "lockorder", File: "etcd5509.go", Line: 47, Message: "kept", Related: []place{{"etcd5509.go", 29}}},
		{Check: "blockingsend", File: "grpc660.go", Line: 37, Message: "send on done"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseFindings = %+v, want %+v", got, want)
	}
}
