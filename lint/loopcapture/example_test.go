package loopcapture_test

import (
	"fmt"
	"strings"

	"github.com/leash-go/leash/lint/loopcapture"
)

// Drivers — the leash command, go vet -vettool, golangci-lint — run the
// Analyzer; its documentation is what "leash help loopcapture" prints.
func ExampleAnalyzer() {
	summary, _, _ := strings.Cut(loopcapture.Analyzer.Doc, "\n")
	fmt.Println(loopcapture.Analyzer.Name+":", summary)
	// Output: loopcapture: report goroutines capturing a loop variable before Go 1.22
}
