package otel_test

import (
	"context"
	"time"

	leashotel "github.com/leash-go/leash/contrib/otel"
	"github.com/leash-go/leash/leakwatch"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// A Watcher's checks as metrics: the observer takes each check from the
// Watcher.
func ExampleLeakObserver() {
	obs, err := leashotel.NewLeakObserver() // the global MeterProvider
	if err != nil {
		panic(err)
	}
	w := leakwatch.New(leakwatch.OnCheck(obs.ObserveCheck))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
}

func ExampleNewLeakObserver() {
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	obs, err := leashotel.NewLeakObserver(leashotel.WithMeterProvider(provider))
	if err != nil {
		panic(err)
	}
	// What a Watcher passes on after a check that found one site.
	obs.ObserveCheck(leakwatch.Report{Proven: true, Sites: []leakwatch.Site{{
		CreatedBy: "example.com/search.(*Server).query", CreatedAt: "/src/search/server.go:85",
		BlockedIn: "example.com/search.(*Server).query.func1", BlockedAt: "/src/search/server.go:88",
		State: "chan send", Count: 1204,
	}}}, 40*time.Millisecond)
	printData(reader, "leash.goroutine.leaked", "leash.leak.check.duration")
	// Output:
	// leash.goroutine.leaked{leash.leak.blocked_at="/src/search/server.go:88",leash.leak.blocked_in="example.com/search.(*Server).query.func1",leash.leak.created_at="/src/search/server.go:85",leash.leak.created_by="example.com/search.(*Server).query",leash.leak.proven="true",leash.leak.state="chan send"} 1204
	// leash.leak.check.duration{leash.leak.proven="true"} count=1
}

// ObserveCheck keeps the latest check's sites: a site gone since is not
// observed.
func ExampleLeakObserver_ObserveCheck() {
	reader := sdkmetric.NewManualReader()
	obs, err := leashotel.NewLeakObserver(leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		panic(err)
	}
	site := leakwatch.Site{BlockedAt: "/src/p.go:12", State: "chan receive", Count: 3}
	obs.ObserveCheck(leakwatch.Report{Sites: []leakwatch.Site{site}}, time.Second)
	obs.ObserveCheck(leakwatch.Report{Sites: []leakwatch.Site{}}, time.Second)
	printData(reader, "leash.goroutine.leaked", "leash.leak.check.duration")
	// Output:
	// leash.leak.check.duration{leash.leak.proven="false"} count=2
}
