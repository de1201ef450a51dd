package blockingsend

import "time"

type inputPlugin interface{ Stop() bool }

// One goroutine per element sends once; the collector counts what it
// takes and leaves when the count reaches the slice's length: every send
// has been received. The collector's own send on complete is the leak,
// once the caller has given up.
func stopAllCounted(inputs []inputPlugin, timeout time.Duration) bool {
	results := make(chan bool)
	for _, p := range inputs {
		go func(p inputPlugin) {
			results <- p.Stop()
		}(p)
	}
	complete := make(chan bool)
	go func() {
		count := 0
		success := true
		for res := range results {
			count++
			success = success && res
			if count == len(inputs) {
				complete <- success // want `send on complete can block forever`
				return
			}
		}
	}()
	select {
	case ok := <-complete:
		return ok
	case <-time.After(timeout):
		return false
	}
}

// The same count in the maker itself, compared the other way round and
// taken after a receive of its own.
func firstFailureCounted(inputs []inputPlugin) bool {
	results := make(chan bool)
	for _, p := range inputs {
		go func() { results <- p.Stop() }() // want `send on results can block forever`
	}
	n := 0
	for {
		ok := <-results
		n++
		if !ok {
			return false
		}
		if len(inputs) <= n {
			return true
		}
	}
}

// A round that can skip its goroutine: fewer senders than elements, and
// the count never reaches the length.
func stopSomeCounted(inputs []inputPlugin) bool {
	results := make(chan bool)
	for _, p := range inputs {
		if p == nil {
			continue
		}
		go func() { results <- p.Stop() }() // want `send on results can block forever`
	}
	count := 0
	for res := range results {
		count++
		if !res || count == len(inputs) {
			return res
		}
	}
	return true
}

// The slice grows after the goroutines start: its length no longer counts
// them.
func stopGrownCounted(inputs []inputPlugin, extra inputPlugin) bool {
	results := make(chan bool)
	for _, p := range inputs {
		go func() { results <- p.Stop() }() // want `send on results can block forever`
	}
	inputs = append(inputs, extra)
	count := 0
	for res := range results {
		count++
		if count == len(inputs) {
			return res
		}
	}
	return true
}

// Each goroutine may send twice: the length counts goroutines, not values.
func stopTwiceCounted(inputs []inputPlugin) bool {
	results := make(chan bool)
	for _, p := range inputs {
		go func() {
			results <- p.Stop() // want `send on results can block forever`
			results <- p.Stop()
		}()
	}
	count := 0
	for res := range results {
		count++
		if count == len(inputs) {
			return res
		}
	}
	return true
}

// A goroutine started beside the range starts more senders of its own
// (its go statement's call sends, later, out of the range's count): the
// slice's length no longer counts them all.
func stopNestedCounted(inputs []inputPlugin, extra []inputPlugin) bool {
	results := make(chan bool)
	for _, p := range inputs {
		go func() { results <- p.Stop() }() // want `send on results can block forever`
	}
	go func() {
		for _, p := range extra {
			go func() { results <- p.Stop() }()
		}
	}()
	count := 0
	for res := range results {
		count++
		if count == len(inputs) {
			return res
		}
	}
	return true
}

type peer struct {
	name   string
	active bool
}

type peerManager struct{ self string }

func (pm *peerManager) isSelf(name string) bool { return name == pm.self }

// peersCount counts the peers other than this one, as peerStatus's loop
// skips them.
func (pm *peerManager) peersCount(peers []*peer) int {
	n := 0
	for _, p := range peers {
		if pm.isSelf(p.name) {
			continue
		}
		n++
	}
	return n
}

// activeCount counts only the active peers: a filter the senders' loop
// does not share.
func activeCount(peers []*peer) int {
	var n int
	for _, p := range peers {
		if !p.active {
			continue
		}
		n++
	}
	return n
}

func askPeer(*peer) bool { return true }

// The receiver stops once it has counted as many values as a helper
// counts peers with the very skip the senders' loop makes: every goroutine
// started has been answered (from Consensys/quorum-hibernate's
// peerStatus).
func (pm *peerManager) peerStatus(peers []*peer) []bool {
	var statuses []bool
	done := make(chan bool, 1)
	results := make(chan bool, 1)
	expected := pm.peersCount(peers)
	if expected == 0 {
		return nil
	}
	go func() {
		count := 0
		for {
			select {
			case r := <-results:
				count++
				statuses = append(statuses, r)
				if count == expected {
					done <- true
					return
				}
			}
		}
	}()
	for _, n := range peers {
		if pm.isSelf(n.name) {
			continue
		}
		go func(p *peer) {
			results <- askPeer(p)
		}(n)
	}
	<-done
	return statuses
}

// The helper counts with another filter than the loop's: the receiver may
// stop before every goroutine started has sent.
func (pm *peerManager) activeStatus(peers []*peer) []bool {
	var statuses []bool
	done := make(chan bool, 1)
	results := make(chan bool, 1)
	go func() {
		count := 0
		for r := range results {
			count++
			statuses = append(statuses, r)
			if count == activeCount(peers) {
				done <- true
				return
			}
		}
	}()
	for _, n := range peers {
		if pm.isSelf(n.name) {
			continue
		}
		go func(p *peer) {
			results <- askPeer(p) // want `send on results can block forever`
		}(n)
	}
	<-done
	return statuses
}
