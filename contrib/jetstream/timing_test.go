package jetstream

import (
	"testing"
	"time"

	natsjs "github.com/nats-io/nats.go/jetstream"
)

func TestTiming(t *testing.T) {
	s := time.Second
	for _, tc := range []struct {
		name      string
		consumer  natsjs.ConsumerConfig
		opts      []Option
		delivered uint64
		retry     time.Duration
		progress  time.Duration
		last      bool
	}{
		{"defaults", natsjs.ConsumerConfig{}, nil, 1, s, 10 * s, false},
		{"default backoff doubles", natsjs.ConsumerConfig{}, nil, 3, 4 * s, 10 * s, false},
		{"default backoff stops at a minute", natsjs.ConsumerConfig{}, nil, 40, time.Minute, 10 * s, false},
		{"AckWait", natsjs.ConsumerConfig{AckWait: 3 * s, MaxDeliver: 5}, nil, 4, 8 * s, s, false},
		{"last delivery", natsjs.ConsumerConfig{MaxDeliver: 5}, nil, 5, 16 * s, 10 * s, true},
		{"no limit", natsjs.ConsumerConfig{MaxDeliver: -1}, nil, 1000, time.Minute, 10 * s, false},
		{"consumer BackOff", natsjs.ConsumerConfig{AckWait: 3 * s, BackOff: []time.Duration{3 * s, 6 * s}}, nil, 2, 6 * s, 2 * s, false},
		{"consumer BackOff past its end", natsjs.ConsumerConfig{BackOff: []time.Duration{3 * s, 6 * s}}, nil, 9, 6 * s, 2 * s, false},
		{"Backoff option", natsjs.ConsumerConfig{BackOff: []time.Duration{3 * s}}, []Option{Backoff(s, 5*s)}, 7, 5 * s, s, false},
		{"tiny AckWait", natsjs.ConsumerConfig{AckWait: time.Microsecond}, nil, 1, s, time.Millisecond, false},
	} {
		tm := newTiming(tc.consumer, newConfig(tc.opts))
		if got := tm.retryDelay(tc.delivered); got != tc.retry {
			t.Errorf("%s: retryDelay(%d) = %v, want %v", tc.name, tc.delivered, got, tc.retry)
		}
		if got := tm.progressEvery(tc.delivered); got != tc.progress {
			t.Errorf("%s: progressEvery(%d) = %v, want %v", tc.name, tc.delivered, got, tc.progress)
		}
		if got := tm.last(tc.delivered); got != tc.last {
			t.Errorf("%s: last(%d) = %v, want %v", tc.name, tc.delivered, got, tc.last)
		}
	}
}
