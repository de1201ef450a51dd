package spawns

import (
	"context"
	"sync"

	"github.com/leash-go/leash"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

func work(ctx context.Context) error { return nil }

type server struct {
	ctx  context.Context
	quit chan struct{}
	jobs chan int
}

func (s *server) loop() {}

func (s *server) start() {
	go s.loop() // want `go runs loop with \[s.ctx s.quit\]`
}

func literal(ctx context.Context, done <-chan struct{}) {
	go func() {}() // want `go runs literal with \[ctx done\]`
}

func shadowed(ctx context.Context) {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return work(ctx) }) // want `errgroup/Go runs literal with \[ctx\]`
	_ = g.Wait()
}

func declaredLater() {
	go func() {}() // want `go runs literal with \[\]`
	ctx := context.Background()
	_ = ctx
}

func named(ctx context.Context) {
	var wg sync.WaitGroup
	task := func() { _ = work(ctx) }
	wg.Go(task) // want `waitgroup/Go runs literal with \[ctx\]`
	reassigned := func() {}
	reassigned = func() {}
	wg.Go(reassigned) // want `waitgroup/Go runs unresolved with \[\]`
	wg.Wait()
}

func groups(ctx context.Context, items []int) {
	g := leash.NewGroup(ctx)
	g.Go(work) // want `leash/Go runs work with \[ctx\]`
	_ = leash.ForEach(ctx, items, func(ctx context.Context, i int) error { return nil }) // want `leash/ForEach runs literal with \[ctx\]`
	p := pool.New().WithMaxGoroutines(2)
	p.Go(func() {}) // want `conc/Go runs literal with \[ctx\]`
	p.Wait()
	r := pool.NewWithResults[int]()
	r.Go(func() int { return 1 }) // want `conc/Go runs literal with \[ctx\]`
	_ = g.Wait()
}

var external func()

func unresolved() {
	go external() // want `go runs unresolved with \[\]`
}
