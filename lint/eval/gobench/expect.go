package gobench

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// expectation is what the runtime's own test expects of a kernel.
type expectation struct {
	// Simple kernels are not flaky; the runtime runs them with
	// GOMAXPROCS=1.
	Simple bool
	// Leaks match the leaks the kernel is known to produce, rendered as
	// Leak.String does.
	Leaks []*regexp.Regexp
	// Disabled is set for kernels the runtime's test comments out.
	Disabled bool
}

var (
	testCase = regexp.MustCompile("make(Flaky)?Test\\((?:testCase\\{name: )?\"(\\w+)\"\\}?,((?:\\s*`[^`]*`,?)*)")
	pattern  = regexp.MustCompile("`([^`]*)`")
	comment  = regexp.MustCompile(`(?m)^\s*//\s?`)
)

// readExpectations parses the GoBench part of
// $GOROOT/src/runtime/goroutineleakprofile_test.go.
func readExpectations(gorootSrc string) (map[string]expectation, error) {
	data, err := os.ReadFile(filepath.Join(gorootSrc, "runtime", "goroutineleakprofile_test.go"))
	if err != nil {
		return nil, err
	}
	text := string(data)
	start := strings.Index(text, "gokerTestCases := []testCase{")
	if start < 0 {
		return nil, fmt.Errorf("no gokerTestCases in goroutineleakprofile_test.go")
	}
	text = text[start:]
	if end := strings.Index(text, "\n\t}\n"); end > 0 {
		text = text[:end]
	}
	disabled := make(map[string]bool)
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "//") {
			for _, m := range testCase.FindAllStringSubmatch(line, -1) {
				disabled[m[2]] = true
			}
		}
	}
	out := make(map[string]expectation)
	for _, m := range testCase.FindAllStringSubmatch(comment.ReplaceAllString(text, ""), -1) {
		e := expectation{Simple: m[1] == "", Disabled: disabled[m[2]]}
		for _, p := range pattern.FindAllStringSubmatch(m[3], -1) {
			re, err := regexp.Compile(p[1])
			if err != nil {
				return nil, fmt.Errorf("%s: %v", m[2], err)
			}
			e.Leaks = append(e.Leaks, re)
		}
		out[m[2]] = e
	}
	return out, nil
}
