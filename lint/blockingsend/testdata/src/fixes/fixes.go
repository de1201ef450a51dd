package fixes

import "context"

func compute() int { return 42 }

func Compute(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `send on ch can block forever`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

type agent struct{ statusCh chan int }

func newAgent() *agent { return &agent{statusCh: make(chan int)} }

func (a *agent) Run(ctx context.Context) {
	for {
		select {
		case <-a.statusCh:
		case <-ctx.Done():
			return
		}
	}
}

func (a *agent) report(ctx context.Context, epoch int) {
	a.statusCh <- epoch // want `send on a.statusCh can block forever`
}

