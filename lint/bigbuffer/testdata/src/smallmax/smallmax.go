package smallmax

func sizes() {
	ok := make(chan int, 10)
	big := make(chan int, 11) // want `channel buffer of 11 elements \(88 B of int\) .*\(limit 10, see -bigbuffer.max\)`
	_, _ = ok, big
}
