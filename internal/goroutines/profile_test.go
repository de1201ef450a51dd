package goroutines

import (
	"bytes"
	"context"
	"reflect"
	"runtime/pprof"
	"testing"
)

const sampleProfile = `goroutine profile: total 4
2 @ 0x4446f1 0x482e1d 0x48a761
# labels: {"k":"7"}
#	0x51c850	example.com/p.(*Server).handle+0xb0	/src/p/server.go:42
#	0x51c684	example.com/p.Serve.func1+0x44		/src/p/server.go:30

1 @ 0x483a6e 0x41562c
#	0x5323dd	main.main+0x1d	/src/main.go:10

1 @ 0x483a6e 0x41562c
# labels: {"a":"b", "k":"main"}
#	0x5323dd	example.com/p.worker+0x1d	/src/p/worker.go:5
`

func TestParseProfile(t *testing.T) {
	want := []Group{
		{Count: 2, Labels: `"k":"7"`, Frames: []Frame{
			{"example.com/p.(*Server).handle", "/src/p/server.go", 42},
			{"example.com/p.Serve.func1", "/src/p/server.go", 30},
		}},
		{Count: 1, Frames: []Frame{{"main.main", "/src/main.go", 10}}},
		{Count: 1, Labels: `"a":"b", "k":"main"`, Frames: []Frame{{"example.com/p.worker", "/src/p/worker.go", 5}}},
	}
	if got := ParseProfile([]byte(sampleProfile)); !reflect.DeepEqual(got, want) {
		t.Errorf("ParseProfile:\n got %+v\nwant %+v", got, want)
	}
}

// ParseProfile reads what this runtime actually writes, labels included.
func TestParseProfileOfThisRuntime(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	ready := make(chan int64)
	pprof.Do(t.Context(), pprof.Labels("k", "profile-test"), func(ctx context.Context) {
		go parkedForTest(ready, release)
	})
	<-ready
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		t.Fatal(err)
	}
	for _, g := range ParseProfile(buf.Bytes()) {
		if LabelValue(g.Labels, "k") == "profile-test" {
			if g.Count != 1 || len(g.Frames) == 0 || g.Frames[0].Function != "github.com/leash-go/leash/internal/goroutines.parkedForTest" {
				t.Errorf("labelled group %+v, want one goroutine in parkedForTest", g)
			}
			return
		}
	}
	t.Fatalf("no group with the label in:\n%s", buf.String())
}
