package unknown

// Not checked: in GOPATH mode without a //go:build version the language
// version is unknown (and the toolchain's, 1.22 or later, applies).
func unknownVersion(urls []string) {
	for _, u := range urls {
		go func() { println(u) }()
	}
}
