package bench

import (
	"testing"

	"github.com/leash-go/leash/leashtest"
)

// TestMain fails the run if an implementation leaves a goroutine behind:
// each builds and tears down its own pool, group or pipeline per call.
func TestMain(m *testing.M) { leashtest.Main(m) }
