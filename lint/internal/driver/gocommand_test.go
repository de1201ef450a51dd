package driver

import (
	"errors"
	"strings"
	"testing"
)

func TestGoCommandError(t *testing.T) {
	for _, tc := range []struct {
		in, want, not string
	}{
		{
			in:   "err: exit status 1: stderr: go: go.mod requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)\n",
			want: "the go command failed: go: go.mod requires go >= 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)\n\tthe module needs a newer Go",
			not:  "err: exit status",
		},
		{
			in:   "err: exit status 1: stderr: go: cannot find main module\n",
			want: "the go command failed: go: cannot find main module",
			not:  "newer Go",
		},
		{in: "no packages match ./x", want: "no packages match ./x", not: "go command"},
	} {
		got := goCommandError(errors.New(tc.in)).Error()
		if !strings.HasPrefix(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("goCommandError(%q) = %q, want it to start with %q and not contain %q", tc.in, got, tc.want, tc.not)
		}
	}
}
