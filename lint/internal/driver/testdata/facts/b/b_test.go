package b_test

import (
	"testing"

	"example.com/facts/b"
)

func TestRest(t *testing.T) {
	b.Rest()
}
