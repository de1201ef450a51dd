package prometheus_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/leash-go/leash"
	leashprom "github.com/leash-go/leash/contrib/prometheus"
	"github.com/leash-go/leash/leashtest"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func TestMain(m *testing.M) {
	// The leak checks leak goroutines on purpose, for the watcher to find.
	leashtest.Main(m, leashtest.IgnoreCreatedBy("github.com/leash-go/leash/contrib/prometheus_test.leakForWatcher"))
}

var errTask = errors.New("task failed")

// sleep waits d, or until ctx ends and then returns its error.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func items(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// workload runs, in a synctest bubble, calls whose every count and time is
// known, one pool each. The expectations are in TestScrapeAfterKnownWorkload;
// while each call is under way, its first task calls underWay with the
// pool's limit.
func workload(t *testing.T, obs leash.Observer, underWay func(t *testing.T, pool string, limit float64)) {
	ctx := context.Background()

	// resize: ten tasks of 10ms two at a time, two failures that do not
	// stop the others.
	err := leash.ForEach(ctx, items(10), func(ctx context.Context, i int) error {
		if i == 0 {
			underWay(t, "resize", 2)
		}
		time.Sleep(10 * time.Millisecond)
		if i == 3 || i == 7 {
			return errTask
		}
		return nil
	}, leash.Limit(2), leash.CollectErrors(), leash.Name("resize"), leash.Observe(obs))
	if !errors.Is(err, errTask) {
		t.Errorf("resize: err = %v, want %v", err, errTask)
	}

	// fetch: a group of one slot whose first task fails after 5ms; the two
	// tasks given after it still run, as every task given to a Group does,
	// see the group's context cancelled and give up at once.
	g := leash.NewGroup(ctx, leash.Limit(1), leash.Name("fetch"), leash.Observe(obs))
	g.Go(func(ctx context.Context) error {
		underWay(t, "fetch", 1)
		time.Sleep(5 * time.Millisecond)
		return errTask
	})
	for range 2 {
		g.Go(func(ctx context.Context) error { return ctx.Err() })
	}
	if err := g.Wait(); !errors.Is(err, errTask) {
		t.Errorf("fetch: err = %v, want %v", err, errTask)
	}

	// lookup: four tasks at once; the first fails after 1ms and the three
	// others, cancelled, give up.
	_, err = leash.Map(ctx, items(4), func(ctx context.Context, i int) (int, error) {
		if i == 0 {
			underWay(t, "lookup", 4)
			time.Sleep(time.Millisecond)
			return 0, errTask
		}
		return 0, sleep(ctx, time.Hour)
	}, leash.Limit(4), leash.Name("lookup"), leash.Observe(obs))
	if !errors.Is(err, errTask) {
		t.Errorf("lookup: err = %v, want %v", err, errTask)
	}

	// render: one at a time; the first task runs 1ms, the second panics
	// after 2ms, the last two never start.
	func() {
		defer func() {
			if _, ok := recover().(*leash.PanicError); !ok {
				t.Errorf("render: the panic did not reach the caller as a *leash.PanicError")
			}
		}()
		leash.Map(ctx, items(4), func(ctx context.Context, i int) (int, error) {
			if i == 0 {
				underWay(t, "render", 1)
			}
			time.Sleep(time.Duration(i+1) * time.Millisecond)
			if i == 1 {
				panic("bad frame")
			}
			return i, nil
		}, leash.Limit(1), leash.Name("render"), leash.Observe(obs))
	}()

	// crawl: six tasks of 10ms two at a time, cancelled by the caller at
	// 15ms: two succeed, two give up, two never start.
	cctx, cancel := context.WithCancel(ctx)
	stop := time.AfterFunc(15*time.Millisecond, cancel)
	defer stop.Stop()
	err = leash.ForEach(cctx, items(6), func(ctx context.Context, i int) error {
		if i == 0 {
			underWay(t, "crawl", 2)
		}
		return sleep(ctx, 10*time.Millisecond)
	}, leash.Limit(2), leash.Name("crawl"), leash.Observe(obs))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("crawl: err = %v, want %v", err, context.Canceled)
	}

	// deadline: two tasks of 10ms one at a time under a 15ms deadline: the
	// second fails at its deadline.
	dctx, cancelDeadline := context.WithTimeout(ctx, 15*time.Millisecond)
	defer cancelDeadline()
	err = leash.ForEach(dctx, items(2), func(ctx context.Context, i int) error {
		if i == 0 {
			underWay(t, "deadline", 1)
		}
		return sleep(ctx, 10*time.Millisecond)
	}, leash.Limit(1), leash.Name("deadline"), leash.Observe(obs))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: err = %v, want %v", err, context.DeadlineExceeded)
	}
}

