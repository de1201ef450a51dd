package smallmax

func sizes() {
	ok := make(chan int, 10)
	big := make(chan int, 11) // want `channel buffer of 11 elements`
	_, _ = ok, big
}
