package driver

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"go/types"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// factScope says which dependencies of the packages named are analysed
// for the facts the checks export about them (-facts). go vet analyses
// every dependency; facts about code outside the repository mostly
// describe libraries the checks already know by name, and analysing them
// all costs two to three times the CPU time and a quarter more memory
// (see lint/EVALUATION.md), so by default only the main modules are.
type factScope int

const (
	// factsFromMain analyses the packages of the main modules (the module
	// leash runs in, or the modules of a go.work): a helper in another
	// package of the repository is understood, a library outside it is
	// not.
	factsFromMain factScope = iota
	// factsFromMainAndStd also analyses the standard library.
	factsFromMainAndStd
	// factsFromAll analyses every dependency, as go vet does.
	factsFromAll
)

var factScopeNames = []string{"main", "std", "all"}

func (s *factScope) String() string { return factScopeNames[*s] }

func (s *factScope) Set(name string) error {
	i := slices.Index(factScopeNames, name)
	if i < 0 {
		return fmt.Errorf("want main, std or all")
	}
	*s = factScope(i)
	return nil
}

// inScope reports whether a dependency is analysed for its facts.
func (s factScope) inScope(p *packages.Package) bool {
	if p.PkgPath == "unsafe" || len(p.CompiledGoFiles) == 0 {
		return false
	}
	switch s {
	case factsFromAll:
		return true
	case factsFromMainAndStd:
		return p.Module == nil || p.Module.Main
	}
	return p.Module != nil && p.Module.Main
}

// A unit is one package to analyse: a root, named on the command line,
// whose findings are reported, or a dependency analysed for its facts.
type unit struct {
	pkg     *packages.Package
	root    bool
	waiting int     // units this one needs the facts of, not yet analysed
	next    []*unit // units that need this one's facts
}

// units returns the packages to analyse: the roots and, when the checks
// use facts, the dependencies in scope, each after the units whose facts
// it needs (the nearest units on every import path below it, which come
// after theirs).
func units(roots []*packages.Package, usesFacts bool, scope factScope) []*unit {
	byPkg := make(map[*packages.Package]*unit)
	var all []*unit
	var add func(p *packages.Package, root bool) *unit
	add = func(p *packages.Package, root bool) *unit {
		if u := byPkg[p]; u != nil {
			u.root = u.root || root
			return u
		}
		u := &unit{pkg: p, root: root}
		byPkg[p] = u
		all = append(all, u)
		if !usesFacts {
			return u
		}
		linked := make(map[*unit]bool)
		seen := make(map[*packages.Package]bool)
		var below func(p *packages.Package)
		below = func(p *packages.Package) {
			for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
				dep := p.Imports[path]
				if seen[dep] {
					continue
				}
				seen[dep] = true
				if !scope.inScope(dep) {
					below(dep) // an out-of-scope package may import one in scope
					continue
				}
				d := add(dep, false)
				if !linked[d] {
					linked[d] = true
					d.next = append(d.next, u)
					u.waiting++
				}
			}
		}
		below(p)
		return u
	}
	for _, p := range roots {
		add(p, true)
	}
	return all
}

// readyQueue holds the units whose facts needs are met, in ID order, so
// that neighbours, which tend to share dependencies, are analysed one
// after another and share decoded export data.
type readyQueue []*unit

func (q readyQueue) Len() int           { return len(q) }
func (q readyQueue) Less(i, j int) bool { return q[i].pkg.ID < q[j].pkg.ID }
func (q readyQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *readyQueue) Push(x any)        { *q = append(*q, x.(*unit)) }
func (q *readyQueue) Pop() any {
	old := *q
	u := old[len(old)-1]
	*q = old[:len(old)-1]
	return u
}

