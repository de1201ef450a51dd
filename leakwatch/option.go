package leakwatch

import (
	"fmt"
	"log/slog"
	"time"
)

// An Option changes how a Watcher checks and what it tells.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	interval time.Duration // 0: the default, stretched to the checks' cost
	onLeak   []func(Leak)
	onCheck  []func(Report, time.Duration)
	logger   *slog.Logger
	suspect  suspicion
}

func newConfig(opts []Option) config {
	c := config{suspect: defaultSuspicion}
	for _, o := range opts {
		if o == nil {
			panic("leakwatch: nil Option: pass options such as leakwatch.Interval(time.Minute), or none")
		}
		o.apply(&c)
	}
	return c
}

// Interval makes the Watcher check every d, whatever a check costs. Without
// it, the Watcher checks every DefaultInterval, or less often if checks are
// slow (see DefaultInterval). Interval panics if d is not positive.
func Interval(d time.Duration) Option {
	if d <= 0 {
		panic(fmt.Sprintf("leakwatch: Interval(%v): the interval must be positive", d))
	}
	return optionFunc(func(c *config) { c.interval = d })
}

// OnLeak calls hook, from the goroutine running the Watcher, for every site
// a check finds for the first time, and again each time the site has more
// goroutines than when hook was last called for it: a site that leaks one
// more goroutine per request calls it at every check until fixed, a site
// whose count only goes up and down does not. Leak.Reported is 0 for a new
// site, and otherwise the count hook was last called with.
//
// The next check waits for hook to return: send the leak on, to an alert or
// a log, rather than work on it there. Given several times, every hook is
// called, in order.
func OnLeak(hook func(Leak)) Option {
	if hook == nil {
		panic("leakwatch: OnLeak(nil): pass a function, or leave the option out")
	}
	return optionFunc(func(c *config) { c.onLeak = append(c.onLeak, hook) })
}

// OnCheck calls hook, from the goroutine running the Watcher, after each
// check with its report and how long it took: what metrics exporters count
// (see the contrib modules for Prometheus and OpenTelemetry). A check that
// fails (its context ended) is not reported. Given several times, every hook
// is called, in order.
func OnCheck(hook func(r Report, took time.Duration)) Option {
	if hook == nil {
		panic("leakwatch: OnCheck(nil): pass a function, or leave the option out")
	}
	return optionFunc(func(c *config) { c.onCheck = append(c.onCheck, hook) })
}

// Logger makes the Watcher log through l: a warning for each new or growing
// site, when OnLeak hooks are called, an error for a check that fails, and
// each check at debug level. Without it, the Watcher logs nothing.
func Logger(l *slog.Logger) Option {
	if l == nil {
		panic("leakwatch: Logger(nil): pass a *slog.Logger, or leave the option out")
	}
	return optionFunc(func(c *config) { c.logger = l })
}

// Suspect sets when a site is suspected of leaking where the runtime cannot
// prove leaks (Go 1.26 without GOEXPERIMENT=goroutineleakprofile): at least
// goroutines goroutines blocked there, each for at least after. The runtime
// counts blocked time in whole minutes. The defaults are
// DefaultSuspectGoroutines and DefaultSuspectAfter; where the runtime proves
// leaks, Suspect changes nothing. Suspect panics if goroutines is below 1 or
// after below a minute.
func Suspect(goroutines int, after time.Duration) Option {
	if goroutines < 1 || after < time.Minute {
		panic(fmt.Sprintf("leakwatch: Suspect(%d, %v): a site needs at least 1 goroutine, blocked at least a minute (the runtime counts whole minutes)", goroutines, after))
	}
	return optionFunc(func(c *config) { c.suspect = suspicion{min: goroutines, after: after} })
}
