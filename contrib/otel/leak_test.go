package otel_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	leashotel "github.com/leash-go/leash/contrib/otel"
	"github.com/leash-go/leash/leakwatch"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// leakForWatcher leaks n goroutines, blocked forever on channels nothing
// else references, for a Watcher to find.
func leakForWatcher(n int) {
	for range n {
		go func() {
			ch := make(chan int)
			ch <- 1
		}()
	}
}

// readableLeaks returns a LeakObserver recording with the SDK, and the
// reader that collects what it records.
func readableLeaks(t *testing.T) (*leashotel.LeakObserver, *sdkmetric.ManualReader) {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	obs, err := leashotel.NewLeakObserver(leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		t.Fatal(err)
	}
	return obs, reader
}

func siteAttrs(s leakwatch.Site, proven bool) []attribute.KeyValue {
	return []attribute.KeyValue{
		attribute.String("leash.leak.created_by", s.CreatedBy),
		attribute.String("leash.leak.created_at", s.CreatedAt),
		attribute.String("leash.leak.blocked_in", s.BlockedIn),
		attribute.String("leash.leak.blocked_at", s.BlockedAt),
		attribute.String("leash.leak.state", s.State),
		attribute.Bool("leash.leak.proven", proven),
	}
}

// gauge returns the gauge's data points by their attributes.
func (c collected) gauge(t *testing.T, name string) map[attribute.Distinct]int64 {
	t.Helper()
	g, ok := c[name].(metricdata.Gauge[int64])
	if !ok {
		if c[name] == nil {
			return nil
		}
		t.Fatalf("%s is %T, not an int64 gauge", name, c[name])
	}
	points := map[attribute.Distinct]int64{}
	for _, dp := range g.DataPoints {
		points[dp.Attributes.Equivalent()] = dp.Value
	}
	return points
}

func distinct(attrs []attribute.KeyValue) attribute.Distinct {
	s := attribute.NewSet(attrs...)
	return s.Equivalent()
}

// A Watcher's checks, read from a real SDK reader: a data point for each
// site of the latest check, with the count the check found; the checks run
// and how long they took.
func TestLeakObserverRead(t *testing.T) {
	obs, reader := readableLeaks(t)
	leakForWatcher(3)
	time.Sleep(10 * time.Millisecond) // let them block

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var mu sync.Mutex
	var reports []leakwatch.Report
	sum := 0.0
	w := leakwatch.New(leakwatch.Interval(time.Millisecond), leakwatch.OnCheck(obs.ObserveCheck),
		leakwatch.OnCheck(func(r leakwatch.Report, d time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			reports = append(reports, r)
			sum += d.Seconds()
			if len(reports) == 3 {
				cancel()
			}
		}))
	w.Run(ctx)

	got := collect(t, reader)
	last := reports[len(reports)-1]
	got.expectHistogram(t, "leash.leak.check.duration", 3, sum, nil, attribute.Bool("leash.leak.proven", last.Proven))
	points := got.gauge(t, "leash.goroutine.leaked")
	if len(points) != len(last.Sites) {
		t.Errorf("%d data points of leaked goroutines, %d sites at the latest check", len(points), len(last.Sites))
	}
	found := false
	for _, s := range last.Sites {
		if n, ok := points[distinct(siteAttrs(s, last.Proven))]; !ok || n != int64(s.Count) {
			t.Errorf("site %s: %d goroutines recorded (present: %v), %d found", s.BlockedAt, n, ok, s.Count)
		}
		if strings.HasSuffix(s.BlockedIn, "otel_test.leakForWatcher.func1") {
			found = s.Count >= 3 && s.State == "chan send"
		}
	}
	if last.Proven != found {
		t.Errorf("the leaks of the test found: %v; the report proven: %v. Sites: %+v", found, last.Proven, last.Sites)
	}
}

// The data points are those of the latest check: a site gone since has none.
func TestLeakObserverFollowsTheLatestCheck(t *testing.T) {
	obs, reader := readableLeaks(t)
	a := leakwatch.Site{CreatedBy: "example.com/p.serve", CreatedAt: "/src/p.go:10", BlockedIn: "example.com/p.serve.func1", BlockedAt: "/src/p.go:12", State: "chan send", Count: 7}
	b := leakwatch.Site{CreatedBy: "example.com/p.index", CreatedAt: "/src/q.go:3", BlockedIn: "example.com/p.index", BlockedAt: "/src/q.go:9", State: "sync.WaitGroup.Wait", Count: 2}
	obs.ObserveCheck(leakwatch.Report{Sites: []leakwatch.Site{a, b}}, 30*time.Millisecond)
	points := collect(t, reader).gauge(t, "leash.goroutine.leaked")
	if points[distinct(siteAttrs(a, false))] != 7 || points[distinct(siteAttrs(b, false))] != 2 || len(points) != 2 {
		t.Errorf("after the first check: %v", points)
	}
	a.Count = 11
	obs.ObserveCheck(leakwatch.Report{Sites: []leakwatch.Site{a}}, 2*time.Second)
	got := collect(t, reader)
	points = got.gauge(t, "leash.goroutine.leaked")
	if points[distinct(siteAttrs(a, false))] != 11 || len(points) != 1 {
		t.Errorf("after the second check: %v", points)
	}
	got.expectHistogram(t, "leash.leak.check.duration", 2, 2.03, map[float64]uint64{0.05: 1, 2.5: 1}, attribute.Bool("leash.leak.proven", false))
}
