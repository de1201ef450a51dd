package otel_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math"
	"runtime"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/leash-go/leash"
	leashotel "github.com/leash-go/leash/contrib/otel"
	"github.com/leash-go/leash/leashtest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

func TestMain(m *testing.M) {
	// The leak checks leak goroutines on purpose, for the watcher to find.
	leashtest.Main(m, leashtest.IgnoreCreatedBy("github.com/leash-go/leash/contrib/otel_test.leakForWatcher"))
}

var errTask = errors.New("task failed")

// newObserver returns an Observer recording with provider, or fails tb.
func newObserver(tb testing.TB, provider metric.MeterProvider) *leashotel.Observer {
	tb.Helper()
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(provider))
	if err != nil {
		tb.Fatal(err)
	}
	return obs
}

// readable returns an Observer recording with the SDK, and the reader that
// collects what it records, as an exporter would.
func readable(tb testing.TB) (*leashotel.Observer, *sdkmetric.ManualReader) {
	tb.Helper()
	reader := sdkmetric.NewManualReader()
	return newObserver(tb, sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))), reader
}

// pause waits d, or until ctx ends and then returns its error.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// naturals yields 0, 1, 2, … until its consumer stops.
func naturals(yield func(int) bool) {
	for i := 0; yield(i); i++ {
	}
}

func firstN(n int) []int { return slices.Collect(take(naturals, n)) }

func take(seq iter.Seq[int], n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for v := range seq {
			if n == 0 || !yield(v) {
				return
			}
			n--
		}
	}
}

// workload runs, in a synctest bubble, calls whose counts and times are
// known, one pool each. TestReadAfterKnownWorkload holds the expectations;
// while each call is under way, underWay is called with the pool's limit and
// its number of calls without one.
func workload(t *testing.T, obs leash.Observer, underWay func(t *testing.T, pool string, limit, unlimited int64)) {
	ctx := context.Background()

	// resize: six tasks of 1 to 6ms three at a time, the fifth failing
	// without stopping the others. Each worker takes the next item when its
	// task ends: the fourth to sixth wait 1, 2 and 3ms.
	_, err := leash.Map(ctx, firstN(6), func(ctx context.Context, i int) (int, error) {
		if i == 0 {
			underWay(t, "resize", 3, 0)
		}
		time.Sleep(time.Duration(i+1) * time.Millisecond)
		if i == 4 {
			return 0, errTask
		}
		return i, nil
	}, leash.Limit(3), leash.CollectErrors(), leash.Name("resize"), leash.Observe(obs))
	if !errors.Is(err, errTask) {
		t.Errorf("resize: err = %v, want %v", err, errTask)
	}

	// notify: three calls side by side; one succeeds after 1ms, one panics
	// after 2ms, and the third, waiting on its context, gives up then.
	func() {
		defer func() {
			if _, ok := recover().(*leash.PanicError); !ok {
				t.Errorf("notify: the panic did not reach the caller as a *leash.PanicError")
			}
		}()
		g := leash.NewGroup(ctx, leash.Name("notify"), leash.Observe(obs))
		g.Go(func(ctx context.Context) error {
			underWay(t, "notify", 0, 1)
			time.Sleep(time.Millisecond)
			return nil
		})
		g.Go(func(ctx context.Context) error { time.Sleep(2 * time.Millisecond); panic("no template") })
		g.Go(func(ctx context.Context) error { return pause(ctx, time.Hour) })
		g.Wait()
	}()

	// index: two slots; a third TryGo finds them taken and is skipped.
	g := leash.NewGroup(ctx, leash.Limit(2), leash.Name("index"), leash.Observe(obs))
	for range 2 {
		if !g.TryGo(func(ctx context.Context) error { return pause(ctx, time.Millisecond) }) {
			t.Errorf("index: TryGo did not start a task with a free slot")
		}
	}
	if g.TryGo(func(ctx context.Context) error { return nil }) {
		t.Errorf("index: TryGo started a task beyond the limit")
	}
	underWay(t, "index", 2, 0)
	if err := g.Wait(); err != nil {
		t.Errorf("index: %v", err)
	}

	// export: three tasks of 10ms one at a time under a 25ms deadline; the
	// third fails at the deadline.
	dctx, cancel := context.WithTimeout(ctx, 25*time.Millisecond)
	defer cancel()
	err = leash.ForEach(dctx, firstN(3), func(ctx context.Context, i int) error {
		if i == 0 {
			underWay(t, "export", 1, 0)
		}
		return pause(ctx, 10*time.Millisecond)
	}, leash.Limit(1), leash.Name("export"), leash.Observe(obs))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("export: err = %v, want %v", err, context.DeadlineExceeded)
	}

	// feed: an endless sequence, one task at a time, of 1ms each; the
	// sixth item fails as it starts, at 5ms. The items read ahead of it are
	// skipped.
	err = leash.ForEachSeq(ctx, naturals, func(ctx context.Context, i int) error {
		if i == 0 {
			underWay(t, "feed", 1, 0)
		}
		if i == 5 {
			return errTask
		}
		return pause(ctx, time.Millisecond)
	}, leash.Limit(1), leash.Name("feed"), leash.Observe(obs))
	if !errors.Is(err, errTask) {
		t.Errorf("feed: err = %v, want %v", err, errTask)
	}
}

