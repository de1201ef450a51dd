package leashtest

import (
	"context"
	"runtime"
	"runtime/pprof"

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
// test that runs on it, or on the goroutine that started it; else, from a
// dump, the label of the first test goroutine up its chain of creators. It
// returns "" if none is found.
func callerLabel() string {
	buf := make([]byte, 8<<10) // the "created by" line ends the stack
	self := goroutines.ParseDump(buf[:runtime.Stack(buf, false)])
	if len(self) == 0 {
		return ""
	}
	g := self[0]
	if g.Labeled {
		return goroutines.LabelValue(g.Labels, labelKey)
	}
	for _, id := range []int64{g.ID, g.CreatorID} {
		if label, ok := testGoroutines.Load(id); ok {
			return label.(string)
		}
	}
	all := make(map[int64]*goroutines.Goroutine)
	parsed := goroutines.ParseDump(rawDump())
	for i := range parsed {
		all[parsed[i].ID] = &parsed[i]
	}
	for cur := all[g.ID]; cur != nil; cur = all[cur.CreatorID] {
		if label, ok := testGoroutines.Load(cur.CreatorID); ok {
			return label.(string)
		}
		delete(all, cur.ID) // no cycles
	}
	return ""
}
