package audit

import (
	"context"
	"testing"
)

// Fine: a test fixes its own inputs; a stress test starts goroutines on
// purpose.
func TestStress(t *testing.T) {
	cases := []int{1, 2, 3}
	for _, c := range cases {
		go process(context.Background(), c)
	}
}
