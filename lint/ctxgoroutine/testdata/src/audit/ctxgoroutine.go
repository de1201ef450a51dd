package audit

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"os/exec"
	"time"

	"golang.org/x/sync/errgroup"
)

func refresh(ctx context.Context) error { return nil }
func flush()                            {}

// A ticker loop that nothing can stop.
func StartRefresher(ctx context.Context, every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for range t.C { // want `goroutine ranges over a ticker and never checks ctx: select on ctx.Done\(\) and return`
			refresh(ctx)
		}
	}()
}

// A sleep loop that nothing can stop.
func StartFlusher(ctx context.Context) {
	go func() {
		for { // want `goroutine polls with time.Sleep and never checks ctx: select on ctx.Done\(\) and return`
			time.Sleep(time.Second)
			flush()
		}
	}()
}

type server struct {
	quit chan struct{}
	jobs chan int
}

// An endless loop in a method started as a goroutine: s.quit is at hand.
func (s *server) loop() {
	for { // want `goroutine loops forever with no way to stop it: select on s.quit and return`
		j := <-s.jobs
		_ = j
	}
}

func (s *server) Start() {
	go s.loop()
}

func (s *server) Stop() { close(s.quit) }

func (s *server) Submit(j int) { s.jobs <- j }

// Background in place of the context at hand.
func Detached(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls[:1] {
		g.Go(func() error {
			req, err := http.NewRequestWithContext(context.Background(), "GET", u, nil) // want `context.Background\(\) in a goroutine that has ctx: its work cannot be cancelled; use ctx, or context.WithoutCancel\(ctx\) to outlive it on purpose`
			if err != nil {
				return err
			}
			_, err = http.DefaultClient.Do(req)
			return err
		})
	}
	return g.Wait()
}

// Calls that have a variant taking a context.
func Contextless(ctx context.Context, db *sql.DB, url string) {
	go func() {
		http.Get(url)                     // want `http.Get cannot be cancelled although the goroutine has ctx: use http.NewRequestWithContext and Client.Do`
		db.Query("SELECT 1")              // want `db.Query cannot be cancelled although the goroutine has ctx: use QueryContext`
		exec.Command("sleep", "10").Run() // want `exec.Command cannot be cancelled although the goroutine has ctx: use exec.CommandContext`
		net.Dial("tcp", "example.com:80") // want `net.Dial cannot be cancelled although the goroutine has ctx: use \(&net.Dialer\{\}\).DialContext`
	}()
}

// Fine: the ticker loop watches ctx.
func StartRefresherOK(ctx context.Context, every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				refresh(ctx)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Fine: ranging over a channel ends when it is closed.
func Consume(ctx context.Context, in <-chan int) {
	go func() {
		for v := range in {
			_ = v
		}
	}()
}

// Fine: context.WithoutCancel detaches on purpose.
func Audit(ctx context.Context, record func(context.Context)) {
	go func() {
		record(context.WithoutCancel(ctx))
	}()
}

// Fine: after ctx ends, a fresh context bounds the shutdown.
func Serve(ctx context.Context, srv *http.Server) {
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
}

// Fine: an accept loop stops when the listener is closed.
func Accept(ctx context.Context, l net.Listener) {
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
}

// Fine: nothing to stop it with — no context or done channel at hand.
func Forever() {
	go func() {
		for {
			time.Sleep(time.Minute)
			flush()
		}
	}()
}

// Fine: the context-aware variants.
func WithContext(ctx context.Context, db *sql.DB) {
	go func() {
		db.QueryContext(ctx, "SELECT 1")
		exec.CommandContext(ctx, "true").Run()
	}()
}

type conn struct{ ctx context.Context }

func dial() *conn { return &conn{ctx: context.Background()} }

// Fine: a context with its own deadline bounds the work.
func Bounded(ctx context.Context, call func(context.Context) error) {
	go func() {
		short, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		call(short)
	}()
}

// Fine: another struct's context is not the goroutine's to honour.
func Borrowed(call func(context.Context) error) {
	c := dial()
	go func() {
		call(context.TODO())
		_ = c
	}()
}

type keeper struct {
	stopc chan struct{}
	donec chan struct{}
}

// Fine: the loop stops on stopc, and donec is its own end signal.
func (k *keeper) run() {
	t := time.NewTicker(time.Second)
	defer func() {
		t.Stop()
		close(k.donec)
	}()
	for {
		select {
		case <-t.C:
			flush()
		case <-k.stopc:
			return
		}
	}
}

func (k *keeper) Start() { go k.run() }

func (k *keeper) Stop() {
	k.stopc <- struct{}{}
	<-k.donec
}

type tlsConn struct{}

func (c *tlsConn) Handshake() error                           { return nil }
func (c *tlsConn) HandshakeContext(ctx context.Context) error { return nil }
func (c *tlsConn) Close() error                               { return nil }

// Handshake has a variant taking the context.
func HandshakeLeak(ctx context.Context, conn *tlsConn) {
	go func() {
		conn.Handshake() // want `conn.Handshake cannot be cancelled although the goroutine has ctx: use HandshakeContext`
	}()
}

// Fine: closing the connection on cancellation unblocks the handshake.
func HandshakeClosed(ctx context.Context, conn *tlsConn) error {
	errc := make(chan error, 1)
	go func() {
		errc <- conn.Handshake()
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		conn.Close()
		return ctx.Err()
	}
}

type deadlineConn struct{ tlsConn }

func (c *deadlineConn) SetDeadline(t time.Time) error { return nil }

// Fine: the deadline bounds the handshake.
func HandshakeDeadline(ctx context.Context, conn *deadlineConn) {
	go func() {
		conn.SetDeadline(time.Now().Add(time.Second))
		conn.Handshake()
	}()
}
