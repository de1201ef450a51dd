package driver

import (
	"cmp"
	"go/token"
	"os"
	"path/filepath"
	"slices"

	"github.com/leash-go/leash/lint/internal/endings"
	"golang.org/x/tools/go/packages"
)

// A wholeProgram gathers what the checked packages tell of the functions
// whose return ends the program (see package endings), to drop, once every
// package is in, the findings that are leaks only if such a function's
// return left the program running. go vet and golangci-lint check one
// package at a time and keep them.
type wholeProgram struct {
	sums    []*endings.Summary
	pending map[token.Position]endings.Pending // by the finding's position
	// wholeModule is set when every package of the module is in sums (see
	// endings.Resolve).
	wholeModule bool
}

// endingsOf returns the summary a check's result holds, with its pending
// findings' positions resolved in p, or nil.
func endingsOf(p *packages.Package, result any) *resolvedEndings {
	s, ok := result.(*endings.Summary)
	if !ok || s == nil {
		return nil
	}
	r := &resolvedEndings{sum: s}
	for _, pd := range s.Pending {
		r.pending = append(r.pending, pendingAt{p.Fset.Position(pd.Pos), pd})
	}
	s.Pending = nil // positions are resolved; the package's syntax can go
	return r
}

// resolvedEndings is one package's summary, its positions resolved.
type resolvedEndings struct {
	sum     *endings.Summary
	pending []pendingAt
}

type pendingAt struct {
	posn token.Position
	endings.Pending
}

func (w *wholeProgram) add(r *resolvedEndings) {
	if r == nil {
		return
	}
	w.sums = append(w.sums, r.sum)
	if w.pending == nil {
		w.pending = make(map[token.Position]endings.Pending)
	}
	for _, p := range r.pending {
		w.pending[p.posn] = p.Pending
	}
}

// drop returns findings without those that the whole program shows to
// happen only as it ends, or only in code that only its tests reach.
func (w *wholeProgram) drop(findings []finding) []finding {
	if len(w.pending) == 0 {
		return findings
	}
	ends := endings.Resolve(w.sums, w.wholeModule)
	kept := findings[:0]
	for _, f := range findings {
		if p, ok := w.pending[f.posn]; ok && ends.Drops(p) {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

// loadsWholeModule reports whether a run of patterns from dir loads every
// package of the module there: ./... from the module's root.
func loadsWholeModule(patterns []string, dir string) bool {
	if !slices.Contains(patterns, "./...") {
		return false
	}
	_, err := os.Stat(filepath.Join(cmp.Or(dir, "."), "go.mod"))
	return err == nil
}
