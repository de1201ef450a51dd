package prometheus_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	leashprom "github.com/leash-go/leash/contrib/prometheus"
	"github.com/leash-go/leash/leakwatch"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
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

// A Watcher's checks, scraped from a real registry: a series for each site
// of the latest check, with the count the check found; the checks run and
// how long they took.
func TestLeakObserverScrape(t *testing.T) {
	reg := prometheus.NewRegistry()
	obs := leashprom.NewLeakObserver()
	reg.MustRegister(obs)
	leakForWatcher(3)
	time.Sleep(10 * time.Millisecond) // let them block

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var mu sync.Mutex
	var reports []leakwatch.Report
	var took []time.Duration
	w := leakwatch.New(leakwatch.Interval(time.Millisecond), leakwatch.OnCheck(obs.ObserveCheck),
		leakwatch.OnCheck(func(r leakwatch.Report, d time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			reports = append(reports, r)
			took = append(took, d)
			if len(reports) == 3 {
				cancel()
			}
		}))
	w.Run(ctx)

	got := scrape(t, reg)
	last := reports[len(reports)-1]
	mode := prometheus.Labels{"proven": "false"}
	if last.Proven {
		mode["proven"] = "true"
	}
	got.expect(t, "leash_leak_checks_total", mode, 3)
	sum := 0.0
	for _, d := range took {
		sum += d.Seconds()
	}
	got.expectHistogram(t, "leash_leak_check_duration_seconds", nil, 3, sum, nil)

	series := got["leash_goroutines_leaked"].GetMetric()
	if len(series) != len(last.Sites) {
		t.Errorf("%d leaked-goroutine series, %d sites at the latest check", len(series), len(last.Sites))
	}
	found := false
	for _, s := range last.Sites {
		labels := prometheus.Labels{"created_by": s.CreatedBy, "created_at": s.CreatedAt, "blocked_in": s.BlockedIn,
			"blocked_at": s.BlockedAt, "state": s.State, "proven": mode["proven"]}
		got.expect(t, "leash_goroutines_leaked", labels, float64(s.Count))
		if strings.HasSuffix(s.BlockedIn, "prometheus_test.leakForWatcher.func1") {
			found = s.Count >= 3 && s.State == "chan send"
		}
	}
	if last.Proven != found {
		t.Errorf("the leaks of the test found: %v; the report proven: %v. Sites: %+v", found, last.Proven, last.Sites)
	}
}

// The leaked-goroutine series are those of the latest check: a site gone
// since has none.
func TestLeakObserverFollowsTheLatestCheck(t *testing.T) {
	reg := prometheus.NewRegistry()
	obs := leashprom.NewLeakObserver(leashprom.Namespace("shop"))
	reg.MustRegister(obs)
	a := leakwatch.Site{CreatedBy: "example.com/p.serve", CreatedAt: "/src/p.go:10", BlockedIn: "example.com/p.serve.func1", BlockedAt: "/src/p.go:12", State: "chan send", Count: 7}
	b := leakwatch.Site{CreatedBy: "example.com/p.index", CreatedAt: "/src/q.go:3", BlockedIn: "example.com/p.index", BlockedAt: "/src/q.go:9", State: "sync.WaitGroup.Wait", Count: 2}
	obs.ObserveCheck(leakwatch.Report{Proven: true, Sites: []leakwatch.Site{a, b}}, 30*time.Millisecond)
	got := gather(t, reg)
	labels := func(s leakwatch.Site) prometheus.Labels {
		return prometheus.Labels{"created_by": s.CreatedBy, "created_at": s.CreatedAt, "blocked_in": s.BlockedIn, "blocked_at": s.BlockedAt, "state": s.State, "proven": "true"}
	}
	got.expect(t, "shop_leash_goroutines_leaked", labels(a), 7)
	got.expect(t, "shop_leash_goroutines_leaked", labels(b), 2)

	a.Count = 11
	obs.ObserveCheck(leakwatch.Report{Proven: true, Sites: []leakwatch.Site{a}}, 2*time.Second)
	got = gather(t, reg)
	got.expect(t, "shop_leash_goroutines_leaked", labels(a), 11)
	if n := len(got["shop_leash_goroutines_leaked"].GetMetric()); n != 1 {
		t.Errorf("%d series after a check that found one site", n)
	}
	got.expect(t, "shop_leash_leak_checks_total", prometheus.Labels{"proven": "true"}, 2)
	got.expectHistogram(t, "shop_leash_leak_check_duration_seconds", nil, 2, 2.03, map[float64]uint64{0.025: 0, 0.05: 1, 1: 1, 2.5: 2})
	if _, ok := got["leash_goroutines_leaked"]; ok {
		t.Error("leash_goroutines_leaked exported without its namespace")
	}
}

func TestLeakMetricNamesFollowConventions(t *testing.T) {
	obs := leashprom.NewLeakObserver()
	obs.ObserveCheck(leakwatch.Report{Proven: true, Sites: []leakwatch.Site{{BlockedAt: "/src/p.go:1", Count: 1}}}, time.Millisecond)
	problems, err := testutil.CollectAndLint(obs)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
}
