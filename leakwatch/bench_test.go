package leakwatch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/leash-go/leash/internal/leakcycle"
)

// A node is 64 bytes, two of them pointers: a heap of nodes is a heap whose
// marking costs the collector what a pointer-rich service heap does.
type node struct {
	left, right *node
	val         [6]int64
}

// buildHeap allocates about size bytes of nodes linked into a tree.
func buildHeap(size int) []*node {
	nodes := make([]*node, size/72) // 64 bytes a node, 8 in the slice
	for i := range nodes {
		nodes[i] = &node{}
		if i > 0 {
			parent := nodes[(i-1)/2]
			if i%2 == 1 {
				parent.left = nodes[i]
			} else {
				parent.right = nodes[i]
			}
		}
	}
	return nodes
}

// pauses reads the runtime's histograms of stop-the-world pauses: those of
// the garbage collector and the others (a goroutine dump's).
type pauses struct{ gc, other *metrics.Float64Histogram }

func readPauses() pauses {
	s := []metrics.Sample{{Name: "/sched/pauses/total/gc:seconds"}, {Name: "/sched/pauses/total/other:seconds"}}
	metrics.Read(s)
	return pauses{s[0].Value.Float64Histogram(), s[1].Value.Float64Histogram()}
}

// since returns the number of pauses of h since before, their total (each
// counted at the middle of its bucket) and the upper bound of the longest.
func since(before, after *metrics.Float64Histogram) (n uint64, total, longest float64) {
	for i, c := range after.Counts {
		d := c - before.Counts[i]
		if d == 0 {
			continue
		}
		lo, hi := after.Buckets[i], after.Buckets[i+1]
		if math.IsInf(lo, -1) {
			lo = 0
		}
		if math.IsInf(hi, 1) {
			hi = lo
		}
		n += d
		total += float64(d) * (lo + hi) / 2
		longest = max(longest, hi)
	}
	return n, total, longest
}

// reportPauses reports the pauses since before, per operation.
func reportPauses(b *testing.B, before pauses) {
	after := readPauses()
	_, gcTotal, gcMax := since(before.gc, after.gc)
	_, otherTotal, otherMax := since(before.other, after.other)
	b.ReportMetric((gcTotal+otherTotal)*1e9/float64(b.N), "pause-ns/op")
	b.ReportMetric(max(gcMax, otherMax)*1e9, "max-pause-ns")
	b.ReportMetric(otherMax*1e9, "max-stw-other-ns")
}

// BenchmarkCheck measures a check, and the runtime's own collections beside
// it, on heaps of 100 MB and 1 GB with 10,000 goroutines parked (not
// leaked), each on a channel of its own as a connection's goroutine waits:
// a plain runtime.GC, the leak profile written as net/http/pprof
// writes it, and leakwatch.Check, with no leak and with 1,000 leaked
// goroutines. A check dumps the goroutines when it finds a stack of leaked
// goroutines it has not read before: Check-dump forgets them before each
// check, as if each found a new site. Besides ns/op (the check's time) and
// cpu-ns/op (the CPU time of the process, all of it the check's: nothing
// else runs), it reports the stop-the-world pauses per check (pause-ns/op), the longest
// pause (max-pause-ns, a bucket's upper bound) and the longest pause that is
// not the collector's (max-stw-other-ns: the goroutine dump's).
//
//	GOEXPERIMENT=goroutineleakprofile go test -run '^$' -bench 'BenchmarkCheck$' -benchtime 5x -count 6 ./leakwatch
func BenchmarkCheck(b *testing.B) {
	if testing.Short() {
		b.Skip("builds heaps of up to a gigabyte")
	}
	for _, leaks := range []int{0, 1000} {
		for _, mb := range []int{100, 1024} {
			b.Run(fmt.Sprintf("leaks=%d/heap=%dMB", leaks, mb), func(b *testing.B) {
				heap := buildHeap(mb << 20)
				defer runtime.KeepAlive(heap)
				release := parkOwn(10000)
				defer release()
				if leaks > 0 {
					n := leaks - currentLeaks()
					if n > 0 {
						leakSend(n)
					}
					awaitParked(b, mark(b, "created: send"))
				}
				runtime.GC()
				ops := []struct {
					name string
					run  func() error
				}{
					{"runtime.GC", func() error { runtime.GC(); return nil }},
					{"leakprofile", func() error {
						if leakcycle.Profile == nil {
							return errSkip
						}
						return leakcycle.Profile.WriteTo(io.Discard, 1)
					}},
					{"Check", func() error { return checkFinds(leaks) }},
					{"Check-dump", func() error {
						// As if every check found a new site: no cache.
						cache.reset()
						return checkFinds(leaks)
					}},
				}
				for _, op := range ops {
					b.Run(op.name, func(b *testing.B) {
						var ms runtime.MemStats
						runtime.ReadMemStats(&ms)
						goroutines := runtime.NumGoroutine()
						before := readPauses()
						cpu := cpuTime()
						b.ResetTimer()
						for b.Loop() {
							if err := op.run(); err == errSkip {
								b.Skip("the runtime has no goroutine leak profile")
							} else if err != nil {
								b.Fatal(err)
							}
						}
						b.StopTimer()
						b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
						reportPauses(b, before)
						b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
						b.ReportMetric(float64(goroutines), "goroutines")
					})
				}
			})
		}
	}
}

