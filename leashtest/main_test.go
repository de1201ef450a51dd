package leashtest

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// scenarioEnv names the scenario TestMainScenario plays in a child process.
const scenarioEnv = "LEASHTEST_MAIN_SCENARIO"

func TestMain(m *testing.M) {
	if os.Getenv(scenarioEnv) == "started before Main" {
		go func() { <-neverClosed }()
	}
	mainM = m
	// The examples start a janitor that lives as long as the process, as a
	// package-wide cache would.
	Main(m, IgnoreTopFunction("github.com/leash-go/leash/leashtest_test.janitor"))
}

var neverClosed = make(chan struct{})

// mainM is the M of this test binary, for TestTestingInternals.
var mainM *testing.M

// TestMainScenario is a test of a child process that TestMainFailsTheRun
// starts; it does nothing in a normal run.
func TestMainScenario(t *testing.T) {
	switch os.Getenv(scenarioEnv) {
	case "":
		t.Skip("runs in the child processes of TestMainFailsTheRun")
	case "proven":
		go func() { ch := make(chan int); ch <- 1 }()
	case "lingering":
		go func() { <-neverClosed }()
	case "helper":
		startHelper()
	case "reported by Check":
		Check(t)
		go func() { ch := make(chan int); ch <- 1 }()
	case "clean", "started before Main":
		done := make(chan struct{})
		go close(done)
		<-done
	case "cleanup before Check":
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
		t.Cleanup(srv.Close)
		Check(t, Grace(50*time.Millisecond))
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	case "timer of the test in a parallel test":
		// Only this test runs its own closures.
		t.Parallel()
		started := make(chan struct{})
		time.AfterFunc(0, func() { close(started); <-neverClosed })
		<-started // the callback runs before the test ends, however loaded the machine
	case "timer in a parallel test":
		// Tests running in parallel: no test's check can tell whose
		// timer started the goroutine; Main can, once they have ended.
		t.Parallel()
		time.AfterFunc(0, blockForever)
		<-blockForeverStarted
	}
}

func startHelper() {
	go func() { <-neverClosed }()
}

// blockForeverStarted is closed by blockForever, which a child process
// runs once.
var blockForeverStarted = make(chan struct{})

func blockForever() { close(blockForeverStarted); <-neverClosed }

func TestMainFailsTheRun(t *testing.T) {
	cases := []struct {
		scenario string
		fail     bool
		want     []string
		dontWant []string
	}{
		{scenario: "clean"},
		{scenario: "started before Main"},
		// The test that leaks fails by itself: no PASS before the report.
		{scenario: "proven", fail: true, want: []string{
			"--- FAIL: TestMainScenario",
			"leashtest: TestMainScenario left 1 goroutine running",
			"1 goroutine [chan send]: " + wantVerdict(),
			"created by  github.com/leash-go/leash/leashtest.TestMainScenario",
			"leashtest.Main checks each test as leashtest.Check(t) at its top would",
		}, dontWant: []string{"PASS"}},
		{scenario: "lingering", fail: true, want: []string{
			"--- FAIL: TestMainScenario",
			"leashtest: TestMainScenario left 1 goroutine running",
			"1 goroutine [chan receive]: lingering",
		}, dontWant: []string{"PASS"}},
		// Named, though the function that started it is not the test's.
		{scenario: "helper", fail: true, want: []string{
			"leashtest: TestMainScenario left 1 goroutine running",
			"created by  github.com/leash-go/leash/leashtest.startHelper",
		}, dontWant: []string{"PASS"}},
		// The test fails by itself; Main adds nothing.
		{scenario: "reported by Check", fail: true, want: []string{
			"leashtest: TestMainScenario left 1 goroutine running",
		}, dontWant: []string{"leashtest.Main", "PASS"}},
		// The server's transport goroutines still run when Check looks:
		// the cleanup that closes it runs after. The report says why; Main's
		// own check, registered before, runs after the server closed.
		{scenario: "cleanup before Check", fail: true, want: []string{
			"net/http.(*persistConn)",
			"1 cleanup that TestMainScenario registered before Check runs after the check",
			"Call leashtest.Check(t) first in the test.",
		}, dontWant: []string{"leashtest.Main checks each test"}},
		{scenario: "timer of the test in a parallel test", fail: true, want: []string{
			"--- FAIL: TestMainScenario",
			"charged     started by a time.AfterFunc callback; it runs the code of TestMainScenario, which no other test runs",
		}, dontWant: []string{"PASS"}},
		// Only Main, once the tests have ended, can charge it; the run
		// then ends in FAIL, as with a failed test, not PASS and a report.
		{scenario: "timer in a parallel test", fail: true, want: []string{
			"leashtest: the tests left 1 goroutine running",
			"blocked in  github.com/leash-go/leash/leashtest.blockForever",
			"charged     started by a time.AfterFunc callback while the tests ran",
			"leashtest.Main cannot tell which test started these goroutines. Call leashtest.Check(t) first",
			"found them once the tests had ended",
			"FAIL: goroutines leaked by the tests (leashtest.Main)\nFAIL\n",
		}, dontWant: []string{"PASS"}},
	}
	for _, tc := range cases {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestMainScenario$", "-test.count=1")
			cmd.Env = append(os.Environ(), scenarioEnv+"="+tc.scenario)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			var exit *exec.ExitError
			switch {
			case err == nil && tc.fail:
				t.Errorf("the run passed, want it to fail:\n%s", out.String())
			case err != nil && !errors.As(err, &exit):
				t.Fatalf("cannot run the test binary: %v", err)
			case err != nil && !tc.fail:
				t.Errorf("the run failed (%v), want it to pass:\n%s", err, out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range tc.dontWant {
				if strings.Contains(out.String(), w) {
					t.Errorf("output has %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestTestFunction(t *testing.T) {
	cases := map[string]string{
		"example.com/p.TestServer":               "TestServer",
		"example.com/p.TestServer.func1.2":       "TestServer",
		"example.com/a/b.BenchmarkMap.func3":     "BenchmarkMap",
		"example.com/p.FuzzParse":                "FuzzParse",
		"example.com/p.Test":                     "Test",
		"example.com/p.Testify":                  "",
		"example.com/p.(*Server).TestConnection": "",
		"example.com/p.helper":                   "",
		"main":                                   "",
		"":                                       "",
	}
	for fn, want := range cases {
		if got := testFunction(fn); got != want {
			t.Errorf("testFunction(%q) = %q, want %q", fn, got, want)
		}
	}
}
