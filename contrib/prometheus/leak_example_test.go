package prometheus_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	leashprom "github.com/leash-go/leash/contrib/prometheus"
	"github.com/leash-go/leash/leakwatch"
	"github.com/prometheus/client_golang/prometheus"
)

// A Watcher's checks as metrics: the observer takes each check from the
// Watcher, and the registry serves it.
func ExampleLeakObserver() {
	obs := leashprom.NewLeakObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	w := leakwatch.New(leakwatch.OnCheck(obs.ObserveCheck))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	// http.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
}

func ExampleNewLeakObserver() {
	obs := leashprom.NewLeakObserver(leashprom.Namespace("shop"))
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	// What a Watcher passes on after a check that found one site.
	obs.ObserveCheck(leakwatch.Report{Proven: true, Sites: []leakwatch.Site{{
		CreatedBy: "example.com/search.(*Server).query", CreatedAt: "/src/search/server.go:85",
		BlockedIn: "example.com/search.(*Server).query.func1", BlockedAt: "/src/search/server.go:88",
		State: "chan send", Count: 1204,
	}}}, 40*time.Millisecond)
	printSeries(reg, "shop_leash_goroutines_leaked", "shop_leash_leak_checks_total")
	// Output:
	// shop_leash_goroutines_leaked{blocked_at="/src/search/server.go:88",blocked_in="example.com/search.(*Server).query.func1",created_at="/src/search/server.go:85",created_by="example.com/search.(*Server).query",proven="true",state="chan send"} 1204
	// shop_leash_leak_checks_total{proven="true"} 1
}

// ObserveCheck keeps the latest check's sites: a site gone since has no
// series.
func ExampleLeakObserver_ObserveCheck() {
	obs := leashprom.NewLeakObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	site := leakwatch.Site{BlockedAt: "/src/p.go:12", State: "chan receive", Count: 3}
	obs.ObserveCheck(leakwatch.Report{Sites: []leakwatch.Site{site}}, time.Second)
	obs.ObserveCheck(leakwatch.Report{Sites: []leakwatch.Site{}}, time.Second)
	printSeries(reg, "leash_goroutines_leaked", "leash_leak_checks_total")
	// Output:
	// leash_leak_checks_total{proven="false"} 2
}

func ExampleLeakObserver_Describe() {
	ch := make(chan *prometheus.Desc, 4)
	leashprom.NewLeakObserver().Describe(ch)
	close(ch)
	for d := range ch {
		name, _, _ := strings.Cut(strings.TrimPrefix(d.String(), `Desc{fqName: "`), `"`)
		fmt.Println(name)
	}
	// Output:
	// leash_goroutines_leaked
	// leash_leak_checks_total
	// leash_leak_check_duration_seconds
}

func ExampleLeakObserver_Collect() {
	obs := leashprom.NewLeakObserver()
	obs.ObserveCheck(leakwatch.Report{Proven: true, Sites: []leakwatch.Site{{BlockedAt: "/src/a.go:1", Count: 2}, {BlockedAt: "/src/b.go:2", Count: 1}}}, time.Millisecond)
	ch := make(chan prometheus.Metric, 8)
	obs.Collect(ch)
	close(ch)
	fmt.Println(len(ch), "series") // two sites, the checks, the durations
	// Output: 4 series
}
