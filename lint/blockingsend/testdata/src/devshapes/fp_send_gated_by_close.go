// Not a leak at the send: the reader sends on done only once its range
// over results has ended, and results is closed only on the path that goes
// on to receive from done. The early return leaves the reader in its
// range, not at the send, and a buffer for done would not free it. Fine
// as far as done goes.
// A leak: the same reader when the function closes results on the early
// return too: the reader then sends, and nothing receives.
package devshapes

import "golang.org/x/sync/errgroup"

func probeAll(targets []string, probe func(string) (int, error)) (map[string]int, error) {
	out := make(map[string]int)
	results := make(chan map[string]int)
	var g errgroup.Group
	for _, t := range targets {
		g.Go(func() error {
			n, err := probe(t)
			if err != nil {
				return err
			}
			results <- map[string]int{t: n}
			return nil
		})
	}
	done := make(chan bool)
	go func() {
		for r := range results {
			for k, v := range r {
				out[k] = v
			}
		}
		done <- true
	}()
	if err := g.Wait(); err != nil {
		return nil, err
	}
	close(results)
	<-done
	return out, nil
}

func probeAllClosing(targets []string, probe func(string) (int, error)) (map[string]int, error) {
	out := make(map[string]int)
	results := make(chan map[string]int)
	var g errgroup.Group
	for _, t := range targets {
		g.Go(func() error {
			n, err := probe(t)
			if err != nil {
				return err
			}
			results <- map[string]int{t: n}
			return nil
		})
	}
	done := make(chan bool)
	go func() {
		for r := range results {
			for k, v := range r {
				out[k] = v
			}
		}
		done <- true // want `send on done can block forever: the receiver can return at line \d+ before receiving`
	}()
	if err := g.Wait(); err != nil {
		close(results)
		return nil, err
	}
	close(results)
	<-done
	return out, nil
}