// pool is what a scrape must show for one pool.
type pool struct {
	started, skipped                      float64
	succeeded, failed, canceled, panicked float64
	durationSum, waitSum                  float64
	waitBuckets                           map[float64]uint64 // upper bound: cumulative count
}

func TestScrapeAfterKnownWorkload(t *testing.T) {
	obs := leashprom.NewObserver()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(obs)
	synctest.Test(t, func(t *testing.T) {
		workload(t, obs, func(t *testing.T, pool string, limit float64) {
			got := gather(t, reg)
			got.expect(t, "leash_pool_limit", prometheus.Labels{"pool": pool}, limit)
			got.expect(t, "leash_pool_unlimited_calls", prometheus.Labels{"pool": pool}, 0)
		})
	})

	got := scrape(t, reg)
	const ms = 0.001
	for name, want := range map[string]pool{
		"resize": {started: 10, succeeded: 8, failed: 2,
			durationSum: 10 * 10 * ms,
			// Two slots: two tasks at a time waited 0, 10, 20, 30 and 40ms.
			waitSum:     2 * (0 + 10 + 20 + 30 + 40) * ms,
			waitBuckets: map[float64]uint64{0.0001: 2, 0.01: 4, 0.025: 6, 0.05: 10}},
		// The second task waited for the first one's 5ms; the third was given
		// only once the second had its slot.
		"fetch":  {started: 3, failed: 1, canceled: 2, durationSum: 5 * ms, waitSum: 5 * ms},
		"lookup": {started: 4, failed: 1, canceled: 3, durationSum: 4 * ms},
		"render": {started: 2, skipped: 2, succeeded: 1, panicked: 1, durationSum: 3 * ms, waitSum: 1 * ms,
			waitBuckets: map[float64]uint64{0.0001: 1, 0.001: 2}},
		"crawl": {started: 4, skipped: 2, succeeded: 2, canceled: 2, durationSum: (10 + 10 + 5 + 5) * ms, waitSum: 20 * ms,
			waitBuckets: map[float64]uint64{0.0001: 2, 0.01: 4}},
		"deadline": {started: 2, succeeded: 1, failed: 1, durationSum: 15 * ms, waitSum: 10 * ms},
	} {
		p := prometheus.Labels{"pool": name}
		got.expect(t, "leash_tasks_in_flight", p, 0)
		got.expect(t, "leash_tasks_waiting", p, 0)
		got.expect(t, "leash_pool_limit", p, 0)
		got.expect(t, "leash_pool_unlimited_calls", p, 0)
		got.expect(t, "leash_tasks_started_total", p, want.started)
		got.expect(t, "leash_tasks_skipped_total", p, want.skipped)
		for outcome, n := range map[string]float64{
			"succeeded": want.succeeded, "failed": want.failed, "canceled": want.canceled, "panicked": want.panicked,
		} {
			got.expect(t, "leash_tasks_finished_total", prometheus.Labels{"pool": name, "outcome": outcome}, n)
		}
		got.expectHistogram(t, "leash_task_duration_seconds", p, uint64(want.started), want.durationSum, nil)
		got.expectHistogram(t, "leash_task_wait_seconds", p, uint64(want.started), want.waitSum, want.waitBuckets)
	}
	if n := len(got["leash_tasks_started_total"].GetMetric()); n != 6 {
		t.Errorf("leash_tasks_started_total has %d series, want one for each of the 6 pools", n)
	}
}

