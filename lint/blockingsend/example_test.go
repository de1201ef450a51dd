package blockingsend_test

import (
	"fmt"
	"strings"

	"github.com/leash-go/leash/lint/blockingsend"
)

// Drivers — the leash command, go vet -vettool, golangci-lint — run the
// Analyzer; its documentation is what "leash help blockingsend" prints.
func ExampleAnalyzer() {
	summary, _, _ := strings.Cut(blockingsend.Analyzer.Doc, "\n")
	fmt.Println(blockingsend.Analyzer.Name+":", summary)
	// Output: blockingsend: report sends (and receives) that can block forever because the other side may leave
}
