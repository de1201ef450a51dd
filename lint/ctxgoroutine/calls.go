package ctxgoroutine

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/model"

	"github.com/leash-go/leash/lint/internal/concur"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// variant is the context-taking replacement of a function.
type variant struct {
	name string // what to call instead, for the message
	// rename, when set, is the name that replaces the callee's in the
	// call, with the context inserted as first argument.
	rename string
}

// known lists the standard library calls whose context-taking variant is
// not simply the same name with "Context" appended. net.Listen and
// net.ListenPacket are not among them, though net.ListenConfig takes a
// context: binding a socket waits for no peer, and the context would cut
// short at most the resolution of a host name (seaweedfs listens on a unix
// socket in a goroutine that has one).
var known = map[string]variant{
	"net/http.Get":                {name: "http.NewRequestWithContext and Client.Do"},
	"net/http.Head":               {name: "http.NewRequestWithContext and Client.Do"},
	"net/http.Post":               {name: "http.NewRequestWithContext and Client.Do"},
	"net/http.PostForm":           {name: "http.NewRequestWithContext and Client.Do"},
	"net/http.(*Client).Get":      {name: "http.NewRequestWithContext and Client.Do"},
	"net/http.(*Client).Head":     {name: "http.NewRequestWithContext and Client.Do"},
	"net/http.(*Client).Post":     {name: "http.NewRequestWithContext and Client.Do"},
	"net/http.(*Client).PostForm": {name: "http.NewRequestWithContext and Client.Do"},
	"net.Dial":                    {name: "(&net.Dialer{}).DialContext"},
	"net.DialTimeout":             {name: "(&net.Dialer{Timeout: d}).DialContext"},
	"os/exec.Command":             {name: "exec.CommandContext", rename: "CommandContext"},
	"database/sql.(*DB).Begin":    {name: "BeginTx"},
	"database/sql.(*Conn).Begin":  {name: "BeginTx"},
	"crypto/tls.Dial":             {name: "(&tls.Dialer{}).DialContext"},
	"crypto/tls.DialWithDialer":   {name: "(&tls.Dialer{}).DialContext"},
}

// contextlessCalls reports calls, in a goroutine that has a context, of
// functions that have a variant taking one: the call cannot be cancelled
// and can outlive the goroutine's caller by as long as the network or the
// database takes. A method X whose type also has XContext(ctx, ...), and a
// function X whose package also has XContext(ctx, ...), have such a
// variant; so do http.Get, net.Dial, exec.Command and the others in known.
func (c *checker) contextlessCalls(g goroutine) {
	inspect(g.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return true
		}
		v, ok := c.variantOf(fn)
		if !ok || c.closedOnCancel(g, call) || c.hasDeadline(g, call) {
			return true
		}
		ctx := g.ctx.String()
		d := analysis.Diagnostic{
			Pos:     call.Pos(),
			End:     call.End(),
			Message: fmt.Sprintf("%s cannot be cancelled although the goroutine has %s: use %s", calleeText(call), ctx, v.name),
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && v.rename != "" && !call.Ellipsis.IsValid() {
			arg := ctx
			if len(call.Args) > 0 {
				arg += ", "
			}
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message: "Call " + v.rename + " with " + ctx,
				TextEdits: []analysis.TextEdit{
					{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(v.rename)},
					{Pos: call.Lparen + 1, End: call.Lparen + 1, NewText: []byte(arg)},
				},
			}}
		}
		c.report(call, d)
		return true
	})
}

// closedOnCancel reports whether the function that starts the goroutine
// closes the receiver of call when it sees cancellation — the way to
// cancel blocking I/O from before contexts:
//
//	go func() { errc <- conn.Handshake() }()
//	select {
//	case err := <-errc:
//	case <-ctx.Done():
//		conn.Close() // unblocks Handshake
//	}
func (c *checker) closedOnCancel(g goroutine, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || g.starter == nil {
		return false
	}
	recv := types.ExprString(sel.X)
	found := false
	ast.Inspect(g.starter, func(n ast.Node) bool {
		cc, ok := n.(*ast.CommClause)
		if !ok {
			return !found
		}
		if ch := model.RecvChan(cc.Comm); ch == nil || !c.p.IsCancel(ch) {
			return true
		}
		for _, st := range cc.Body {
			ast.Inspect(st, func(m ast.Node) bool {
				if cl, ok := m.(*ast.CallExpr); ok {
					if f, ok := ast.Unparen(cl.Fun).(*ast.SelectorExpr); ok && f.Sel.Name == "Close" && types.ExprString(f.X) == recv {
						found = true
					}
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// logging are the names of logging methods. Their Context variants
// (slog's InfoContext and friends) hand the context to the log handler for
// its values; they do not make the call cancellable.
var logging = map[string]bool{
	"Debug": true, "Info": true, "Warn": true, "Error": true, "Log": true,
	"Print": true, "Printf": true, "Println": true, "Trace": true, "Fatal": true, "Panic": true,
}

// hasDeadline reports whether the goroutine, or the function that starts
// it, sets a deadline on the receiver of call (conn.SetDeadline and its
// read and write forms): the call is bounded, if not by the context.
func (c *checker) hasDeadline(g goroutine, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	recv := types.ExprString(sel.X)
	found := false
	for _, n := range []ast.Node{g.body, g.starter} {
		if n == nil {
			continue
		}
		ast.Inspect(n, func(m ast.Node) bool {
			if cl, ok := m.(*ast.CallExpr); ok {
				if f, ok := ast.Unparen(cl.Fun).(*ast.SelectorExpr); ok && strings.HasPrefix(f.Sel.Name, "Set") && strings.HasSuffix(f.Sel.Name, "Deadline") && types.ExprString(f.X) == recv {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// variantOf returns the context-taking variant of fn, if it has one.
func (c *checker) variantOf(fn *types.Func) (variant, bool) {
	if v, ok := known[fn.FullName()]; ok {
		return v, true
	}
	if logging[fn.Name()] || fn.Pkg().Path() == "log/slog" {
		return variant{}, false
	}
	if strings.HasSuffix(fn.Name(), "Context") || takesContext(fn) {
		return variant{}, false
	}
	sibling := fn.Name() + "Context"
	sig := fn.Type().(*types.Signature)
	var obj types.Object
	if recv := sig.Recv(); recv != nil {
		obj, _, _ = types.LookupFieldOrMethod(recv.Type(), true, fn.Pkg(), sibling)
	} else {
		obj = fn.Pkg().Scope().Lookup(sibling)
	}
	if f, ok := obj.(*types.Func); ok && takesContext(f) {
		return variant{name: sibling, rename: sibling}, true
	}
	return variant{}, false
}

// takesContext reports whether fn's first parameter is a context.Context.
func takesContext(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() > 0 && concur.IsContext(sig.Params().At(0).Type())
}

// calleeText renders the called function for a message: "http.Get",
// "db.Query".
func calleeText(call *ast.CallExpr) string {
	return types.ExprString(call.Fun)
}
