package jetstream

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// clusterJobs is how many jobs each cluster test runs through its three
// workers: 3,000 by default, for the tests to take seconds; `go test -run
// TestCluster -cluster.jobs 10000` for the full run.
var clusterJobs = flag.Int("cluster.jobs", 3000, "jobs each cluster test runs through its three workers")

// clusterBaseline runs the cluster tests with nats.go's own consumer in
// place of Consume (as BenchmarkConsume's baseline does it, with a
// semaphore of clusterLimit), to compare what the faults do to each.
var clusterBaseline = flag.Bool("cluster.baseline", false, "run the cluster tests' workers on nats.go's own consumer, for comparison")

const (
	clusterLimit   = 8
	clusterAckWait = 2 * time.Second
)

// clusterPrefetch is the Prefetch of each worker of a cluster test: the
// default, a small window, and none, so that both ways of fetching meet
// the faults.
var clusterPrefetch = []int{-1, 16, 0}

// A clusterRun is three workers consuming jobs from a cluster, each
// connected first to a node of its own, while a fault is injected: it
// records every delivery, run and acknowledgement of every job.
type clusterRun struct {
	t       *testing.T
	c       *cluster
	jobs    int
	adminNC *nats.Conn
	admin   natsjs.JetStream
	ledger  *ledger
	workers [3]*clusterWorker

	mu        sync.Mutex
	running   map[int]int // per job: runs under way
	succeeded map[int]int // per job: runs that returned nil
	overlaps  map[int]int // per job: runs that started while another was under way
}

// A clusterWorker is one worker of a clusterRun.
type clusterWorker struct {
	nc       *nats.Conn
	tasks    counter
	stop     func() (error, any)
	leftOver int64 // tasks still running when its Consume returned
}

// startClusterRun starts a cluster, publishes the jobs to a replicated work
// queue and starts three workers on it.
func startClusterRun(t *testing.T) *clusterRun {
	r := &clusterRun{t: t, c: startCluster(t), jobs: *clusterJobs, ledger: newLedger(t),
		running: map[int]int{}, succeeded: map[int]int{}, overlaps: map[int]int{}}
	r.adminNC, r.admin = r.c.dial(0, "admin")
	jobQueueR3(t, r.admin, natsjs.ConsumerConfig{AckWait: clusterAckWait})
	publishJobs(t, r.admin, 0, r.jobs)
	for i := range r.workers {
		w := &clusterWorker{}
		var js natsjs.JetStream
		w.nc, js = r.c.dial(i, fmt.Sprintf("worker %d", i))
		opts := []Option{Limit(clusterLimit), Backoff(100 * time.Millisecond)}
		if p := clusterPrefetch[i]; p >= 0 {
			opts = append(opts, Prefetch(p))
		}
		consumer := r.ledger.watch(consumerOf(t, js))
		run := runWorker
		if *clusterBaseline {
			run = runNatsWorker
		}
		stop := run(t.Context(), consumer, r.task(w), opts...)
		w.stop = func() (error, any) {
			err, p := stop()
			w.leftOver = w.tasks.running.Load()
			return err, p
		}
		r.workers[i] = w
	}
	return r
}

// runNatsWorker is runWorker for nats.go's own consumer, with a semaphore of
// clusterLimit goroutines each acknowledging its message once task
// succeeded (and giving it back when it failed); opts are ignored.
func runNatsWorker(ctx context.Context, c natsjs.Consumer, task func(context.Context, Msg) error, _ ...Option) func() (error, any) {
	ctx, cancel := context.WithCancel(ctx)
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		err = natsConsume(ctx, c, clusterLimit, func(m natsjs.Msg) error {
			meta, merr := m.Metadata()
			if merr != nil {
				return merr
			}
			return task(ctx, Msg{Subject: m.Subject(), Header: m.Headers(), Data: m.Data(), Metadata: *meta})
		})
	}()
	return func() (error, any) {
		cancel()
		<-done
		return err, nil
	}
}

