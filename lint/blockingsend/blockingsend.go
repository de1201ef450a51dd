package blockingsend

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"github.com/leash-go/leash/lint/internal/endings"
	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/locks"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports channel operations that can block forever because the
// goroutine on the other side may be gone.
var Analyzer = &analysis.Analyzer{
	Name: "blockingsend",
	Doc: `report sends (and receives) that can block forever because the other side may leave

A send on an unbuffered channel waits for a receiver. When the receiver can
stop receiving — it selects on ctx.Done() or a timeout, returns on an error,
or reads fewer values than are sent — the sending goroutine leaks. The same
holds for a receive whose only sender can return without sending, for a
channel operation made while holding a mutex that the other side needs, and
for a receive that nothing can ever satisfy. Each finding names the path on
which it happens.

By default it reports production code, not tests (a leak in a test is
leashtest's to prove at run time), and counts only the sends a goroutine is
sure to make. With -blockingsend.audit it also reports in tests, counts every
send a goroutine may make, and reports sends to long-lived receivers that
leave on shutdown, sends that ignore a cancellation their function watches
elsewhere, whose receiver is out of sight, and receivers that give up on a
context that the calls in sight show comes from context.Background()
with nothing on the way that ends it sooner, or on a component's or the
program's stop: a context or stop channel kept in a field or a
package-level variable, or a signal.`,
	URL:        "https://pkg.go.dev/github.com/leash-go/leash/lint/blockingsend",
	Requires:   []*analysis.Analyzer{model.Analyzer},
	ResultType: reflect.TypeFor[*endings.Summary](),
	Run:        ignore.Wrap(run),
}

// audit turns on the rules that guess (-blockingsend.audit): they report
// what may be a leak when the code that decides it is out of sight.
var audit bool

func init() {
	Analyzer.Flags.BoolVar(&audit, "audit", false, "also report in tests, count every send a goroutine may make, and report sends to long-lived receivers that leave on shutdown, sends that ignore a cancellation their function watches, receivers that give up on a context that comes from context.Background() with nothing in sight that ends it, receivers that leave on a component's or the program's stop (a context or stop channel kept in a field, os.Signal), and sends made only after a recovered panic (guesses: see the package documentation)")
}

// checker holds one pass's state: every rule reports through it, and a
// node reported by one rule is not reported again by a later one.
type checker struct {
	pass     *analysis.Pass
	p        *model.Program
	reported map[ast.Node]bool
	// handlers are the functions cobra commands run, once found (see
	// commandHandlers).
	handlers map[*model.Func]bool
	// endsCmd keeps returnEndsCommand's answer per function.
	endsCmd map[*model.Func]bool
	// waitsAfter holds, per function, whether something after each
	// statement of its body can wait (see soonDone); errChecks, what it
	// does on each call's error (see onError).
	waitsAfter map[*model.Func][]bool
	errChecks  map[*model.Func]*errHandling
	// guards are the variables each function's paths follow, once found
	// (see nilGuardsOf).
	guards map[*model.Func]guardsOf
	// For underLock: the lock analysis, and what it found per function.
	locks    *locks.Analysis
	held     map[*model.Func]map[ast.Node]*locks.State
	blocking map[*model.Func]*blocking
	// The operations that cannot wait, their length checked under the
	// mutex every operation on their channel holds (guarded.go), and what
	// finding them needs.
	guarded   map[ast.Node]bool
	exclusive map[*model.Site]string
	entry     map[*model.Func][]model.RefKey
	touching  map[*model.Func]bool
	// announced caches announcesEnd, asked on every path into a case.
	announced map[announcement]bool
	// retested caches retestsOf, by receiving function.
	retested map[*model.Func]*retests
	// stranding is the function whose return strands what the finding
	// being reported reports, when the package alone does not show its
	// return ending the program; pending collects those findings for the
	// whole program to decide (see summary).
	stranding        *model.Func
	strandingOnError bool // and only its returns that give an error do
	// ctxPending is set when the finding is a leak only if a context handed
	// to an exported function can end while the program runs (see
	// pendingOn); ctxOrigins keeps what varOrigin found.
	ctxPending *endings.Pending
	ctxOrigins map[*types.Var]originOf
	pending    []endings.Pending
	// served keeps sendsOnceServed's answer per goroutine function and
	// channel: owedBy asks it on every visit a path makes to a go statement.
	served map[servedKey]bool
	// funcWaits keeps bodyWaits' answer per function. waitsStack and
	// waitsPending hold the functions whose answer is being sought,
	// waitsProvisional is set once a search has relied on one of them, and
	// waitsTemp keeps the false answers that did so until the search ends.
	funcWaits        map[*model.Func]bool
	waitsStack       []*model.Func
	waitsPending     map[*model.Func]bool
	waitsTemp        map[*model.Func]bool
	waitsProvisional bool
	// literalsIn lists the function literals written in each function.
	literalsIn map[*model.Func][]*model.Func
	// endsProcess keeps returnEndsProcess's answer per function.
	endsProcess map[*model.Func]bool
	// ifaces holds the interfaces the package uses (see
	// reachableByInterface), gathered once.
	ifaces map[*types.Interface]bool
	// lastWords keeps lastWordFields' answer per channel.
	lastWords map[*model.Site]map[*types.Var]bool
	// finalSends keeps sendsNoMoreAfter's answer per send.
	finalSends map[*model.Op]bool
}

