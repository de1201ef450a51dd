package bigbuffer_test

import (
	"fmt"

	"github.com/leash-go/leash/lint/bigbuffer"
)

// The threshold is the analyzer's max flag: -bigbuffer.max=N on the leash
// command line, or checks.bigbuffer.max in the golangci-lint plugin's
// settings.
func ExampleAnalyzer() {
	max := bigbuffer.Analyzer.Flags.Lookup("max")
	fmt.Println(max.Name, max.DefValue)
	// Output: max 4096
}

func ExampleDefaultMax() {
	fmt.Printf("make(chan T, %d) is fine, make(chan T, %d) is reported\n", bigbuffer.DefaultMax, bigbuffer.DefaultMax+1)
	// Output: make(chan T, 4096) is fine, make(chan T, 4097) is reported
}
