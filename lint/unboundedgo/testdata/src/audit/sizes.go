package audit

import (
	"context"
	"runtime"
	"sync"
)

// Where a collection's size comes from: configuration, a value fixed when
// it was made, or the requests a program serves.

type SDConfig struct{ Names []string }

type dnsDiscovery struct {
	names []string // set once, from the configuration
	port  int
}

func newDNSDiscovery(conf *SDConfig) *dnsDiscovery {
	return &dnsDiscovery{names: conf.Names, port: 53}
}

// Fine: one lookup per name of the static configuration.
func (d *dnsDiscovery) refresh(ctx context.Context) {
	var wg sync.WaitGroup
	for _, name := range d.names {
		wg.Go(func() { fetchOne(ctx, name) })
	}
	wg.Wait()
}

// Fine: a configuration's fields, read directly.
func Configured(ctx context.Context, conf SDConfig) {
	for _, name := range conf.Names {
		go fetchOne(ctx, name)
	}
}

type perCPU struct {
	buckets []chan int // one per CPU, made with the value
}

func newPerCPU() *perCPU {
	b := &perCPU{}
	b.buckets = make([]chan int, runtime.NumCPU())
	return b
}

// Fine: one drainer per bucket of a set fixed when the value was made.
func (b *perCPU) drain(ctx context.Context) {
	for i := range b.buckets {
		go process(ctx, i)
	}
}

type registry struct {
	watchers []string // grows with every request
}

func (r *registry) add(id string) { r.watchers = append(r.watchers, id) }

// A field that a method appends to grows with the requests.
func (r *registry) notify(ctx context.Context) {
	for _, w := range r.watchers {
		go fetchOne(ctx, w) // want `goroutine per element of r.watchers with no limit`
	}
}

type byKey struct {
	subs map[string]int
}

func newByKey() *byKey { return &byKey{subs: map[string]int{}} }

func (s *byKey) subscribe(key string, n int) { s.subs[key] = n }

// A map field that gains keys in a method grows too.
func (s *byKey) publish(ctx context.Context) {
	for _, n := range s.subs {
		go process(ctx, n) // want `goroutine per element of s.subs with no limit`
	}
}

// A loop up to the capacity of a channel made per element counts the
// elements.
func Results(ctx context.Context, ids []string) {
	results := make(chan error, len(ids))
	for i := 0; i < cap(results); i++ {
		go func() { // want `goroutine per element of ids with no limit`
			_, err := fetchOne(ctx, ids[i])
			results <- err
		}()
	}
}

// Fine: the capacity of a channel made with a fixed size.
func FixedResults(ctx context.Context, ids []string) {
	results := make(chan error, 8)
	for i := 0; i < cap(results); i++ {
		go func() {
			_, err := fetchOne(ctx, ids[i%len(ids)])
			results <- err
		}()
	}
}

// A semaphore taken in a select that also watches ctx is still taken
// inside the goroutine.
func SelectSem(ctx context.Context, ids []string) {
	sem := make(chan struct{}, 4)
	for _, id := range ids {
		go func() { // want `goroutine per element of ids: the semaphore is taken inside the goroutine`
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			fetchOne(ctx, id)
		}()
	}
}

// A notification sent without blocking inside a select's case is not a
// semaphore: every id still runs at once.
func Notify(ctx context.Context, ids []string, changed chan struct{}) {
	for _, id := range ids {
		go func() { // want `goroutine per element of ids with no limit`
			select {
			case <-ctx.Done():
				return
			default:
				select {
				case changed <- struct{}{}:
				default:
				}
			}
			fetchOne(ctx, id)
		}()
	}
}

// A map local grows by its keys, which no assignment to it shows; a map's
// make size is a hint, not a length.
func Dedup(ctx context.Context, ids []string) {
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	for id := range seen {
		go fetchOne(ctx, id) // want `goroutine per element of seen with no limit`
	}
	hinted := make(map[string]bool, 16)
	for _, id := range ids {
		hinted[id] = true
	}
	for id := range hinted {
		go fetchOne(ctx, id) // want `goroutine per element of hinted with no limit`
	}
}

// A named slice grown by a pointer method called on the field.
type idList []string

func (l *idList) add(id string) { *l = append(*l, id) }

type hub struct{ subs idList }

func newHub() *hub { return &hub{subs: idList{"first"}} }

func (h *hub) subscribe(id string) { h.subs.add(id) }

func (h *hub) notify(ctx context.Context) {
	for _, id := range h.subs {
		go fetchOne(ctx, id) // want `goroutine per element of h.subs with no limit`
	}
}

// A generic type's field grows in a method of every instance.
type set[T comparable] struct{ items []T }

func newIntSet() *set[int] { return &set[int]{items: []int{1}} }

func (s *set[T]) add(v T) { s.items = append(s.items, v) }

func (s *set[T]) each(ctx context.Context, f func(context.Context, T)) {
	for _, v := range s.items {
		go f(ctx, v) // want `goroutine per element of s.items with no limit`
	}
}
