package audit

import (
	"context"
	"runtime"
	"sync"

	"github.com/leash-go/leash"
	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

type Item struct{}

func fetchOne(ctx context.Context, id string) (Item, error) { return Item{}, nil }
func process(ctx context.Context, job int) error            { return nil }

// This package holds what the audit rules add; the default rules report
// none of it (TestAuditSilentByDefault). Package unboundedgo holds the
// same fan-out shapes where a caller shows the input comes from a request.

// The seed's FetchAllBad over a parameter of plain data of an exported
// function: nothing here says whether the ids grow with requests or are a
// deployment's handful of servers.
func FetchAllBad(ids []string) []Item {
	items := make([]Item, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func(i int, id string) { // want `goroutine per element of ids with no limit: bound it with errgroup SetLimit, leash.ForEach or a worker pool`
			defer wg.Done()
			items[i], _ = fetchOne(context.Background(), id)
		}(i, id)
	}
	wg.Wait()
	return items
}

// The seed's ParallelMap: the semaphore is taken inside the task.
func ParallelMap(ctx context.Context, in []string) ([]string, error) {
	out := make([]string, len(in))
	sem := make(chan struct{}, 8)
	g, ctx := errgroup.WithContext(ctx)
	for i, item := range in {
		g.Go(func() error { // want `g.Go per element of in: the semaphore is taken inside the goroutine, so every element still gets one`
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
				return ctx.Err()
			}
			out[i] = item
			return nil
		})
	}
	return out, g.Wait()
}

// A goroutine per job received.
func Serve(ctx context.Context, jobs <-chan int) {
	for job := range jobs {
		go process(ctx, job) // want `goroutine per value received from jobs with no limit`
	}
}

// A dynamic count.
func Spawn(ctx context.Context, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() { process(ctx, i) }) // want `wg.Go per iteration up to n with no limit`
	}
	wg.Wait()
}

// A map, with sync.WaitGroup.Go.
func Warm(ctx context.Context, cache map[string]int) {
	var wg conc.WaitGroup
	for _, v := range cache {
		wg.Go(func() { process(ctx, v) }) // want `wg.Go per element of cache with no limit`
	}
	wg.Wait()
}

// A conc pool without WithMaxGoroutines.
func Pool(ctx context.Context, jobs []int) {
	p := pool.New()
	for _, j := range jobs {
		p.Go(func() { process(ctx, j) }) // want `p.Go per element of jobs with no limit`
	}
	p.Wait()
}

// A leash group without leash.Limit.
func Leash(ctx context.Context, jobs []int) error {
	g := leash.NewGroup(ctx, leash.CollectErrors())
	for _, j := range jobs {
		g.Go(func(ctx context.Context) error { return process(ctx, j) }) // want `g.Go per element of jobs with no limit`
	}
	return g.Wait()
}

// Fine: errgroup with SetLimit.
func FetchAllLimited(ctx context.Context, ids []string) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(16)
	for _, id := range ids {
		g.Go(func() error {
			_, err := fetchOne(ctx, id)
			return err
		})
	}
	return g.Wait()
}

// Fine: a channel semaphore taken before the go statement.
func FetchAllSem(ctx context.Context, ids []string) {
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, id := range ids {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fetchOne(ctx, id)
		}()
	}
	wg.Wait()
}

// Fine: a weighted semaphore taken before the go statement.
func FetchAllWeighted(ctx context.Context, ids []string) error {
	sem := semaphore.NewWeighted(8)
	for _, id := range ids {
		if err := sem.Acquire(ctx, 1); err != nil {
			return err
		}
		go func() {
			defer sem.Release(1)
			fetchOne(ctx, id)
		}()
	}
	return nil
}

