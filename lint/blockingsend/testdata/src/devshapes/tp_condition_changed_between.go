package devshapes

// Still a leak: req is handed to a function that may change its Network
// between the two tests, so the goroutine can start and its receive be
// skipped.
func loadIfTCPNormalized(req *listenRequest, cached int, load func(string) int, normalize func(*listenRequest)) int {
	res := make(chan int)
	if req.Network == "tcp" {
		go func() { res <- load(req.Address) }() // want `send on res can block forever: the receiver can return at line 16 before receiving`
	}
	normalize(req)
	v := cached
	if req.Network == "tcp" {
		v = <-res
	}
	return v
}
