package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A record is what happened to each job, across the workers: how many times
// it was delivered and how many times it was done.
type record struct {
	mu         sync.Mutex
	deliveries map[int]uint64 // per job: the highest delivery number seen
	runs       map[int]int    // per job: runs that succeeded
	running    map[int]int    // per job: runs under way
	overlaps   int            // runs that started while another of the same job was under way
}

func newRecord() *record {
	return &record{deliveries: map[int]uint64{}, runs: map[int]int{}, running: map[int]int{}}
}

// start records the start of a run of job, delivery number n, and returns
// the function that records its end.
func (r *record) start(job int, n uint64) (end func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deliveries[job] = max(r.deliveries[job], n)
	if r.running[job] > 0 {
		r.overlaps++
	}
	r.running[job]++
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.running[job]--
	}
}

func (r *record) done(job int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs[job]++
}

// distinct returns how many different jobs have been done.
func (r *record) distinct() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.runs)
}

// killHalfway waits until half the jobs are done, then kills the node that
// leads the consumer — the one whose loss disturbs the workers most — and
// returns its name.
func killHalfway(ctx context.Context, c *cluster, jobs *record, total int, stdout io.Writer) (string, error) {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for jobs.distinct() < total/2 {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return "", nil
		}
	}
	n := c.consumerLeader()
	if n < 0 {
		return "", fmt.Errorf("cluster: no node leads the consumer")
	}
	done := jobs.distinct()
	c.kill(n)
	fmt.Fprintf(stdout, "killed %s, which led the consumer, after %d of %d jobs\n", nodeName(n), done, total)
	return nodeName(n), nil
}

// report prints which jobs were delivered, and done, more than once, why,
// and why none was lost. failEvery is the -fail-every setting, whose jobs
// are meant to be delivered twice.
func (r *record) report(w io.Writer, total, failEvery int, killed string, ackWait time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var retried, again, twice []int
	for job, n := range r.deliveries {
		planned := uint64(1)
		if failEvery > 0 && job%failEvery == 0 {
			planned = 2
			retried = append(retried, job)
		}
		if n > planned {
			again = append(again, job)
		}
		if r.runs[job] > 1 {
			twice = append(twice, job)
		}
	}
	slices.Sort(again)
	slices.Sort(twice)
	fmt.Fprintf(w, "delivered again after a failed first attempt, as planned: %d jobs\n", len(retried))
	fmt.Fprintf(w, "delivered again because %s died: %d jobs%s\n", killed, len(again), list(again))
	fmt.Fprintf(w, "done twice: %d jobs%s\n", len(twice), list(twice))
	fmt.Fprintf(w, "two runs of one job at once: %d\n", r.overlaps)
	fmt.Fprintf(w, "why: %s led the consumer. The node that took over knew only the acknowledgements %s had passed on, "+
		"so once their ack deadline (%v) passed it delivered again the jobs whose acknowledgement it had not heard of, "+
		"done or not, to whichever worker was free. Delivery is at least once: make jobs idempotent.\n", killed, killed, ackWait)
	fmt.Fprintf(w, "nothing lost: %d of %d jobs done. Every node stored every job; "+
		"with %s gone the other two were still a majority, elected new leaders, "+
		"and kept each job until a worker acknowledged it.\n", len(r.runs), total, killed)
}

// list shows the first jobs of ids.
func list(ids []int) string {
	if len(ids) == 0 {
		return ""
	}
	const most = 10
	s := make([]string, 0, most)
	for _, id := range ids[:min(len(ids), most)] {
		s = append(s, strconv.Itoa(id))
	}
	if len(ids) > most {
		s = append(s, "…")
	}
	return ": " + strings.Join(s, ", ")
}
