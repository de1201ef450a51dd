// A look-alike that is harmless: a helper starts one goroutine per index up to a count
// parameter, and every caller passes the length of a configured collection. From: rclone
// backend/union/union.go:1054 (multithread(num, fn)); its callers (union.go:138..253,
// entry.go:91..265) pass len(upstreams) or len(entries), one entry per configured upstream.
// Why harmless: "a parameter n" is unbounded only if some caller can pass a request-sized
// value. All callers are in the package and pass len(f.upstreams). otherwise stay silent.
package unboundedgo

import "sync"

type unionFs struct{ upstreams []string }

func multithread(num int, fn func(int)) {
	var wg sync.WaitGroup
	for i := range num {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(i)
		}()
	}
	wg.Wait()
}

func (f *unionFs) mkdirAll(mkdir func(upstream string) error) []error {
	errs := make([]error, len(f.upstreams))
	multithread(len(f.upstreams), func(i int) { errs[i] = mkdir(f.upstreams[i]) })
	return errs
}
