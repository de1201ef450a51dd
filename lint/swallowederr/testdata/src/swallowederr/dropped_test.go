package swallowederr

import "testing"

// Fine: tests drop errors in goroutines on purpose; a real failure fails the test.
func TestDropped(t *testing.T) {
	done := make(chan item)
	go func() {
		it, _ := fetchOne("x")
		done <- it
	}()
	<-done
}
