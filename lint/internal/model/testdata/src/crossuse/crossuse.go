// Package crossuse calls helpers with channels of its own: the summaries
// come from helpers' facts.
package crossuse

import (
	"context"

	"helpers"
)

func uses(ctx context.Context) {
	a := make(chan int) // want `make cap=0: uses: sends 1, waits`
	helpers.SendOnce(a)

	b := make(chan int, 1) // want `make cap=1: uses: ; in goroutines it starts: sends 1, waits`
	helpers.StartSender(b)

	c := make(chan int) // want `make cap=0: uses: sends 0..1, receives 1, waits`
	helpers.SendCtx(ctx, c)
	<-c

	d := make(chan int) // want `make cap=0: escapes`
	helpers.Register(d)

	e := make(chan int) // want `make cap=0: uses: closes 0..1`
	helpers.MaybeClose(e, false)
}
