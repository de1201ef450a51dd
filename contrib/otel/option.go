package otel

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
)

// An Option changes where an Observer records.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	provider metric.MeterProvider
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o == nil {
			panic("leash/contrib/otel: nil Option: pass options such as WithMeterProvider(provider), or none")
		}
		o.apply(&c)
	}
	if c.provider == nil {
		c.provider = otel.GetMeterProvider()
	}
	return c
}

// WithMeterProvider makes the Observer record with a meter of provider
// instead of the global MeterProvider (otel.GetMeterProvider), which is a
// no-op until the program sets one.
func WithMeterProvider(provider metric.MeterProvider) Option {
	if provider == nil {
		panic("leash/contrib/otel: WithMeterProvider(nil): pass a MeterProvider, or leave the option out for the global one")
	}
	return optionFunc(func(c *config) { c.provider = provider })
}
