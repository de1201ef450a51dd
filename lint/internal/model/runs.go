package model

// Runs reports whether f can run at all: code out of sight can call it
// (see Func.Open), it is a program's main or an init function, it is
// written in a test file, it is a literal run some way the model does not
// follow, or a function that runs calls it — directly, in a go or defer
// statement, or through a variable bound to it. A function that only code
// that never runs calls never runs either: a cancel called only there
// cancels nothing.
//
// The answer is worked out once for the whole package, from the functions
// that certainly run down through their calls, so it costs one pass over
// the calls however deep the chains are.
func (p *Program) Runs(f *Func) bool {
	p.runsOnce.Do(func() { p.runs = p.running() })
	return p.runs[f]
}

// running returns the set of functions that can run (see Runs).
func (p *Program) running() map[*Func]bool {
	runs := make(map[*Func]bool)
	var work []*Func
	mark := func(f *Func) {
		if !runs[f] {
			runs[f] = true
			work = append(work, f)
		}
	}
	callees := make(map[*Func][]*Func)
	for _, f := range p.Funcs {
		if p.runsFromOutside(f) {
			mark(f)
		}
		for _, c := range f.Callers {
			if c.In == nil {
				mark(f) // called from a package-level initialiser
			} else {
				callees[c.In] = append(callees[c.In], f)
			}
		}
	}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, g := range callees[f] {
			mark(g)
		}
	}
	return runs
}

// runsFromOutside reports whether f runs without any call of the package
// that runs: see Runs.
func (p *Program) runsFromOutside(f *Func) bool {
	switch {
	case f.Open(), p.InTest(f.Node().Pos()):
		return true
	case f.Lit != nil:
		return len(f.Callers) == 0
	case f.Decl.Recv == nil && f.Decl.Name.Name == "init":
		return true
	}
	return f.Decl.Recv == nil && f.Decl.Name.Name == "main" && p.Pkg.Name() == "main"
}
