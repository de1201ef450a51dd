package driver

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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

// whyNoPackages gives the go command's own words when listing fails, and
// nothing when the patterns simply match no package.
func TestWhyNoPackages(t *testing.T) {
	write := func(dir, name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	empty := t.TempDir()
	write(empty, "go.mod", "module example.com/e\n\ngo 1.22\n")
	if why := whyNoPackages(context.Background(), empty, []string{"./..."}); why != "" {
		t.Errorf("an empty module: %q, want nothing", why)
	}
	broken := t.TempDir()
	write(broken, "go.mod", "module example.com/b\n\ngo 1.22\n\nrequire example.invalid/nothing\n")
	if why := whyNoPackages(context.Background(), broken, []string{"./..."}); !strings.Contains(why, "go.mod:5") || strings.Contains(why, "go: downloading") {
		t.Errorf("a go.mod that does not parse: %q, want the go command's error", why)
	}
}