var errSkip = fmt.Errorf("skip")

// owned holds the channels parkOwn's goroutines wait on: they are reachable.
var owned []chan int

// parkOwn starts n goroutines, each waiting on a channel of its own, and
// returns a function that releases them and waits until they have ended.
func parkOwn(n int) (release func()) {
	owned = make([]chan int, n)
	var done sync.WaitGroup
	done.Add(n)
	for i := range owned {
		owned[i] = make(chan int)
		go func() {
			defer done.Done()
			<-owned[i]
		}()
	}
	return func() {
		for _, ch := range owned {
			close(ch)
		}
		done.Wait()
		owned = nil
	}
}

// BenchmarkCheckSharedWaiters measures a check with n goroutines waiting on
// one sync.WaitGroup, as the idle workers of a pool might, and a heap of 100
// MB: the runtime's leak detection stops the world for a time that grows
// with the square of n, since it walks, for each waiter, the list of all the
// waiters.
//
//	go test -run '^$' -bench BenchmarkCheckSharedWaiters -benchtime 5x -count 6 ./leakwatch
func BenchmarkCheckSharedWaiters(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a heap of 100 MB")
	}
	heap := buildHeap(100 << 20)
	defer runtime.KeepAlive(heap)
	for _, n := range []int{1000, 2000, 4000, 8000} {
		b.Run(fmt.Sprintf("waiters=%d", n), func(b *testing.B) {
			var wg sync.WaitGroup
			wg.Add(1)
			var done sync.WaitGroup
			done.Add(n)
			for range n {
				go func() {
					defer done.Done()
					wg.Wait()
				}()
			}
			defer func() {
				wg.Done()
				done.Wait()
			}()
			before := readPauses()
			for b.Loop() {
				if err := checkFinds(0); err != nil {
					b.Fatal(err)
				}
			}
			reportPauses(b, before)
		})
	}
}

// checkFinds checks, and fails if a proven check does not count leaks
// leaked goroutines at least.
func checkFinds(leaks int) error {
	r, err := Check(context.Background())
	if err == nil && r.Proven && totalCount(r) < leaks {
		err = fmt.Errorf("check found %d leaked goroutines, want %d", totalCount(r), leaks)
	}
	return err
}

func totalCount(r Report) int {
	n := 0
	for _, s := range r.Sites {
		n += s.Count
	}
	return n
}

// currentLeaks returns how many goroutines leakSend has leaked so far.
func currentLeaks() int {
	created := marks()["created: send"][0]
	n := 0
	for _, g := range dumpNow() {
		if location(g.Creator) == created {
			n++
		}
	}
	return n
}

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWatcherOverhead measures what a Watcher costs a busy service:
// an HTTP service on localhost, with a heap of 100 MB and 10,000 parked
// goroutines, loaded by clients in the same process so that every core is
// busy. Each operation is one request; cpu-ns/op is the CPU time of the
// whole process per request. The Watcher checks every second, sixty times
// as often as by default (DefaultInterval): the CPU a check costs is the
// difference between the two runs, and at the default interval a Watcher
// costs a sixtieth of it.
//
//	go test -run '^$' -bench BenchmarkWatcherOverhead -benchtime 20s -count 10 ./leakwatch
func BenchmarkWatcherOverhead(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a heap of 100 MB")
	}
	heap := buildHeap(100 << 20)
	defer runtime.KeepAlive(heap)
	release := parkLive(2000)
	defer release()
	catalog := make(map[int]string, 10000)
	for i := range 10000 {
		catalog[i] = "item " + strconv.Itoa(i)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(r.URL.Query().Get("id"))
		items := make([]string, 0, 32)
		for i := range 32 {
			items = append(items, catalog[(id+i)%len(catalog)])
		}
		json.NewEncoder(w).Encode(items)
	}))
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	for _, tc := range []struct {
		name     string
		interval time.Duration
	}{{"watcher=none", 0}, {"watcher=every1s", time.Second}} {
		b.Run(tc.name, func(b *testing.B) {
			checksBefore := checks.Load()
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			if tc.interval > 0 {
				w := New(Interval(tc.interval))
				go func() {
					defer close(done)
					w.Run(ctx)
				}()
			} else {
				close(done)
			}
			defer func() {
				cancel()
				<-done
			}()
			cpu := cpuTime()
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					i++
					resp, err := client.Get(srv.URL + "/items?id=" + strconv.Itoa(i))
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(checks.Load()-checksBefore)/time.Since(start).Seconds(), "checks/s")
		})
	}
}
