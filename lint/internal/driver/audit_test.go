package driver_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/driver"
	"github.com/leash-go/leash/lint/internal/driver/drivertest"
	"github.com/leash-go/leash/lint/wgadd"
	"golang.org/x/tools/go/analysis"
)

const channels = `package m

var unbuffered = make(chan int)

var buffered = make(chan int, 1)
`

const (
	bufferedFound   = "m.go:5:16: buffered channel (guessing)\n"
	unbufferedFound = "m.go:3:18: unbuffered channel may block (guessing)\n"
)

// -audit turns on every check's rules that guess, and nothing else; a
// later -NAME.audit=false turns one check's back off.
func TestAudit(t *testing.T) {
	defer drivertest.ResetFlags()
	dir := module(t, map[string]string{"m.go": channels})
	analyzers := []*analysis.Analyzer{drivertest.Guessing, wgadd.Analyzer}
	for _, tc := range []struct{ args, want string }{
		{"", bufferedFound},
		{"-audit", unbufferedFound + bufferedFound},
		{"-audit -guessing.audit=false", bufferedFound},
		{"-guessing.audit", unbufferedFound + bufferedFound},
		{"-audit -audit=false", bufferedFound},
	} {
		drivertest.ResetFlags()
		var stdout, stderr bytes.Buffer
		code := driver.Run(append(strings.Fields(tc.args), "./..."), analyzers, driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
		if code != driver.ExitFindings || stdout.String() != tc.want {
			t.Errorf("leash %s: exit code %d, output:\n%s\nstderr:\n%s\nwant 3 and:\n%s", tc.args, code, stdout.String(), stderr.String(), tc.want)
		}
	}
	if testing.Short() {
		return
	}
	drivertest.ResetFlags()
	out, err := vet(t, dir, "-audit", "./...").CombinedOutput()
	for _, want := range []string{unbufferedFound, bufferedFound} {
		if !strings.Contains(string(out), strings.TrimSuffix(want, "\n")) {
			t.Errorf("go vet -audit output lacks %q (err %v):\n%s", want, err, out)
		}
	}
}

// The audit rules are listed apart from the checks, in the usage and in
// a check's help.
func TestAuditHelp(t *testing.T) {
	analyzers := []*analysis.Analyzer{drivertest.Sleepy, drivertest.Guessing} // one without audit rules, one with
	var stdout, stderr bytes.Buffer
	driver.Run([]string{"help"}, analyzers, driver.Options{Stdout: &stdout, Stderr: &stderr})
	usage := stdout.String()
	checks, rest, ok := strings.Cut(usage, "\nAudit rules")
	if !ok {
		t.Fatalf("leash help has no audit rules section:\n%s", usage)
	}
	audit, flags, _ := strings.Cut(rest, "\nFlags:")
	if !strings.Contains(checks, "\tsleepy ") || !strings.Contains(checks, "\tguessing ") {
		t.Errorf("leash help does not list the checks:\n%s", usage)
	}
	if want := "\tguessing      also report unbuffered channels, which may block (a guess)\n"; !strings.Contains(audit, want) || strings.Contains(audit, "sleepy") {
		t.Errorf("audit rules section:\n%s\nwant only:\n%s", audit, want)
	}
	if !strings.Contains(flags, "-audit") {
		t.Errorf("leash help does not describe -audit:\n%s", flags)
	}
	stdout.Reset()
	driver.Run([]string{"help", "guessing"}, analyzers, driver.Options{Stdout: &stdout, Stderr: &stderr})
	if want := "Audit rules (off by default; -audit or -guessing.audit turns them on): also report unbuffered channels"; !strings.Contains(stdout.String(), want) {
		t.Errorf("leash help guessing:\n%s\nlacks %q", stdout.String(), want)
	}
	if n := strings.Count(stdout.String(), "also report unbuffered channels"); n != 1 {
		t.Errorf("leash help guessing says what its audit rules do %d times, want once:\n%s", n, stdout.String())
	}
}

// Packages under a directory of tests or benchmarks are test code: their
// findings are audit findings, as those of _test.go files are.
func TestNotShippedIsAudit(t *testing.T) {
	defer drivertest.ResetFlags()
	fixtures := strings.Replace(buggy, "package m", "package fixtures", 1)
	dir := module(t, map[string]string{"test/e2e/fixtures/fixtures.go": fixtures, "pkg/worker/worker.go": strings.Replace(buggy, "package m", "package worker", 1)})
	for _, tc := range []struct {
		args string
		want []string
	}{
		{"-wgadd", []string{"pkg/worker/worker.go:10:4"}},
		{"-wgadd -wgadd.audit", []string{"pkg/worker/worker.go:10:4", "test/e2e/fixtures/fixtures.go:10:4"}},
	} {
		drivertest.ResetFlags()
		var stdout, stderr bytes.Buffer
		driver.Run(append(strings.Fields(tc.args), "./..."), []*analysis.Analyzer{wgadd.Analyzer}, driver.Options{Stdout: &stdout, Stderr: &stderr, Dir: dir})
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
			if pos, _, ok := strings.Cut(line, ": "); ok {
				got = append(got, pos)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("leash %s: findings at %v, want %v\n%s", tc.args, got, tc.want, stderr.String())
		}
	}
}