func run(pass *analysis.Pass) (any, error) {
	c := &checker{
		pass:      pass,
		p:         pass.ResultOf[model.Analyzer].(*model.Program),
		reported:  make(map[ast.Node]bool),
		exclusive: make(map[*model.Site]string),
		entry:     make(map[*model.Func][]model.RefKey),
		touching:  make(map[*model.Func]bool),
		announced: make(map[announcement]bool),
		retested:  make(map[*model.Func]*retests),
	}
	// An operation that cannot wait is no rule's finding.
	c.guardedOps()
	// The rules run from the most specific explanation to the most general.
	c.leavingReceivers()
	c.skippedSends()
	if audit {
		// The receiving loop of a long-lived component leaves on its
		// shutdown; on real code a send stranded then was nearly always
		// one made while the process stops.
		c.abandonedFields()
	}
	c.sharedStops()
	c.sentAfterStop()
	c.overfilled()
	c.underLock()
	c.timerDrain()
	c.neverSent()
	c.orphanFields()
	c.orphanWaits()
	c.waitInLoop()
	c.waitNeverDone()
	c.lostCancels()
	if audit {
		c.ignoredCancel()
	}
	return c.summary(), nil
}

func (c *checker) report(n ast.Node, d analysis.Diagnostic) {
	if c.reported[n] || c.guarded[n] {
		return
	}
	c.reported[n] = true
	if !audit && c.afterPanic(n) {
		return // the goroutine has already failed (see afterPanic)
	}
	if d.Pos == 0 {
		d.Pos = n.Pos()
	}
	var p endings.Pending
	if c.ctxPending != nil {
		p = *c.ctxPending
	}
	if f := c.stranding; f != nil && f.Obj != nil {
		p.Func, p.OnError = endings.Key(f.Obj), c.strandingOnError
	}
	p.Within = endings.Within(c.p.Declared(d.Pos))
	if p.Func != "" || p.CtxFunc != "" || p.Within != "" {
		p.Pos = d.Pos
		c.pending = append(c.pending, p)
	}
	c.pass.Report(d)
}

// reportOnce reports d, one finding for several operations that one
// mistake blocks, at the first of at that can wait, naming the others that
// can: the later rules, which would explain each operation again, do not
// report them. The goroutine stuck at run time may be at any of them.
func (c *checker) reportOnce(at []ast.Node, d analysis.Diagnostic) {
	if i := slices.IndexFunc(at, func(n ast.Node) bool { return !c.guarded[n] }); i > 0 {
		at = at[i:]
		d.Pos = at[0].Pos()
	} else if i < 0 {
		return
	}
	for _, other := range at[1:] {
		c.reported[other] = true
		if !c.guarded[other] {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: other.Pos(), Message: "it can block here too"})
		}
	}
	c.report(at[0], d)
}

// inTestFile reports whether pos is in a _test.go file. In a test, the
// paths that strand a goroutine are, on real code, nearly always those of
// a failing test (a timeout, an assertion), and the goroutine dies with the
// test binary; a leak in a passing test is leashtest's to prove at run
// time. So findings in test code are an audit rule's (see audit.TestCode),
// and a receiver in a test does not make a production send leak.
func inTestFile(fset *token.FileSet, pos token.Pos) bool {
	return strings.HasSuffix(fset.Position(pos).Filename, "_test.go")
}

// caseText describes a select case: "<-ctx.Done()", "default".
func caseText(cc *ast.CommClause) string {
	if cc == nil || cc.Comm == nil {
		return "default"
	}
	if ch := model.RecvChan(cc.Comm); ch != nil {
		return "<-" + exprText(ch)
	}
	if s, ok := cc.Comm.(*ast.SendStmt); ok {
		return "the send on " + exprText(s.Chan)
	}
	return "another case"
}

// funcName names a function declaration or literal for a message.
func funcName(fn ast.Node) string {
	if d, ok := fn.(*ast.FuncDecl); ok {
		return d.Name.Name
	}
	return "a function literal"
}
