package main

import (
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leash-go/leash/leashtest"
)

func TestMain(m *testing.M) {
	leashtest.Main(m)
}

// tallies reads the per-worker lines of a report: jobs done, attempts
// failed and the most in flight, summed over the workers, and that most.
func tallies(t *testing.T, out string) (done, failed, peak int) {
	t.Helper()
	re := regexp.MustCompile(`worker \d+: (\d+) jobs done, (\d+) attempts failed \(retried later\), \d+ given back unstarted, at most (\d+) in flight \(limit (\d+)\)`)
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		d, _ := strconv.Atoi(m[1])
		f, _ := strconv.Atoi(m[2])
		p, _ := strconv.Atoi(m[3])
		done, failed, peak = done+d, failed+f, max(peak, p)
	}
	return done, failed, peak
}

// The default run: an embedded server, jobs published, three workers on
// them until every job is done.
func TestPublishAndWork(t *testing.T) {
	var out strings.Builder
	s := settings{role: "both", jobs: 300, workers: 3, limit: 4, work: time.Millisecond, failEvery: 10}
	if err := run(t.Context(), s, &out); err != nil {
		t.Fatal(err)
	}
	done, failed, peak := tallies(t, out.String())
	if done != 300 || failed != 30 || peak > 4 || !strings.Contains(out.String(), "300 jobs done in") {
		t.Errorf("%d jobs done, %d attempts failed, at most %d in flight; want 300, 30, at most 4:\n%s", done, failed, peak, out.String())
	}
}

