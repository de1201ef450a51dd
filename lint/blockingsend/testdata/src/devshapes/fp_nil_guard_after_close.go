// A look-alike that is harmless: the forwarding goroutine leaves its loop only once both of its
// input channels are set to nil, and it sets the publications' channel to nil only right after
// closing the output. From: paho.mqtt.golang client.go:657 and router.go:174 (for { if
// commsIncomingPub == nil && commsErrors == nil { break }; select { case pub, ok :=
// <-commsIncomingPub: if !ok { close(incomingPubChan); commsIncomingPub = nil; continue } ...
// }; the router ranges over incomingPubChan). Why harmless: a channel the goroutine receives
// from and retires by setting it to nil holds a channel until then, so the loop's only exit
// follows the close and the range ends. Another way out before the close still leaks the
// range.
package devshapes

type publication struct{ topic string }

func startComms() (<-chan publication, <-chan error) {
	return make(chan publication), make(chan error)
}

func routeIncoming(route func(publication), lost func(error)) {
	incoming := make(chan publication)
	pubs, errs := startComms()
	go func() {
		for {
			if pubs == nil && errs == nil {
				break
			}
			select {
			case pub, ok := <-pubs:
				if !ok {
					close(incoming)
					pubs = nil
					continue
				}
				incoming <- pub
			case err, ok := <-errs:
				if !ok {
					errs = nil
					continue
				}
				lost(err)
			}
		}
	}()
	for pub := range incoming {
		route(pub)
	}
}

func routeIncomingReturnsOnError(route func(publication), lost func(error)) {
	incoming := make(chan publication)
	pubs, errs := startComms()
	go func() {
		for pubs != nil || errs != nil {
			select {
			case pub, ok := <-pubs:
				if !ok {
					close(incoming)
					pubs = nil
					continue
				}
				incoming <- pub
			case err, ok := <-errs:
				if !ok {
					errs = nil
					continue
				}
				lost(err)
				return
			}
		}
	}()
	for pub := range incoming { // want `range over incoming never ends when the goroutine started at line 51 returns at line 67 without closing it`
		route(pub)
	}
}
