package leashtest

import (
	"context"
	"runtime/pprof"
	"sync"

	"github.com/leash-go/leash/internal/goroutines"
	"github.com/leash-go/leash/internal/testlabels"
)

// leash.PprofLabels relabels the goroutines leash starts, which would drop
// the label that says which test they belong to; leash asks testlabels,
// from the goroutine that called it, what to keep, and leashtest answers.
func init() { testlabels.Set(keepTestLabel) }

// keepTestLabel returns ctx with the leashtest label of the calling
// goroutine, if it has one that leashtest can tell.
func keepTestLabel(ctx context.Context) context.Context {
	if label := callerLabel(); label != "" {
		return pprof.WithLabels(ctx, pprof.Labels(labelKey, label))
	}
	return ctx
}

// callerLabel returns the leashtest label of the calling goroutine: as its
// own stack prints it, where stacks print labels; else the label of the
// test that runs on it, or on the goroutine that started it; else as the
// goroutine profile shows it on a goroutine it starts, which inherits its
// labels. It returns "" if it has none.
func callerLabel() string {
	g := currentHeader()
	if g.Labeled {
		return goroutines.LabelValue(g.Labels, labelKey)
	}
	if label, ok := testGoroutines.Load(g.ID); ok {
		return label.(string)
	}
	if _, creator := currentGoroutine(); creator != 0 {
		if label, ok := testGoroutines.Load(creator); ok {
			return label.(string)
		}
	}
	return probeLabel()
}

var probing sync.Mutex // one probe at a time, so that its stack is its own

// probeLabel starts a goroutine, which carries the labels of the calling
// goroutine, and reads them from the goroutine profile.
func probeLabel() string {
	probing.Lock()
	defer probing.Unlock()
	parked, done, left := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go labelProbe(parked, done, left)
	defer func() {
		close(done)
		<-left // out of probeWait before the next probe looks
	}()
	<-parked
	for _, gr := range goroutineProfile() {
		for _, f := range gr.Frames {
			if f.Function == probeFunc {
				return gr.label
			}
		}
	}
	return ""
}

// probeFunc is where probeLabel finds its probe.
const probeFunc = "github.com/leash-go/leash/leashtest.probeWait"

func labelProbe(parked, done, left chan struct{}) {
	probeWait(parked, done)
	close(left)
}

func probeWait(parked, done chan struct{}) {
	close(parked)
	<-done
}