// pool is what a collection must show for one pool. The buckets are counts
// per bucket, not cumulative, as OpenTelemetry reports them: upper bound to
// count, for the buckets given.
type pool struct {
	started, skipped int64
	ended            map[string]int64 // by outcome; the others must have no data point
	durationSum      float64          // over every outcome
	waitSum          float64
	waitBuckets      map[float64]uint64
}

func TestReadAfterKnownWorkload(t *testing.T) {
	obs, reader := readable(t)
	synctest.Test(t, func(t *testing.T) {
		workload(t, obs, func(t *testing.T, pool string, limit, unlimited int64) {
			got := collect(t, reader)
			got.expectSum(t, "leash.pool.limit", limit, leashotel.PoolKey.String(pool))
			got.expectSum(t, "leash.pool.unlimited_calls", unlimited, leashotel.PoolKey.String(pool))
		})
	})
	got := collect(t, reader)

	const ms = 0.001
	for name, want := range map[string]pool{
		"resize": {started: 6, ended: map[string]int64{"succeeded": 5, "failed": 1},
			durationSum: (1 + 2 + 3 + 4 + 5 + 6) * ms,
			waitSum:     (1 + 2 + 3) * ms, waitBuckets: map[float64]uint64{0.0001: 3, 0.001: 1, 0.0025: 1, 0.005: 1}},
		"notify": {started: 3, ended: map[string]int64{"succeeded": 1, "panicked": 1, "canceled": 1},
			durationSum: (1 + 2 + 2) * ms, waitBuckets: map[float64]uint64{0.0001: 3}},
		"index": {started: 2, skipped: 1, ended: map[string]int64{"succeeded": 2}, durationSum: 2 * ms},
		"export": {started: 3, ended: map[string]int64{"succeeded": 2, "failed": 1},
			durationSum: (10 + 10 + 5) * ms, waitSum: (0 + 10 + 20) * ms,
			waitBuckets: map[float64]uint64{0.0001: 1, 0.01: 1, 0.025: 1}},
	} {
		got.expectPool(t, name, want)
	}
	// resize: the successes took 1, 2, 3, 4 and 6ms, the failure 5ms.
	resize := leashotel.PoolKey.String("resize")
	got.expectHistogram(t, "leash.task.duration", 5, (1+2+3+4+6)*ms, map[float64]uint64{0.001: 1, 0.0025: 1, 0.005: 2, 0.01: 1},
		resize, leashotel.OutcomeKey.String("succeeded"))
	got.expectHistogram(t, "leash.task.duration", 1, 5*ms, map[float64]uint64{0.005: 1},
		resize, leashotel.OutcomeKey.String("failed"))

	// feed: how far the sequence was read ahead is the stream's business;
	// the items read and not run must all be skipped (leash.task.count of
	// waiting tasks back to 0, which expectPool checks).
	feed := got.sum(t, "leash.task.skipped", leashotel.PoolKey.String("feed"))
	if feed < 1 {
		t.Errorf("feed: %d tasks skipped, want the items read ahead", feed)
	}
	got.expectPool(t, "feed", pool{started: 6, skipped: feed, ended: map[string]int64{"succeeded": 5, "failed": 1},
		durationSum: 5 * ms, waitSum: math.NaN()})
}

