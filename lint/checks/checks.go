// Package checks lists leash's analyzers: the concurrency checklist as
// go/analysis checks. Drivers — the leash command, the golangci-lint
// plugin, an editor integration — take their analyzers from All.
package checks

import (
	"github.com/leash-go/leash/lint/bigbuffer"
	"github.com/leash-go/leash/lint/blockingsend"
	"github.com/leash-go/leash/lint/ctxgoroutine"
	"github.com/leash-go/leash/lint/groupctx"
	"github.com/leash-go/leash/lint/lockorder"
	"github.com/leash-go/leash/lint/loopcapture"
	"github.com/leash-go/leash/lint/swallowederr"
	"github.com/leash-go/leash/lint/unboundedgo"
	"github.com/leash-go/leash/lint/wgadd"
	"golang.org/x/tools/go/analysis"
)

// All holds every check, in the order of the checklist: cancellation,
// bounded fan-out, leaking sends, errgroup discipline, errors, the
// playbook's pitfalls, then, beyond the checklist, deadlocks on mutexes.
var All = []*analysis.Analyzer{
	ctxgoroutine.Analyzer,
	unboundedgo.Analyzer,
	blockingsend.Analyzer,
	groupctx.Analyzer,
	swallowederr.Analyzer,
	wgadd.Analyzer,
	loopcapture.Analyzer,
	bigbuffer.Analyzer,
	lockorder.Analyzer,
}

// ByName returns the check called name, or nil.
func ByName(name string) *analysis.Analyzer {
	for _, a := range All {
		if a.Name == name {
			return a
		}
	}
	return nil
}
