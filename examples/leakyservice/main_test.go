package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/leash-go/leash/internal/leakcycle"
)

// lineOf returns the line of service.go that holds text.
func lineOf(t *testing.T, text string) int {
	t.Helper()
	src, err := os.ReadFile("service.go")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, text) {
			return i + 1
		}
	}
	t.Fatalf("service.go has no line with %q", text)
	return 0
}

// The example runs, loads the service and reports: where the runtime
// proves leaks, the two leaking sites of the service at their lines and
// nothing of the fixed search; elsewhere, that it cannot prove them.
func TestLeakyService(t *testing.T) {
	var out strings.Builder
	err := run(t.Context(), &out, options{load: 500 * time.Millisecond, clients: 4, addr: "127.0.0.1:0", interval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		`leakyservice on http://127\.0\.0\.1:\d+`,
		`leaks:  http://127\.0\.0\.1:\d+/debug/leakwatch`,
		`pprof:  http://127\.0\.0\.1:\d+/debug/pprof/`,
		`load: \d+ requests in 500ms from 4 clients, \d+ searches cut short by their deadline, \d+ exports refused`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if leakcycle.Profile == nil {
		if !strings.Contains(text, "cannot prove goroutine leaks") || !strings.Contains(text, "leakwatch: 0 sites suspected") {
			t.Errorf("without the leak profile, the output does not say so:\n%s", text)
		}
		return
	}
	fn := regexp.QuoteMeta(pkg)
	send := fmt.Sprintf(`\d+ goroutines \[chan send\]\n    blocked in %s\.search\.func1\n      at examples/leakyservice/service\.go:%d\n    created by %s\.search\n      at examples/leakyservice/service\.go:%d`,
		fn, lineOf(t, "hits <- query(b, q)"), fn, lineOf(t, "go func() {")) // the first go statement is search's
	receive := fmt.Sprintf(`\d+ goroutines \[chan receive\]\n    blocked in %s\.export\.func1\n      at examples/leakyservice/service\.go:%d`, fn, lineOf(t, "for range lines"))
	for _, want := range []string{`leakwatch: \d+ goroutines proven leaked at 2 sites`, send, receive} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "searchFixed") {
		t.Errorf("the fixed search leaks:\n%s", text)
	}
}

// With -serve, the service goes on serving: leakwatch's page, its JSON and
// pprof answer next to each other, until the context ends.
func TestLeakyServiceServes(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := run(ctx, pw, options{load: 200 * time.Millisecond, clients: 2, addr: "127.0.0.1:0", interval: 20 * time.Millisecond, serve: true})
		pw.Close()
		done <- err
	}()
	var base string
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "leakyservice on "); ok {
			base = u
		}
		if strings.HasPrefix(sc.Text(), "serving until interrupted") {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		t.Fatal("no address in the output")
	}
	get := func(path string, header ...string) (*http.Response, string) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
		if len(header) == 2 {
			req.Header.Set(header[0], header[1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	resp, page := get("/debug/leakwatch")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Goroutine leaks in") {
		t.Errorf("the page: %s\n%s", resp.Status, page)
	}
	resp, body := get("/debug/leakwatch", "Accept", "application/json")
	var summary struct {
		Proven bool `json:"proven"`
		Checks int  `json:"checks"`
		Sites  []struct {
			BlockedIn string `json:"blocked_in"`
		} `json:"sites"`
	}
	if err := json.Unmarshal([]byte(body), &summary); err != nil || summary.Checks == 0 {
		t.Errorf("the JSON (%v): %s", err, body)
	}
	if summary.Proven != (leakcycle.Profile != nil) {
		t.Errorf("proven %v on %s", summary.Proven, runtime.Version())
	}
	if summary.Proven && !strings.Contains(page, pkg+".search.func1") {
		t.Errorf("the page does not show the leaking search:\n%s", page)
	}
	if resp, body := get("/debug/pprof/"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("pprof: %s", resp.Status)
	}
	if resp, _ := get("/search-fixed?q=x"); resp.StatusCode != http.StatusOK {
		t.Errorf("search: %s", resp.Status)
	}
	http.DefaultClient.CloseIdleConnections()
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}
