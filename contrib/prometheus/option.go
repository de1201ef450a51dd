package prometheus

import (
	"fmt"
	"slices"

	"github.com/leash-go/leash/contrib/internal/taskstat"
)

// An Option changes the metrics an Observer exports.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	namespace, subsystem string
	durationBuckets      []float64
	waitBuckets          []float64
}

func newConfig(opts []Option) config {
	c := config{durationBuckets: taskstat.Buckets(), waitBuckets: taskstat.Buckets()}
	for _, o := range opts {
		if o == nil {
			panic("leash/contrib/prometheus: nil Option: pass options such as Namespace(\"myapp\"), or none")
		}
		o.apply(&c)
	}
	return c
}

// Namespace puts namespace and an underscore in front of every metric's
// name, as prometheus.Opts.Namespace does: with Namespace("myapp"),
// leash_tasks_in_flight becomes myapp_leash_tasks_in_flight.
func Namespace(namespace string) Option {
	return optionFunc(func(c *config) { c.namespace = namespace })
}

// Subsystem puts subsystem and an underscore in front of every metric's
// name, after the Namespace, as prometheus.Opts.Subsystem does.
func Subsystem(subsystem string) Option {
	return optionFunc(func(c *config) { c.subsystem = subsystem })
}

// DurationBuckets sets the upper bounds, in seconds, of the buckets of the
// task duration histogram (leash_task_duration_seconds). The default spans
// 100µs to 60s: 0.0001, 0.00025, 0.0005, 0.001, …, 10, 30, 60. Bounds must
// be strictly increasing; DurationBuckets panics otherwise.
func DurationBuckets(bounds ...float64) Option {
	bounds = checkBuckets("DurationBuckets", bounds)
	return optionFunc(func(c *config) { c.durationBuckets = bounds })
}

// WaitBuckets sets the upper bounds, in seconds, of the buckets of the
// histogram of the time tasks wait for a slot (leash_task_wait_seconds). The
// default is that of DurationBuckets. Bounds must be strictly increasing;
// WaitBuckets panics otherwise.
func WaitBuckets(bounds ...float64) Option {
	bounds = checkBuckets("WaitBuckets", bounds)
	return optionFunc(func(c *config) { c.waitBuckets = bounds })
}

// checkBuckets panics when bounds cannot be a histogram's buckets, now
// rather than on a pool's first event, in whichever goroutine runs the task.
// It returns a copy the caller cannot change afterwards.
func checkBuckets(option string, bounds []float64) []float64 {
	if len(bounds) == 0 {
		panic(fmt.Sprintf("leash/contrib/prometheus: %s(): pass at least one upper bound, or leave the option out for the default", option))
	}
	for i := 1; i < len(bounds); i++ {
		if !(bounds[i-1] < bounds[i]) {
			panic(fmt.Sprintf("leash/contrib/prometheus: %s%v: bounds must be strictly increasing", option, bounds))
		}
	}
	return slices.Clone(bounds)
}
