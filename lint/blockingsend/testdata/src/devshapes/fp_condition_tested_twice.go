package devshapes

type listenRequest struct{ Network, Address string }

// The receive is skipped only under the same test that skipped the
// goroutine, on a field nothing changes in between: no path starts the
// sender and skips its receive. From: nicocha30/ligolo-ng
// pkg/agent/handler.go.
func loadIfTCP(req *listenRequest, cached int, load func(string) int) int {
	res := make(chan int)
	if req.Network == "tcp" {
		go func() { res <- load(req.Address) }()
	}
	v := cached
	if req.Network == "tcp" {
		v = <-res
	}
	return v
}
