package otel_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/leash-go/leash"
	leashotel "github.com/leash-go/leash/contrib/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// printData prints, in a fixed order, the data points of the named
// instruments that reader collects: the values of counts, and how many
// values histograms recorded.
func printData(reader sdkmetric.Reader, names ...string) {
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		fmt.Println(err)
		return
	}
	var lines []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if !slices.Contains(names, m.Name) {
				continue
			}
			switch data := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, dp := range data.DataPoints {
					lines = append(lines, fmt.Sprintf("%s{%s} %d", m.Name, attrs(dp.Attributes), dp.Value))
				}
			case metricdata.Gauge[int64]:
				for _, dp := range data.DataPoints {
					lines = append(lines, fmt.Sprintf("%s{%s} %d", m.Name, attrs(dp.Attributes), dp.Value))
				}
			case metricdata.Histogram[float64]:
				for _, dp := range data.DataPoints {
					lines = append(lines, fmt.Sprintf("%s{%s} count=%d", m.Name, attrs(dp.Attributes), dp.Count))
				}
			}
		}
	}
	slices.Sort(lines)
	fmt.Println(strings.Join(lines, "\n"))
}

func attrs(s attribute.Set) string {
	var kv []string
	for _, a := range s.ToSlice() {
		kv = append(kv, fmt.Sprintf("%s=%q", a.Key, a.Value.Emit()))
	}
	return strings.Join(kv, ",")
}

func Example() {
	// The program's MeterProvider, here with a reader that tests can read.
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(provider))
	if err != nil {
		panic(err)
	}

	images := []string{"a.png", "b.png", "c.gif"}
	err = leash.ForEach(context.Background(), images, func(ctx context.Context, name string) error {
		if strings.HasSuffix(name, ".gif") {
			return fmt.Errorf("%s: unsupported format", name)
		}
		return nil
	}, leash.Limit(2), leash.CollectErrors(), leash.Name("thumbnails"), leash.Observe(obs))
	fmt.Println(err)
	printData(reader, "leash.task.duration", "leash.task.count")
	// Output:
	// c.gif: unsupported format
	// leash.task.count{leash.pool="thumbnails",leash.task.state="running"} 0
	// leash.task.count{leash.pool="thumbnails",leash.task.state="waiting"} 0
	// leash.task.duration{leash.pool="thumbnails",leash.task.outcome="failed"} count=1
	// leash.task.duration{leash.pool="thumbnails",leash.task.outcome="succeeded"} count=2
}

func ExampleNewObserver() {
	// Without WithMeterProvider, the Observer records with the global
	// MeterProvider, which the program sets with otel.SetMeterProvider.
	obs, err := leashotel.NewObserver()
	if err != nil {
		panic(err)
	}
	err = leash.ForEach(context.Background(), []int{1, 2, 3}, func(ctx context.Context, v int) error { return nil },
		leash.Name("notify"), leash.Observe(obs))
	fmt.Println(err)
	// Output: <nil>
}

func ExampleObserver() {
	// One Observer for the whole program; each call names its pool.
	reader := sdkmetric.NewManualReader()
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	leash.ForEach(ctx, []string{"a", "b"}, func(ctx context.Context, s string) error { return nil },
		leash.Name("resize"), leash.Observe(obs))
	g := leash.NewGroup(ctx, leash.Name("dashboard"), leash.Observe(obs))
	g.Go(func(ctx context.Context) error { return nil }) // the profile
	g.Go(func(ctx context.Context) error { return nil }) // the orders
	g.Go(func(ctx context.Context) error { return nil }) // the notifications
	g.Wait()
	// The wait times' count is the number of tasks that started.
	printData(reader, "leash.task.wait_time")
	// Output:
	// leash.task.wait_time{leash.pool="dashboard"} count=3
	// leash.task.wait_time{leash.pool="resize"} count=2
}

func ExampleObserver_ForPool() {
	reader := sdkmetric.NewManualReader()
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		panic(err)
	}
	// leash calls ForPool as each call begins, and gives the call's events
	// to what it returns. By hand: two calls of the pool "export" under
	// way, one of 4 slots and one without a limit; then the first ends.
	limited, unlimited := obs.ForPool("export"), obs.ForPool("export")
	limited.Observe(leash.Event{Kind: leash.CallStarted, Pool: "export", Limit: 4})
	unlimited.Observe(leash.Event{Kind: leash.CallStarted, Pool: "export"})
	printData(reader, "leash.pool.limit", "leash.pool.unlimited_calls")
	limited.Observe(leash.Event{Kind: leash.CallEnded, Pool: "export"})
	printData(reader, "leash.pool.limit", "leash.pool.unlimited_calls")
	// Output:
	// leash.pool.limit{leash.pool="export"} 4
	// leash.pool.unlimited_calls{leash.pool="export"} 1
	// leash.pool.limit{leash.pool="export"} 0
	// leash.pool.unlimited_calls{leash.pool="export"} 1
}

func ExampleObserver_Observe() {
	// leash calls Observe; events can also be given by hand, for instance
	// to see a dashboard's panels move.
	reader := sdkmetric.NewManualReader()
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		panic(err)
	}
	obs.Observe(leash.Event{Kind: leash.TaskQueued, Pool: "mail", Tasks: 3})
	obs.Observe(leash.Event{Kind: leash.TaskStarted, Pool: "mail", Tasks: 1, Wait: 2 * time.Millisecond})
	printData(reader, "leash.task.count", "leash.task.wait_time")
	// Output:
	// leash.task.count{leash.pool="mail",leash.task.state="running"} 1
	// leash.task.count{leash.pool="mail",leash.task.state="waiting"} 2
	// leash.task.wait_time{leash.pool="mail"} count=1
}

