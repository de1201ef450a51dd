package testcode

import "testing"

func TestServe(t *testing.T) {
	bad() // want `call of bad`
}

func TestServeVia(t *testing.T) {
	serveVia()
}
