package browsertest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromium returns the browser's path, or skips the test where there is
// none and CI did not ask for one.
func chromium(t *testing.T) string {
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser"} {
		if name == "" {
			continue
		}
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("LEASH_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium on PATH (Debian: apt-get install chromium); LEASH_REQUIRE_BROWSER is set")
	}
	t.Skip("no chromium on PATH (Debian: apt-get install chromium)")
	return ""
}

// buildService builds the leakyservice example with the runtime's leak
// profile on: Go 1.26 needs GOEXPERIMENT=goroutineleakprofile, which Go 1.27
// no longer knows.
func buildService(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "leakyservice")
	cmd := exec.Command("go", "build", "-o", bin, "./examples/leakyservice")
	cmd.Dir = root
	cmd.Env = os.Environ()
	if strings.HasPrefix(strings.TrimSpace(string(out)), "go1.26") {
		cmd.Env = append(cmd.Env, "GOEXPERIMENT=goroutineleakprofile")
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the example: %v\n%s", err, out)
	}
	return bin
}

// A printed site of the example's report.
type printedSite struct {
	count              int
	state, blockedIn   string
	blockedAt, created string
}

var siteLine = regexp.MustCompile(`^  (\d+) goroutines \[(.+)\]$`)

// startService runs the example with -serve, reads its report, and returns
// the page's address and the sites it printed; the service is interrupted
// when the test ends.
func startService(t *testing.T, bin string) (page string, sites []printedSite) {
	t.Helper()
	cmd := exec.Command(bin, "-serve", "-load", "1500ms", "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		if err := cmd.Wait(); err != nil {
			t.Errorf("the service: %v", err)
		}
	})
	var lines []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		lines = append(lines, line)
		t.Log(line)
		if after, ok := strings.CutPrefix(line, "serving until interrupted; the page: "); ok {
			page = after
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	if page == "" {
		t.Fatalf("the service printed no page:\n%s", strings.Join(lines, "\n"))
	}
	for i, line := range lines {
		m := siteLine.FindStringSubmatch(line)
		if m == nil || i+4 >= len(lines) {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		field := func(j int, prefix string) string { return strings.TrimPrefix(strings.TrimSpace(lines[i+j]), prefix) }
		sites = append(sites, printedSite{n, m[2], field(1, "blocked in "), field(2, "at "), field(4, "at ")})
	}
	return page, sites
}

// The page, in a real browser: every site the service printed, with its
// count, state and places; the stack behind a click, without JavaScript;
// the JSON behind the link.
func TestPageInChromium(t *testing.T) {
	browser := chromium(t)
	page, printed := startService(t, buildService(t))
	if len(printed) != 2 {
		t.Fatalf("the service printed %d sites, want its 2 leaks: %+v", len(printed), printed)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 860),
	}
	ctx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(ctx)
	defer cancelBrowser()

	// Scripts are off in the tab: what the page shows, it shows without them.
	noScripts := func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(ctx, noScripts, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("table"))); err != nil {
		t.Fatal(err)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	heading, summary := text("h1"), text("p.summary")
	if !strings.HasPrefix(heading, "Goroutine leaks in leakyservice") || !strings.Contains(summary, "Proven:") {
		t.Errorf("heading %q, summary %q", heading, summary)
	}
	if scripts, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("script"), chromedp.AtLeast(0))); err != nil || len(scripts) != 0 {
		t.Errorf("%d scripts on the page (%v)", len(scripts), err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("tr.site")))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(printed) {
		t.Errorf("%d sites on the page, %d printed", len(rows), len(printed))
	}
	shown := map[string]string{} // blocked in → the row's text
	for i := range rows {
		row := text(fmt.Sprintf("#site-%d", i))
		for _, p := range printed {
			if strings.Contains(row, p.blockedIn+"\n") {
				shown[p.blockedIn] = row
			}
		}
	}
	for _, p := range printed {
		row, ok := shown[p.blockedIn]
		if !ok {
			t.Errorf("the page does not show the site blocked in %s", p.blockedIn)
			continue
		}
		if !strings.HasPrefix(row, strconv.Itoa(p.count)) || !strings.Contains(row, p.state) ||
			!strings.Contains(row, p.blockedAt) || !strings.Contains(row, p.created) {
			t.Errorf("the row of %s reads %q; printed: %+v", p.blockedIn, row, p)
		}
	}

	// The stack opens with a click on its summary: HTML's details element.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("tr.stack summary")), chromedp.WaitVisible(chromedp.CSS("tr.stack pre"))); err != nil {
		t.Fatal(err)
	}
	if stack := text("tr.stack pre"); !strings.Contains(stack, "(leaked)]:") || !strings.Contains(stack, "created by ") {
		t.Errorf("the opened stack:\n%s", stack)
	}
	screenshot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("LEAKWATCH_SCREENSHOT")
	if out == "" {
		out = filepath.Join(t.TempDir(), "leakwatch.png")
	}
	if err := os.WriteFile(out, screenshot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", out, len(screenshot))

	// The JSON, one click away.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("a[href='?format=json']")), chromedp.WaitVisible(chromedp.CSS("pre"))); err != nil {
		t.Fatal(err)
	}
	if json := text("body"); !strings.Contains(json, `"proven": true`) || !strings.Contains(json, printed[0].blockedIn) {
		t.Errorf("the JSON link leads to:\n%.400s", json)
	}
}