// syncBuffer is an io.Writer that a test can read while a run writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// The README's three workers against one server: one process serves the
// embedded server on a port and publishes, three others join it with -nats
// and work until the queue is empty, and a fourth works until interrupted.
func TestThreeWorkersJoinOneServer(t *testing.T) {
	const jobs = 900
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	served := &syncBuffer{}
	serverDone := make(chan error, 1)
	go func() {
		serverDone <- run(ctx, settings{role: "publish", jobs: jobs, workers: 1, limit: 1, serve: "127.0.0.1:0"}, served)
	}()
	var url string
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(served.String(), "serving until interrupted") {
		if time.Now().After(deadline) {
			t.Fatalf("the serving process has not published after 30s:\n%s", served.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	url = regexp.MustCompile(`listening on (nats://\S+)`).FindStringSubmatch(served.String())[1]

	idle := &syncBuffer{}
	idleDone := make(chan error, 1)
	idleCtx, stopIdle := context.WithCancel(ctx)
	defer stopIdle()
	go func() {
		idleDone <- run(idleCtx, settings{role: "work", workers: 1, limit: 2, work: 20 * time.Millisecond, failEvery: 25, natsURL: url}, idle)
	}()

	outs := make([]strings.Builder, 3)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Go(func() {
			s := settings{role: "work", workers: 1, limit: 4, work: time.Millisecond, failEvery: 25, natsURL: url, untilEmpty: true}
			if err := run(ctx, s, &outs[i]); err != nil {
				t.Errorf("worker process %d: %v", i+1, err)
			}
		})
	}
	wg.Wait()
	stopIdle()
	if err := <-idleDone; err != nil {
		t.Errorf("the worker process that was interrupted returned %v, want nil", err)
	}
	cancel()
	if err := <-serverDone; err != nil {
		t.Errorf("the serving process returned %v", err)
	}

	total, failures := 0, 0
	for i := range outs {
		done, failed, peak := tallies(t, outs[i].String())
		if peak > 4 {
			t.Errorf("worker process %d had %d jobs in flight, limit 4", i+1, peak)
		}
		total, failures = total+done, failures+failed
	}
	idleDoneJobs, idleFailed, _ := tallies(t, idle.String())
	total, failures = total+idleDoneJobs, failures+idleFailed
	if total != jobs || failures != jobs/25 {
		t.Errorf("%d jobs done and %d attempts failed across the processes, want %d and %d:\n%s\n%s\n%s\n%s",
			total, failures, jobs, jobs/25, outs[0].String(), outs[1].String(), outs[2].String(), idle.String())
	}
}

// The demonstration on a cluster: three nodes in the process, the stream
// replicated on all three, the node leading the consumer killed halfway.
// Every job is done, some twice — never two runs at once — and the output
// says which and why.
func TestCluster(t *testing.T) {
	const jobs = 600
	var out strings.Builder
	s := settings{role: "both", jobs: jobs, workers: 3, limit: 4, work: time.Millisecond, failEvery: 20, cluster: true, ackWait: 2 * time.Second}
	if err := run(t.Context(), s, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	o := out.String()
	killed := regexp.MustCompile(`killed (n[123]), which led the consumer, after (\d+) of 600 jobs`).FindStringSubmatch(o)
	again := regexp.MustCompile(`delivered again because (n[123]) died: (\d+) jobs`).FindStringSubmatch(o)
	twice := regexp.MustCompile(`done twice: (\d+) jobs`).FindStringSubmatch(o)
	if killed == nil || again == nil || twice == nil {
		t.Fatalf("no node killed, or no account of the jobs delivered again:\n%s", o)
	}
	if at, _ := strconv.Atoi(killed[2]); at < jobs/2 || at >= jobs || again[1] != killed[1] {
		t.Errorf("killed %s after %s jobs, blamed %s; want the same node, halfway:\n%s", killed[1], killed[2], again[1], o)
	}
	done, _, peak := tallies(t, o)
	doneTwice, _ := strconv.Atoi(twice[1])
	for _, want := range []string{
		"cluster of three JetStream nodes in this process",
		"delivered again after a failed first attempt, as planned: 30 jobs",
		"two runs of one job at once: 0",
		"nothing lost: 600 of 600 jobs done",
	} {
		if !strings.Contains(o, want) {
			t.Errorf("output lacks %q:\n%s", want, o)
		}
	}
	if done < jobs+doneTwice || peak > 4 {
		t.Errorf("the workers did %d jobs, at most %d at once; want the %d jobs and the %d done twice, at most 4 at once:\n%s", done, peak, jobs, doneTwice, o)
	}
}

func TestParse(t *testing.T) {
	s, err := parse(nil, io.Discard)
	if err != nil || s.role != "both" || s.jobs != 1000 || s.workers != 3 || s.limit != 8 || s.natsURL != "" || s.cluster || s.ackWait != 30*time.Second {
		t.Errorf("defaults: %+v, %v", s, err)
	}
	if s, err := parse([]string{"-cluster"}, io.Discard); err != nil || s.ackWait != 2*time.Second {
		t.Errorf("-cluster: %+v, %v; want an ack deadline of 2s", s, err)
	}
	for _, args := range [][]string{
		{"-role", "watch"},
		{"-limit", "0"},
		{"-workers", "0"},
		{"-n", "-1"},
		{"-nats", "nats://127.0.0.1:4222", "-serve", "127.0.0.1:4222"},
		{"-cluster", "-nats", "nats://127.0.0.1:4222"},
		{"-cluster", "-serve", "127.0.0.1:4222"},
		{"-cluster", "-role", "work"},
		{"-ack-wait", "10ms"},
		{"extra"},
		{"-nosuchflag"},
	} {
		if _, err := parse(args, io.Discard); err == nil {
			t.Errorf("parse(%q) accepted bad flags", args)
		}
	}
}

func TestBadServeAddress(t *testing.T) {
	for _, addr := range []string{"4222", "127.0.0.1:http", "127.0.0.1:70000"} {
		err := run(t.Context(), settings{role: "publish", jobs: 1, workers: 1, limit: 1, serve: addr}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "-serve") {
			t.Errorf("-serve %s: %v, want an error naming -serve", addr, err)
		}
	}
}
