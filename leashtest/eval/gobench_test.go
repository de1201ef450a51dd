package eval

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGoBench runs the GoBench kernels shipped with Go, real leaks from
// Docker, Kubernetes, etcd, gRPC and CockroachDB, each as a test checked by
// leashtest and, in another run, by goleak, and compares what each reports
// with the leaks the Go runtime's own test expects.
//
// It takes minutes, so it only runs when asked:
//
//	LEASHTEST_GOBENCH=1 go test -count=1 -run TestGoBench -v -timeout 30m
//
// LEASHTEST_GOBENCH_OUT names a file to write the table to, and
// LEASHTEST_GOBENCH_RUN a regular expression selecting kernels by name. Run
// it with and without GOEXPERIMENT=goroutineleakprofile: the kernels are
// built in the mode of the run.
//
// It fails if a kernel cannot be built or run, and if leashtest misses a
// leak in a kernel whose leak the runtime's test always expects.
func TestGoBench(t *testing.T) {
	goker, kernels := gobenchKernels(t, "minutes")
	if sel := os.Getenv("LEASHTEST_GOBENCH_RUN"); sel != "" {
		kernels = slices.DeleteFunc(kernels, func(k kernel) bool { return !matches(sel, k.name) })
	}
	bin := buildKernels(t, goker)

	var rows []row
	for _, k := range kernels {
		r := row{kernel: k}
		for _, c := range []string{"leashtest", "goleak"} {
			res := runKernel(t, bin, k, c)
			if c == "leashtest" {
				r.leashtest = res
			} else {
				r.goleak = res
			}
		}
		t.Logf("%s: leashtest %s; goleak %s", k.name, r.leashtest.summary(k), r.goleak.summary(k))
		if !k.flaky && len(k.leaks) > 0 && len(r.leashtest.findings) == 0 {
			t.Errorf("%s: leashtest reported nothing; the runtime's test expects %d leaks", k.name, len(k.leaks))
		}
		rows = append(rows, r)
	}
	table := formatTable(rows)
	t.Log("\n" + table)
	if out := os.Getenv("LEASHTEST_GOBENCH_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// gobenchKernels skips the test unless LEASHTEST_GOBENCH is set (the
// evaluation takes long: how long is said by took), and returns the
// directory of the kernels in GOROOT and the leaks the runtime's test
// expects of them.
func gobenchKernels(t *testing.T, took string) (goker string, kernels []kernel) {
	t.Helper()
	if os.Getenv("LEASHTEST_GOBENCH") == "" {
		t.Skipf("set LEASHTEST_GOBENCH=1 to run the GoBench evaluation (%s)", took)
	}
	goroot := goEnv(t, "GOROOT")
	kernels, err := expectedLeaks(filepath.Join(goroot, "src", "runtime", "goroutineleakprofile_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(goroot, "src", "runtime", "testdata", "testgoroutineleakprofile", "goker"), kernels
}

func matches(pattern, name string) bool {
	ok, err := regexp.MatchString(pattern, name)
	return err == nil && ok
}

// A result is what one checker reported for one kernel.
type result struct {
	findings []finding
	verdict  time.Duration // from the end of the test function to the end of the check
	failed   bool          // the test failed
}

// found returns how many of the kernel's expected leaks some finding
// matches, and how many some proven finding matches.
func (r result) found(k kernel) (found, proven int) {
	for _, re := range k.leaks {
		any, prov := false, false
		for _, f := range r.findings {
			if re.MatchString(f.leak) {
				any = true
				prov = prov || f.proven
			}
		}
		if any {
			found++
		}
		if prov {
			proven++
		}
	}
	return found, proven
}

// unexpected returns the findings no pattern of the kernel matches.
func (r result) unexpected(k kernel) []string {
	var out []string
	for _, f := range r.findings {
		if !slices.ContainsFunc(k.leaks, func(re *regexp.Regexp) bool { return re.MatchString(f.leak) }) {
			out = append(out, f.leak)
		}
	}
	return out
}

func (r result) summary(k kernel) string {
	found, proven := r.found(k)
	other := r.unexpected(k)
	s := fmt.Sprintf("%d/%d expected leaks found (%d proven), %d other goroutines, verdict after %v",
		found, len(k.leaks), proven, len(other), r.verdict.Round(time.Millisecond))
	if len(other) > 0 {
		slices.Sort(other)
		s += fmt.Sprintf(" (other: %s)", strings.Join(slices.Compact(other), ", "))
	}
	return s
}

type row struct {
	kernel            kernel
	leashtest, goleak result
}

// runKernel runs one kernel as a test checked by checker, in a process of
// its own, and reads what the checker reported.
func runKernel(t *testing.T, bin string, k kernel, checker string) result {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report")
	cmd := exec.Command(bin, "-test.run=^TestKernel$", "-test.count=1", "-test.timeout=2m")
	cmd.Env = append(os.Environ(),
		"GOBENCH_KERNEL="+k.name,
		"GOBENCH_CHECKER="+checker,
		"GOBENCH_REPORT="+report,
		// As the runtime's test runs them, keeping the caller's settings.
		"GODEBUG="+strings.TrimPrefix(os.Getenv("GODEBUG")+",asyncpreemptoff=1", ","),
	)
	if !k.flaky {
		cmd.Env = append(cmd.Env, "GOMAXPROCS=1")
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var res result
	res.failed = err != nil
	text, readErr := os.ReadFile(report)
	if readErr != nil && !os.IsNotExist(readErr) {
		t.Fatal(readErr)
	}
	ns, timeErr := os.ReadFile(report + ".time")
	if timeErr != nil {
		t.Fatalf("%s under %s did not finish (%v):\n%s", k.name, checker, err, out.String())
	}
	n, _ := strconv.ParseInt(string(ns), 10, 64)
	res.verdict = time.Duration(n)
	if res.failed && len(text) == 0 {
		t.Fatalf("%s under %s failed without a report (%v):\n%s", k.name, checker, err, out.String())
	}
	if os.Getenv("LEASHTEST_GOBENCH_DEBUG") != "" {
		t.Logf("%s under %s reported:\n%s", k.name, checker, text)
	}
	if checker == "leashtest" {
		res.findings = leashtestFindings(string(text))
	} else {
		res.findings = goleakFindings(string(text))
	}
	return res
}

// buildKernels copies the kernels into a module of their own, adds a test
// that runs one of them under a checker, and builds the test binary.
func buildKernels(t *testing.T, goker string) string {
	t.Helper()
	sum, err := os.ReadFile("go.sum")
	if err != nil {
		t.Fatal(err)
	}
	return kernelProgram(t, goker, kernelModule, map[string]string{"go.sum": string(sum), "kernel_test.go": kernelTest}, "test", "-c")
}

// kernelProgram copies the kernels, rewritten, into a module of their own
// whose go.mod is module (a template of the go version and the path of
// this repository), adds files (a main.go among them replaces the
// kernels'), and builds it with the go subcommand build, returning the
// binary's path.
func kernelProgram(t *testing.T, goker, module string, files map[string]string, build ...string) string {
	t.Helper()
	dir := t.TempDir()
	kernels, err := filepath.Glob(filepath.Join(goker, "*.go"))
	if err != nil || len(kernels) == 0 {
		t.Fatalf("no kernels in %s: %v", goker, err)
	}
	for _, f := range kernels {
		if _, replaced := files[filepath.Base(f)]; replaced {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), rewriteKernel(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	files["go.mod"] = fmt.Sprintf(module, regexp.MustCompile(`^go1\.\d+`).FindString(runtime.Version())[2:], root)
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "kernels.test")
	cmd := exec.Command("go", append(build, "-o", bin, ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the kernels: %v\n%s", err, out)
	}
	return bin
}

// rewriteKernel takes the leak profile out of a kernel: each kernel writes
// the runtime's leak profile to standard output when it ends, which the
// checkers compared here must do without, and which does not exist without
// GOEXPERIMENT=goroutineleakprofile in Go 1.26.
func rewriteKernel(src []byte) []byte {
	src = bytes.ReplaceAll(src, []byte(`pprof.Lookup("goroutineleak")`), []byte(`noProfile{}`))
	if bytes.Contains(src, []byte("noProfile{}")) {
		// Keep the imports the profile used in use.
		src = append(src, "\nvar _ = pprof.Lookup\nvar _ = os.Stdout\n"...)
	}
	return src
}

func goEnv(t *testing.T, name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

const kernelModule = `module gobench

go %s

require (
	github.com/leash-go/leash v0.0.0
	go.uber.org/goleak v1.3.0
)

replace github.com/leash-go/leash => %s
`

// kernelTest runs the kernel GOBENCH_KERNEL as a test checked by
// GOBENCH_CHECKER, writes the checker's report to GOBENCH_REPORT and the time
// from the end of the kernel to the end of the check to GOBENCH_REPORT.time.
const kernelTest = `package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/leash-go/leash/leashtest"
	"go.uber.org/goleak"
)

type noProfile struct{}

func (noProfile) WriteTo(io.Writer, int) error { return nil }

// capture records what the checker reports.
type capture struct {
	*testing.T
	report string
}

func (c capture) Error(args ...any) {
	c.save(fmt.Sprint(args...))
	c.T.Error(args...)
}

func (c capture) Errorf(format string, args ...any) {
	c.save(fmt.Sprintf(format, args...))
	c.T.Errorf(format, args...)
}

func (c capture) save(s string) {
	f, err := os.OpenFile(c.report, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	fmt.Fprintln(f, s)
}

func TestKernel(t *testing.T) {
	name, checker, report := os.Getenv("GOBENCH_KERNEL"), os.Getenv("GOBENCH_CHECKER"), os.Getenv("GOBENCH_REPORT")
	kernel := cmds[name]
	if kernel == nil {
		t.Fatalf("no kernel %q", name)
	}
	c := capture{t, report}
	var end time.Time
	t.Cleanup(func() {
		took := time.Since(end)
		os.WriteFile(report+".time", []byte(strconv.FormatInt(int64(took), 10)), 0o644)
	})
	switch checker {
	case "leashtest":
		leashtest.Check(c)
	case "goleak":
		opt := goleak.IgnoreCurrent()
		t.Cleanup(func() { goleak.VerifyNone(c, opt) })
	default:
		t.Fatalf("no checker %q", checker)
	}
	t.Cleanup(func() { end = time.Now() })
	kernel()
}
`
