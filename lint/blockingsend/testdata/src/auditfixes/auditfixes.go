package auditfixes

import "context"

func forward(ctx context.Context, in <-chan int, out chan<- int) error {
	for {
		select {
		case v := <-in:
			out <- v // want `send on out ignores <-ctx.Done\(\)`
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