func TestScrapeWhileRunning(t *testing.T) {
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	started := make(chan int)
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- leash.ForEach(context.Background(), items(5), func(ctx context.Context, i int) error {
			started <- i
			<-release
			return nil
		}, leash.Limit(3), leash.Name("upload"), leash.Observe(obs))
	}()
	for range 3 {
		<-started
	}
	// Three run, two wait for them; the limit lets no other start.
	p := prometheus.Labels{"pool": "upload"}
	got := scrape(t, reg)
	got.expect(t, "leash_tasks_in_flight", p, 3)
	got.expect(t, "leash_tasks_waiting", p, 2)
	got.expect(t, "leash_pool_limit", p, 3)
	got.expect(t, "leash_pool_unlimited_calls", p, 0)
	got.expect(t, "leash_tasks_started_total", p, 3)
	got.expect(t, "leash_tasks_finished_total", prometheus.Labels{"pool": "upload", "outcome": "succeeded"}, 0)

	close(release)
	for range 2 {
		<-started
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	got = scrape(t, reg)
	got.expect(t, "leash_tasks_in_flight", p, 0)
	got.expect(t, "leash_tasks_waiting", p, 0)
	got.expect(t, "leash_pool_limit", p, 0)
	got.expect(t, "leash_tasks_started_total", p, 5)
	got.expect(t, "leash_tasks_finished_total", prometheus.Labels{"pool": "upload", "outcome": "succeeded"}, 5)
}

// TestLimitOfOverlappingCalls runs calls of one pool that overlap, with
// different limits and one without, and gathers as they begin and end: the
// pool's limit is the sum of the limits of the calls under way, and the calls
// without one are counted apart.
func TestLimitOfOverlappingCalls(t *testing.T) {
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		start := time.Now()
		ended := make(chan error, 3)
		opts := []leash.Option{leash.Name("mirror"), leash.Observe(obs)}
		takes := func(d time.Duration) func(context.Context) error {
			return func(context.Context) error { time.Sleep(d); return nil }
		}

		// Until 20ms: six tasks of 10ms, three at a time.
		go func() {
			ended <- leash.ForEach(ctx, items(6), func(ctx context.Context, i int) error {
				time.Sleep(10 * time.Millisecond)
				return nil
			}, append(opts, leash.Limit(3))...)
		}()
		// Until 30ms: two slots, two tasks of 30ms.
		limited := leash.NewGroup(ctx, append(opts, leash.Limit(2))...)
		limited.Go(takes(30 * time.Millisecond))
		limited.Go(takes(30 * time.Millisecond))
		go func() { ended <- limited.Wait() }()
		// Until 40ms: no limit, one task of 40ms.
		unlimited := leash.NewGroup(ctx, opts...)
		unlimited.Go(takes(40 * time.Millisecond))
		go func() { ended <- unlimited.Wait() }()

		p := prometheus.Labels{"pool": "mirror"}
		for _, at := range []struct {
			ms                         time.Duration
			inFlight, limit, unlimited float64
		}{
			{ms: 5, inFlight: 3 + 2 + 1, limit: 3 + 2, unlimited: 1},
			{ms: 25, inFlight: 2 + 1, limit: 2, unlimited: 1},
			{ms: 35, inFlight: 1, limit: 0, unlimited: 1},
			{ms: 45, inFlight: 0, limit: 0, unlimited: 0},
		} {
			time.Sleep(at.ms*time.Millisecond - time.Since(start))
			synctest.Wait()
			got := gather(t, reg)
			t.Logf("at %dms", at.ms)
			got.expect(t, "leash_tasks_in_flight", p, at.inFlight)
			got.expect(t, "leash_pool_limit", p, at.limit)
			got.expect(t, "leash_pool_unlimited_calls", p, at.unlimited)
		}
		for range 3 {
			if err := <-ended; err != nil {
				t.Error(err)
			}
		}
	})
}

