// A leak: a Run(ctx) loop is the only receiver and leaves on ctx.Done, while per-item
// goroutines send to it without a way out. From: containerd pkg/oom/v2/v2.go:102/107
// (watcher.Run(ctx) vs. the per-cgroup goroutines' w.itemCh <- i) and
// plugins/gc/scheduler.go:202/227 (go func() { s.eventC <- e }() per mutation vs.
// run(ctx)); the gc scheduler's tests cancel t.Context() while such sends are pending
// (TestPauseThreshold triggers every 100µs). Why a bug: after ctx is cancelled every
// pending and later sender blocks forever. Whether it matters depends on who cancels ctx; a
// check can show the path (Run returns on ctx.Done, the sender has no select) but not how
// long ctx lives.
package audit

import "context"

type oomWatcher struct{ itemCh chan string }

func newOOMWatcher() *oomWatcher { return &oomWatcher{itemCh: make(chan string)} }

func (w *oomWatcher) Run(ctx context.Context, publish func(string)) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-w.itemCh:
			publish(id)
		}
	}
}

func (w *oomWatcher) Add(id string, events <-chan struct{}) {
	go func() {
		for range events {
			w.itemCh <- id // want `send on w.itemCh can block forever`
		}
	}()
}