func TestReadWhileRunning(t *testing.T) {
	obs, reader := readable(t)
	started := make(chan int)
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- leash.ForEach(context.Background(), firstN(7), func(ctx context.Context, i int) error {
			started <- i
			<-release
			return nil
		}, leash.Limit(4), leash.Name("upload"), leash.Observe(obs))
	}()
	for range 4 {
		<-started
	}
	// Four run, three wait for them; the limit lets no other start.
	upload := leashotel.PoolKey.String("upload")
	got := collect(t, reader)
	got.expectSum(t, "leash.task.count", 4, upload, leashotel.StateKey.String("running"))
	got.expectSum(t, "leash.task.count", 3, upload, leashotel.StateKey.String("waiting"))
	got.expectSum(t, "leash.pool.limit", 4, upload)
	got.expectSum(t, "leash.pool.unlimited_calls", 0, upload)
	got.expectHistogram(t, "leash.task.wait_time", 4, math.NaN(), nil, upload)

	close(release)
	for range 3 {
		<-started
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got = collect(t, reader)
	got.expectSum(t, "leash.task.count", 0, upload, leashotel.StateKey.String("running"))
	got.expectSum(t, "leash.task.count", 0, upload, leashotel.StateKey.String("waiting"))
	got.expectSum(t, "leash.pool.limit", 0, upload)
	got.expectHistogram(t, "leash.task.wait_time", 7, math.NaN(), nil, upload)
	got.expectHistogram(t, "leash.task.duration", 7, math.NaN(), nil, upload, leashotel.OutcomeKey.String("succeeded"))
}

// TestLimitOfOverlappingCalls runs calls of one pool that overlap, with
// different limits and one without, and collects as they begin and end: the
// pool's limit is the sum of the limits of the calls under way, and the calls
// without one are counted apart.
func TestLimitOfOverlappingCalls(t *testing.T) {
	obs, reader := readable(t)
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		ended := make(chan error, 3)
		opts := []leash.Option{leash.Name("mirror"), leash.Observe(obs)}
		// Until 20ms: six items of 10ms, three at a time.
		go func() {
			ended <- leash.ForEachSeq(ctx, take(naturals, 6), func(ctx context.Context, i int) error {
				return pause(ctx, 10*time.Millisecond)
			}, append(opts, leash.Limit(3))...)
		}()
		// Until 30ms: two slots, two items of 30ms.
		go func() {
			_, err := leash.Map(ctx, firstN(2), func(ctx context.Context, i int) (int, error) {
				return i, pause(ctx, 30*time.Millisecond)
			}, append(opts, leash.Limit(2))...)
			ended <- err
		}()
		// Until 40ms: no limit, one task of 40ms.
		g := leash.NewGroup(ctx, opts...)
		g.Go(func(ctx context.Context) error { return pause(ctx, 40*time.Millisecond) })
		go func() { ended <- g.Wait() }()

		mirror := leashotel.PoolKey.String("mirror")
		for _, at := range []struct {
			ms                        time.Duration
			running, limit, unlimited int64
		}{
			{ms: 5, running: 3 + 2 + 1, limit: 3 + 2, unlimited: 1},
			{ms: 25, running: 2 + 1, limit: 2, unlimited: 1},
			{ms: 35, running: 1, limit: 0, unlimited: 1},
			{ms: 45, running: 0, limit: 0, unlimited: 0},
		} {
			time.Sleep(at.ms*time.Millisecond - time.Since(start))
			synctest.Wait()
			got := collect(t, reader)
			t.Logf("at %dms", at.ms)
			got.expectSum(t, "leash.task.count", at.running, mirror, leashotel.StateKey.String("running"))
			got.expectSum(t, "leash.pool.limit", at.limit, mirror)
			got.expectSum(t, "leash.pool.unlimited_calls", at.unlimited, mirror)
		}
		for range 3 {
			if err := <-ended; err != nil {
				t.Error(err)
			}
		}
	})
}

