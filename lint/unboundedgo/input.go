package unboundedgo

import (
	"fmt"
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// callerInput returns the parameter a loop's input comes from when the
// callers decide its size and the check can see that nothing else does:
// the loop ranges over the parameter (or a slice of it), or counts up to
// it or to its length, and the parameter belongs to a function other
// packages call — exported, outside a main package — that never assigns
// it. Whatever those callers pass, the loop starts a goroutine per element.
// It returns nil otherwise: a field, a local computed from calls, or a
// parameter of a function only the package calls (whose callers may well
// pass a configured few) is an input of a size the check cannot see.
func (b *bounds) callerInput(p *model.Program, s *model.Spawn, loop ast.Stmt) *types.Var {
	var x ast.Expr
	switch l := loop.(type) {
	case *ast.RangeStmt:
		x = l.X
	case *ast.ForStmt:
		cond, ok := ast.Unparen(l.Cond).(*ast.BinaryExpr)
		if !ok {
			return nil
		}
		x = cond.Y
	}
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.SliceExpr:
			x = e.X
			continue
		case *ast.CallExpr:
			if model.IsBuiltin(p.Info, e.Fun, "len", "cap") && len(e.Args) == 1 {
				x = e.Args[0]
				if src := b.sizeSource(x); src != nil {
					x = src // results := make(chan T, len(ids)); i < cap(results)
				}
				continue
			}
		}
		break
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := p.Info.Uses[id].(*types.Var)
	if !ok || p.Assigned(v) {
		return nil
	}
	if t := v.Type(); t != nil {
		if _, isChan := t.Underlying().(*types.Chan); isChan {
			return nil // values arriving on a channel: an accept loop
		}
	}
	for f := s.Enclosing; f != nil; f = f.Parent {
		if f.Decl == nil {
			continue
		}
		if !f.Decl.Name.IsExported() || p.Pkg.Name() == "main" {
			return nil
		}
		for _, param := range f.Params() {
			if param == v && (f.Sig.Recv() == nil || param != f.Sig.Recv()) {
				return v
			}
		}
		return nil
	}
	return nil
}

// feedsItself reports whether the loop ranges over a channel the
// goroutines it starts send on: a walk of a graph, one goroutine per node
// found, as many as the graph has.
func feedsItself(p *model.Program, s *model.Spawn, loop ast.Stmt) bool {
	r, ok := loop.(*ast.RangeStmt)
	if !ok || s.Func == nil {
		return false
	}
	if t := p.Info.TypeOf(r.X); t == nil {
		return false
	} else if _, isChan := t.Underlying().(*types.Chan); !isChan {
		return false
	}
	sites, _ := p.PointsTo(r.X)
	for _, site := range sites {
		for _, op := range p.OpsOf(site) {
			if op.Kind == model.Send && op.Func != nil && s.Func.Encloses(op.Func) {
				return true
			}
		}
	}
	return false
}

// related names where a finding's input comes from.
func related(p *model.Program, s *model.Spawn, loop ast.Stmt, source *types.Var) []analysis.RelatedInformation {
	out := []analysis.RelatedInformation{{Pos: loop.Pos(), Message: "the loop that starts a goroutine each round"}}
	if source != nil {
		out = append(out, analysis.RelatedInformation{Pos: source.Pos(), Message: fmt.Sprintf("%s comes from the callers, who may pass any number of elements", source.Name())})
	}
	return out
}
