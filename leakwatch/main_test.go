package leakwatch

import (
	"testing"

	"github.com/leash-go/leash/leashtest"
)

// The goroutines the fixtures leak on purpose are the only ones a test may
// leave behind.
func TestMain(m *testing.M) {
	var opts []leashtest.Option
	for _, k := range kinds {
		opts = append(opts, leashtest.IgnoreCreatedBy(fixturePackage+"."+fixtureName(k.blockedIn)))
	}
	for _, fixture := range []string{"leakTwinA", "leakTwinB", "leakBareMutex"} {
		opts = append(opts, leashtest.IgnoreCreatedBy(fixturePackage+"."+fixture))
	}
	leashtest.Main(m, opts...)
}

const fixturePackage = "github.com/leash-go/leash/leakwatch"

// fixtureName returns the fixture function whose closure is fn: leakSend of
// leakSend.func1.
func fixtureName(fn string) string {
	for i := range len(fn) {
		if fn[i] == '.' {
			return fn[:i]
		}
	}
	return fn
}
