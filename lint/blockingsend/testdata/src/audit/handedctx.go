// The receiver gives up on a context handed down to it, and the calls in
// sight show it comes from context.Background() with nothing on the way
// that ends it sooner: it ends, if ever, only as the program does. On real
// code such leaks happened at the end of a daemon or a command (a file
// hasher's, a migrator's, a CLI's credentials fetch), after which the
// goroutine left blocked dies with the process. Reported only under
// -blockingsend.audit.
package audit

import (
	"context"
	"os"
)

func hash(path string) string { return path }

// hashFile is called only by hashAll, with the context hashAll was given,
// which is the daemon's: Background's, with a value.
func hashFile(ctx context.Context, path string) (string, error) {
	sums := make(chan string)
	go func() {
		sums <- hash(path) // want `send on sums can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case s := <-sums:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func hashAll(ctx context.Context, paths []string) error {
	for _, p := range paths {
		if _, err := hashFile(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// credentials is called with a context derived, with a value and a cancel
// that only runs as the caller returns, from context.Background(): nothing
// ends it while the goroutine could still be waiting.
func credentials(ctx context.Context) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	env := make(chan string)
	go func() {
		env <- os.Getenv("TOKEN") // want `send on env can block forever: the receiver stops waiting when <-ctx.Done\(\) wins`
	}()
	select {
	case v := <-env:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

type key struct{}

func Daemon(paths []string) {
	ctx := context.WithValue(context.Background(), key{}, "daemon")
	for {
		_ = hashAll(ctx, paths)
	}
}

func Execute() error {
	ctx := context.WithValue(context.Background(), key{}, "run")
	_, err := credentials(ctx)
	return err
}
