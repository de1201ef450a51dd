package devshapes

// The same helpers, where the count does not answer every goroutine.

// The helper leaves at the first error, and the rest stay blocked.
func waitFirstError(n int, res <-chan pfcpResult) error {
	for i := 0; i < n; i++ {
		if r := <-res; r.err != nil {
			return r.err
		}
	}
	return nil
}

func activateUntilError(pool map[string]*pfcpState) error {
	res := make(chan pfcpResult)
	for _, s := range pool {
		go modifySession(s, res) // want `send on res can block forever: waitFirstError \(line 20\) can stop receiving before the senders are done`
	}
	return waitFirstError(len(pool), res)
}

// A pool entry may start no goroutine, so the count says nothing of how
// many did; and a slice appended apart from the starts counts nothing.
func activateCountedApart(nodes []*pfcpState) {
	res := make(chan pfcpResult)
	var pending []string
	for range nodes {
		pending = append(pending, "node")
	}
	for _, n := range nodes {
		go modifySession(n, res) // want `send on res can block forever: waitAllResults \(line 34\) can stop receiving before the senders are done`
	}
	waitAllResults(len(pending), res)
}
