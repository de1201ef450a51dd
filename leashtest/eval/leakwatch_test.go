package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leash-go/leash/internal/goroutines"
	"github.com/leash-go/leash/leakwatch"
)

// TestLeakwatchGoBench runs every GoBench kernel in one process, one after
// the other, under a leakwatch.Watcher, as a service that has all these bugs
// would run, and compares the sites the Watcher reports with the leaks the
// Go runtime's own test expects of each kernel. It takes about a minute:
//
//	LEASHTEST_GOBENCH=1 GOEXPERIMENT=goroutineleakprofile go test -count=1 -run TestLeakwatchGoBench -v
//
// (Go 1.27 needs no GOEXPERIMENT.) LEASHTEST_GOBENCH_OUT names a file to
// write the table to. It fails if the kernels cannot be built or run, if the
// runtime has the leak profile and the Watcher finds nothing, or if a site
// it proves leaked matches no expected leak.
//
// Without the leak profile, the Watcher only suspects sites whose
// goroutines have been blocked for minutes: LEASHTEST_GOBENCH_SUSPECT=n
// waits a minute after the kernels, then has the Watcher suspect sites of
// at least n goroutines blocked for a minute, to see what the fallback
// finds and mistakes.
func TestLeakwatchGoBench(t *testing.T) {
	goker, kernels := gobenchKernels(t, "a minute")
	bin := buildWatchedKernels(t, goker)
	var names []string
	for _, k := range kernels {
		names = append(names, k.name)
	}
	cmd := exec.Command(bin, names...)
	cmd.Env = append(os.Environ(), "GODEBUG="+strings.TrimPrefix(os.Getenv("GODEBUG")+",asyncpreemptoff=1", ","))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running the kernels: %v\n%s", err, stderr.String())
	}
	took := time.Since(start)
	var run watchedRun
	if err := json.Unmarshal(out, &run); err != nil {
		t.Fatalf("reading the report: %v\n%s", err, out)
	}
	if run.Report.Proven && len(run.Report.Sites) == 0 {
		t.Error("the Watcher found nothing")
	}
	res := kernelResults(kernels, run.Report)
	table := formatWatchedTable(kernels, res, run, took)
	t.Log("\n" + table)
	if s := stderr.String(); s != "" {
		t.Log(s)
	}
	if run.Report.Proven {
		for _, u := range res.unmatched {
			t.Errorf("a site matches no expected leak: %s", u)
		}
	}
	if out := os.Getenv("LEASHTEST_GOBENCH_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(table), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// watchedRun is what the kernels' program prints: the Watcher's last
// report, the checks it ran and the kernels that did not return.
type watchedRun struct {
	Report   leakwatch.Report `json:"report"`
	Checks   int              `json:"checks"`
	Stuck    []string         `json:"stuck"`
	Kernels  int              `json:"kernels"`
	Duration time.Duration    `json:"check_duration"`
}

// watchedResults sorts the sites of a report by kernel.
type watchedResults struct {
	findings  map[string][]finding // kernel → the leaks of its sites, one a site
	goroutine map[string]int       // kernel → goroutines at its sites
	unmatched []string             // sites no kernel expects
}

// siteLeak describes a site as the runtime's test describes a leak: the
// goroutines' entry function, the outermost of the stack, and their state.
func siteLeak(s leakwatch.Site) string {
	gs := goroutines.ParseDump([]byte(s.Stack))
	fn := s.BlockedIn
	if len(gs) == 1 && len(gs[0].Frames) > 0 {
		fn = gs[0].Frames[len(gs[0].Frames)-1].Function
	}
	return describe(strings.TrimPrefix(fn, "main."), s.State)
}

func kernelResults(kernels []kernel, r leakwatch.Report) watchedResults {
	res := watchedResults{findings: map[string][]finding{}, goroutine: map[string]int{}}
	for _, s := range r.Sites {
		leak := siteLeak(s)
		matched := false
		for _, k := range kernels {
			if slices.ContainsFunc(k.leaks, func(re *regexp.Regexp) bool { return re.MatchString(leak) }) {
				res.findings[k.name] = append(res.findings[k.name], finding{leak: leak, proven: r.Proven})
				res.goroutine[k.name] += s.Count
				matched = true
			}
		}
		if !matched {
			res.unmatched = append(res.unmatched, fmt.Sprintf("%d goroutines %s, created at %s", s.Count, leak, s.CreatedAt))
		}
	}
	return res
}

// formatWatchedTable writes the evaluation as a Markdown table, a row per
// kernel and a row of totals.
func formatWatchedTable(kernels []kernel, res watchedResults, run watchedRun, took time.Duration) string {
	var b strings.Builder
	mode := "suspected sites only (the runtime has no leak profile): " + os.Getenv("LEASHTEST_GOBENCH_SUSPECT") + " goroutines or more blocked for a minute"
	if run.Report.Proven {
		mode = "proven by the runtime's leak profile"
	}
	fmt.Fprintf(&b, "GoBench kernels in one process under a leakwatch.Watcher, %s, %s: %d kernels, %d sites, %d checks (the last took %v), %v in all\n\n",
		runtime.Version(), mode, run.Kernels, len(run.Report.Sites), run.Checks, run.Duration.Round(time.Millisecond), took.Round(time.Second))
	b.WriteString("| kernel | expected leaks | found | goroutines at its sites |\n| --- | ---: | ---: | ---: |\n")
	var expected, found, foundReliable, expectedReliable, missed int
	for _, k := range kernels {
		f, _ := result{findings: res.findings[k.name]}.found(k)
		name := k.name
		if k.flaky {
			name += " (flaky)"
		} else {
			expectedReliable += len(k.leaks)
			foundReliable += f
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", name, len(k.leaks), f, res.goroutine[k.name])
		expected += len(k.leaks)
		found += f
		if f == 0 && len(k.leaks) > 0 {
			missed++
		}
	}
	fmt.Fprintf(&b, "| **total** | %d | %d | |\n\n", expected, found)
	fmt.Fprintf(&b, "Expected leaks found: %d of %d (%d of %d in kernels the runtime's test does not call flaky). Kernels with none found: %d. Sites that match no expected leak: %d.\n",
		found, expected, foundReliable, expectedReliable, missed, len(res.unmatched))
	if len(run.Stuck) > 0 {
		fmt.Fprintf(&b, "Kernels that did not return within 5s (their goroutines still count): %s.\n", strings.Join(run.Stuck, ", "))
	}
	for _, u := range res.unmatched {
		fmt.Fprintf(&b, "- unmatched: %s\n", u)
	}
	return b.String()
}

// buildWatchedKernels builds the kernels with a main of their own, which
// runs them under a Watcher.
func buildWatchedKernels(t *testing.T, goker string) string {
	t.Helper()
	return kernelProgram(t, goker, watchedModule, map[string]string{"main.go": watchedMain}, "build")
}

const watchedModule = `module gobench

go %s

require github.com/leash-go/leash v0.0.0

replace github.com/leash-go/leash => %s
`

// watchedMain runs the kernels named in its arguments, each until it
// returns (at most 5s), then a Watcher for five checks, and prints its
// report as JSON.
const watchedMain = `package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/leash-go/leash/leakwatch"
)

// What the kernels' own main.go declares.
const yieldCount = 10

var cmds = map[string]func(){}

func register(name string, f func()) { cmds[name] = f }

func registerInit(name string, f func()) {}

type noProfile struct{}

func (noProfile) WriteTo(io.Writer, int) error { return nil }

func main() {
	var stuck []string
	ran := 0
	for _, name := range os.Args[1:] {
		kernel := cmds[name]
		if kernel == nil {
			continue
		}
		ran++
		done := make(chan struct{})
		go func() {
			defer close(done)
			kernel()
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			stuck = append(stuck, name)
		}
	}
	time.Sleep(500 * time.Millisecond) // the last kernels' goroutines get stuck
	ctx, cancel := context.WithCancel(context.Background())
	checks := 0
	var took time.Duration
	opts := []leakwatch.Option{leakwatch.Interval(200 * time.Millisecond), leakwatch.OnCheck(func(_ leakwatch.Report, d time.Duration) {
		if checks++; checks == 5 {
			took = d
			cancel()
		}
	})}
	if n, err := strconv.Atoi(os.Getenv("LEASHTEST_GOBENCH_SUSPECT")); err == nil {
		// The runtime counts blocked time in whole minutes, from about the
		// first collection that saw the goroutine blocked.
		runtime.GC()
		time.Sleep(65 * time.Second)
		opts = append(opts, leakwatch.Suspect(n, time.Minute))
	}
	w := leakwatch.New(opts...)
	w.Run(ctx)
	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"report": w.Report(), "checks": checks, "stuck": stuck, "kernels": ran, "check_duration": took,
	})
}
`
