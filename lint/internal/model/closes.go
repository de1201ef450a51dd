package model

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// keepsOpen lists the functions of the standard library that are handed a
// channel and never close it. os/signal keeps the channel given to Notify
// to send signals on, for as long as the process runs, and Stop only stops
// that; Ignore, Reset and NotifyContext take no channel. A summary of
// os/signal could not say so: Notify stores the channel in a map, so it
// escapes.
var keepsOpen = map[[2]string]bool{
	{"os/signal", "Notify"}: true,
	{"os/signal", "Stop"}:   true,
}

// endlessRange reports whether the range statement r is over a channel
// that nothing can close, so that it never ends by itself: every channel
// it may range over is made in the package and never closed (see
// neverClosed). A range over anything else may end.
func (p *Program) endlessRange(r *ast.RangeStmt) bool {
	if !isChan(p.Info.TypeOf(r.X)) {
		return false
	}
	if p.timeChannel(r.X) {
		return true
	}
	sites, opaque := p.PointsTo(r.X)
	if opaque || len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if !p.neverClosed(s) {
			return false
		}
	}
	return true
}

// neverClosed reports whether no code can close the channel site makes:
// it is made in the package, out of reach of other packages but through a
// receive-only channel, no operation of the package closes it or puts it
// out of sight, and every call it is handed to keeps it open (see
// keepsOpen). It reads only what the points-to model knows, never a
// function's paths: the graphs this decides the edges of are built from
// it.
func (p *Program) neverClosed(site *Site) bool {
	if site.Make == nil || p.public(site, true) {
		return false
	}
	for _, op := range p.OpsOf(site) {
		switch op.Kind {
		case Close, Escape:
			return false
		case Pass:
			if !p.keptOpen(op.Call, op.Arg) {
				return false
			}
		}
	}
	return true
}

// keptOpen reports whether call c is known not to close the channel passed
// as its i-th argument (-1: the receiver). For a function of the package,
// the parameter holds what is passed, and so the function's own closes of
// it are already operations on the channel's site; only a variadic
// parameter loses sight of it. For a function of another package, a known
// one of the standard library (keepsOpen), or one whose summary says that
// neither it nor a goroutine it starts closes the channel, and that it
// keeps it nowhere others reach.
func (p *Program) keptOpen(c *Call, i int) bool {
	if c.Target != nil {
		return p.ParamSite(paramOf(c.Target.Sig, i)) != nil
	}
	if fn := c.Callee; fn != nil && fn.Pkg() != nil && keepsOpen[[2]string{fn.Pkg().Path(), fn.Name()}] {
		return true
	}
	u, ok := p.paramUse(c, i)
	return ok && !u.Escapes && u.Now.plus(u.Later).Closes.Max == 0
}

// timeChannel reports whether e is the channel of a time.Ticker or
// time.Timer (t.C) or one time.Tick returns: package time never closes
// them ("Stop does not close the channel"), so for range ticker.C ends
// only by a break or return.
func (p *Program) timeChannel(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		if e.Sel.Name != "C" {
			return false
		}
		t := p.Info.TypeOf(e.X)
		return isNamed(t, "time", "Ticker") || isNamed(t, "time", "Timer")
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(p.Info, e).(*types.Func)
		return ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Name() == "Tick"
	}
	return false
}
