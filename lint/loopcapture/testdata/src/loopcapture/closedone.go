//go:build go1.21

package loopcapture

import "context"

func pull(ctx context.Context, from, to int) ([]int, error) { return nil, nil }

// A goroutine that closes done as it ends, and a round that receives from
// done whichever way the select goes before next changes: the goroutine
// is finished with next by then. From: hyperledger-labs/orion-server
// internal/replication/blockreplicator.go:658 (catchUpToBlock).
func catchUp(first, last int, stop <-chan struct{}) error {
	for next := first; next <= last; {
		var got []int
		var err error
		done := make(chan struct{})
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			defer close(done)
			got, err = pull(ctx, next, last)
		}()
		select {
		case <-stop:
			cancel()
			<-done
			return ctx.Err()
		case <-done:
			cancel()
			if err != nil {
				return err
			}
			next += len(got) + 1
		}
	}
	return nil
}

// The same with the close as the goroutine's last statement.
func catchUpClosingLast(first, last int) {
	for next := first; next <= last; {
		done := make(chan struct{})
		go func() {
			pull(context.Background(), next, last)
			close(done)
		}()
		<-done
		next++
	}
}

// A leak of the variable still: a deferred call registered before the
// close runs after it, and reads next while the loop moves on.
func closedBeforeLastRead(first, last int, report func(int)) {
	for next := first; next <= last; {
		done := make(chan struct{})
		go func() {
			defer report(next) // want `goroutine captures loop variable next`
			defer close(done)
			pull(context.Background(), next, last)
		}()
		<-done
		next++
	}
}

// A leak of the variable still: one case of the select goes on to the
// next round without waiting for the goroutine.
func closedNotWaited(first, last int, skip <-chan struct{}) {
	for next := first; next <= last; {
		done := make(chan struct{})
		go func() {
			defer close(done)
			pull(context.Background(), next, last) // want `goroutine captures loop variable next`
		}()
		select {
		case <-skip:
		case <-done:
		}
		next++
	}
}