// task is the work of a job on worker w: a little time, during which no
// other run of the same job may be under way.
func (r *clusterRun) task(w *clusterWorker) func(context.Context, Msg) error {
	return func(ctx context.Context, m Msg) error {
		w.tasks.enter()
		defer w.tasks.leave()
		id := jobID(r.t, m.Data)
		r.mu.Lock()
		if r.running[id] > 0 {
			r.overlaps[id]++
		}
		r.running[id]++
		r.mu.Unlock()
		defer func() {
			r.mu.Lock()
			r.running[id]--
			r.mu.Unlock()
		}()
		select {
		case <-time.After(time.Duration(id%3) * 500 * time.Microsecond):
		case <-ctx.Done():
			return ctx.Err()
		}
		r.mu.Lock()
		r.succeeded[id]++
		r.mu.Unlock()
		return nil
	}
}

// acked returns how many jobs the workers have acknowledged so far.
func (r *clusterRun) acked() int {
	r.ledger.mu.Lock()
	defer r.ledger.mu.Unlock()
	return len(r.ledger.acks)
}

// waitForAcks waits until the workers have acknowledged n jobs.
func (r *clusterRun) waitForAcks(n int) {
	r.t.Helper()
	waitFor(r.t, 60*time.Second, fmt.Sprintf("%d jobs acknowledged", n), func() bool { return r.acked() >= n })
}

