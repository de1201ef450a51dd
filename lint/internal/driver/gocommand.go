package driver

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
)

// goCommandError rewords a failure of the go command, which go/packages
// reports as "err: exit status 1: stderr: go: ...", into what the go
// command said, and adds what to do when the module needs a newer Go than
// the one on the PATH: nothing of the module can be checked then, and the
// cause is the toolchain, not the code.
func goCommandError(err error) error {
	msg := err.Error()
	if _, stderr, ok := strings.Cut(msg, "stderr: "); ok && strings.HasPrefix(msg, "err: ") {
		msg = "the go command failed: " + strings.TrimSpace(stderr)
	}
	if strings.Contains(msg, "requires go >=") {
		msg += "\n\tthe module needs a newer Go than the go command on the PATH: build leash with that Go and run it with the same GOTOOLCHAIN (e.g. GOTOOLCHAIN=go1.27.3)"
	}
	return errors.New(msg)
}

// whyNoPackages asks the go command why patterns match no package in dir,
// when go/packages says only that: a module graph that does not load (a
// requirement the module proxy refuses, say) leaves it nothing to list and
// nothing to say. It returns the go command's own words, the lines that
// are not download progress, or "" when listing the patterns succeeds: then
// nothing matches.
func whyNoPackages(ctx context.Context, dir string, patterns []string) string {
	cmd := exec.CommandContext(ctx, "go", append([]string{"list", "-find"}, patterns...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if cmd.Run() == nil {
		return ""
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		if !strings.HasPrefix(line, "go: downloading ") {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}
