package wgadd_test

import (
	"fmt"
	"strings"

	"github.com/leash-go/leash/lint/wgadd"
)

// Drivers — the leash command, go vet -vettool, golangci-lint — run the
// Analyzer; its documentation is what "leash help wgadd" prints.
func ExampleAnalyzer() {
	summary, _, _ := strings.Cut(wgadd.Analyzer.Doc, "\n")
	fmt.Println(wgadd.Analyzer.Name+":", summary)
	// Output: wgadd: report sync.WaitGroup.Add called inside the goroutine it counts
}