// Fine: the seed's worker pool — a constant worker count.
func ProcessImages(ctx context.Context, urls []string) error {
	const workers = 16
	jobs := make(chan string)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(jobs)
		for _, url := range urls {
			select {
			case jobs <- url:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for i := 0; i < workers; i++ {
		g.Go(func() error {
			for url := range jobs {
				if _, err := fetchOne(ctx, url); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return g.Wait()
}

type Config struct{ Workers int }

// Fine: GOMAXPROCS, a worker setting, a literal list, an array.
func Fixed(ctx context.Context, cfg Config, parallelism int) {
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		go process(ctx, i)
	}
	for i := 0; i < cfg.Workers; i++ {
		go process(ctx, i)
	}
	for i := range parallelism {
		go process(ctx, i)
	}
	for _, name := range []string{"a", "b", "c"} {
		go fetchOne(ctx, name)
	}
	var shards [4]int
	for i := range shards {
		go process(ctx, i)
	}
}

// Fine: leash.ForEach is bounded by construction.
func ForEach(ctx context.Context, ids []string) error {
	return leash.ForEach(ctx, ids, func(ctx context.Context, id string) error {
		_, err := fetchOne(ctx, id)
		return err
	})
}

// Fine: a limited leash group, a limited conc pool.
func Limited(ctx context.Context, jobs []int) error {
	p := pool.New().WithMaxGoroutines(4)
	for _, j := range jobs {
		p.Go(func() { process(ctx, j) })
	}
	p.Wait()
	g := leash.NewGroup(ctx, leash.Limit(8))
	for _, j := range jobs {
		g.Go(func(ctx context.Context) error { return process(ctx, j) })
	}
	return g.Wait()
}

// Fine: one at a time — the loop waits for each goroutine.
func OneByOne(ctx context.Context, jobs []int) {
	for _, j := range jobs {
		done := make(chan struct{})
		go func() {
			defer close(done)
			process(ctx, j)
		}()
		<-done
	}
}

// Fine: the group comes from the caller, who may have limited it.
func Submit(g *errgroup.Group, ctx context.Context, jobs []int) {
	for _, j := range jobs {
		g.Go(func() error { return process(ctx, j) })
	}
}

// Fine: an accept loop is not a loop over an input.
func Accept(ctx context.Context, next func() (int, bool)) {
	for {
		job, ok := next()
		if !ok {
			return
		}
		go process(ctx, job)
	}
}

var numRPC = new(int) // a command-line flag, as flag.Int returns

// Fine: counts set on the command line or named like connection counts.
func Load(ctx context.Context, rpcPerConn int) {
	for i := 0; i < *numRPC; i++ {
		go process(ctx, i)
	}
	for range 4 {
		for j := range rpcPerConn {
			go process(ctx, j)
		}
	}
}

type client struct{}

func (c *client) Do(ctx context.Context, op int) error { return nil }

// Fine: one worker per configured client; the work comes through requests.
func Bench(ctx context.Context, clients []*client, requests chan int) {
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() {
			for op := range requests {
				c.Do(ctx, op)
			}
		})
	}
	wg.Wait()
}

type peer struct{}

func (p *peer) close() {}

// Fine: one goroutine per configured peer: the deployment sets their number.
func ClosePeers(peers []*peer) {
	var wg sync.WaitGroup
	for _, p := range peers {
		wg.Go(p.close)
	}
	wg.Wait()
}

type scrapeLoop struct{ stop chan struct{} }

func (l *scrapeLoop) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.stop:
			return
		}
	}
}

// Fine: one long-lived loop per managed entity, not a task per item.
func StartLoops(ctx context.Context, loops map[string]*scrapeLoop) {
	for _, l := range loops {
		go func() { l.run(ctx) }()
	}
}

type discoverer interface {
	Run(ctx context.Context, up chan<- int)
}

// Fine: one discoverer loop per role, run until ctx ends.
func RunAll(ctx context.Context, discoverers []discoverer, up chan<- int) {
	var wg sync.WaitGroup
	for _, d := range discoverers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.Run(ctx, up)
		}()
	}
	wg.Wait()
}

type ruleGroup struct{ stop chan struct{} }

func (g *ruleGroup) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-g.stop:
			return
		}
	}
}

func (g *ruleGroup) copyState(old *ruleGroup) {}

// Fine: each goroutine takes over an old group, then runs the new one's
// loop until ctx ends.
func Update(ctx context.Context, groups map[string]*ruleGroup, old map[string]*ruleGroup) {
	for name, g := range groups {
		go func() {
			if o, ok := old[name]; ok {
				g.copyState(o)
			}
			g.run(ctx)
		}()
	}
}

type querier interface{ Select() []int }

// Fine: one goroutine per querier or queue: parts of the deployment.
func Merge(queriers []querier, queues []chan int) {
	out := make(chan []int, len(queriers))
	for _, q := range queriers {
		go func() { out <- q.Select() }()
	}
	for _, q := range queues {
		go close(q)
	}
}

type run struct{ workers int }

// Fine: the number of goroutines is derived from a worker count, or capped.
func Derived(ctx context.Context, r *run, labels bool, users []int, n, limit int) {
	spawn := r.workers - 1
	if labels {
		spawn = r.workers
	}
	for range spawn {
		go process(ctx, 0)
	}
	for _, u := range users[:min(len(users), 4)] {
		go process(ctx, u)
	}
	for i := 0; i < min(limit, n); i++ {
		go process(ctx, i)
	}
}

var totalWatchers = 100 // set from a command-line flag

// Fine: counts and slices fixed by settings.
func BenchSettings(ctx context.Context, totalStreams int) {
	for i := 0; i < totalWatchers; i++ {
		go process(ctx, i)
	}
	streams := make([]int, totalWatchers)
	for i := range streams {
		go process(ctx, i)
	}
	eps := []string{"a", "b"}
	for _, ep := range eps {
		go fetchOne(ctx, ep)
	}
}
