package blockingsend

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"time"

	"golang.org/x/sync/errgroup"
)

// Look-alikes of the audit rule on contexts handed in
// (../audit/handedctx.go) that the code shows ending while the program
// runs on: each is reported by default.

func lookupValue(key string) string { return key }

// An exported function: what its callers pass is theirs to say, a request's
// context as like as not, so the finding stays (the playbook's leak).
func LookupKey(ctx context.Context, key string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- lookupValue(key) // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// The receiver gives the context a deadline of its own.
func lookupTimed(ctx context.Context, key string) string {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	ch := make(chan string)
	go func() {
		ch <- lookupValue(key) // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return ""
	}
}

// Its one caller passes a context with a deadline.
func lookupWithin(ctx context.Context, key string) string {
	ch := make(chan string)
	go func() {
		ch <- lookupValue(key) // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return ""
	}
}

func LookupSoon(key string) string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return lookupWithin(ctx, key)
}

// The cancel is handed to a watchdog that may call it at any time.
func lookupCancellable(ctx context.Context, key string, watchdog func(context.CancelFunc)) string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go watchdog(cancel)
	ch := make(chan string)
	go func() {
		ch <- lookupValue(key) // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return ""
	}
}

func LookupWatched(ctx context.Context, key string) string {
	return lookupCancellable(ctx, key, func(cancel context.CancelFunc) { time.AfterFunc(time.Second, cancel) })
}

// The context comes from a function other packages may call: under go vet,
// which sees one package, the finding stays; the leash command drops it if
// every call in the module shows the context comes from Background.
func lookupAll(ctx context.Context, keys []string) {
	for _, k := range keys {
		ch := make(chan string)
		go func() {
			ch <- lookupValue(k) // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
		}()
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

func LookupAll(ctx context.Context, keys []string) { lookupAll(ctx, keys) }

// A group's context ends at the first error of any of its tasks, while
// the program runs: the case on it keeps the finding, though the group
// was made from context.Background().
func lookupInGroup(ctx context.Context, key string) string {
	ch := make(chan string)
	go func() {
		ch <- lookupValue(key) // want `send on ch can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return ""
	}
}

func lookupBoth(keys [2]string) error {
	g, ctx := errgroup.WithContext(context.Background())
	g.Go(func() error { lookupInGroup(ctx, keys[0]); return nil })
	g.Go(func() error { return checkKey(keys[1]) })
	return g.Wait()
}

func checkKey(key string) error {
	if key == "" {
		return errors.New("empty key")
	}
	return nil
}

// Look-alikes of the audit rule on cancels called only at a signal
// (../audit/signalcancel.go): a cancel that also runs on another event, or
// after a receive from a channel that is not a signal's, can end the
// context while the program runs.

func probe() error { return nil }

func serveChecks(ctx context.Context) error {
	end := make(chan error)
	go func() {
		end <- probe() // want `send on end can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case err := <-end:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func stopOnReload(sigs chan os.Signal, reload chan struct{}, cancel context.CancelFunc) {
	select {
	case <-sigs:
		cancel()
	case <-reload:
		cancel() // a reload ends the context while the program runs on
	}
}

func runChecks(reload chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go stopOnReload(sigs, reload, cancel)
	_ = serveChecks(ctx)
}

func pollChecks(ctx context.Context) error {
	end := make(chan error)
	go func() {
		end <- probe() // want `send on end can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case err := <-end:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func runPolls(stop chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-stop // not a signal: any code may close stop
		cancel()
	}()
	_ = pollChecks(ctx)
}

// Reported: a stop channel the function is handed, and a value taken from
// a channel kept in a field, are not a component's stop signal.
func (r *resolverStop) resolveHanded(key string, stop <-chan struct{}) string {
	ch := make(chan string)
	go func() {
		ch <- lookupValue(key) // want `send on ch can block forever: the receiver stops waiting when <-stop wins`
	}()
	select {
	case v := <-ch:
		return v
	case <-stop:
		return ""
	}
}

type resolverStop struct{ errs chan error }

func (r *resolverStop) resolveOrFail(key string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- lookupValue(key) // want `send on ch can block forever: the receiver stops waiting when <-r.errs wins`
	}()
	select {
	case v := <-ch:
		return v, nil
	case err := <-r.errs:
		return "", err
	}
}