// TestConcurrentPools has many calls, some of the same pool, report at once
// to one Observer, each pool first seen by several goroutines at once, while
// the registry is gathered all along.
func TestConcurrentPools(t *testing.T) {
	const calls, perPool, n = 16, 4, 200
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	stop, gathering := make(chan struct{}), make(chan error, 1)
	go func() {
		var err error
		for err == nil && !isClosed(stop) {
			_, err = reg.Gather()
		}
		gathering <- err
	}()
	g := leash.NewGroup(context.Background())
	for c := range calls {
		g.Go(func(ctx context.Context) error {
			leash.ForEach(ctx, items(n), func(ctx context.Context, i int) error {
				if i%10 == 0 {
					return errTask
				}
				return nil
			}, leash.Limit(3), leash.CollectErrors(), leash.Name(fmt.Sprint("pool-", c%perPool)), leash.Observe(obs))
			return nil
		})
	}
	err := g.Wait()
	close(stop)
	if err := <-gathering; err != nil {
		t.Errorf("gathering during the calls: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	got := scrape(t, reg)
	callsPerPool := float64(calls / perPool)
	for i := range perPool {
		name := fmt.Sprint("pool-", i)
		got.expect(t, "leash_tasks_started_total", prometheus.Labels{"pool": name}, callsPerPool*n)
		got.expect(t, "leash_tasks_finished_total", prometheus.Labels{"pool": name, "outcome": "failed"}, callsPerPool*n/10)
		got.expect(t, "leash_tasks_finished_total", prometheus.Labels{"pool": name, "outcome": "succeeded"}, callsPerPool*n*9/10)
		got.expect(t, "leash_tasks_in_flight", prometheus.Labels{"pool": name}, 0)
		got.expect(t, "leash_tasks_waiting", prometheus.Labels{"pool": name}, 0)
		got.expect(t, "leash_pool_limit", prometheus.Labels{"pool": name}, 0)
	}
}

// TestBreakAddsUp stops a MapSeq early, with no pool name: whatever the
// number of tasks that ran, nothing stays counted as running or waiting, and
// the call's limit, counted while the range runs, is taken away.
func TestBreakAddsUp(t *testing.T) {
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	seq := func(yield func(int) bool) {
		for i := 0; yield(i); i++ {
		}
	}
	unnamed := prometheus.Labels{"pool": ""}
	for v, err := range leash.MapSeq(context.Background(), seq, func(ctx context.Context, i int) (int, error) {
		return i, nil
	}, leash.Limit(4), leash.Observe(obs)) {
		if v == 50 {
			gather(t, reg).expect(t, "leash_pool_limit", unnamed, 4)
		}
		if err != nil || v == 100 {
			break
		}
	}
	got := scrape(t, reg)
	got.expect(t, "leash_tasks_in_flight", unnamed, 0)
	got.expect(t, "leash_tasks_waiting", unnamed, 0)
	got.expect(t, "leash_pool_limit", unnamed, 0)
	started := got.value(t, "leash_tasks_started_total", unnamed)
	var finished float64
	for _, outcome := range []string{"succeeded", "failed", "canceled", "panicked"} {
		finished += got.value(t, "leash_tasks_finished_total", prometheus.Labels{"pool": "", "outcome": outcome})
	}
	if started < 101 || finished != started {
		t.Errorf("%v tasks started and %v finished, want at least 101, and as many finished as started", started, finished)
	}
}

// TestDefaultLimit checks the limit of a call without leash.Limit: Map and
// ForEach run GOMAXPROCS tasks at once.
func TestDefaultLimit(t *testing.T) {
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	p := prometheus.Labels{"pool": "encode"}
	leash.Map(context.Background(), items(1), func(ctx context.Context, i int) (int, error) {
		gather(t, reg).expect(t, "leash_pool_limit", p, float64(runtime.GOMAXPROCS(0)))
		return i, nil
	}, leash.Name("encode"), leash.Observe(obs))
	gather(t, reg).expect(t, "leash_pool_limit", p, 0)
}

// TestObserveIgnoresCallEvents gives call events to Observe itself, as an
// Observer that wraps this one without passing ForPool on would: without
// the limit of the call that ends, they must not count at all, rather than
// leave a limit behind.
func TestObserveIgnoresCallEvents(t *testing.T) {
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	obs.Observe(leash.Event{Kind: leash.CallStarted, Pool: "p", Limit: 8})
	obs.Observe(leash.Event{Kind: leash.CallStarted, Pool: "p"})
	got := gather(t, reg)
	got.expect(t, "leash_pool_limit", prometheus.Labels{"pool": "p"}, 0)
	got.expect(t, "leash_pool_unlimited_calls", prometheus.Labels{"pool": "p"}, 0)
	obs.Observe(leash.Event{Kind: leash.CallEnded, Pool: "p"})
	gather(t, reg).expect(t, "leash_pool_limit", prometheus.Labels{"pool": "p"}, 0)
}

func TestOptions(t *testing.T) {
	obs := leashprom.NewObserver(leashprom.Namespace("shop"), leashprom.Subsystem("images"),
		leashprom.DurationBuckets(0.5, 1), leashprom.WaitBuckets(2))
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(obs)
	leash.ForEach(context.Background(), items(3), func(ctx context.Context, i int) error { return nil },
		leash.Name("resize"), leash.Observe(obs))
	got := scrape(t, reg)
	p := prometheus.Labels{"pool": "resize"}
	got.expect(t, "shop_images_leash_tasks_started_total", p, 3)
	got.expectHistogram(t, "shop_images_leash_task_duration_seconds", p, 3, math.NaN(), map[float64]uint64{0.5: 3, 1: 3})
	got.expectHistogram(t, "shop_images_leash_task_wait_seconds", p, 3, math.NaN(), map[float64]uint64{2: 3})
	if b := got.buckets(t, "shop_images_leash_task_duration_seconds", p); len(b) != 2 {
		t.Errorf("duration histogram has buckets %v, want 0.5 and 1 (and +Inf)", b)
	}
	if _, ok := got["leash_tasks_started_total"]; ok {
		t.Errorf("leash_tasks_started_total exported without its namespace and subsystem")
	}
}

func TestMetricNamesFollowConventions(t *testing.T) {
	obs := leashprom.NewObserver()
	obs.Observe(leash.Event{Kind: leash.TaskQueued, Pool: "p", Tasks: 1}) // metrics exist once a pool is seen
	problems, err := testutil.CollectAndLint(obs)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
}

func TestOptionMisuse(t *testing.T) {
	for what, f := range map[string]func(){
		"nil option":             func() { leashprom.NewObserver(nil) },
		"no duration buckets":    func() { leashprom.DurationBuckets() },
		"no wait buckets":        func() { leashprom.WaitBuckets() },
		"decreasing buckets":     func() { leashprom.DurationBuckets(1, 0.5) },
		"repeated bucket":        func() { leashprom.WaitBuckets(1, 1) },
		"NaN bucket":             func() { leashprom.WaitBuckets(1, math.NaN(), 3) },
		"NaN first bucket":       func() { leashprom.DurationBuckets(math.NaN(), 1) },
		"bucket after infinity:": func() { leashprom.DurationBuckets(math.Inf(1), 1) },
	} {
		msg := panicMessage(f)
		if msg == "" {
			t.Errorf("%s: no panic", what)
			continue
		}
		t.Logf("%s: %s", what, msg)
	}
}

func TestBucketsAreCopied(t *testing.T) {
	bounds := []float64{1, 2}
	opt := leashprom.DurationBuckets(bounds...)
	bounds[0] = 3 // no longer increasing: must not reach the histogram
	obs := leashprom.NewObserver(opt)
	obs.Observe(leash.Event{Kind: leash.TaskEnded, Pool: "p", Tasks: 1, Run: time.Second})
	if n := testutil.CollectAndCount(obs, "leash_task_duration_seconds"); n != 1 {
		t.Fatalf("%d duration series, want 1", n)
	}
}

// callObserver keeps what ForPool returns, as leash does.
var callObserver leash.Observer

// TestObserveAllocatesNothing checks the events of a call, through the
// observer ForPool returns as leash uses it, and through Observe.
func TestObserveAllocatesNothing(t *testing.T) {
	obs := leashprom.NewObserver()
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
		if n := testing.AllocsPerRun(100, func() { call.Observe(e) }); n != 0 {
			t.Errorf("the call's observer allocates %v times for a %v event", n, e.Kind)
		}
		if n := testing.AllocsPerRun(100, func() { obs.Observe(e) }); n != 0 {
			t.Errorf("Observe(%v event) allocates %v times", e.Kind, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { callObserver = obs.ForPool("p") }); n != 1 {
		t.Errorf("ForPool of a pool seen before allocates %v times, want once: the call's observer", n)
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

// scraped is the metric families of one scrape, by name.
type scraped map[string]*dto.MetricFamily

// scrape fetches reg's metrics the way Prometheus does: over HTTP from
// promhttp, in the text exposition format, parsed back.
func scrape(t *testing.T, reg *prometheus.Registry) scraped {
	t.Helper()
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.HTTPErrorOnError}))
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", string(expfmt.NewFormat(expfmt.TypeTextPlain)))
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s", resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("scrape: %v", err)
	}
	return fams
}

// gather reads reg's metrics without a scrape, from inside a synctest
// bubble or a task.
func gather(t *testing.T, reg *prometheus.Registry) scraped {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	s := scraped{}
	for _, f := range fams {
		s[f.GetName()] = f
	}
	return s
}

// metric returns the series of family name whose labels are exactly labels.
func (s scraped) metric(t *testing.T, name string, labels prometheus.Labels) *dto.Metric {
	t.Helper()
	for _, m := range s[name].GetMetric() {
		if sameLabels(m.GetLabel(), labels) {
			return m
		}
	}
	t.Fatalf("no series %s%v in the scrape", name, labels)
	return nil
}

func sameLabels(pairs []*dto.LabelPair, labels prometheus.Labels) bool {
	n := 0
	for _, l := range pairs {
		if l.GetValue() == "" {
			continue // the text format drops empty labels: pool="" is no label
		}
		if labels[l.GetName()] != l.GetValue() {
			return false
		}
		n++
	}
	for _, v := range labels {
		if v == "" {
			n++
		}
	}
	return n == len(labels)
}

// value returns the value of a counter or gauge series.
func (s scraped) value(t *testing.T, name string, labels prometheus.Labels) float64 {
	t.Helper()
	m := s.metric(t, name, labels)
	if c := m.GetCounter(); c != nil {
		return c.GetValue()
	}
	if g := m.GetGauge(); g != nil {
		return g.GetValue()
	}
	t.Fatalf("%s%v is neither a counter nor a gauge", name, labels)
	return 0
}

func (s scraped) expect(t *testing.T, name string, labels prometheus.Labels, want float64) {
	t.Helper()
	if got := s.value(t, name, labels); got != want {
		t.Errorf("%s%v = %v, want %v", name, labels, got, want)
	}
}

// buckets returns the cumulative counts of a histogram series by upper
// bound, +Inf left out.
func (s scraped) buckets(t *testing.T, name string, labels prometheus.Labels) map[float64]uint64 {
	t.Helper()
	h := s.metric(t, name, labels).GetHistogram()
	if h == nil {
		t.Fatalf("%s%v is not a histogram", name, labels)
	}
	b := map[float64]uint64{}
	for _, bucket := range h.GetBucket() {
		if !math.IsInf(bucket.GetUpperBound(), 1) {
			b[bucket.GetUpperBound()] = bucket.GetCumulativeCount()
		}
	}
	return b
}

// expectHistogram checks a histogram's count, its sum (unless NaN) to the
// nanosecond, and the cumulative counts of the buckets given.
func (s scraped) expectHistogram(t *testing.T, name string, labels prometheus.Labels, count uint64, sum float64, buckets map[float64]uint64) {
	t.Helper()
	h := s.metric(t, name, labels).GetHistogram()
	if h.GetSampleCount() != count {
		t.Errorf("%s%v: %d samples, want %d", name, labels, h.GetSampleCount(), count)
	}
	if !math.IsNaN(sum) && math.Abs(h.GetSampleSum()-sum) > 1e-9 {
		t.Errorf("%s%v: sum %v, want %v", name, labels, h.GetSampleSum(), sum)
	}
	got := s.buckets(t, name, labels)
	for bound, want := range buckets {
		if c, ok := got[bound]; !ok || c != want {
			t.Errorf("%s%v: bucket le=%v holds %d (present: %v), want %d", name, labels, bound, c, ok, want)
		}
	}
}
