// Command distributed is leash's bounded worker pool spread over several
// processes or machines: it publishes jobs to a NATS JetStream work queue
// and runs workers that take them from a shared consumer, each with at most
// -limit jobs in flight, every job acknowledged only once its work is done.
//
// By default it starts a JetStream server of its own, embedded and in a
// temporary directory, publishes 1000 jobs, runs three workers on them and
// prints what each did:
//
//	go run ./examples/distributed
//
// With -serve it exposes the embedded server on an address so that other
// processes can join, and with -nats it joins a server instead of starting
// one. Its README shows three workers sharing one server. With -cluster it
// runs the same on three JetStream nodes in the process, kills one halfway,
// and says which jobs were delivered twice and why none was lost.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// settings are the command's flags.
type settings struct {
	role       string        // publish, work or both
	jobs       int           // jobs to publish
	workers    int           // workers this process runs
	limit      int           // jobs in flight per worker
	work       time.Duration // how long a job takes
	failEvery  int           // every failEvery-th job fails its first attempt; 0: none
	natsURL    string        // a server to join; "": start one
	serve      string        // with the embedded server: the address to listen on
	untilEmpty bool          // workers stop once the queue is empty
	cluster    bool          // run on three embedded nodes, one of which dies halfway
	ackWait    time.Duration // the consumer's AckWait
}

func parse(args []string, stderr io.Writer) (settings, error) {
	var s settings
	fs := flag.NewFlagSet("distributed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&s.role, "role", "both", "what this process does: `publish` jobs, `work` on them, or `both`")
	fs.IntVar(&s.jobs, "n", 1000, "jobs to publish")
	fs.IntVar(&s.workers, "workers", 3, "workers to run in this process, each with a connection of its own")
	fs.IntVar(&s.limit, "limit", 8, "jobs in flight per worker at most")
	fs.DurationVar(&s.work, "work", 5*time.Millisecond, "how long a job takes")
	fs.IntVar(&s.failEvery, "fail-every", 20, "every `n`th job fails its first attempt and is retried (0: none)")
	fs.StringVar(&s.natsURL, "nats", "", "`URL` of a NATS server with JetStream to join; without it, start one embedded, in a temporary directory")
	fs.StringVar(&s.serve, "serve", "", "with the embedded server: listen on `address` (such as 127.0.0.1:4222) for other processes, and serve until interrupted")
	fs.BoolVar(&s.untilEmpty, "until-empty", false, "with -role work: stop once the queue is empty instead of waiting for more jobs")
	fs.BoolVar(&s.cluster, "cluster", false, "run on a cluster of three JetStream nodes in this process, the stream replicated on all three, and kill one halfway")
	fs.DurationVar(&s.ackWait, "ack-wait", 0, "how long the server waits for a worker's acknowledgement before it delivers a job again (default 30s, 2s with -cluster)")
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	if s.ackWait == 0 {
		s.ackWait = 30 * time.Second
		if s.cluster {
			// Jobs whose acknowledgement died with the node come back
			// after this: short, for the demonstration not to wait.
			s.ackWait = 2 * time.Second
		}
	}
	switch {
	case fs.NArg() > 0:
		return s, fmt.Errorf("unexpected arguments %q: every setting is a flag", fs.Args())
	case s.role != "publish" && s.role != "work" && s.role != "both":
		return s, fmt.Errorf("-role %q: want publish, work or both", s.role)
	case s.jobs < 0 || s.workers < 1 || s.limit < 1 || s.failEvery < 0 || s.work < 0:
		return s, errors.New("-n, -work and -fail-every must not be negative, -workers and -limit must be at least 1")
	case s.natsURL != "" && s.serve != "":
		return s, errors.New("-serve exposes the embedded server; it cannot go with -nats, which joins another one")
	case s.cluster && (s.natsURL != "" || s.serve != "" || s.role != "both"):
		return s, errors.New("-cluster runs the whole demonstration in this process: it cannot go with -nats, -serve or -role")
	case s.ackWait < time.Second:
		return s, errors.New("-ack-wait must be at least a second")
	}
	return s, nil
}

// run does what the settings say, until it is done or ctx ends.
func run(ctx context.Context, s settings, stdout io.Writer) error {
	conn, err := newConnector(ctx, s, stdout)
	if err != nil {
		return err
	}
	defer conn.close()
	q, err := openQueue(ctx, conn, s.ackWait)
	if err != nil {
		return err
	}
	defer q.close()

	if s.role != "work" {
		if err := q.publish(ctx, s.jobs); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "published %d jobs\n", s.jobs)
	}
	if s.role != "publish" {
		stopWhenEmpty := s.role == "both" || s.untilEmpty
		if s.role == "work" && !stopWhenEmpty {
			fmt.Fprintln(stdout, "working on the queue's jobs until interrupted")
		}
		if err := work(ctx, conn, q, s, stopWhenEmpty, stdout); err != nil {
			return err
		}
	}
	if s.serve != "" {
		fmt.Fprintln(stdout, "serving until interrupted")
		<-ctx.Done()
	}
	return nil
}

func main() {
	os.Exit(mainCode())
}

// mainCode runs the command and returns its exit code: 2 for bad flags, 1
// when the work failed.
func mainCode() int {
	s, err := parse(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "distributed:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, s, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "distributed:", err)
		return 1
	}
	return 0
}