// analyzeAll analyses the units, GOMAXPROCS at a time, each once the units
// it needs the facts of are done, and hands each root's result to report,
// from this goroutine. It stops early, once the units under way are done,
// when ctx is cancelled.
func analyzeAll(ctx context.Context, all []*unit, pl *plan, progress *progress, report func(packageResult)) error {
	l := &loader{}
	store := newFactStore()
	ready := &readyQueue{}
	roots := 0
	for _, u := range all {
		if u.waiting == 0 {
			*ready = append(*ready, u)
		}
		if u.root {
			roots++
		}
	}
	heap.Init(ready)
	type done struct {
		u      *unit
		result packageResult
	}
	// Each worker has at most one result not yet received, so that with
	// this buffer no worker waits on a loop that has stopped receiving.
	workers := runtime.GOMAXPROCS(0)
	todo := make(chan *unit)
	results := make(chan done, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for u := range todo {
				results <- done{u, l.analyze(u, pl, store)}
			}
		})
	}
	defer wg.Wait()
	defer close(todo)

	inflight, finished, rootsDone := 0, 0, 0
	cancelled := ctx.Done()
	for finished < len(all) {
		var send chan *unit
		var next *unit
		if ready.Len() > 0 && ctx.Err() == nil {
			send, next = todo, (*ready)[0]
		} else if inflight == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			return fmt.Errorf("internal error: %d packages wait on each other's facts", len(all)-finished)
		}
		select {
		case send <- next:
			heap.Pop(ready)
			inflight++
			continue
		case d := <-results:
			inflight--
			finished++
			for _, next := range d.u.next {
				if next.waiting--; next.waiting == 0 {
					heap.Push(ready, next)
				}
			}
			if d.u.root {
				rootsDone++
				report(d.result)
			} else if len(d.result.failures) > 0 {
				report(packageResult{failures: d.result.failures}) // a check failed on a dependency: its facts are missing
			}
		case <-cancelled:
			// Hand out no more work; the loop ends once the units under
			// way are done.
			cancelled = nil
		}
		if deps := len(all) - roots; deps > 0 {
			progress.phase(fmt.Sprintf("checked %d of %d packages, %d of %d dependencies for facts", rootsDone, roots, finished-rootsDone, deps))
		} else {
			progress.phase(fmt.Sprintf("checked %d of %d packages", rootsDone, roots))
		}
	}
	return ctx.Err()
}

// analyze type-checks and analyses one unit, stores the facts it exports,
// and drops its syntax and types.
func (l *loader) analyze(u *unit, pl *plan, store *factStore) packageResult {
	p := u.pkg
	gen := l.generation()
	if err := l.typeCheck(p, gen); err != nil {
		if !u.root {
			return packageResult{} // its importers do not load either, and say why
		}
		return packageResult{broken: &brokenPackage{p.ID, err.Error()}}
	}
	defer func() { p.Fset, p.Syntax, p.Types, p.TypesInfo = nil, nil, nil, nil }() // let it and its generation go
	analyzers, report := pl.forDeps, pl.reported[:0:0]
	if u.root {
		analyzers, report = pl.forRoots, pl.reported
	}
	facts := newPackageFacts(store, p.Types, gen.dependencyIDs(p))
	r := runAnalyzers(p, analyzers, report, facts)
	if pl.usesFacts {
		data, err := facts.encode()
		if err != nil {
			r.failures = append(r.failures, failure{p.ID, "", err.Error()})
		}
		if data != nil {
			store.put(p.ID, data)
		}
	}
	return r
}

// dependencyIDs maps the types of p's dependencies, as p was type-checked
// against them, to their package IDs, under which their facts are stored.
func (g *generation) dependencyIDs(p *packages.Package) map[*types.Package]string {
	g.mu.Lock()
	defer g.mu.Unlock()
	ids := make(map[*types.Package]string)
	seen := make(map[*packages.Package]bool)
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		for _, dep := range p.Imports {
			if !seen[dep] {
				seen[dep] = true
				if t := g.deps[dep]; t != nil {
					ids[t] = dep.ID
				}
				visit(dep)
			}
		}
	}
	visit(p)
	return ids
}

// sortByID sorts packages by ID.
func sortByID(pkgs []*packages.Package) {
	slices.SortFunc(pkgs, func(a, b *packages.Package) int { return cmp.Compare(a.ID, b.ID) })
}

// listPackages runs the go command: it lists the packages matching the
// patterns and their dependencies and builds the dependencies' export
// data.
func listPackages(ctx context.Context, cfg *config, dir string) ([]*packages.Package, error) {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
		packages.NeedDeps | packages.NeedExportFile | packages.NeedTypesSizes | packages.NeedModule
	pkgs, err := packages.Load(&packages.Config{Context: ctx, Mode: mode, Dir: dir, Tests: cfg.tests, BuildFlags: buildFlags(cfg)}, cfg.patterns...)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, goCommandError(err)
	}
	if len(pkgs) == 0 {
		if why := whyNoPackages(ctx, dir, cfg.patterns); why != "" {
			return nil, errors.New("the go command failed: " + why)
		}
		return nil, fmt.Errorf("no packages match %s", strings.Join(cfg.patterns, " "))
	}
	return pkgs, nil
}
