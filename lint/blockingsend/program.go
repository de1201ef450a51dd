package blockingsend

import (
	"strings"

	"github.com/leash-go/leash/lint/internal/endings"
	"github.com/leash-go/leash/lint/internal/model"
)

// summary is what the package tells the whole program about the functions
// whose return ends it (see package endings): the leash command drops a
// leak stranded by a function's return once every call of that function,
// in every package, is a command's last act (the CLI in cmd/ that calls a
// library package's Start and exits).
func (c *checker) summary() *endings.Summary {
	s := &endings.Summary{Pending: c.pending}
	for _, f := range c.p.Funcs {
		if c.p.InTest(f.Node().Pos()) {
			continue
		}
		ends := c.returnEndsProcess(f) || c.returnEndsCommand(f)
		if f.Obj != nil {
			if ends {
				s.Ends = append(s.Ends, endings.Key(f.Obj))
			}
			if f.Value {
				s.Open = append(s.Open, endings.Key(f.Obj))
			}
		}
		for _, call := range f.Calls {
			callee := c.calleeKey(call)
			if callee == "" {
				continue
			}
			e := endings.Call{CallerEnds: ends, Callee: callee, Last: !call.Go && !call.Defer && len(call.Loops) == 0 && c.soonDone(f, call.Expr)}
			if f.Obj != nil {
				e.Caller = endings.Key(f.Obj)
			}
			s.Calls = append(s.Calls, e)
		}
	}
	return s
}

// calleeKey names the declared function of the package's module that call
// runs, "" for any other call.
func (c *checker) calleeKey(call *model.Call) string {
	if call.Target != nil && call.Target.Obj != nil {
		return endings.Key(call.Target.Obj)
	}
	fn := call.Callee
	if !call.Static || fn == nil || fn.Pkg() == nil {
		return ""
	}
	path := fn.Pkg().Path()
	if m := c.pass.Module; path != c.p.Pkg.Path() && (m == nil || path != m.Path && !strings.HasPrefix(path, m.Path+"/")) {
		return ""
	}
	return endings.Key(fn)
}

// strandedBy notes that the finding about to be reported is a leak only
// when f returns with the program running on (see summary).
func (c *checker) strandedBy(f *model.Func) func() {
	c.stranding = f
	return func() { c.stranding = nil }
}
