package loop

func fromGoMod(urls []string) {
	for _, u := range urls {
		go func() { println(u) }() // want `loop variable u, shared by every iteration before Go 1.22 \(this file is go1.21\)`
	}
}
