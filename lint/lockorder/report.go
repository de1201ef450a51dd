package lockorder

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/endings"
	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// reportRelock reports a Lock of a mutex the goroutine already holds.
func (c *checker) reportRelock(call *ast.CallExpr, mu string, held locks.Hold, read bool, related []analysis.RelatedInformation) {
	verb, why, fix := relockWords(held.Read, read)
	c.reportDiagnostic(analysis.Diagnostic{Pos: call.Pos(), Related: related, Message: fmt.Sprintf("%s %s again while this goroutine holds it (%s): %s; %s",
		mu, verb, c.heldSince(held, call.Pos()), why, fix)})
}

// reportCallRelock reports a call that locks, inside, a mutex the
// goroutine already holds.
func (c *checker) reportCallRelock(call *ast.CallExpr, callee, mu string, l locks.Locking, held locks.Hold, related []analysis.RelatedInformation) {
	verb, why, _ := relockWords(held.Read, l.Read)
	c.reportDiagnostic(analysis.Diagnostic{Pos: call.Pos(), Related: related, Message: fmt.Sprintf("%s %ss %s (%s) while this goroutine holds it (%s): %s; unlock before the call, or call a variant that expects the lock held",
		callee, verbS(verb), mu, c.where(l.At, call.Pos())+inFn(l.Fn, callee), c.heldSince(held, call.Pos()), why)})
}

// reportLoopRelock reports a Lock in a loop that a path back to the top of
// the loop leaves locked.
func (c *checker) reportLoopRelock(call *ast.CallExpr, mu string, read bool, related []analysis.RelatedInformation) {
	verb := "locked"
	if read {
		verb = "read-locked"
	}
	c.reportDiagnostic(analysis.Diagnostic{Pos: call.Pos(), Related: related, Message: fmt.Sprintf("%s is %s again in the next iteration while still held: a path back to the top of the loop does not unlock it, and the goroutine deadlocks; unlock on every path that continues the loop", mu, verb)})
}

// reportMissingUnlock reports a Lock that an early return leaves locked,
// with, as related information, the first places of the package that lock
// a mutex of the same class and would wait forever behind it: where the
// goroutines that hang are found.
func (c *checker) reportMissingUnlock(call *ast.CallExpr, r model.Ref, read bool, ret token.Pos) {
	verb := "locked"
	if read {
		verb = "read-locked"
	}
	at := call.Pos()
	d := analysis.Diagnostic{Pos: at, Message: fmt.Sprintf("%s is %s here and still held when the function returns at %s, though the other paths unlock it: every later Lock waits forever; unlock before that return, or defer the unlock",
		locks.Display(r), verb, c.where(ret, at))}
	if !read && c.runsAgain(call, r) {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: at, Message: fmt.Sprintf("the next call waits forever here, once the return at %s has kept the lock", c.where(ret, at))})
	}
	for _, w := range c.waiters(r, read, at) {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: w, Message: fmt.Sprintf("waits forever here once the return at %s has kept the lock", c.where(ret, w))})
	}
	if fn := c.keptOnError(ret); fn != "" && !c.reported[at] {
		c.pending = append(c.pending, endings.Pending{Pos: at, Func: fn, OnError: true})
	}
	c.reportDiagnostic(d)
}

// runsAgain reports whether the Lock call of the mutex kept can run again
// on the same mutex once a return has kept it: the mutex outlives the call
// (it has a class: a field or a package variable, not a local one), and
// the function making the call is not main or an init, which run once.
// The next call is then the first to wait behind the kept lock, before
// any other Lock of the package.
func (c *checker) runsAgain(call *ast.CallExpr, kept model.Ref) bool {
	if key, _ := locks.Class(kept); key == "" {
		return false
	}
	for _, op := range c.p.Locks {
		if op.Call.Expr != call || op.Call.In == nil {
			continue
		}
		if d := op.Call.In.Decl; d != nil && d.Recv == nil && (d.Name.Name == "init" || d.Name.Name == "main" && c.pass.Pkg.Name() == "main") {
			return false
		}
		return true
	}
	return false
}

