package leashtest

import (
	"runtime"
	"slices"
	"sync/atomic"

	"github.com/leash-go/leash/internal/goroutines"
)

// An idSet is a set of goroutines, by id, sorted: the goroutines alive when a
// check began, which it never blames.
type idSet []int64

func (s idSet) has(id int64) bool {
	_, found := slices.BinarySearch(s, id)
	return found
}

// with returns s with id added.
func (s idSet) with(id int64) idSet {
	i, found := slices.BinarySearch(s, id)
	if found {
		return s
	}
	return slices.Insert(slices.Clip(s), i, id)
}

// A dumpRecord is what leashtest remembers of the last goroutine dump it
// took: the goroutines in it, and the runtime's count of goroutines created,
// read just before it.
type dumpRecord struct {
	created uint64
	ids     idSet
}

var lastDump atomic.Pointer[dumpRecord]

// recordDump remembers the goroutines of dump, taken after the count of
// goroutines created was read as created, and returns them.
func recordDump(created uint64, dump []byte) idSet {
	var ids idSet
	for line := range goroutines.Lines(dump) {
		if goroutines.IsHeader(line) {
			if h, ok := goroutines.ParseHeader(line); ok {
				ids = append(ids, h.ID)
			}
		}
	}
	slices.Sort(ids)
	rememberAlive(created, ids)
	return ids
}

// rememberAlive records ids as if a dump had shown them when the count of
// goroutines created was created: a caller knows that no goroutine alive
// then is missing from ids. It keeps the newer record.
func rememberAlive(created uint64, ids idSet) {
	r := &dumpRecord{created: created, ids: ids}
	for {
		last := lastDump.Load()
		if last != nil && last.created >= created || lastDump.CompareAndSwap(last, r) {
			return
		}
	}
}

// aliveDump takes a dump for the goroutines alive now; checks that begin at
// the same time share it.
var aliveDump = newCoalescer(func() idSet {
	created := goroutinesCreated()
	return recordDump(created, rawDump())
})

// aliveNow returns the goroutines alive now, and maybe some that have ended
// since; self is the calling goroutine. A dump stops the world, so the last
// one serves if no goroutine has been created since it was taken, or only
// one, self, which was not in it: between two tests run one after the other,
// that is the new test's goroutine. Goroutines that have ended pile up in a
// record served that way: once they could be half of it, a new dump is
// taken. created is the count of goroutines created, read just before the
// call.
func aliveNow(self int64, created uint64) idSet {
	last := lastDump.Load()
	if last != nil && created != 0 && len(last.ids) <= 2*runtime.NumGoroutine()+64 {
		switch {
		case created == last.created:
			return last.ids
		case created == last.created+1 && !last.ids.has(self):
			return last.ids.with(self)
		}
	}
	return aliveDump.get()
}
