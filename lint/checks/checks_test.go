package checks_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/checks"
	"golang.org/x/tools/go/analysis"
)

// TestConventions holds every check to the conventions drivers rely on.
func TestConventions(t *testing.T) {
	if err := analysis.Validate(checks.All); err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]bool)
	for _, a := range checks.All {
		if seen[a.Name] {
			t.Errorf("two checks named %s", a.Name)
		}
		seen[a.Name] = true
		if want := "https://pkg.go.dev/github.com/leash-go/leash/lint/" + a.Name; a.URL != want {
			t.Errorf("%s: URL = %q, want %q", a.Name, a.URL, want)
		}
		if first, _, _ := strings.Cut(a.Doc, "\n"); first == "" || first != strings.ToLower(first[:1])+first[1:] {
			t.Errorf("%s: Doc must start with a lower-case summary line, got %q", a.Name, first)
		}
		if checks.ByName(a.Name) != a {
			t.Errorf("ByName(%q) does not return the check", a.Name)
		}
		if a.Run == nil {
			t.Errorf("%s: no Run", a.Name)
		}
	}
	if checks.ByName("nosuchcheck") != nil {
		t.Error("ByName of an unknown name returned a check")
	}
}

func ExampleByName() {
	a := checks.ByName("wgadd")
	fmt.Println(a.Name, a.URL)
	// Output: wgadd https://pkg.go.dev/github.com/leash-go/leash/lint/wgadd
}

func ExampleAll() {
	for _, a := range checks.All {
		fmt.Println(a.Name)
	}
	// Output:
	// ctxgoroutine
	// unboundedgo
	// blockingsend
	// groupctx
	// swallowederr
	// wgadd
	// loopcapture
	// bigbuffer
	// lockorder
}
