package leashtest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leash-go/leash/leashtest/internal/faket"
)

// leakInNamedFunctions starts a goroutine that runs hasInBetween, which
// blocks in blockedHere until ch is closed.
func leakInNamedFunctions(ch <-chan struct{}) { go hasInBetween(ch) }
func hasInBetween(ch <-chan struct{})         { blockedHere(ch) }
func blockedHere(ch <-chan struct{})          { <-ch }

func TestIgnoreOptions(t *testing.T) {
	const pkg = "github.com/leash-go/leash/leashtest."
	cases := []struct {
		name    string
		opt     Option
		ignored bool
	}{
		{"IgnoreTopFunction on the top frame", IgnoreTopFunction(pkg + "blockedHere"), true},
		{"IgnoreTopFunction on another frame", IgnoreTopFunction(pkg + "hasInBetween"), false},
		{"IgnoreAnyFunction on the top frame", IgnoreAnyFunction(pkg + "blockedHere"), true},
		{"IgnoreAnyFunction on another frame", IgnoreAnyFunction(pkg + "hasInBetween"), true},
		{"IgnoreAnyFunction on no frame", IgnoreAnyFunction(pkg + "leakInNamedFunctions.other"), false},
		{"IgnoreCreatedBy on the creator", IgnoreCreatedBy(pkg + "leakInNamedFunctions"), true},
		{"IgnoreCreatedBy on a frame", IgnoreCreatedBy(pkg + "hasInBetween"), false},
		{"IgnoreTopFunction on a name prefix", IgnoreTopFunction(pkg + "blocked"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ch, release := blockOnGlobal()
			defer release()
			f := faket.Run(t, "TestIgnore", func(t *faket.T) {
				Check(t, tc.opt, Grace(shortGrace))
				leakInNamedFunctions(ch)
			})
			if f.Failed() == tc.ignored {
				t.Errorf("failed: %v, want %v:\n%s", f.Failed(), !tc.ignored, f.Report())
			}
		})
	}
}

func TestAllowLingering(t *testing.T) {
	ch, release := blockOnGlobal()
	defer release()
	f := faket.Run(t, "TestSlow", func(t *faket.T) {
		Check(t, AllowLingering(), Grace(shortGrace))
		go func() { <-ch }()
	})
	if f.Failed() {
		t.Errorf("a lingering goroutine failed the test with AllowLingering:\n%s", f.Report())
	}
	if !strings.Contains(f.Logs(), "1 goroutine [chan receive]: lingering") {
		t.Errorf("the lingering goroutine was not logged:\n%s", f.Logs())
	}

	if leakProfile == nil {
		return // nothing can be proven
	}
	f = faket.Run(t, "TestStuck", func(t *faket.T) {
		Check(t, AllowLingering(), Grace(shortGrace))
		//leash:ignore blockingsend a deliberate leak, for the check under test to find
		go func() { dead := make(chan int); <-dead }()
	})
	if !strings.Contains(f.Report(), "1 goroutine [chan receive]: leaked") {
		t.Errorf("a proven leak did not fail the test with AllowLingering:\n%s", f.Report())
	}
}

func TestOptionMisuse(t *testing.T) {
	cases := map[string]struct {
		call func()
		want string
	}{
		"negative grace":      {func() { Grace(-time.Second) }, "must not be negative"},
		"empty top function":  {func() { IgnoreTopFunction("") }, "IgnoreTopFunction: empty function name"},
		"empty any function":  {func() { IgnoreAnyFunction("") }, "IgnoreAnyFunction: empty function name"},
		"empty creator":       {func() { IgnoreCreatedBy("") }, "IgnoreCreatedBy: empty function name"},
		"nil option to Check": {func() { Check(t, nil) }, "nil Option"},
		"nil testing.M":       {func() { Main(nil) }, "Main(nil)"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("panicked with %v, want a message with %q", r, tc.want)
				}
			}()
			tc.call()
		})
	}
}
