package unboundedgo_test

import (
	"fmt"
	"strings"

	"github.com/leash-go/leash/lint/unboundedgo"
)

// Drivers — the leash command, go vet -vettool, golangci-lint — run the
// Analyzer; its documentation is what "leash help unboundedgo" prints.
func ExampleAnalyzer() {
	summary, _, _ := strings.Cut(unboundedgo.Analyzer.Doc, "\n")
	fmt.Println(unboundedgo.Analyzer.Name+":", summary)
	// Output: unboundedgo: report goroutines started per element of unbounded input with no limit
}
