package model

import (
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/paths"
)

// The channel values of a package are followed flow-insensitively, the way
// a points-to analysis follows pointers: every variable, field and
// function result that holds a channel is a location; an assignment, an
// argument bound to a parameter, a return, makes a location hold whatever
// another holds. A field is one location for every value of its struct
// type. A location that may hold a channel from code the package cannot
// see (the result of another package's function, a value received from a
// channel, an element of a map) is opaque.

// loc is a location: a variable or field (obj), or result res of fn.
type loc struct {
	obj types.Object
	fn  *Func
	res int
}

func (l loc) valid() bool { return l.obj != nil || l.fn != nil }

// src is where the value of an expression comes from.
type src struct {
	site   *Site
	loc    loc
	hasLoc bool
	opaque bool
}

type chanModel struct {
	sites  []*Site
	makes  map[*ast.CallExpr]*Site
	params map[*types.Var]*Site
	flows  map[loc][]loc
	direct map[loc][]*Site
	opaque map[loc]bool
	pts    map[loc][]*Site
	reach  map[*Site][]loc // the locations each site may be stored in
	opsOf  map[*Site][]*Op
}

func (m *chanModel) init() {
	m.makes = make(map[*ast.CallExpr]*Site)
	m.params = make(map[*types.Var]*Site)
	m.flows = make(map[loc][]loc)
	m.direct = make(map[loc][]*Site)
	m.opaque = make(map[loc]bool)
}

// makeSite returns the Site of a make(chan T[, n]).
func (m *chanModel) makeSite(call *ast.CallExpr, in *Func, info *types.Info) *Site {
	if s := m.makes[call]; s != nil {
		return s
	}
	s := &Site{Make: call, Func: in}
	if len(call.Args) > 1 {
		s.Cap = -1
		if v, ok := paths.IntConst(info, call.Args[1]); ok {
			s.Cap = int(v)
		}
	}
	m.makes[call] = s
	m.sites = append(m.sites, s)
	return s
}

// paramSite returns the Site standing for the channel parameter v holds.
func (m *chanModel) paramSite(v *types.Var, f *Func) *Site {
	if s := m.params[v]; s != nil {
		return s
	}
	s := &Site{Param: v, Func: f, Cap: -1}
	m.params[v] = s
	m.sites = append(m.sites, s)
	m.direct[loc{obj: v}] = append(m.direct[loc{obj: v}], s)
	return s
}

// valueOf returns where the value of the channel expression e comes from.
func (m *chanModel) valueOf(p *Program, e ast.Expr) []src {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := p.Info.ObjectOf(e).(*types.Var); ok {
			return []src{{loc: loc{obj: v.Origin()}, hasLoc: true}}
		}
		if e.Name == "nil" {
			return nil
		}
	case *ast.SelectorExpr:
		if l := p.locOf(e); l.valid() {
			return []src{{loc: l, hasLoc: true}}
		}
	case *ast.CallExpr:
		if tv, ok := p.Info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return m.valueOf(p, e.Args[0]) // a conversion
		}
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := p.Info.Uses[id].(*types.Builtin); ok && b.Name() == "make" {
				return []src{{site: m.makeSite(e, p.FuncAt(e.Pos()), p.Info)}}
			}
		}
		if t := (&builder{p: p}).targetOf(e); t != nil {
			return []src{{loc: loc{fn: t, res: 0}, hasLoc: true}}
		}
	}
	return []src{{opaque: true}}
}

// flow records that dst holds whatever srcs come from.
func (m *chanModel) flow(srcs []src, dst loc) {
	if !dst.valid() {
		return
	}
	for _, s := range srcs {
		switch {
		case s.site != nil:
			m.direct[dst] = append(m.direct[dst], s.site)
		case s.hasLoc:
			if s.loc != dst {
				m.flows[s.loc] = append(m.flows[s.loc], dst)
			}
		case s.opaque:
			m.opaque[dst] = true
		}
	}
}

// flowOpaque records that dst may hold a channel from out of sight.
func (m *chanModel) flowOpaque(dst loc) {
	if dst.valid() {
		m.opaque[dst] = true
	}
}

// propagate computes what every location may hold.
func (m *chanModel) propagate() {
	m.pts = make(map[loc][]*Site)
	m.reach = make(map[*Site][]loc)
	for l, sites := range m.direct {
		for _, s := range sites {
			m.spread(s, l)
		}
	}
	var work []loc
	for l := range m.opaque {
		work = append(work, l)
	}
	for len(work) > 0 {
		l := work[len(work)-1]
		work = work[:len(work)-1]
		for _, next := range m.flows[l] {
			if !m.opaque[next] {
				m.opaque[next] = true
				work = append(work, next)
			}
		}
	}
}

