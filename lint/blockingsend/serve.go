package blockingsend

import (
	"go/ast"
	"go/token"

	"github.com/leash-go/leash/lint/internal/concur"
	"github.com/leash-go/leash/lint/internal/model"
)

// A server's goroutine (go func() { errc <- srv.ListenAndServe() }())
// sends once its server has stopped. When the function that waits on errc
// gives up first (on ctx.Done(), then srv.Shutdown), the goroutine is
// stranded — one goroutine per life of the server, which is, in nearly
// every program, the life of the process or of a long-lived component. On
// real code the check had not seen, every such finding was a leak only at
// shutdown. So by default the sends such a goroutine makes after its
// server's Serve has returned do not count against the receiver;
// -blockingsend.audit counts them.

// serveCalls are the calls that serve until their server stops (Shutdown,
// Close, GracefulStop, or a listener closed under them) and return only
// then, or on a failure to listen.
var serveCalls = map[string]bool{
	"(*net/http.Server).Serve":               true,
	"(*net/http.Server).ServeTLS":            true,
	"(*net/http.Server).ListenAndServe":      true,
	"(*net/http.Server).ListenAndServeTLS":   true,
	"net/http.Serve":                         true,
	"net/http.ServeTLS":                      true,
	"net/http.ListenAndServe":                true,
	"net/http.ListenAndServeTLS":             true,
	"(*google.golang.org/grpc.Server).Serve": true,
}

// serves reports whether call is a server's Serve (see serveCalls): it
// returns only once the server has stopped.
func (c *checker) serves(call *ast.CallExpr) bool {
	fn := concur.Callee(c.p.Info, call)
	return fn != nil && serveCalls[fn.Origin().FullName()]
}

// sendsOnceServed reports whether f, a goroutine's function, sends on
// site only after a call of its own that serves until its server stops:
// every send on site it makes is a statement of its own body after the
// earliest such call, none is made by a function literal within it or a
// function it calls, and it hands the channel to no call.
func (c *checker) sendsOnceServed(f *model.Func, site *model.Site) bool {
	k := servedKey{f, site}
	if r, ok := c.served[k]; ok {
		return r
	}
	if c.served == nil {
		c.served = make(map[servedKey]bool)
	}
	r := c.computeSendsOnceServed(f, site)
	c.served[k] = r
	return r
}

type servedKey struct {
	f    *model.Func
	site *model.Site
}

func (c *checker) computeSendsOnceServed(f *model.Func, site *model.Site) bool {
	served := token.NoPos // where the earliest serving call ends
	for _, call := range f.Calls {
		if call.Go || call.Defer || call.Callee == nil {
			continue
		}
		if serveCalls[call.Callee.Origin().FullName()] && (!served.IsValid() || call.Expr.End() < served) {
			served = call.Expr.End()
		}
	}
	if !served.IsValid() {
		return false
	}
	for _, call := range f.Calls {
		if call.Target != nil && c.p.Touches(call.Target, site) {
			return false // a helper sends too, or hands the channel on
		}
	}
	sends := 0
	for _, op := range c.p.OpsOf(site) {
		if op.Func == nil || !f.Encloses(op.Func) {
			continue
		}
		if op.Func != f || op.Kind == model.Pass || op.Kind == model.Escape {
			return false // sent on elsewhere, or handed on
		}
		if op.Kind == model.Send {
			if op.Node.End() < served { // done <- srv.Serve(l) ends after its call
				return false // a send before the server runs: at startup
			}
			sends++
		}
	}
	return sends > 0
}
