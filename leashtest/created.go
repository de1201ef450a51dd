package leashtest

import (
	"runtime/metrics"
	"sync"
)

// goroutinesCreated returns how many goroutines the process has started so
// far, or 0 where the runtime does not count them (before Go 1.26). Reading
// it costs about as much as a map lookup; if it has not moved since Check, no
// goroutine can carry the check's label and the check is over.
func goroutinesCreated() uint64 {
	s := createdSamples.Get().(*[]metrics.Sample)
	defer createdSamples.Put(s)
	metrics.Read(*s)
	if v := (*s)[0].Value; v.Kind() == metrics.KindUint64 {
		return v.Uint64()
	}
	return 0
}

var createdSamples = sync.Pool{New: func() any {
	return &[]metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
}}
