package jetstream

import (
	"testing"

	"github.com/leash-go/leash/leashtest"
)

// TestMain fails the run if a test leaves a goroutine behind: Consume
// promises that nothing it started outlives it.
func TestMain(m *testing.M) {
	leashtest.Main(m)
}
