package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// A cluster is three JetStream servers clustered over routes, embedded in
// the process, as -cluster runs: each listens on a free port of the
// loopback interface and stores in a temporary directory.
type cluster struct {
	nodes [3]*server.Server // nil once killed
	dirs  [3]string
}

// startCluster starts the three nodes and waits until the JetStream meta
// leader knows them all, ready to place a stream on the three.
func startCluster() (*cluster, error) {
	c := &cluster{}
	for i := range c.nodes {
		dir, err := os.MkdirTemp("", fmt.Sprintf("leash-distributed-n%d-", i+1))
		if err != nil {
			c.close()
			return nil, err
		}
		c.dirs[i] = dir
	}
	// A clustered JetStream server wants a route from the start: the first
	// node's is to itself, on a port found free, which it recognises and
	// ignores; the others' are to the first node.
	port, err := freePort()
	if err != nil {
		c.close()
		return nil, err
	}
	for i := range c.nodes {
		routes := []*url.URL{{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", port)}}
		clusterPort := server.RANDOM_PORT
		if i == 0 {
			clusterPort = port
		}
		if err := c.start(i, clusterPort, routes); err != nil {
			c.close()
			return nil, err
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for !c.ready() {
		if time.Now().After(deadline) {
			c.close()
			return nil, errors.New("cluster: no JetStream meta leader knowing every node after 30s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return c, nil
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

func (c *cluster) start(i, clusterPort int, routes []*url.URL) error {
	s, err := server.NewServer(&server.Options{
		ServerName: nodeName(i),
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   c.dirs[i],
		Cluster:    server.ClusterOpts{Name: "leash-distributed", Host: "127.0.0.1", Port: clusterPort},
		Routes:     routes,
		NoLog:      true,
		NoSigs:     true,
	})
	if err != nil {
		return fmt.Errorf("node %s: %w", nodeName(i), err)
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return fmt.Errorf("node %s: not ready after 10s", nodeName(i))
	}
	c.nodes[i] = s
	return nil
}

// nodeName names node i as the output does: n1, n2, n3.
func nodeName(i int) string { return fmt.Sprintf("n%d", i+1) }

// ready reports whether the meta leader knows every node.
func (c *cluster) ready() bool {
	for _, s := range c.nodes {
		if s != nil && s.JetStreamIsLeader() && len(s.JetStreamClusterPeers()) == len(c.nodes) {
			return true
		}
	}
	return false
}

// urls returns the client addresses of the nodes, node first: a client
// connects to the first it can and fails over to the others.
func (c *cluster) urls(first int) []string {
	var urls []string
	for k := range c.nodes {
		if s := c.nodes[(first+k)%len(c.nodes)]; s != nil {
			urls = append(urls, s.ClientURL())
		}
	}
	return urls
}

// consumerLeader returns the node that leads the consumer, -1 if none does.
func (c *cluster) consumerLeader() int {
	for i, s := range c.nodes {
		if s != nil && s.JetStreamIsConsumerLeader(server.DEFAULT_GLOBAL_ACCOUNT, streamName, consumerName) {
			return i
		}
	}
	return -1
}

// kill shuts node i down.
func (c *cluster) kill(i int) {
	if s := c.nodes[i]; s != nil {
		s.Shutdown()
		s.WaitForShutdown()
		c.nodes[i] = nil
	}
}

// close shuts every node down and removes their stores.
func (c *cluster) close() {
	for i := range c.nodes {
		c.kill(i)
		if c.dirs[i] != "" {
			os.RemoveAll(c.dirs[i])
		}
	}
}
