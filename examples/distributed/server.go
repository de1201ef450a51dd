package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// A connector opens the connections of the command — one for publishing,
// one per worker, as separate machines would have — to the server given
// with -nats or to one it embeds.
type connector struct {
	url      string         // the server's address
	embedded *server.Server // nil with -nats and -cluster
	storeDir string         // the embedded server's, removed by close
	cluster  *cluster       // with -cluster: the three embedded nodes
}

// newConnector starts the embedded server unless -nats names one. Without
// -serve the embedded server listens on no port at all: the connections are
// in-process, so the command runs offline and alongside anything else.
func newConnector(ctx context.Context, s settings, stdout io.Writer) (*connector, error) {
	if s.natsURL != "" {
		return &connector{url: s.natsURL}, nil
	}
	if s.cluster {
		c, err := startCluster()
		if err != nil {
			return nil, err
		}
		fmt.Fprintln(stdout, "cluster of three JetStream nodes in this process: n1, n2, n3")
		return &connector{cluster: c}, nil
	}
	dir, err := os.MkdirTemp("", "leash-distributed-")
	if err != nil {
		return nil, err
	}
	opts := &server.Options{
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true, // the command handles its signals itself
		NoLog:      true,
		DontListen: s.serve == "",
	}
	if s.serve != "" {
		if opts.Host, opts.Port, err = hostPort(s.serve); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("embedded server: %w", err)
	}
	c := &connector{embedded: srv, storeDir: dir}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		c.close()
		return nil, fmt.Errorf("embedded server: not ready after 10s (is %s free?)", s.serve)
	}
	c.url = srv.ClientURL()
	if s.serve != "" {
		fmt.Fprintf(stdout, "NATS server with JetStream listening on %s (store %s)\n", c.url, dir)
	}
	return c, nil
}

// hostPort splits a -serve address; port 0 picks a free one.
func hostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("-serve %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("-serve %q: the port must be a number from 0 to 65535", addr)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	return host, port, nil
}

// connect opens a connection named name, which the server's monitoring
// shows.
func (c *connector) connect(name string) (*nats.Conn, error) {
	return c.connectNear(0, name)
}

// connectNear is connect for the i-th worker: on a cluster, it connects to
// the i-th node first, as a worker on the same machine would, and fails over
// to the others.
func (c *connector) connectNear(i int, name string) (*nats.Conn, error) {
	url := c.url
	opts := []nats.Option{nats.Name(name)}
	switch {
	case c.cluster != nil:
		url = strings.Join(c.cluster.urls(i), ",")
		opts = append(opts, nats.DontRandomize(), nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	case c.embedded != nil && c.embedded.Addr() == nil:
		opts = append(opts, nats.InProcessServer(c.embedded))
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", url, err)
	}
	return nc, nil
}

// close shuts the embedded servers down and removes their stores.
func (c *connector) close() {
	if c.cluster != nil {
		c.cluster.close()
	}
	if c.embedded == nil {
		return
	}
	c.embedded.Shutdown()
	c.embedded.WaitForShutdown()
	os.RemoveAll(c.storeDir)
}