// TestDefaultLimit checks the limit of a call without leash.Limit, a range
// over MapSeq: GOMAXPROCS while the range runs, and nothing once the
// consumer breaks off.
func TestDefaultLimit(t *testing.T) {
	obs, reader := readable(t)
	encode := leashotel.PoolKey.String("encode")
	for v, err := range leash.MapSeq(context.Background(), naturals, func(ctx context.Context, i int) (int, error) {
		return i, nil
	}, leash.Name("encode"), leash.Observe(obs)) {
		if err != nil {
			t.Fatal(err)
		}
		if v == 10 {
			collect(t, reader).expectSum(t, "leash.pool.limit", int64(runtime.GOMAXPROCS(0)), encode)
			break
		}
	}
	got := collect(t, reader)
	got.expectSum(t, "leash.pool.limit", 0, encode)
	got.expectSum(t, "leash.task.count", 0, encode, leashotel.StateKey.String("running"))
	got.expectSum(t, "leash.task.count", 0, encode, leashotel.StateKey.String("waiting"))
}

// TestObserveIgnoresCallEvents gives call events to Observe itself, as an
// Observer that wraps this one without passing ForPool on would: without
// the limit of the call that ends, they must not count at all, rather than
// leave a limit behind.
func TestObserveIgnoresCallEvents(t *testing.T) {
	obs, reader := readable(t)
	p := leashotel.PoolKey.String("p")
	obs.Observe(leash.Event{Kind: leash.CallStarted, Pool: "p", Limit: 8})
	obs.Observe(leash.Event{Kind: leash.CallStarted, Pool: "p"})
	got := collect(t, reader)
	got.expectSum(t, "leash.pool.limit", 0, p)
	got.expectSum(t, "leash.pool.unlimited_calls", 0, p)
	obs.Observe(leash.Event{Kind: leash.CallEnded, Pool: "p"})
	collect(t, reader).expectSum(t, "leash.pool.limit", 0, p)
}

