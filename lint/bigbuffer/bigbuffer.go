package bigbuffer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"github.com/leash-go/leash/lint/internal/ignore"
	"github.com/leash-go/leash/lint/internal/model"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// DefaultMax is the largest constant buffer reported as fine unless
// -bigbuffer.max says otherwise.
const DefaultMax = 4096

// Analyzer reports channels made with a constant buffer above -bigbuffer.max.
var Analyzer = &analysis.Analyzer{
	Name:     "bigbuffer",
	Doc:      "report channels made with a constant buffer above a threshold\n\nA huge channel buffer hides a slow consumer and turns off backpressure. The check's one rule is an audit rule, off by default (-bigbuffer.audit or -audit): whether a buffer is too big is not in the code; see the package documentation.",
	URL:      "https://pkg.go.dev/github.com/leash-go/leash/lint/bigbuffer",
	Requires: []*analysis.Analyzer{inspect.Analyzer, model.Analyzer},
	Run:      ignore.Wrap(run),
}

var maxBuffer int64 = DefaultMax

// audit turns the check on (-bigbuffer.audit, or leash -audit): its one
// rule guesses, since whether a large buffer is a mistake or a decision
// is not in the code.
var audit bool

func init() {
	Analyzer.Flags.Int64Var(&maxBuffer, "max", DefaultMax, "largest constant channel buffer that is not reported")
	Analyzer.Flags.BoolVar(&audit, "audit", false, "report channels made with a constant buffer above -bigbuffer.max: the check's one rule, off by default (see the package documentation)")
}

func run(pass *analysis.Pass) (any, error) {
	if !audit {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	prog := pass.ResultOf[model.Analyzer].(*model.Program)
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		if len(call.Args) != 2 || !isBuiltinMake(pass.TypesInfo, call.Fun) {
			return
		}
		ch, ok := pass.TypesInfo.TypeOf(call.Args[0]).Underlying().(*types.Chan)
		if !ok {
			return
		}
		elem, known := sizeof(pass.TypesSizes, ch.Elem())
		if known && elem == 0 {
			return // a counter of empty tokens: it holds no data
		}
		if strings.HasSuffix(pass.Fset.File(call.Pos()).Name(), "_test.go") {
			return // tests size buffers so that they never block
		}
		tv := pass.TypesInfo.Types[call.Args[1]]
		if tv.Value == nil {
			return // sized at run time
		}
		size, exact := constant.Int64Val(constant.ToInt(tv.Value))
		if exact && size <= maxBuffer {
			return
		}
		if neverWaits(prog, call) {
			return // a queue that drops or defers when full: no producer waits
		}
		elemType := types.TypeString(ch.Elem(), types.RelativeTo(pass.Pkg))
		memory := "of " + elemType
		if exact && known {
			memory = "(" + formatBytes(size*elem) + " of " + elemType + ")"
		}
		pass.Report(analysis.Diagnostic{
			Pos: call.Args[1].Pos(),
			End: call.Args[1].End(),
			Message: fmt.Sprintf("channel buffer of %s elements %s hides a slow consumer: use a small buffer and let producers wait (limit %d, see -bigbuffer.max)",
				tv.Value.ExactString(), memory, maxBuffer),
		})
	})
	return nil, nil
}

// neverWaits reports whether every send on the channel made by call is a
// case of a select with a default: its producers never wait, whatever the
// buffer, so the buffer hides no slow consumer — it bounds a queue whose
// producers drop, count or retry what does not fit. The channel must be
// one the package sees every use of, with at least one send.
func neverWaits(prog *model.Program, call *ast.CallExpr) bool {
	site := prog.SiteOf(call)
	if site == nil || prog.SendersOutside(site) {
		return false
	}
	sends := 0
	for _, op := range prog.OpsOf(site) {
		switch op.Kind {
		case model.Send:
			_, sel := op.Case()
			if sel == nil || !model.HasDefault(sel) {
				return false
			}
			sends++
		case model.Pass:
			u, ok := prog.ParamUse(op.Call, op.Arg)
			if !ok || u.Escapes || u.Now.Plus(u.Later).Sends.Max > 0 {
				return false // sent on by code whose sends are not among these
			}
		}
	}
	return sends > 0
}

// sizeof returns the size of t, unless it depends on a type parameter.
func sizeof(sizes types.Sizes, t types.Type) (int64, bool) {
	if !fixedSize(t, make(map[types.Type]bool)) {
		return 0, false
	}
	return sizes.Sizeof(t), true
}

// fixedSize reports whether the size of t is known without instantiating
// type parameters.
func fixedSize(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := types.Unalias(t).(type) {
	case *types.TypeParam:
		return false
	case *types.Array:
		return fixedSize(t.Elem(), seen)
	case *types.Struct:
		for f := range t.Fields() {
			if !fixedSize(f.Type(), seen) {
				return false
			}
		}
	case *types.Named:
		return fixedSize(t.Underlying(), seen)
	}
	return true
}

func isBuiltinMake(info *types.Info, fun ast.Expr) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "make"
}

// formatBytes formats n bytes for a message: "800 KB".
func formatBytes(n int64) string {
	const unit = 1000
	switch {
	case n >= unit*unit*unit:
		return formatInt(n/(unit*unit*unit)) + " GB"
	case n >= unit*unit:
		return formatInt(n/(unit*unit)) + " MB"
	case n >= unit:
		return formatInt(n/unit) + " KB"
	}
	return formatInt(n) + " B"
}

func formatInt(n int64) string { return constant.MakeInt64(n).ExactString() }
