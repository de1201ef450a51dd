package blockingsend

import (
	"go/ast"
	"go/types"

	"github.com/leash-go/leash/lint/internal/model"
)

// A waiter may receive only under a condition on state it shares with the
// goroutine meant to answer — a flag, a closure both call — that the
// goroutine also tests on its way to an early return:
//
//	setError := func(err error) {
//		if atomic.CompareAndSwapInt64(&errored, 0, 1) {
//			errs <- err // buffered: one error, from any worker
//		}
//	}
//	go func() {
//		for _, e := range entries {
//			if hasErrored() {
//				return // a worker has sent its error already
//			}
//			go work(e) // calls setError on failure
//		}
//	}()
//	wg.Wait()
//	if hasErrored() {
//		return <-errs
//	}
//
// (gogs/git-module's CommitsInfo). What ties that state to the channel —
// the flag is set as the value is sent — is out of sight of the check, so
// a wait guarded by state the goroutine meant to answer also reads or
// writes shows nothing, and is left alone.

// guardedByShared reports whether wait is in a branch of an if (in its own
// function) whose condition mentions state shared with the provider — a
// variable or closure declared in the function that makes site, its
// parameters included, outside the provider's own function — that the
// provider's function, or a function literal in it, mentions too.
func (c *checker) guardedByShared(site *model.Site, wait *model.Op, provider *model.Spawn) bool {
	maker, own := site.Func.Node(), provider.Func.Node()
	shared := func(obj types.Object) bool {
		p := obj.Pos()
		return maker.Pos() <= p && p < maker.End() && !(own.Pos() <= p && p < own.End())
	}
	var used map[types.Object]bool // what the provider mentions, once needed
	path := wait.Path()
	for i := len(path) - 2; i >= 0; i-- {
		switch n := path[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.IfStmt:
			if path[i+1] == n.Cond || path[i+1] == n.Init {
				continue // the wait is in the condition itself
			}
			if used == nil {
				used = c.objectsIn(own)
			}
			for obj := range c.objectsIn(n.Cond) {
				if shared(obj) && used[obj] {
					return true
				}
			}
		}
	}
	return false
}

// objectsIn returns the objects the identifiers in e use.
func (c *checker) objectsIn(e ast.Node) map[types.Object]bool {
	objs := make(map[types.Object]bool)
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := c.p.Info.Uses[id]; obj != nil {
				objs[obj] = true
			}
		}
		return true
	})
	return objs
}
