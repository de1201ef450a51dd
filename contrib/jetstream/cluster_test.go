package jetstream

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

// A cluster is three JetStream servers clustered over routes, in the test's
// process: random ports of the loopback interface, a store each in a
// temporary directory, shut down when the test ends.
type cluster struct {
	t     testing.TB
	name  string
	dirs  [3]string
	nodes [3]*server.Server // nil while a node is stopped
}

// startCluster starts a cluster of three nodes and waits until its JetStream
// meta leader knows them all, ready to place replicated streams.
func startCluster(t testing.TB) *cluster {
	t.Helper()
	c := &cluster{t: t, name: "leash-" + strings.ReplaceAll(t.Name(), "/", "-")}
	for i := range c.nodes {
		c.dirs[i] = t.TempDir()
	}
	// Registered after the directories, so that it runs before they are
	// removed.
	t.Cleanup(func() {
		for i := range c.nodes {
			c.stop(i)
		}
	})
	// A clustered JetStream server wants a route from the start: the first
	// node's route is to itself, on a port found free, which the server
	// recognises and ignores; the others' are to the first node.
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		err = c.start(0, port)
		if err == nil {
			break
		}
		if attempt == 3 {
			t.Fatal(err)
		}
	}
	for i := 1; i < len(c.nodes); i++ {
		if err := c.start(i, server.RANDOM_PORT); err != nil {
			t.Fatal(err)
		}
	}
	c.waitFor(30*time.Second, "a JetStream meta leader that knows every node", func() bool {
		for _, s := range c.nodes {
			if s != nil && s.JetStreamIsLeader() && len(s.JetStreamClusterPeers()) == len(c.nodes) {
				return true
			}
		}
		return false
	})
	return c
}

// freePort returns a port of the loopback interface that was free a moment
// ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// start starts node i, its routes on clusterPort, with routes to the nodes
// running (or, alone, to itself); its clients' port is a new random one.
func (c *cluster) start(i, clusterPort int) error {
	routes := []*url.URL{}
	for _, s := range c.nodes {
		if s != nil {
			routes = append(routes, &url.URL{Scheme: "nats-route", Host: s.ClusterAddr().String()})
		}
	}
	if len(routes) == 0 {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", clusterPort)})
	}
	s, err := server.NewServer(&server.Options{
		ServerName: fmt.Sprintf("n%d", i),
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   c.dirs[i],
		Cluster:    server.ClusterOpts{Name: c.name, Host: "127.0.0.1", Port: clusterPort},
		Routes:     routes,
		NoLog:      true,
		NoSigs:     true,
	})
	if err != nil {
		return err
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		s.WaitForShutdown()
		return fmt.Errorf("node %d not ready after 10s", i)
	}
	c.nodes[i] = s
	return nil
}

// stop shuts node i down, if it runs.
func (c *cluster) stop(i int) {
	if s := c.nodes[i]; s != nil {
		s.Shutdown()
		s.WaitForShutdown()
		c.nodes[i] = nil
	}
}

// waitFor polls cond until it holds, and fails the test after limit.
func (c *cluster) waitFor(limit time.Duration, what string, cond func() bool) {
	c.t.Helper()
	waitFor(c.t, limit, what, cond)
}

// dial connects to the cluster through node i first, as a worker near that
// node would, closed when the test ends.
func (c *cluster) dial(i int, name string) (*nats.Conn, natsjs.JetStream) {
	c.t.Helper()
	urls := []string{c.nodes[i].ClientURL()}
	for j, s := range c.nodes {
		if j != i && s != nil {
			urls = append(urls, s.ClientURL())
		}
	}
	nc, err := nats.Connect(strings.Join(urls, ","), nats.Name(name), nats.DontRandomize(),
		nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			c.t.Logf("%s: %v", name, err) // a write to a connection cut, say
		}))
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(nc.Close)
	js, err := natsjs.New(nc)
	if err != nil {
		c.t.Fatal(err)
	}
	return nc, js
}

// jobQueueR3 creates the stream of jobs, a work queue replicated on the
// three nodes, and its durable pull consumer with cfg (replicated alike).
func jobQueueR3(t testing.TB, js natsjs.JetStream, cfg natsjs.ConsumerConfig) {
	t.Helper()
	ctx := t.Context()
	stream, err := js.CreateStream(ctx, natsjs.StreamConfig{
		Name:      streamName,
		Subjects:  []string{"jobs.>"},
		Retention: natsjs.WorkQueuePolicy,
		Storage:   natsjs.FileStorage,
		Replicas:  3,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Durable = consumerName
	if _, err := stream.CreateConsumer(ctx, cfg); err != nil {
		t.Fatal(err)
	}
}

// leaderOf returns the node that leads the consumer's group (consumer) or
// the stream's, -1 if none does.
func (c *cluster) leaderOf(consumer bool) int {
	for i, s := range c.nodes {
		if s == nil {
			continue
		}
		if consumer && s.JetStreamIsConsumerLeader(server.DEFAULT_GLOBAL_ACCOUNT, streamName, consumerName) ||
			!consumer && s.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, streamName) {
			return i
		}
	}
	return -1
}
