package overfill

type compactor struct {
	ch   chan struct{}
	quit chan struct{}
}

// start sends a first signal, then starts the loop that receives.
func (c *compactor) start() {
	c.ch <- struct{}{} // want `send on c.ch blocks forever: it is send 2 on a channel with room for 1 \(made at line \d+\), and the goroutine that made it, which alone could receive, has handed it to no one yet`
	go c.loop()
}

func (c *compactor) loop() {
	for {
		select {
		case <-c.ch:
		case <-c.quit:
			return
		}
	}
}

// The buffer is full before start sends again: nothing can receive yet.
func runCompactor() {
	c := &compactor{ch: make(chan struct{}, 1), quit: make(chan struct{})}
	c.ch <- struct{}{}
	c.start()
}

// Fine: start's send fills the one slot left.
func runCompactorOnce() {
	c := &compactor{ch: make(chan struct{}, 2), quit: make(chan struct{})}
	c.ch <- struct{}{}
	c.start()
}

type queue struct {
	items chan int
}

func (q *queue) run() {
	for range q.items {
	}
}

// An unbuffered send before the receiver is started.
func runQueue() {
	q := &queue{items: make(chan int)}
	q.items <- 1 // want `send on q.items blocks forever: it is send 1 on a channel with room for 0`
	go q.run()
}

// Fine: the receiver runs before the sends.
func runQueueStarted() {
	q := &queue{items: make(chan int)}
	go q.run()
	q.items <- 1
	q.items <- 2
}

func put(ch chan int, v int) { ch <- v } // want `send on ch blocks forever: it is send 3 on a channel with room for 2`

// Three sends through a helper on a channel with room for two.
func fillThree() {
	ch := make(chan int, 2)
	put(ch, 1)
	put(ch, 2)
	put(ch, 3)
	go func() {
		for range ch {
		}
	}()
}

// Fine: a receive in between makes room.
func fillAndTake() {
	ch := make(chan int, 1)
	ch <- 1
	<-ch
	ch <- 2
}

// Fine: the second send does not wait.
func fillOrDrop() {
	ch := make(chan int, 1)
	ch <- 1
	select {
	case ch <- 2:
	default:
	}
}

// Fine for this rule: a loop's sends are not counted.
func fillLoop(n int) {
	ch := make(chan int, 4)
	for i := 0; i < n; i++ {
		ch <- i
	}
	close(ch)
}

// Fine: the channel is handed to a receiver before the second send.
func handOn() {
	ch := make(chan int, 1)
	ch <- 1
	go func() {
		for range ch {
		}
	}()
	ch <- 2
}

// Left alone: an early return comes between the sends, so the second is
// made on some paths only.
func maybeReturn(stop bool) {
	ch := make(chan int, 1)
	ch <- 1
	if stop {
		return
	}
	ch <- 2
}

// Fine: the buffer is not a constant.
func sized(n int) {
	ch := make(chan int, n)
	ch <- 1
	ch <- 2
	go func() { <-ch }()
}

type pair struct {
	in, out chan int
}

// Fine: one send on each of two channels of one value.
func sendBoth() {
	p := &pair{in: make(chan int, 1), out: make(chan int, 1)}
	p.in <- 1
	p.out <- 2
}
