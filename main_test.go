package leash_test

import (
	"testing"

	"github.com/leash-go/leash/leashtest"
)

// TestMain fails the run if any test of the package leaves a goroutine
// behind: the library's own promise, checked on its own tests.
func TestMain(m *testing.M) {
	leashtest.Main(m)
}
