package eval

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLeashtestFindings(t *testing.T) {
	report := `leashtest: TestKernel left 3 goroutines running, 2 proven blocked forever:

2 goroutines [chan send]: leaked: the runtime proved it blocked forever, nothing can wake it
  blocked in  gobench.worker
              at /k/k.go:3
  created by  gobench.Kernel in goroutine 8
              at /k/k.go:9
  goroutines  9, 10
  stack:
    gobench.worker
        /k/k.go:3
    gobench.Kernel.func1
        /k/k.go:10

1 goroutine [sync.Mutex.Lock]: still running; not waited for, the test fails for the leak above
  blocked in  sync.runtime_SemacquireMutex
  goroutine  11
  stack:
    sync.runtime_SemacquireMutex
        /go/src/runtime/sema.go:95
    gobench.Kernel.func2
        /k/k.go:12

1 goroutine [select]: lingering: still running 250ms after the test ended
  stack:
    gobench.Kernel.func3
        /k/k.go:20
`
	want := []finding{
		{leak: "Kernel.func1(…) [chan send]", proven: true},
		{leak: "Kernel.func1(…) [chan send]", proven: true},
		{leak: "Kernel.func3(…) [select]"},
	}
	if got := leashtestFindings(report); !reflect.DeepEqual(got, want) {
		t.Errorf("leashtestFindings:\n got %+v\nwant %+v", got, want)
	}
}

func TestGoleakFindings(t *testing.T) {
	report := `found unexpected goroutines:
[Goroutine 9 in state sync.RWMutex.Lock, with sync.runtime_SemacquireRWMutex on top of the stack:
sync.runtime_SemacquireRWMutex(0x3cf1ab0a1760?, 0xa5?, 0x20?)
	/usr/local/go/src/runtime/sema.go:105 +0x25
gobench.(*Client_etcd5509).Close(0x3cf1ab0eebd0)
	/k/etcd5509.go:29 +0x2a
gobench.Etcd5509.func2()
	/k/etcd5509.go:122 +0x145
created by gobench.Etcd5509 in goroutine 8
	/k/etcd5509.go:106 +0x45
 Goroutine 10 in state chan receive, 2 minutes, with gobench.f on top of the stack:
gobench.f()
	/k/f.go:1 +0x1
created by gobench.g in goroutine 1
	/k/f.go:2 +0x2
]`
	want := []finding{
		{leak: "Etcd5509.func2(…) [sync.RWMutex.Lock]"},
		{leak: "f(…) [chan receive]"},
	}
	if got := goleakFindings(report); !reflect.DeepEqual(got, want) {
		t.Errorf("goleakFindings:\n got %+v\nwant %+v", got, want)
	}
}

// The runtime's patterns match the findings as both checkers describe them.
func TestExpectedPatternsMatchFindings(t *testing.T) {
	k, err := kernelOf(mustParseExpr(t, "makeTest(\"Etcd5509\", `Etcd5509\\.func2\\(.* \\[sync\\.RWMutex\\.Lock\\]`)"))
	if err != nil {
		t.Fatal(err)
	}
	r := result{findings: []finding{{leak: "Etcd5509.func2(…) [sync.RWMutex.Lock]"}, {leak: "other(…) [select]"}}}
	if found, proven := r.found(k); found != 1 || proven != 0 {
		t.Errorf("found %d (%d proven), want 1 (0)", found, proven)
	}
	if other := r.unexpected(k); !reflect.DeepEqual(other, []string{"other(…) [select]"}) {
		t.Errorf("unexpected %v", other)
	}
}

// The runtime's list reads: every kernel has a name, and the kernels it
// names exist in the runtime's testdata.
func TestExpectedLeaksOfThisRuntime(t *testing.T) {
	goroot := goEnv(t, "GOROOT")
	kernels, err := expectedLeaks(filepath.Join(goroot, "src", "runtime", "goroutineleakprofile_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(goroot, "src", "runtime", "goroutineleakprofile_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "makeTest(\"") + strings.Count(string(src), "makeFlakyTest(\""); len(kernels) == 0 || len(kernels) >= n {
		t.Errorf("read %d GoBench kernels out of %d test cases in all", len(kernels), n)
	}
	goker := filepath.Join(goroot, "src", "runtime", "testdata", "testgoroutineleakprofile", "goker")
	all, err := filepath.Glob(filepath.Join(goker, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var registered strings.Builder
	for _, f := range all {
		b, _ := os.ReadFile(f)
		registered.Write(b)
	}
	for _, k := range kernels {
		if !strings.Contains(registered.String(), `register("`+k.name+`"`) {
			t.Errorf("kernel %s is not registered in %s", k.name, goker)
		}
	}
}
