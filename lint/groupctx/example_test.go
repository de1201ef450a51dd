package groupctx_test

import (
	"fmt"
	"strings"

	"github.com/leash-go/leash/lint/groupctx"
)

// Drivers — the leash command, go vet -vettool, golangci-lint — run the
// Analyzer; its documentation is what "leash help groupctx" prints.
func ExampleAnalyzer() {
	summary, _, _ := strings.Cut(groupctx.Analyzer.Doc, "\n")
	fmt.Println(groupctx.Analyzer.Name+":", summary)
	// Output: groupctx: report group tasks using the parent context instead of the group's
}
