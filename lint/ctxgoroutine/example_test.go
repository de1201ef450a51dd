package ctxgoroutine_test

import (
	"fmt"
	"strings"

	"github.com/leash-go/leash/lint/ctxgoroutine"
)

// Drivers — the leash command, go vet -vettool, golangci-lint — run the
// Analyzer; its documentation is what "leash help ctxgoroutine" prints.
func ExampleAnalyzer() {
	summary, _, _ := strings.Cut(ctxgoroutine.Analyzer.Doc, "\n")
	fmt.Println(ctxgoroutine.Analyzer.Name+":", summary)
	// Output: ctxgoroutine: report goroutines that cannot be stopped although a context or done channel is at hand
}