// maxWaiters bounds the related places a missing-unlock finding lists.
const maxWaiters = 3

// waiters returns up to maxWaiters calls of the package other than except
// that lock a mutex of the class of kept and so wait behind it when it is kept
// locked: every Lock, and every RLock too when the lock kept is a write
// lock. They come in file and line order; a kept lock outside the tests
// lists no waiters in test files, so that a package and its test variant
// report the same. A mutex without a class (a local variable) has none
// elsewhere.
func (c *checker) waiters(kept model.Ref, keptRead bool, except token.Pos) []token.Pos {
	key, _ := locks.Class(kept)
	if key == "" {
		return nil
	}
	fset := c.pass.Fset
	var out []token.Pos
	for _, op := range c.p.Locks {
		call := op.Call.Expr
		if op.Call.In == nil || call.Pos() == except || c.p.InTest(call.Pos()) && !c.p.InTest(except) {
			continue
		}
		o, r, ok := c.a.MutexOp(call)
		if k, _ := locks.Class(r); ok && (o == model.Lock || o == model.RLock && !keptRead) && k == key {
			out = append(out, call.Pos())
		}
	}
	slices.SortFunc(out, func(a, b token.Pos) int {
		pa, pb := fset.Position(a), fset.Position(b)
		return cmp.Or(strings.Compare(pa.Filename, pb.Filename), cmp.Compare(pa.Offset, pb.Offset))
	})
	return out[:min(len(out), maxWaiters)]
}

// relockWords explains locking a mutex again, by how it is held and how it
// is locked the second time.
func relockWords(heldRead, read bool) (verb, why, fix string) {
	switch {
	case !heldRead && !read:
		return "locked", "sync.Mutex is not reentrant, the goroutine deadlocks on itself", "unlock it first"
	case !heldRead && read:
		return "read-locked", "RLock waits for the writer, this goroutine itself, and never returns", "do not lock it again"
	case heldRead && !read:
		return "locked", "Lock waits for every reader, this goroutine included, and never returns", "RUnlock first"
	}
	return "read-locked", "a writer that calls Lock in between makes this RLock wait for it, and the writer waits for this goroutine: both deadlock", "read-lock once"
}

func verbS(verb string) string {
	if verb == "read-locked" {
		return "read-lock"
	}
	return "lock"
}

func inFn(fn, callee string) string {
	if fn == callee {
		return ""
	}
	return ", in " + fn
}

// heldSince says where the goroutine took a mutex it holds.
func (c *checker) heldSince(h locks.Hold, from token.Pos) string {
	if h.Via != "" {
		return fmt.Sprintf("%s returns with it locked, %s", h.Via, c.where(h.Site, from))
	}
	return "locked at " + c.where(h.Site, from)
}

// lockedWhere says where a lock-order edge locks its second mutex.
func (c *checker) lockedWhere(site, at token.Pos, fn string) string {
	if site == at {
		return "is locked here"
	}
	return fmt.Sprintf("is locked by this call (in %s, %s)", fn, c.where(at, site))
}

// where names pos as "line N", or "file.go:N" in another file than from.
func (c *checker) where(pos, from token.Pos) string {
	p, f := c.pass.Fset.Position(pos), c.pass.Fset.Position(from)
	if p.Filename == f.Filename {
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func (c *checker) report(pos token.Pos, msg string) {
	c.reportDiagnostic(analysis.Diagnostic{Pos: pos, Message: msg})
}

// reportDiagnostic reports d unless a finding was already reported at its
// position.
func (c *checker) reportDiagnostic(d analysis.Diagnostic) {
	if c.reported[d.Pos] {
		return
	}
	c.reported[d.Pos] = true
	if within := endings.Within(c.p.Declared(d.Pos)); within != "" && !audit {
		// One pending finding a position: keptOnError's, if it has one.
		if i := slices.IndexFunc(c.pending, func(p endings.Pending) bool { return p.Pos == d.Pos }); i >= 0 {
			c.pending[i].Within = within
		} else {
			c.pending = append(c.pending, endings.Pending{Pos: d.Pos, Within: within})
		}
	}
	c.pass.Report(d)
}
