package leashtest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// scenarioEnv names the scenario TestMainScenario plays in a child process.
const scenarioEnv = "LEASHTEST_MAIN_SCENARIO"

func TestMain(m *testing.M) {
	if os.Getenv(scenarioEnv) == "started before Main" {
		go func() { <-neverClosed }()
	}
	// The examples start a janitor that lives as long as the process, as a
	// package-wide cache would.
	Main(m, IgnoreTopFunction("github.com/leash-go/leash/leashtest_test.janitor"))
}

var neverClosed = make(chan struct{})

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
	}
}

func startHelper() {
	go func() { <-neverClosed }()
}

func TestMainFailsTheRun(t *testing.T) {
	cases := []struct {
		scenario string
		fail     bool
		want     []string
		dontWant []string
	}{
		{scenario: "clean"},
		{scenario: "started before Main"},
		{scenario: "proven", fail: true, want: []string{
			"leashtest: TestMainScenario left 1 goroutine running",
			"1 goroutine [chan send]: " + wantVerdict(),
			"created by  github.com/leash-go/leash/leashtest.TestMainScenario",
			"FAIL: goroutines leaked by the tests (leashtest.Main)",
		}},
		{scenario: "lingering", fail: true, want: []string{
			"leashtest: TestMainScenario left 1 goroutine running",
			"1 goroutine [chan receive]: lingering",
		}},
		// Named after the test function in the creator's name, not found here.
		{scenario: "helper", fail: true, want: []string{
			"leashtest: a test left 1 goroutine running",
			"created by  github.com/leash-go/leash/leashtest.startHelper",
		}},
		// The test fails by itself; Main adds nothing.
		{scenario: "reported by Check", fail: true, want: []string{
			"leashtest: TestMainScenario left 1 goroutine running",
		}, dontWant: []string{"leashtest.Main"}},
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
