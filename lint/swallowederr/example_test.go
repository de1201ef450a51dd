package swallowederr_test

import (
	"fmt"
	"strings"

	"github.com/leash-go/leash/lint/swallowederr"
)

// Drivers — the leash command, go vet -vettool, golangci-lint — run the
// Analyzer; its documentation is what "leash help swallowederr" prints.
func ExampleAnalyzer() {
	summary, _, _ := strings.Cut(swallowederr.Analyzer.Doc, "\n")
	fmt.Println(swallowederr.Analyzer.Name+":", summary)
	// Output: swallowederr: report errors swallowed by goroutines and group tasks
}
