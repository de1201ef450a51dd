package blockingsend

import "context"

// A loop over a slice literal starts as many goroutines as the literal
// lists, no more: a buffer that size holds every send.

// BothListed starts one goroutine per listed replica, and buffers each
// channel for every send: no finding.
func BothListed(ctx context.Context) ([]error, error) {
	results := make(chan error, 2)
	errs := make(chan error, 2)
	for _, replica := range []string{"b", "c"} {
		go func() {
			err := check(ctx, replica)
			results <- err
			errs <- err
		}()
	}
	got := []error{<-results, <-results}
	if err := <-errs; err != nil {
		return nil, err
	}
	if err := <-errs; err != nil {
		return nil, err
	}
	return got, nil
}

// FirstOfListed receives both results, but returns at the first error:
// the other goroutine's send on errs is stranded, not its send on results.
func FirstOfListed(ctx context.Context) ([]error, error) {
	results := make(chan error)
	errs := make(chan error)
	for _, replica := range []string{"b", "c"} {
		go func() {
			err := check(ctx, replica)
			results <- err
			errs <- err // want `send on errs can block forever`
		}()
	}
	got := []error{<-results, <-results}
	if err := <-errs; err != nil {
		return nil, err
	}
	if err := <-errs; err != nil {
		return nil, err
	}
	return got, nil
}
