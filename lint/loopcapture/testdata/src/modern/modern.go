//go:build go1.22

package modern

// Fine: from Go 1.22 each iteration has its own variable.
func perIteration(urls []string) {
	for _, u := range urls {
		go func() { println(u) }()
	}
}
