package prometheus_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/leash-go/leash"
	leashprom "github.com/leash-go/leash/contrib/prometheus"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/expfmt"
)

// printSeries prints the samples of the named metrics that g exports, as a
// scrape would show them, without the HELP and TYPE comments.
func printSeries(g prometheus.Gatherer, names ...string) {
	text, err := testutil.GatherAndFormat(g, expfmt.TypeTextPlain, names...)
	if err != nil {
		fmt.Println(err)
		return
	}
	for sc := bufio.NewScanner(bytes.NewReader(text)); sc.Scan(); {
		if !strings.HasPrefix(sc.Text(), "#") {
			fmt.Println(sc.Text())
		}
	}
}

func Example() {
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	// A server would now serve reg:
	// http.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))

	images := []string{"a.png", "b.png", "c.gif"}
	err := leash.ForEach(context.Background(), images, func(ctx context.Context, name string) error {
		if strings.HasSuffix(name, ".gif") {
			return fmt.Errorf("%s: unsupported format", name)
		}
		return nil
	}, leash.Limit(2), leash.CollectErrors(), leash.Name("thumbnails"), leash.Observe(obs))
	fmt.Println(err)
	printSeries(reg, "leash_tasks_finished_total", "leash_tasks_in_flight")
	// Output:
	// c.gif: unsupported format
	// leash_tasks_finished_total{outcome="canceled",pool="thumbnails"} 0
	// leash_tasks_finished_total{outcome="failed",pool="thumbnails"} 1
	// leash_tasks_finished_total{outcome="panicked",pool="thumbnails"} 0
	// leash_tasks_finished_total{outcome="succeeded",pool="thumbnails"} 2
	// leash_tasks_in_flight{pool="thumbnails"} 0
}

func ExampleNewObserver() {
	obs := leashprom.NewObserver()
	// Labels that every series of the program carries are the registry's
	// business: wrap it.
	reg := prometheus.NewRegistry()
	prometheus.WrapRegistererWith(prometheus.Labels{"service": "shop"}, reg).MustRegister(obs)

	leash.ForEach(context.Background(), []int{1, 2, 3}, func(ctx context.Context, v int) error { return nil },
		leash.Name("notify"), leash.Observe(obs))
	printSeries(reg, "leash_tasks_started_total")
	// Output:
	// leash_tasks_started_total{pool="notify",service="shop"} 3
}

func ExampleObserver() {
	// One Observer for the whole program; each call names its pool.
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)

	ctx := context.Background()
	leash.ForEach(ctx, []string{"a", "b"}, func(ctx context.Context, s string) error { return nil },
		leash.Name("resize"), leash.Observe(obs))
	g := leash.NewGroup(ctx, leash.Name("dashboard"), leash.Observe(obs))
	g.Go(func(ctx context.Context) error { return nil }) // the profile
	g.Go(func(ctx context.Context) error { return nil }) // the orders
	g.Go(func(ctx context.Context) error { return nil }) // the notifications
	g.Wait()
	printSeries(reg, "leash_tasks_started_total")
	// Output:
	// leash_tasks_started_total{pool="dashboard"} 3
	// leash_tasks_started_total{pool="resize"} 2
}

func ExampleObserver_ForPool() {
	obs := leashprom.NewObserver()
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)

	// leash calls ForPool as a call begins and reports the call's events to
	// what it returns: the call's limit counts in leash_pool_limit until the
	// call ends. Here both slots are taken: the pool is full.
	var both sync.WaitGroup
	both.Add(2)
	printed := make(chan struct{})
	leash.ForEach(context.Background(), []int{0, 1}, func(ctx context.Context, i int) error {
		both.Done()
		both.Wait()
		if i == 0 {
			printSeries(reg, "leash_tasks_in_flight", "leash_pool_limit")
			close(printed)
		}
		<-printed
		return nil
	}, leash.Limit(2), leash.Name("export"), leash.Observe(obs))
	printSeries(reg, "leash_pool_limit")
	// Output:
	// leash_pool_limit{pool="export"} 2
	// leash_tasks_in_flight{pool="export"} 2
	// leash_pool_limit{pool="export"} 0
}

func ExampleObserver_Observe() {
	// leash calls Observe; events can also be given by hand, for instance
	// to see a dashboard's panels move.
	obs := leashprom.NewObserver()
	obs.Observe(leash.Event{Kind: leash.TaskQueued, Pool: "mail", Tasks: 3})
	obs.Observe(leash.Event{Kind: leash.TaskStarted, Pool: "mail", Tasks: 1, Wait: 2 * time.Millisecond})
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	printSeries(reg, "leash_tasks_waiting", "leash_tasks_in_flight")
	// Output:
	// leash_tasks_in_flight{pool="mail"} 1
	// leash_tasks_waiting{pool="mail"} 2
}

