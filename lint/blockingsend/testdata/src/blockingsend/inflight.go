package blockingsend

// A lookup that keeps count of the queries in flight, and starts one only
// while fewer are in flight than the reply buffer holds: no send can wait,
// whatever the receiver does.

const kalpha = 3

func kquery(int) []int { return nil }

// FindNode is the Kademlia shape: no finding.
func FindNode(seeds []int, recursive bool) []int {
	var (
		asked   = make(map[int]bool)
		reply   = make(chan []int, kalpha)
		pending = 0
		found   []int
	)
	for {
		for i := 0; i < len(seeds) && pending < kalpha; i++ {
			n := seeds[i]
			if !asked[n] {
				asked[n] = true
				pending++
				go func() {
					reply <- kquery(n)
				}()
			}
		}
		if pending == 0 {
			break
		}
		if recursive {
			for _, n := range <-reply {
				seeds = append(seeds, n)
			}
			pending--
		} else {
			for i := 0; i < pending; i++ {
				found = append(found, <-reply...)
			}
			break
		}
	}
	return found
}

// The bound is larger than the buffer: the fourth query's send can wait.
func lookupOverBuffer(seeds []int) []int {
	reply := make(chan []int, kalpha)
	pending := 0
	for i := 0; i < len(seeds) && pending < kalpha+1; i++ {
		pending++
		go func() {
			reply <- kquery(seeds[i]) // want `send on reply can block forever`
		}()
	}
	return <-reply
}

// The count comes down without a receive: it no longer bounds what is in
// flight.
func lookupForgets(seeds []int, give func() bool) []int {
	reply := make(chan []int, kalpha)
	pending := 0
	for i := 0; i < len(seeds) && pending < kalpha; i++ {
		pending++
		go func() {
			reply <- kquery(seeds[i]) // want `send on reply can block forever`
		}()
		if give() {
			pending--
		}
	}
	return <-reply
}

type ktable struct{}

// findnode sends its one reply on the channel it is handed.
func (t *ktable) findnode(n int, reply chan<- []int) {
	reply <- kquery(n)
}

// The same lookup, its queries started as a method handed the reply
// channel (go-ethereum's and thor's discover.Table.lookup): no finding.
func (t *ktable) lookup(seeds []int) []int {
	var (
		asked   = make(map[int]bool)
		reply   = make(chan []int, kalpha)
		pending = 0
	)
	for {
		for i := 0; i < len(seeds) && pending < kalpha; i++ {
			n := seeds[i]
			if !asked[n] {
				asked[n] = true
				pending++
				go t.findnode(n, reply)
			}
		}
		if pending == 0 {
			break
		}
		for _, n := range <-reply {
			seeds = append(seeds, n)
		}
		pending--
	}
	return seeds
}

// Handed the channel, but started past the buffer: reported.
func (t *ktable) lookupWide(seeds []int) []int {
	var (
		reply   = make(chan []int, kalpha)
		pending = 0
	)
	for i := 0; i < len(seeds) && pending < 2*kalpha; i++ {
		pending++
		go t.findnode(seeds[i], reply) // want `send on reply can block forever`
	}
	for pending > 0 {
		r := <-reply
		if len(r) == 0 {
			return seeds
		}
		pending--
	}
	return seeds
}