// TestConcurrentPools has many calls, some of the same pool, report at once
// to one Observer, each pool first seen by several goroutines at once, while
// a reader collects all along.
func TestConcurrentPools(t *testing.T) {
	const calls, pools, n = 12, 3, 150
	obs, reader := readable(t)
	stop, collecting := make(chan struct{}), make(chan error, 1)
	go func() {
		var err error
		for err == nil && !isClosed(stop) {
			err = reader.Collect(context.Background(), &metricdata.ResourceMetrics{})
		}
		collecting <- err
	}()
	err := leash.ForEach(context.Background(), firstN(calls), func(ctx context.Context, c int) error {
		leash.ForEach(ctx, firstN(n), func(ctx context.Context, i int) error {
			if i%5 == 0 {
				return errTask
			}
			return nil
		}, leash.Limit(2), leash.CollectErrors(), leash.Name(fmt.Sprint("pool-", c%pools)), leash.Observe(obs))
		return nil
	}, leash.Limit(calls))
	close(stop)
	if err := <-collecting; err != nil {
		t.Errorf("collecting during the calls: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, reader)
	for i := range pools {
		perPool := int64(calls / pools * n)
		got.expectPool(t, fmt.Sprint("pool-", i), pool{started: perPool,
			ended:       map[string]int64{"failed": perPool / 5, "succeeded": perPool * 4 / 5},
			durationSum: math.NaN(), waitSum: math.NaN()})
	}
}

func TestInstruments(t *testing.T) {
	obs, reader := readable(t)
	leash.ForEach(context.Background(), firstN(1), func(ctx context.Context, i int) error { return nil }, leash.Observe(obs))
	unnamed := attribute.NewSet(leashotel.PoolKey.String(""))
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	if len(rm.ScopeMetrics) != 1 || rm.ScopeMetrics[0].Scope.Name != leashotel.ScopeName {
		t.Fatalf("scopes %+v, want only %s", rm.ScopeMetrics, leashotel.ScopeName)
	}
	type instrument struct {
		unit      string
		kind      string
		monotonic bool
	}
	want := map[string]instrument{
		"leash.task.count":           {"{task}", "sum", false},
		"leash.task.skipped":         {"{task}", "sum", true},
		"leash.task.duration":        {"s", "histogram", false},
		"leash.task.wait_time":       {"s", "histogram", false},
		"leash.pool.limit":           {"{task}", "sum", false},
		"leash.pool.unlimited_calls": {"{call}", "sum", false},
	}
	for _, m := range rm.ScopeMetrics[0].Metrics {
		w, ok := want[m.Name]
		if !ok {
			t.Errorf("unexpected instrument %s", m.Name)
			continue
		}
		delete(want, m.Name)
		if m.Unit != w.unit || m.Description == "" {
			t.Errorf("%s: unit %q, description %q; want unit %q and a description", m.Name, m.Unit, m.Description, w.unit)
		}
		switch data := m.Data.(type) {
		case metricdata.Sum[int64]:
			if w.kind != "sum" || data.IsMonotonic != w.monotonic {
				t.Errorf("%s: a sum, monotonic %v; want a %s, monotonic %v", m.Name, data.IsMonotonic, w.kind, w.monotonic)
			}
			for _, dp := range data.DataPoints {
				if v, _ := dp.Attributes.Value(leashotel.PoolKey); !dp.Attributes.HasValue(leashotel.PoolKey) || v.AsString() != "" {
					t.Errorf("%s: attributes %v, want leash.pool=\"\" for a call without a name", m.Name, dp.Attributes.ToSlice())
				}
			}
		case metricdata.Histogram[float64]:
			if w.kind != "histogram" {
				t.Errorf("%s: a histogram, want a %s", m.Name, w.kind)
			}
			for _, dp := range data.DataPoints {
				if !slices.Equal(dp.Bounds, defaultBounds) {
					t.Errorf("%s: bounds %v, want %v", m.Name, dp.Bounds, defaultBounds)
				}
				if m.Name == "leash.task.wait_time" && !dp.Attributes.Equals(&unnamed) {
					t.Errorf("%s: attributes %v, want only leash.pool=\"\"", m.Name, dp.Attributes.ToSlice())
				}
			}
		default:
			t.Errorf("%s: data of type %T", m.Name, m.Data)
		}
	}
	for name := range want {
		t.Errorf("instrument %s missing", name)
	}
}

// defaultBounds are the boundaries the Observer's histograms advise.
var defaultBounds = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// TestViewChangesBuckets checks that the advised boundaries are only
// advice: a View of the SDK wins.
func TestViewChangesBuckets(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	view := sdkmetric.NewView(sdkmetric.Instrument{Name: "leash.task.duration"}, sdkmetric.Stream{
		Aggregation: sdkmetric.AggregationExplicitBucketHistogram{Boundaries: []float64{1, 10}},
	})
	obs := newObserver(t, sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader), sdkmetric.WithView(view)))
	obs.Observe(leash.Event{Kind: leash.TaskEnded, Pool: "p", Tasks: 1, Run: 5 * time.Second})
	h, _ := collect(t, reader).histogram(t, "leash.task.duration", leashotel.PoolKey.String("p"), leashotel.OutcomeKey.String("succeeded"))
	if !slices.Equal(h.Bounds, []float64{1, 10}) || !slices.Equal(h.BucketCounts, []uint64{0, 1, 0}) {
		t.Errorf("bounds %v, counts %v; want [1 10] and [0 1 0]", h.Bounds, h.BucketCounts)
	}
}

func TestGlobalProviderByDefault(t *testing.T) {
	// Without WithMeterProvider the Observer uses the global provider, a
	// no-op here: observing must work and cost nothing.
	obs, err := leashotel.NewObserver()
	if err != nil {
		t.Fatal(err)
	}
	if err := leash.ForEach(context.Background(), firstN(10), func(ctx context.Context, i int) error { return nil }, leash.Observe(obs)); err != nil {
		t.Fatal(err)
	}
}

