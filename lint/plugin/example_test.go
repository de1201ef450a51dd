package plugin_test

import (
	"fmt"

	"github.com/leash-go/leash/lint/plugin"
)

// golangci-lint calls New with the settings of .golangci.yml's
// linters.settings.custom.leash.settings.
func ExampleNew() {
	p, err := plugin.New(map[string]any{
		"enable": []any{"groupctx", "swallowederr", "wgadd"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	analyzers, _ := p.BuildAnalyzers()
	for _, a := range analyzers {
		fmt.Println(a.Name)
	}
	// Output:
	// groupctx
	// swallowederr
	// wgadd
}
