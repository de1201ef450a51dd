package leashtest

import (
	"fmt"
	"slices"
	"time"
)

// An Option changes how Check and Main look for leaked goroutines.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// DefaultGrace is how long a goroutine that the runtime cannot prove blocked
// forever may outlive its test before it is reported as lingering. Goroutines that a
// test stops on its way out (a server's Close, a cancelled context) usually
// exit within microseconds; the margin absorbs a loaded CI machine. A clean
// test never waits for it, and a goroutine proven leaked is reported without
// waiting for it.
const DefaultGrace = 250 * time.Millisecond

type config struct {
	grace          time.Duration
	allowLingering bool
	ignoreTop      []string
	ignoreAny      []string
	ignoreCreated  []string
}

// Process-wide services of the standard library that start on first use,
// possibly from a test, and live until the process exits. The slices are
// full, so that appending to them copies.
var (
	defaultIgnoreTop     = slices.Clip([]string{"os/signal.signal_recv", "os/signal.loop"})
	defaultIgnoreAny     = slices.Clip([]string{"runtime.ReadTrace"})
	defaultIgnoreCreated = slices.Clip([]string{"runtime.ensureSigM"})
)

func newConfig(opts []Option) *config {
	c := &config{
		grace:         DefaultGrace,
		ignoreTop:     defaultIgnoreTop,
		ignoreAny:     defaultIgnoreAny,
		ignoreCreated: defaultIgnoreCreated,
	}
	for _, o := range opts {
		if o == nil {
			panic("leashtest: nil Option")
		}
		o.apply(c)
	}
	return c
}

// Grace sets how long a goroutine may outlive its test before it is reported
// as lingering (default DefaultGrace). The check never waits past the test's
// deadline (go test -timeout): it keeps a margin to report before the test
// binary is killed. Grace(0) reports every goroutine still alive when the
// test ends.
//
// The grace period only applies to goroutines the runtime cannot prove
// blocked forever; proven leaks are reported at once.
func Grace(d time.Duration) Option {
	if d < 0 {
		panic(fmt.Sprintf("leashtest: Grace(%v): the grace period must not be negative", d))
	}
	return optionFunc(func(c *config) { c.grace = d })
}

// AllowLingering logs goroutines still running after the grace period instead
// of failing the test, and fails only for goroutines the runtime proves
// blocked forever. Use it for tests whose goroutines legitimately take long to
// stop. Where the runtime has no leak profile (Go 1.26 without
// GOEXPERIMENT=goroutineleakprofile), such a test never fails for a leak.
func AllowLingering() Option {
	return optionFunc(func(c *config) { c.allowLingering = true })
}

// IgnoreTopFunction ignores goroutines whose innermost frame, where they are
// blocked, is in the function f. f is the fully qualified name as a stack
// trace prints it: "net/http.(*persistConn).readLoop",
// "example.com/cache.(*Cache).janitor".
func IgnoreTopFunction(f string) Option {
	mustName("IgnoreTopFunction", f)
	return optionFunc(func(c *config) { c.ignoreTop = append(c.ignoreTop, f) })
}

// IgnoreAnyFunction ignores goroutines with the function f anywhere in
// their stack. f is the fully qualified name as a stack trace prints it.
func IgnoreAnyFunction(f string) Option {
	mustName("IgnoreAnyFunction", f)
	return optionFunc(func(c *config) { c.ignoreAny = append(c.ignoreAny, f) })
}

// IgnoreCreatedBy ignores goroutines started by a go statement in the
// function f: the "created by" line of their stack trace. f is the fully
// qualified name as a stack trace prints it:
// "example.com/pool.(*Pool).spawn".
func IgnoreCreatedBy(f string) Option {
	mustName("IgnoreCreatedBy", f)
	return optionFunc(func(c *config) { c.ignoreCreated = append(c.ignoreCreated, f) })
}

func mustName(option, f string) {
	if f == "" {
		panic("leashtest: " + option + ": empty function name; pass a fully qualified name such as \"example.com/pkg.(*T).Method\"")
	}
}

// ignored reports whether the options exclude g from the check.
func (c *config) ignored(g *goroutine) bool {
	if slices.Contains(c.ignoreTop, g.Top().Function) {
		return true
	}
	if slices.Contains(c.ignoreCreated, g.Creator.Function) {
		return true
	}
	for _, f := range g.Frames {
		if slices.Contains(c.ignoreAny, f.Function) {
			return true
		}
	}
	return false
}