// failingMeter cannot make counters.
type failingMeter struct{ noop.Meter }

var errMeter = errors.New("no counters here")

func (failingMeter) Int64Counter(string, ...metric.Int64CounterOption) (metric.Int64Counter, error) {
	return noop.Int64Counter{}, errMeter
}

type failingProvider struct{ noop.MeterProvider }

func (failingProvider) Meter(string, ...metric.MeterOption) metric.Meter { return failingMeter{} }

func TestMeterErrorsAreReturned(t *testing.T) {
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(failingProvider{}))
	if !errors.Is(err, errMeter) || obs != nil {
		t.Fatalf("NewObserver = %v, %v; want nil and the meter's error", obs, err)
	}
}

func TestOptionMisuse(t *testing.T) {
	for what, f := range map[string]func(){
		"nil option":   func() { leashotel.NewObserver(nil) },
		"nil provider": func() { leashotel.WithMeterProvider(nil) },
	} {
		msg := panicMessage(f)
		if msg == "" {
			t.Errorf("%s: no panic", what)
			continue
		}
		t.Logf("%s: %s", what, msg)
	}
}

// callObserver keeps what ForPool returns, as leash does.
var callObserver leash.Observer

// TestObserveAllocatesNothing checks the events of a call, through the
// observer ForPool returns as leash uses it, and through Observe.
func TestObserveAllocatesNothing(t *testing.T) {
	for name, provider := range map[string]metric.MeterProvider{
		"noop": noop.NewMeterProvider(),
		"sdk":  sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader())),
	} {
		obs := newObserver(t, provider)
		call := obs.ForPool("p")
		events := []leash.Event{
			{Kind: leash.CallStarted, Pool: "p", Limit: 4},
			{Kind: leash.TaskQueued, Pool: "p", Tasks: 2},
			{Kind: leash.TaskStarted, Pool: "p", Tasks: 1, Wait: time.Millisecond},
			{Kind: leash.TaskEnded, Pool: "p", Tasks: 1, Run: time.Millisecond},
			{Kind: leash.TaskStarted, Pool: "p", Tasks: 1},
			{Kind: leash.TaskEnded, Pool: "p", Tasks: 1, Err: context.Canceled},
			{Kind: leash.TaskPanicked, Pool: "p", Tasks: 1, Value: "boom"},
			{Kind: leash.TaskSkipped, Pool: "p", Tasks: 3},
			{Kind: leash.CallEnded, Pool: "p"},
		}
		for _, e := range events {
			call.Observe(e) // the first measurements of an attribute set may allocate in the SDK
		}
		for _, e := range events {
			if n := testing.AllocsPerRun(100, func() { call.Observe(e) }); n != 0 {
				t.Errorf("%s: the call's observer allocates %v times for a %v event", name, n, e.Kind)
			}
			if n := testing.AllocsPerRun(100, func() { obs.Observe(e) }); n != 0 {
				t.Errorf("%s: Observe(%v event) allocates %v times", name, e.Kind, n)
			}
		}
		if n := testing.AllocsPerRun(100, func() { callObserver = obs.ForPool("p") }); n != 1 {
			t.Errorf("%s: ForPool of a pool seen before allocates %v times, want once: the call's observer", name, n)
		}
	}
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	f()
	return ""
}

// collected is one collection of the Observer's metrics, by instrument.
type collected map[string]metricdata.Aggregation

// collect reads what the SDK holds through reader, as an exporter does.
func collect(t *testing.T, reader *sdkmetric.ManualReader) collected {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	c := collected{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name == leashotel.ScopeName {
			for _, m := range sm.Metrics {
				c[m.Name] = m.Data
			}
		}
	}
	return c
}

