package devshapes

// A helper that takes as many results as goroutines were started: its
// loop runs len(x) times, and x counts the goroutines, one per element
// of a map ranged over (on either branch), or one per append.

type pfcpResult struct{ err error }

type pfcpState struct{ fresh bool }

func establishSession(s *pfcpState, res chan<- pfcpResult) {
	if s == nil {
		res <- pfcpResult{}
		return
	}
	res <- pfcpResult{}
}

func modifySession(s *pfcpState, res chan<- pfcpResult) {
	res <- pfcpResult{}
}

func waitAllResults(n int, res <-chan pfcpResult) bool {
	ok := true
	for i := 0; i < n; i++ {
		r := <-res
		if r.err != nil {
			ok = false
		}
	}
	return ok
}

// One goroutine per element of the pool, whichever branch starts it.
func activateSessions(nodes []string) bool {
	pool := make(map[string]*pfcpState)
	for _, n := range nodes {
		pool[n] = &pfcpState{fresh: len(n) > 3}
	}
	res := make(chan pfcpResult)
	for _, s := range pool {
		if s.fresh {
			go establishSession(s, res)
		} else {
			go modifySession(s, res)
		}
	}
	return waitAllResults(len(pool), res)
}

// One append next to each start, in a loop that may start none: the
// helper runs only when something started.
func updateBranches(nodes []*pfcpState) {
	res := make(chan pfcpResult)
	pending := []string{}
	for _, n := range nodes {
		if n == nil {
			break
		}
		pending = append(pending, "node")
		if n.fresh {
			go establishSession(n, res)
		} else {
			go modifySession(n, res)
		}
	}
	if len(pending) > 0 {
		waitAllResults(len(pending), res)
	}
}

// One start, counted the same way.
func addBranch(n *pfcpState) {
	res := make(chan pfcpResult)
	var pending []string
	pending = append(pending, "ulcl")
	go modifySession(n, res)
	waitAllResults(len(pending), res)
}