func ExampleObserver_Describe() {
	ch := make(chan *prometheus.Desc, 16)
	leashprom.NewObserver(leashprom.Namespace("shop")).Describe(ch)
	close(ch)
	for d := range ch {
		name, _, _ := strings.Cut(strings.TrimPrefix(d.String(), `Desc{fqName: "`), `"`)
		fmt.Println(name)
	}
	// Output:
	// shop_leash_tasks_in_flight
	// shop_leash_tasks_waiting
	// shop_leash_pool_limit
	// shop_leash_pool_unlimited_calls
	// shop_leash_tasks_started_total
	// shop_leash_tasks_finished_total
	// shop_leash_tasks_skipped_total
	// shop_leash_task_duration_seconds
	// shop_leash_task_wait_seconds
}

func ExampleObserver_Collect() {
	obs := leashprom.NewObserver()
	leash.ForEach(context.Background(), []int{1}, func(ctx context.Context, v int) error { return nil },
		leash.Name("index"), leash.Observe(obs))
	// Nine metrics, one of them with a series for each of four outcomes.
	ch := make(chan prometheus.Metric, 16)
	obs.Collect(ch)
	close(ch)
	fmt.Println(len(ch), "series")
	// Output: 12 series
}

func ExampleOption() {
	opts := []leashprom.Option{leashprom.Namespace("shop"), leashprom.WaitBuckets(0.001, 0.01, 0.1, 1)}
	obs := leashprom.NewObserver(opts...)
	fmt.Println(testutil.CollectAndCount(obs)) // no series until a pool is seen
	// Output: 0
}

func ExampleNamespace() {
	obs := leashprom.NewObserver(leashprom.Namespace("shop"))
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	leash.ForEach(context.Background(), []int{1}, func(ctx context.Context, v int) error { return nil },
		leash.Name("index"), leash.Observe(obs))
	printSeries(reg, "shop_leash_tasks_started_total")
	// Output: shop_leash_tasks_started_total{pool="index"} 1
}

func ExampleSubsystem() {
	obs := leashprom.NewObserver(leashprom.Namespace("shop"), leashprom.Subsystem("images"))
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	leash.ForEach(context.Background(), []int{1}, func(ctx context.Context, v int) error { return nil },
		leash.Name("resize"), leash.Observe(obs))
	printSeries(reg, "shop_images_leash_tasks_started_total")
	// Output: shop_images_leash_tasks_started_total{pool="resize"} 1
}

func ExampleDurationBuckets() {
	// Tasks that call a slow service: buckets from 100ms to a minute.
	obs := leashprom.NewObserver(leashprom.DurationBuckets(0.1, 1, 10, 60))
	obs.Observe(leash.Event{Kind: leash.TaskEnded, Pool: "export", Tasks: 1, Run: 4 * time.Second})
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	printSeries(reg, "leash_task_duration_seconds")
	// Output:
	// leash_task_duration_seconds_bucket{pool="export",le="0.1"} 0
	// leash_task_duration_seconds_bucket{pool="export",le="1"} 0
	// leash_task_duration_seconds_bucket{pool="export",le="10"} 1
	// leash_task_duration_seconds_bucket{pool="export",le="60"} 1
	// leash_task_duration_seconds_bucket{pool="export",le="+Inf"} 1
	// leash_task_duration_seconds_sum{pool="export"} 4
	// leash_task_duration_seconds_count{pool="export"} 1
}

func ExampleWaitBuckets() {
	// Is a slot free within a millisecond, or do tasks queue for seconds?
	obs := leashprom.NewObserver(leashprom.WaitBuckets(0.001, 1))
	obs.Observe(leash.Event{Kind: leash.TaskStarted, Pool: "export", Tasks: 1, Wait: 3 * time.Second})
	reg := prometheus.NewRegistry()
	reg.MustRegister(obs)
	printSeries(reg, "leash_task_wait_seconds")
	// Output:
	// leash_task_wait_seconds_bucket{pool="export",le="0.001"} 0
	// leash_task_wait_seconds_bucket{pool="export",le="1"} 0
	// leash_task_wait_seconds_bucket{pool="export",le="+Inf"} 1
	// leash_task_wait_seconds_sum{pool="export"} 3
	// leash_task_wait_seconds_count{pool="export"} 1
}
