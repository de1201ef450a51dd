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

// Settings is what .golangci.yml's linters.settings.custom.leash.settings
// holds: here every check but loopcapture, with bigbuffer's threshold set.
func ExampleSettings() {
	p, err := plugin.New(map[string]any{
		"disable": []any{"loopcapture"},
		"checks":  map[string]any{"bigbuffer": map[string]any{"max": 4096}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	analyzers, _ := p.BuildAnalyzers()
	for _, a := range analyzers {
		fmt.Print(a.Name, " ")
	}
	fmt.Println()
	// Output: ctxgoroutine unboundedgo blockingsend groupctx swallowederr wgadd bigbuffer lockorder
}
