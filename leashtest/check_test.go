package leashtest

import (
	"strings"
	"testing"
	"time"
)

func TestCheckCleanTestPasses(t *testing.T) {
	f := runFake(t, "TestClean", func(t *fakeT) {
		Check(t)
		done := make(chan struct{})
		go func() { close(done) }()
		<-done
	})
	if f.failed() {
		t.Fatalf("a clean test failed:\n%s", f.report())
	}
}

func TestCheckReportsChanSendLeak(t *testing.T) {
	start := time.Now()
	f := runFake(t, "TestLeaky", func(t *fakeT) {
		Check(t, Grace(100*time.Millisecond))
		go func() {
			ch := make(chan int)
			ch <- 1
		}()
	})
	t.Logf("verdict after %v", time.Since(start))
	if !f.failed() {
		t.Fatal("a leaked goroutine was not reported")
	}
	r := f.report()
	t.Log(r)
	for _, want := range []string{"TestLeaky", "[chan send]", "created by", "TestCheckReportsChanSendLeak"} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