// sum returns the value of a counter's data point with exactly attrs. Every
// count of a pool that has been seen must have one, if only at 0.
func (c collected) sum(t *testing.T, name string, attrs ...attribute.KeyValue) int64 {
	t.Helper()
	s, ok := c[name].(metricdata.Sum[int64])
	if !ok {
		t.Fatalf("%s is %T, not an int64 sum", name, c[name])
	}
	want := attribute.NewSet(attrs...)
	for _, dp := range s.DataPoints {
		if dp.Attributes.Equals(&want) {
			return dp.Value
		}
	}
	t.Fatalf("%s has no data point with %v", name, attrs)
	return 0
}

func (c collected) expectSum(t *testing.T, name string, want int64, attrs ...attribute.KeyValue) {
	t.Helper()
	if got := c.sum(t, name, attrs...); got != want {
		t.Errorf("%s%v = %d, want %d", name, attrs, got, want)
	}
}

// histogram returns the data point of a histogram with exactly attrs, and
// whether there is one.
func (c collected) histogram(t *testing.T, name string, attrs ...attribute.KeyValue) (metricdata.HistogramDataPoint[float64], bool) {
	t.Helper()
	h, ok := c[name].(metricdata.Histogram[float64])
	if !ok {
		t.Fatalf("%s is %T, not a float64 histogram", name, c[name])
	}
	want := attribute.NewSet(attrs...)
	for _, dp := range h.DataPoints {
		if dp.Attributes.Equals(&want) {
			return dp, true
		}
	}
	return metricdata.HistogramDataPoint[float64]{}, false
}

// expectHistogram checks the count of a histogram's data point with
// exactly attrs, its sum (unless NaN) to the nanosecond, and the counts of
// the buckets given. A count of 0 means no data point.
func (c collected) expectHistogram(t *testing.T, name string, count int64, sum float64, buckets map[float64]uint64, attrs ...attribute.KeyValue) {
	t.Helper()
	h, ok := c.histogram(t, name, attrs...)
	if !ok {
		if count != 0 {
			t.Errorf("%s%v: no data point, want %d recorded", name, attrs, count)
		}
		return
	}
	if h.Count != uint64(count) {
		t.Errorf("%s%v: %d recorded, want %d", name, attrs, h.Count, count)
	}
	if !math.IsNaN(sum) && math.Abs(h.Sum-sum) > 1e-9 {
		t.Errorf("%s%v: sum %v, want %v", name, attrs, h.Sum, sum)
	}
	for bound, want := range buckets {
		i := slices.Index(h.Bounds, bound)
		if i < 0 || h.BucketCounts[i] != want {
			t.Errorf("%s%v: bounds %v, counts %v; want %d in the bucket up to %v", name, attrs, h.Bounds, h.BucketCounts, want, bound)
		}
	}
}

// expectPool checks everything recorded for the pool called name, once
// every task has ended.
func (c collected) expectPool(t *testing.T, name string, want pool) {
	t.Helper()
	p := leashotel.PoolKey.String(name)
	c.expectSum(t, "leash.task.count", 0, p, leashotel.StateKey.String("running"))
	c.expectSum(t, "leash.task.count", 0, p, leashotel.StateKey.String("waiting"))
	c.expectSum(t, "leash.pool.limit", 0, p)
	c.expectSum(t, "leash.pool.unlimited_calls", 0, p)
	c.expectSum(t, "leash.task.skipped", want.skipped, p)
	c.expectHistogram(t, "leash.task.wait_time", want.started, want.waitSum, want.waitBuckets, p)
	var ended int64
	var sum float64
	for _, outcome := range []string{"succeeded", "failed", "canceled", "panicked"} {
		n := want.ended[outcome]
		ended += n
		c.expectHistogram(t, "leash.task.duration", n, math.NaN(), nil, p, leashotel.OutcomeKey.String(outcome))
		h, _ := c.histogram(t, "leash.task.duration", p, leashotel.OutcomeKey.String(outcome))
		sum += h.Sum
	}
	if ended != want.started {
		t.Errorf("%s: expects %d tasks started and %d ended", name, want.started, ended) // a mistake in the test
	}
	if !math.IsNaN(want.durationSum) && math.Abs(sum-want.durationSum) > 1e-9 {
		t.Errorf("%s: durations add up to %v, want %v", name, sum, want.durationSum)
	}
}
