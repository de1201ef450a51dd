package spell_test

import (
	"fmt"
	"testing"

	"github.com/leash-go/leash/lint/internal/spell"
)

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"wgadd", "wgadd", 0},
		{"wgad", "wgadd", 1},
		{"bigbufer", "bigbuffer", 1},
		{"blockingsned", "blockingsend", 2},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
		{"abc", "", 3},
	} {
		if got := spell.Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := spell.Distance(tc.b, tc.a); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (it is symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	checks := []string{"ctxgoroutine", "unboundedgo", "blockingsend", "wgadd", "bigbuffer"}
	for _, tc := range []struct{ word, want string }{
		{"bigbufer", "bigbuffer"},
		{"blockingsned", "blockingsend"},
		{"wgad", "wgadd"},
		{"ctxgorutine", "ctxgoroutine"},
		{"json", ""},
		{"all", ""},
	} {
		if got := spell.Suggest(tc.word, checks); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	if got, d := spell.Closest("x", nil); got != "" || d != -1 {
		t.Errorf("Closest of no candidates = %q, %d; want \"\", -1", got, d)
	}
	if got, _ := spell.Closest("wgaddd", []string{"wgadd", "wgaddd2"}); got != "wgadd" {
		t.Errorf("Closest picks %q, want the first of the nearest, wgadd", got)
	}
}

func ExampleSuggest() {
	fmt.Println(spell.Suggest("bigbufer", []string{"wgadd", "bigbuffer"}))
	// Output: bigbuffer
}

func ExampleDistance() {
	fmt.Println(spell.Distance("blockingsned", "blockingsend"))
	// Output: 2
}

func ExampleClosest() {
	fmt.Println(spell.Closest("wgad", []string{"bigbuffer", "wgadd"}))
	// Output: wgadd 1
}