// spread adds s to l and everything l flows into.
func (m *chanModel) spread(s *Site, l loc) {
	work := []loc{l}
	for len(work) > 0 {
		l := work[len(work)-1]
		work = work[:len(work)-1]
		if contains(m.pts[l], s) {
			continue
		}
		m.pts[l] = append(m.pts[l], s)
		m.reach[s] = append(m.reach[s], l)
		work = append(work, m.flows[l]...)
	}
}

func contains(sites []*Site, s *Site) bool {
	for _, x := range sites {
		if x == s {
			return true
		}
	}
	return false
}

// PointsTo returns the sites the channel expression e may hold, and
// whether it may also hold a channel the package cannot see made.
func (p *Program) PointsTo(e ast.Expr) (sites []*Site, opaque bool) {
	for _, s := range p.chans.valueOf(p, e) {
		switch {
		case s.site != nil:
			sites = append(sites, s.site)
		case s.hasLoc:
			sites = append(sites, p.chans.pts[s.loc]...)
			opaque = opaque || p.chans.opaque[s.loc]
		default:
			opaque = true
		}
	}
	return sites, opaque
}

// Holds reports whether the channel expression e may hold site.
func (p *Program) Holds(e ast.Expr, site *Site) bool {
	sites, _ := p.PointsTo(e)
	return contains(sites, site)
}

// SiteOf returns the Site of a make(chan ...) call, or nil.
func (p *Program) SiteOf(make *ast.CallExpr) *Site { return p.chans.makes[make] }

// ParamSite returns the Site standing for what the channel parameter v
// holds, or nil.
func (p *Program) ParamSite(v *types.Var) *Site { return p.chans.params[v] }

// Sites returns every Site of the package: its makes and the channels of
// its functions' parameters.
func (p *Program) Sites() []*Site { return p.chans.sites }

// OpsOf returns the operations on channel expressions that may hold site,
// in source order.
func (p *Program) OpsOf(site *Site) []*Op { return p.chans.opsOf[site] }

// indexOps files every operation under the sites it may operate on.
func (p *Program) indexOps() {
	p.chans.opsOf = make(map[*Site][]*Op)
	for _, op := range p.Ops {
		sites, _ := p.PointsTo(op.Chan)
		for _, s := range sites {
			p.chans.opsOf[s] = append(p.chans.opsOf[s], op)
		}
	}
}

// Holders returns the variables and fields site may be stored in (its
// parameter, for a parameter's site, included).
func (p *Program) Holders(site *Site) []*types.Var {
	var out []*types.Var
	for _, l := range p.chans.reach[site] {
		if v, ok := l.obj.(*types.Var); ok {
			out = append(out, v)
		}
	}
	return out
}

// InField reports whether site may be stored in a struct field or a
// package-level variable: other functions, at other times, can reach it.
func (p *Program) InField(site *Site) bool {
	for _, v := range p.Holders(site) {
		if v.IsField() || (v.Pkg() != nil && v.Parent() == v.Pkg().Scope()) {
			return true
		}
	}
	return false
}

// Public reports whether code outside the package can reach site without
// a call the package makes: it may be stored in an exported field or
// package-level variable, or returned by a function others can call.
func (p *Program) Public(site *Site) bool { return p.public(site, false) }

// public reports whether site is public (see Public); with sendOnly, only
// through a location others can send on or close: not a receive-only
// channel, such as what a Done() <-chan struct{} accessor returns. No
// other package can import a main package: its exported fields and
// variables are its own.
func (p *Program) public(site *Site, sendOnly bool) bool {
	main := p.Pkg.Name() == "main"
	for _, l := range p.chans.reach[site] {
		var t types.Type
		switch {
		case l.fn != nil:
			if !l.fn.Open() || l.res >= l.fn.Sig.Results().Len() {
				continue
			}
			t = l.fn.Sig.Results().At(l.res).Type()
		case l.obj != nil && l.obj.Exported() && !main:
			v, ok := l.obj.(*types.Var)
			if !ok || !(v.IsField() || v.Parent() == v.Pkg().Scope()) {
				continue
			}
			t = v.Type()
		default:
			continue
		}
		if ch, ok := t.Underlying().(*types.Chan); sendOnly && ok && ch.Dir() == types.RecvOnly {
			continue
		}
		return true
	}
	return false
}

// Opaque reports whether a variable or field may hold a channel from code
// the package cannot see.
func (p *Program) Opaque(v *types.Var) bool { return p.chans.opaque[loc{obj: v.Origin()}] }

// SitesOf returns the sites the variable or field v may hold, and whether
// it may hold channels from out of sight too.
func (p *Program) SitesOf(v *types.Var) ([]*Site, bool) {
	l := loc{obj: v.Origin()}
	return p.chans.pts[l], p.chans.opaque[l]
}

// Reachable reports whether code in other packages can name the field or
// package-level variable v: it is exported, and its package is not a main
// package, which nothing imports.
func (p *Program) Reachable(v *types.Var) bool {
	return v.Exported() && v.Pkg() != nil && v.Pkg().Name() != "main"
}
