package audit

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"sync"

	"github.com/leash-go/leash"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
)

type item struct{}

func fetchOne(id string) (item, error)                      { return item{}, nil }
func fetchCtx(ctx context.Context, id string) (item, error) { return item{}, nil }
func store(ctx context.Context, it item) error              { return nil }
func notify(id string) error                                { return nil }

// The seed's FetchAllBad: the error is thrown away in the goroutine.
func fetchAllBad(ids []string) []item {
	items := make([]item, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func(i int, id string) {
			defer wg.Done()
			it, _ := fetchOne(id) // want `error from fetchOne dropped in a goroutine, where no caller will see it: return it or hand it on`
			items[i] = it
		}(i, id)
	}
	wg.Wait()
	return items
}

// A goroutine that hands its errors on, except one.
func callStatement(ids []string) <-chan error {
	errc := make(chan error, len(ids))
	for _, id := range ids {
		go func() {
			notify(id) // want `error from notify dropped in a goroutine`
			_, err := fetchOne(id)
			errc <- err
		}()
	}
	return errc
}

func inTask(ctx context.Context, ids []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error {
			it, err := fetchCtx(ctx, id)
			if err != nil {
				return err
			}
			_ = store(ctx, it) // want `error from store dropped in a group task`
			notify(id)         // want `error from notify dropped in a group task`
			return nil
		})
	}
	return g.Wait()
}

func blankErrVar(ctx context.Context, ids []string) error {
	g := leash.NewGroup(ctx)
	g.Go(func(ctx context.Context) error {
		_, err := fetchCtx(ctx, ids[0])
		_ = err // want `error err dropped in a group task`
		return nil
	})
	return g.Wait()
}

// A task that notices the error and reports success anyway.
func returnsNil(ctx context.Context, ids []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error {
			it, err := fetchCtx(ctx, id)
			if err != nil {
				return nil // want `task returns nil when err != nil, so the group reports success for a failed task: return err`
			}
			return store(ctx, it)
		})
	}
	return g.Wait()
}

// The group's result thrown away.
func waitIgnored(ctx context.Context, ids []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error { return notify(id) })
	}
	g.Wait() // want `error of g.Wait ignored: a failed task goes unnoticed; check it and return it`
	return nil
}

func waitBlank(ctx context.Context, ids []string) {
	p := pool.New().WithErrors()
	for _, id := range ids {
		p.Go(func() error { return notify(id) })
	}
	_ = p.Wait() // want `error of p.Wait ignored`
}

// Nobody waits: errors lost, tasks outlive the call.
func neverWaited(ctx context.Context, ids []string) {
	g, ctx := errgroup.WithContext(ctx) // want `group g starts tasks but is never waited for: their errors are lost and they outlive the function; call g.Wait and handle its error`
	for _, id := range ids {
		g.Go(func() error { _, err := fetchCtx(ctx, id); return err })
	}
}

// Fine: errors returned, handed on or handled on purpose.
func fine(ctx context.Context, ids []string, conn net.Conn) error {
	errc := make(chan error, len(ids))
	for _, id := range ids {
		go func() {
			errc <- notify(id)
		}()
	}
	go func() {
		if err := notify("x"); err != nil {
			log.Printf("notify: %v", err)
		}
	}()
	go func() {
		<-ctx.Done()
		conn.Close() // closing to unblock readers: its error is noise
	}()
	go func() {
		deadline, _ := ctx.Deadline()
		conn.SetDeadline(deadline) // a failure shows in the read below
		_, err := conn.Read(make([]byte, 1))
		errc <- err
	}()
	go func() {
		var buf bytes.Buffer
		var sb strings.Builder
		h := sha256.New()
		w := bufio.NewWriter(os.Stdout)
		buf.WriteString("a")
		sb.WriteString("b")
		h.Write([]byte("c"))
		w.WriteString("d")
		fmt.Println("e")
		fmt.Fprintf(os.Stderr, "f\n")
		fmt.Fprintf(&buf, "g")
		if err := w.Flush(); err != nil {
			log.Print(err)
		}
		defer notify("deferred")            // deferred cleanup is not examined
		cb := func() { notify("callback") } // nor are callbacks
		cb()
	}()
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		it, err := fetchCtx(ctx, ids[0])
		if err != nil {
			log.Printf("skipping %s: %v", ids[0], err) // handled on purpose
			return nil
		}
		return store(ctx, it)
	})
	return g.Wait()
}

// Fine: ignoring Wait when no task can fail.
func neverFails(ctx context.Context, ids []string, out []int) {
	var g errgroup.Group
	for i := range ids {
		g.Go(func() error {
			out[i] = len(ids[i])
			return nil
		})
	}
	g.Wait()
}

// Fine: ignoring a Wait that can only report cancellation, as a loop that
// runs until its context ends does.
func untilCancelled(ctx context.Context, ids []string) {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error {
			for {
				select {
				case <-ctx.Done():
					return ctx.Err()
				default:
				}
				if notify(id) != nil {
					continue
				}
			}
		})
	}
	g.Wait()
}

// Fine: the group is handed to code that waits for it.
func handedOn(ctx context.Context, ids []string) *errgroup.Group {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error { _, err := fetchCtx(ctx, id); return err })
	}
	return g
}

// Fine: fire-and-forget goroutines with no way to hand errors on, whose
// authors chose not to (the value, if any, is not used).
func fireAndForget(w io.Writer, r io.Reader, ids []string) {
	go func() {
		io.Copy(w, r)
	}()
	go func() {
		_ = notify(ids[0])
		_, _ = fetchOne(ids[0])
	}()
}
