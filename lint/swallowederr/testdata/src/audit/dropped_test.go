package audit

import (
	"testing"

	"golang.org/x/sync/errgroup"
)

// Fine: tests drop errors in goroutines on purpose; a real failure fails the test.
func TestDropped(t *testing.T) {
	done := make(chan item)
	go func() {
		it, _ := fetchOne("x")
		done <- it
	}()
	<-done
}

// Fine in a test: a Wait expected to panic, a group started to test misuse.
func TestGroupMisuse(t *testing.T) {
	var g errgroup.Group
	g.Go(func() error { return notify("x") })
	g.Wait()
	var never errgroup.Group
	never.Go(func() error { return notify("y") })
}
