package lockorder_test

import (
	"fmt"
	"strings"

	"github.com/leash-go/leash/lint/lockorder"
)

// Drivers — the leash command, go vet -vettool, golangci-lint — run the
// Analyzer; its documentation is what "leash help lockorder" prints.
func ExampleAnalyzer() {
	summary, _, _ := strings.Cut(lockorder.Analyzer.Doc, "\n")
	fmt.Println(lockorder.Analyzer.Name+":", summary)
	// Output: lockorder: report mutex deadlocks: locking a held mutex again, recursive read locks, opposite lock orders, early returns that keep a lock
}
