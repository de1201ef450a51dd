package goroutines_test

import (
	"testing"

	"github.com/leash-go/leash/leashtest"
)

// TestMain fails the run if a test leaves a goroutine behind: the parser's
// tests start goroutines to read what this runtime prints.
func TestMain(m *testing.M) { leashtest.Main(m) }