func ExampleOption() {
	reader := sdkmetric.NewManualReader()
	opts := []leashotel.Option{leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))}
	obs, err := leashotel.NewObserver(opts...)
	fmt.Println(obs != nil, err)
	// Output: true <nil>
}

func ExampleWithMeterProvider() {
	// A provider of the program's own, with a View that gives the task
	// duration the buckets this program cares about.
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader), sdkmetric.WithView(
		sdkmetric.NewView(sdkmetric.Instrument{Name: "leash.task.duration"}, sdkmetric.Stream{
			Aggregation: sdkmetric.AggregationExplicitBucketHistogram{Boundaries: []float64{1, 10, 60}},
		})))
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(provider))
	if err != nil {
		panic(err)
	}
	obs.Observe(leash.Event{Kind: leash.TaskEnded, Pool: "export", Tasks: 1, Run: 4 * time.Second})
	dp := histogram(reader, "leash.task.duration", leashotel.PoolKey.String("export"), leashotel.OutcomeKey.String("succeeded"))
	fmt.Println(dp.Bounds, dp.BucketCounts, dp.Sum)
	// Output: [1 10 60] [0 1 0 0] 4
}

func ExampleScopeName() {
	// Views can pick the Observer's instruments by their scope: here, to
	// drop the wait times.
	reader := sdkmetric.NewManualReader()
	provider := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader), sdkmetric.WithView(
		sdkmetric.NewView(sdkmetric.Instrument{Name: "*.wait_time", Scope: instrumentation.Scope{Name: leashotel.ScopeName}},
			sdkmetric.Stream{Aggregation: sdkmetric.AggregationDrop{}})))
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(provider))
	if err != nil {
		panic(err)
	}
	obs.Observe(leash.Event{Kind: leash.TaskQueued, Pool: "export", Tasks: 1})
	obs.Observe(leash.Event{Kind: leash.TaskStarted, Pool: "export", Tasks: 1, Wait: time.Second})
	printData(reader, "leash.task.wait_time", "leash.task.count")
	// Output:
	// leash.task.count{leash.pool="export",leash.task.state="running"} 1
	// leash.task.count{leash.pool="export",leash.task.state="waiting"} 0
}

func ExamplePoolKey() {
	reader := sdkmetric.NewManualReader()
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		panic(err)
	}
	leash.ForEach(context.Background(), []int{1, 2}, func(ctx context.Context, v int) error { return nil },
		leash.Name("index"), leash.Observe(obs))
	leash.ForEach(context.Background(), []int{1}, func(ctx context.Context, v int) error { return nil },
		leash.Observe(obs))
	fmt.Println(count(reader, "leash.task.wait_time", leashotel.PoolKey.String("index")), "tasks started in pool index")
	fmt.Println(count(reader, "leash.task.wait_time", leashotel.PoolKey.String("")), "task started in calls without a name")
	// Output:
	// 2 tasks started in pool index
	// 1 task started in calls without a name
}

// count returns how many values the histogram called name recorded with
// exactly attrs.
func count(reader sdkmetric.Reader, name string, attrs ...attribute.KeyValue) uint64 {
	return histogram(reader, name, attrs...).Count
}

// histogram returns the data point of the histogram called name with
// exactly attrs.
func histogram(reader sdkmetric.Reader, name string, attrs ...attribute.KeyValue) metricdata.HistogramDataPoint[float64] {
	var rm metricdata.ResourceMetrics
	reader.Collect(context.Background(), &rm)
	want := attribute.NewSet(attrs...)
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if h, ok := m.Data.(metricdata.Histogram[float64]); ok && m.Name == name {
				for _, dp := range h.DataPoints {
					if dp.Attributes.Equals(&want) {
						return dp
					}
				}
			}
		}
	}
	return metricdata.HistogramDataPoint[float64]{}
}

func ExampleStateKey() {
	reader := sdkmetric.NewManualReader()
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		panic(err)
	}
	// Map gives all its items at once: while the first runs, the two
	// others wait for the one slot.
	leash.Map(context.Background(), []int{1, 2, 3}, func(ctx context.Context, v int) (int, error) {
		if v == 1 {
			printData(reader, "leash.task.count")
		}
		return v, nil
	}, leash.Limit(1), leash.Name("encode"), leash.Observe(obs))
	// Output:
	// leash.task.count{leash.pool="encode",leash.task.state="running"} 1
	// leash.task.count{leash.pool="encode",leash.task.state="waiting"} 2
}

func ExampleOutcomeKey() {
	reader := sdkmetric.NewManualReader()
	obs, err := leashotel.NewObserver(leashotel.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if err != nil {
		panic(err)
	}
	// The first error cancels the other task, which gives up: one failed,
	// one canceled.
	g := leash.NewGroup(context.Background(), leash.Name("search"), leash.Observe(obs))
	running := make(chan struct{})
	g.Go(func(ctx context.Context) error { close(running); <-ctx.Done(); return ctx.Err() })
	g.Go(func(ctx context.Context) error { <-running; return fmt.Errorf("index unavailable") })
	fmt.Println(g.Wait())
	for _, outcome := range []string{"failed", "canceled"} {
		fmt.Println(outcome, count(reader, "leash.task.duration", leashotel.PoolKey.String("search"), leashotel.OutcomeKey.String(outcome)))
	}
	// Output:
	// index unavailable
	// failed 1
	// canceled 1
}
