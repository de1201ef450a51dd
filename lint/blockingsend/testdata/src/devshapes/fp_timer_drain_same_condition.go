// A look-alike that is harmless: a pacing timer that a loop resets and
// drains each round, both under the same test of a delay read once per
// round. From: lizongying/go-crawler pkg/scheduler/unimplemented_scheduler.go:53
// (itemDelay := s.crawler.GetItemDelay(); if itemDelay > 0 {
// timer.Reset(itemDelay) }; ...; if itemDelay > 0 { <-timer.C }). Why
// harmless: a round that drains has reset the timer first; the path that
// skips the Reset and then drains cannot happen.
package devshapes

import "time"

func paced(items <-chan int, timer *time.Timer, delayOf func() time.Duration, handle func(int)) {
	for it := range items {
		delay := delayOf()
		if delay > 0 {
			timer.Reset(delay)
		}
		go handle(it)
		if delay > 0 {
			<-timer.C
		}
	}
}

// Still reported: the delay changes between the Reset and the drain.
func pacedChanged(items <-chan int, timer *time.Timer, delayOf func() time.Duration, handle func(int)) {
	for it := range items {
		delay := delayOf()
		if delay > 0 {
			timer.Reset(delay)
		}
		handle(it)
		delay = delayOf()
		if delay > 0 {
			<-timer.C // want `receive from timer.C can block forever: the drain itself may already have taken the timer.s value in an earlier round`
		}
	}
}

// Still reported: the two tests differ.
func pacedOther(items <-chan int, timer *time.Timer, delayOf func() time.Duration, handle func(int)) {
	for it := range items {
		delay := delayOf()
		if delay > time.Second {
			timer.Reset(delay)
		}
		handle(it)
		if delay > 0 {
			<-timer.C // want `receive from timer.C can block forever: the drain itself may already have taken the timer.s value in an earlier round`
		}
	}
}

type pacer struct{ delay time.Duration }

// Still reported: the test reads a field, which another goroutine may
// change between the two.
func (p *pacer) run(items <-chan int, timer *time.Timer, handle func(int)) {
	for it := range items {
		if p.delay > 0 {
			timer.Reset(p.delay)
		}
		handle(it)
		if p.delay > 0 {
			<-timer.C // want `receive from timer.C can block forever: the drain itself may already have taken the timer.s value in an earlier round`
		}
	}
}
