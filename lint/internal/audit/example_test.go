package audit_test

import (
	"flag"
	"fmt"

	"github.com/leash-go/leash/lint/internal/audit"
	"golang.org/x/tools/go/analysis"
)

// A check keeps its rules that guess behind its audit flag; -audit turns
// on every check's.
func ExampleFlag() {
	var guesses bool
	check := &analysis.Analyzer{Name: "check", Doc: "check", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	check.Flags.BoolVar(&guesses, "audit", false, "also report what only looks wrong")

	fs := flag.NewFlagSet("leash", flag.ContinueOnError)
	fs.Var(&audit.Flag{Analyzers: []*analysis.Analyzer{check}}, "audit", audit.Usage)
	fs.Parse([]string{"-audit"})
	fmt.Println(guesses, audit.FlagOf(check).Usage)
	// Output: true also report what only looks wrong
}