// finish waits until the cluster has every job acknowledged, stops the
// workers and checks the rules: every job ran to success, and each success
// was acknowledged; a job that ran to success more than once — when the
// cluster lost its acknowledgement in the fault, and delivered it again —
// did so on a later delivery each time, never two runs at once; no worker
// ran more than its Limit at once; every Consume returned context.Canceled
// with none of its tasks running.
func (r *clusterRun) finish() {
	t := r.t
	t.Helper()
	start := time.Now()
	var last string // what the cluster said last
	for {
		if r.allAcknowledged(&last) {
			break
		}
		if time.Since(start) > 120*time.Second {
			r.stuck(last)
		}
		time.Sleep(10 * time.Millisecond)
	}
	drained := time.Since(start)
	for i, w := range r.workers {
		if err, p := w.stop(); !errors.Is(err, context.Canceled) || p != nil {
			t.Errorf("worker %d: Consume returned %v, panicked %v; want context.Canceled", i, err, p)
		}
		if w.leftOver != 0 {
			t.Errorf("worker %d: Consume returned with %d tasks running", i, w.leftOver)
		}
		if p := w.tasks.peak.Load(); p > clusterLimit {
			t.Errorf("worker %d ran %d tasks at once, limit %d", i, p, clusterLimit)
		}
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	var once, twice, redelivered, deliveries int
	for id := range r.jobs {
		runs, acks, ds := r.succeeded[id], l.acks[id], l.deliveries[id]
		deliveries += len(ds)
		if len(ds) > 1 {
			redelivered++
		}
		switch {
		case runs == 0 || acks == 0:
			t.Errorf("job %d: %d successful runs, %d acknowledgements, deliveries %v; want it done", id, runs, acks, ds)
		case acks != runs:
			t.Errorf("job %d: %d successful runs, %d acknowledgements; want one for each", id, runs, acks)
		case runs > len(ds):
			t.Errorf("job %d: %d successful runs of %d deliveries", id, runs, len(ds))
		case runs == 1:
			once++
		default:
			twice++
		}
		if r.overlaps[id] > 0 {
			t.Errorf("job %d: %d runs started while another was under way (deliveries %v)", id, r.overlaps[id], ds)
		}
	}
	t.Logf("%d jobs: %d done and acknowledged once, %d more than once (delivered again after the fault, each run after the one before had ended); %d deliveries, %d jobs delivered more than once; every job acknowledged, as the cluster sees it, %v after the fault",
		r.jobs, once, twice, deliveries, redelivered, drained.Round(time.Millisecond))
}

// A node stopped and restarted while three workers consume the jobs: the
// node that leads the consumer, so that its group elects another leader,
// and the node that one worker is connected to, so that the worker
// reconnects to another.
func TestClusterNodeRestart(t *testing.T) {
	r := startClusterRun(t)
	r.waitForAcks(r.jobs / 3)
	n := r.c.leaderOf(true)
	if n < 0 {
		t.Fatal("no consumer leader")
	}
	r.c.stop(n)
	r.waitForAcks(r.jobs / 2)
	if err := r.c.start(n, server.RANDOM_PORT); err != nil {
		t.Fatal(err)
	}
	r.finish()
	if r.workers[n].nc.Stats().Reconnects == 0 {
		t.Errorf("worker %d, connected to the node stopped, never reconnected", n)
	}
}

// allAcknowledged reports whether the cluster has every job acknowledged,
// and says in *said what it answered.
func (r *clusterRun) allAcknowledged(said *string) bool {
	ctx, cancel := context.WithTimeout(r.t.Context(), 2*time.Second)
	defer cancel()
	stream, err := r.admin.Stream(ctx, streamName)
	if err != nil {
		*said = err.Error() // a node restarting, a leader being elected: ask again
		return false
	}
	sinfo, err := stream.Info(ctx)
	if err != nil {
		*said = err.Error()
		return false
	}
	cinfo, err := stream.Consumer(ctx, consumerName)
	if err != nil {
		*said = err.Error()
		return false
	}
	info := cinfo.CachedInfo()
	*said = fmt.Sprintf("%d jobs stored, %d not yet delivered, %d delivered and not acknowledged, %d pulls waiting, %d redelivered",
		sinfo.State.Msgs, info.NumPending, info.NumAckPending, info.NumWaiting, info.NumRedelivered)
	return sinfo.State.Msgs == 0 && info.NumPending == 0 && info.NumAckPending == 0
}

// stuck fails the test, with what the cluster said last and what became of
// the jobs not acknowledged.
func (r *clusterRun) stuck(said string) {
	t := r.t
	t.Helper()
	t.Errorf("not every job acknowledged after 2m; the cluster: %s", said)
	for i, w := range r.workers {
		t.Errorf("worker %d: connected %v, %d reconnections, %d tasks running", i, w.nc.IsConnected(), w.nc.Stats().Reconnects, w.tasks.running.Load())
	}
	l := r.ledger
	l.mu.Lock()
	defer l.mu.Unlock()
	shown := 0
	for id := range r.jobs {
		if l.acks[id] == 0 && shown < 20 {
			shown++
			t.Errorf("job %d: deliveries %v, %d progress signals, given back %d times (%d with a delay)",
				id, l.deliveries[id], l.progress[id], l.naks[id], l.delayedNaks[id])
		}
	}
	t.FailNow()
}

// The leaders moved while three workers consume the jobs: the stream's and
// the consumer's groups each step down, and another node takes over.
func TestClusterLeadersMove(t *testing.T) {
	r := startClusterRun(t)
	r.waitForAcks(r.jobs / 3)
	for _, g := range []struct {
		consumer bool
		subject  string
	}{
		{false, "$JS.API.STREAM.LEADER.STEPDOWN." + streamName},
		{true, "$JS.API.CONSUMER.LEADER.STEPDOWN." + streamName + "." + consumerName},
	} {
		was := r.c.leaderOf(g.consumer)
		resp, err := r.adminNC.Request(g.subject, nil, 5*time.Second)
		if err != nil {
			t.Fatalf("%s: %v", g.subject, err)
		}
		var apiErr struct {
			Error *struct{ Description string } `json:"error"`
		}
		if err := json.Unmarshal(resp.Data, &apiErr); err != nil || apiErr.Error != nil {
			t.Fatalf("%s: %s", g.subject, resp.Data)
		}
		r.c.waitFor(30*time.Second, "a new leader", func() bool {
			now := r.c.leaderOf(g.consumer)
			return now >= 0 && now != was
		})
	}
	r.finish()
}

// A worker's connection cut by the server, as a network fault would: the
// worker reconnects, and carries on.
func TestClusterConnectionCut(t *testing.T) {
	r := startClusterRun(t)
	r.waitForAcks(r.jobs / 3)
	w := r.workers[0]
	cid, err := w.nc.GetClientID()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if _, err := fmt.Sscanf(w.nc.ConnectedServerName(), "n%d", &n); err != nil {
		t.Fatal(err)
	}
	if err := r.c.nodes[n].DisconnectClientByID(cid); err != nil {
		t.Fatal(err)
	}
	r.c.waitFor(30*time.Second, "the worker reconnected", func() bool {
		return w.nc.Stats().Reconnects > 0 && w.nc.IsConnected()
	})
	r.finish()
}
