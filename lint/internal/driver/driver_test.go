package driver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/bigbuffer"
	"github.com/leash-go/leash/lint/internal/driver"
	"github.com/leash-go/leash/lint/internal/driver/drivertest"
	"github.com/leash-go/leash/lint/wgadd"
	"golang.org/x/tools/go/analysis"
)

// module writes a module of the given files into a temporary directory.
func module(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.22\n"
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// analyzers are the checks the command runs in these tests: two whose
// findings are easy to provoke, so that the tests are about the command.
var analyzers = []*analysis.Analyzer{wgadd.Analyzer, bigbuffer.Analyzer}

// leash runs the command in dir and returns its exit code and output.
func leash(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errs bytes.Buffer
	code = driver.Run(args, analyzers, driver.Options{Stdout: &out, Stderr: &errs, Dir: dir})
	return code, out.String(), errs.String()
}

const buggy = `package m

import "sync"

func count(docs []string) int {
	var wg sync.WaitGroup
	n := 0
	for range docs {
		go func() {
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
	return n
}

var queue = make(chan int, 9000)
`

func TestFindings(t *testing.T) {
	dir := module(t, map[string]string{"m.go": buggy})
	code, stdout, stderr := leash(t, dir)
	if code != driver.ExitFindings {
		t.Errorf("exit code %d, want %d; stderr:\n%s", code, driver.ExitFindings, stderr)
	}
	want := []string{
		`m.go:10:4: wg.Add inside the goroutine it counts races with wg.Wait: call wg.Add before the go statement, or start the goroutine with wg.Go (wgadd)`,
		`m.go:18:28: channel buffer of 9000 elements (72 KB of int) hides a slow consumer: use a small buffer and let producers wait (limit 4096, see -bigbuffer.max) (bigbuffer)`,
	}
	if got := strings.Split(strings.TrimSpace(stdout), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output:\n%s\nwant:\n%s", stdout, strings.Join(want, "\n"))
	}
}

func TestClean(t *testing.T) {
	dir := module(t, map[string]string{"m.go": "package m\n\nvar ch = make(chan int, 1)\n"})
	code, stdout, stderr := leash(t, dir, "./...")
	if code != driver.ExitClean || stdout != "" {
		t.Errorf("exit code %d, output %q, stderr %q; want 0 and nothing", code, stdout, stderr)
	}
}

func TestSelectingChecks(t *testing.T) {
	dir := module(t, map[string]string{"m.go": buggy})
	for _, tc := range []struct {
		args  []string
		wants []string // checks expected in the output
	}{
		{[]string{"-bigbuffer=false"}, []string{"wgadd"}},
		{[]string{"-bigbuffer"}, []string{"bigbuffer"}},
		{[]string{"-bigbuffer", "-wgadd"}, []string{"wgadd", "bigbuffer"}},
		{[]string{"-bigbuffer.max=9000"}, []string{"wgadd"}},
		{[]string{"-bigbuffer.max", "8999", "-wgadd=0"}, []string{"bigbuffer"}},
	} {
		_, stdout, _ := leash(t, dir, tc.args...)
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
			if m := regexp.MustCompile(`\((\w+)\)$`).FindStringSubmatch(line); m != nil {
				got = append(got, m[1])
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.wants, " ") {
			t.Errorf("leash %s reported %v, want %v", strings.Join(tc.args, " "), got, tc.wants)
		}
	}
	// Settings are global to the analyzer: put the default back.
	bigbuffer.Analyzer.Flags.Set("max", fmt.Sprint(bigbuffer.DefaultMax))
}

// A package that does not load is named on stderr and the others are
// still checked. Their findings decide the exit status, as in
// multichecker: 3 when there are some, 1 when there are none.
func TestDoesNotLoad(t *testing.T) {
	dir := module(t, map[string]string{
		"m.go":        buggy,
		"broken/b.go": "package broken\n\nvar x int = \"not an int\"\n",
		"clean/c.go":  "package clean\n",
	})
	code, stdout, stderr := leash(t, dir, "./...")
	if code != driver.ExitFindings {
		t.Errorf("with findings elsewhere: exit code %d, want %d", code, driver.ExitFindings)
	}
	if !strings.Contains(stderr, "example.com/m/broken does not load, so it was not checked") || !strings.Contains(stderr, "cannot use \"not an int\"") {
		t.Errorf("stderr does not say plainly what did not load:\n%s", stderr)
	}
	if !strings.Contains(stdout, "(wgadd)") {
		t.Errorf("the package that loads was not checked; output:\n%s", stdout)
	}
	code, stdout, stderr = leash(t, dir, "./broken", "./clean")
	if code != driver.ExitError || stdout != "" || !strings.Contains(stderr, "example.com/m/broken does not load") {
		t.Errorf("with no findings: exit code %d, output %q, stderr %q; want %d and the package named", code, stdout, stderr, driver.ExitError)
	}
}

func TestNoPackages(t *testing.T) {
	dir := module(t, map[string]string{"m.go": "package m\n"})
	code, _, stderr := leash(t, dir, "./nothing/...")
	if code != driver.ExitError || !strings.Contains(stderr, "leash: ") {
		t.Errorf("exit code %d, stderr %q; want %d and a message", code, stderr, driver.ExitError)
	}
}

func TestUsage(t *testing.T) {
	dir := module(t, map[string]string{"m.go": "package m\n"})
	for _, args := range [][]string{{"-nosuchflag"}, {"-fix", "-diff"}, {"-wgadd=maybe"}, {"-facts=everything"}, {"help", "nosuchcheck"}} {
		if code, _, stderr := leash(t, dir, args...); code != driver.ExitUsage || stderr == "" {
			t.Errorf("leash %v: exit code %d, stderr %q; want %d and a message", args, code, stderr, driver.ExitUsage)
		}
	}
	// A mistyped flag gets a line and a hint, not the whole usage.
	for _, tc := range []struct{ arg, want string }{
		{"-bigbufer.max=10", "leash: flag provided but not defined: -bigbufer.max\ndid you mean -bigbuffer.max? run 'leash help' for the flags and checks\n"},
		{"--jsn", "leash: flag provided but not defined: -jsn\ndid you mean -json? run 'leash help' for the flags and checks\n"},
		{"-nosuchflag", "leash: flag provided but not defined: -nosuchflag\nrun 'leash help' for the flags and checks\n"},
		{"-wgadd=maybe", "leash: invalid boolean value \"maybe\" for -wgadd: want true or false, got \"maybe\"\nrun 'leash help' for the flags and checks\n"},
	} {
		if code, stdout, stderr := leash(t, dir, tc.arg); code != driver.ExitUsage || stdout != "" || stderr != tc.want {
			t.Errorf("leash %s: exit code %d, stdout %q, stderr:\n%s\nwant %d and:\n%s", tc.arg, code, stdout, stderr, driver.ExitUsage, tc.want)
		}
	}
	// Asked for, the usage goes to stdout.
	if code, stdout, stderr := leash(t, dir, "-h"); code != driver.ExitClean || !strings.Contains(stdout, "Usage:") || stderr != "" {
		t.Errorf("leash -h: exit code %d, stdout %q, stderr %q; want 0 and the usage on stdout", code, stdout, stderr)
	}
	code, stdout, _ := leash(t, dir, "help", "wgadd")
	if code != driver.ExitClean || !strings.Contains(stdout, "wgadd: report sync.WaitGroup.Add") || !strings.Contains(stdout, "https://pkg.go.dev/") {
		t.Errorf("help wgadd: exit code %d, output:\n%s", code, stdout)
	}
	code, stdout, _ = leash(t, dir, "help")
	if code != driver.ExitClean || !strings.Contains(stdout, "bigbuffer") || !strings.Contains(stdout, "-bigbuffer.max") {
		t.Errorf("help: exit code %d, output:\n%s", code, stdout)
	}
	code, stdout, _ = leash(t, dir, "-version")
	if code != driver.ExitClean || !strings.HasPrefix(stdout, "leash ") {
		t.Errorf("-version: exit code %d, output %q", code, stdout)
	}
}

func TestSuppression(t *testing.T) {
	dir := module(t, map[string]string{"m.go": `package m

//leash:ignore bigbuffer absorbs one burst of the nightly import
var burst = make(chan int, 9000)

var noReason = make(chan int, 9000) //leash:ignore bigbuffer
`})
	code, stdout, _ := leash(t, dir)
	want := "m.go:6:31: channel buffer of 9000 elements (72 KB of int) hides a slow consumer: use a small buffer and let producers wait (limit 4096, see -bigbuffer.max) (bigbuffer)\n" +
		"m.go:6:37: suppression needs a reason: write //leash:ignore bigbuffer <why this is safe> (bigbuffer)\n"
	if code != driver.ExitFindings || stdout != want {
		t.Errorf("exit code %d, output:\n%s\nwant:\n%s", code, stdout, want)
	}
}

// Directives that would silently do nothing are reported, each once,
// under the check that reports it, whether the command or go vet runs the
// checks.
const badDirectives = `package m

//leash:ignore bigbufer absorbs one burst of the nightly import
var burst = make(chan int, 9000)

//leash:ignore all the nightly import
var all = make(chan int, 9000)

// leash:ignore bigbuffer the nightly import
var spaced = make(chan int, 9000)
`

const badDirectivesFound = `m.go:3:1: //leash:ignore names no check "bigbufer": did you mean bigbuffer? (bigbuffer)
m.go:4:28: channel buffer of 9000 elements (72 KB of int) hides a slow consumer: use a small buffer and let producers wait (limit 4096, see -bigbuffer.max) (bigbuffer)
m.go:6:1: //leash:ignore does not take all: name each check it silences, so that no other check's findings are silenced unseen (%s)
m.go:7:26: channel buffer of 9000 elements (72 KB of int) hides a slow consumer: use a small buffer and let producers wait (limit 4096, see -bigbuffer.max) (bigbuffer)
m.go:9:1: // leash:ignore is not read as a directive (Go directives have no space after //): write //leash:ignore (bigbuffer)
m.go:10:29: channel buffer of 9000 elements (72 KB of int) hides a slow consumer: use a small buffer and let producers wait (limit 4096, see -bigbuffer.max) (bigbuffer)
`

func TestBadDirectives(t *testing.T) {
	dir := module(t, map[string]string{"m.go": badDirectives})
	// all concerns no check: the first that runs reports it.
	for _, tc := range []struct{ args, owner string }{{"", "wgadd"}, {"-wgadd=false", "bigbuffer"}} {
		code, stdout, stderr := leash(t, dir, strings.Fields(tc.args)...)
		if want := fmt.Sprintf(badDirectivesFound, tc.owner); code != driver.ExitFindings || stdout != want {
			t.Errorf("leash %s: exit code %d, output:\n%s\nstderr:\n%s\nwant 3 and:\n%s", tc.args, code, stdout, stderr, want)
		}
		if testing.Short() {
			continue
		}
		out, err := vet(t, dir, append(strings.Fields(tc.args), "./...")...).CombinedOutput()
		lines := strings.Split(strings.TrimSpace(fmt.Sprintf(badDirectivesFound, tc.owner)), "\n")
		for _, line := range lines {
			if n := strings.Count(string(out), line); n != 1 {
				t.Errorf("go vet %s: %q printed %d times, want once (err %v):\n%s", tc.args, line, n, err, out)
			}
		}
	}
}

func TestJSON(t *testing.T) {
	dir := module(t, map[string]string{"m.go": buggy})
	code, stdout, _ := leash(t, dir, "-json")
	if code != driver.ExitFindings {
		t.Errorf("exit code %d, want %d", code, driver.ExitFindings)
	}
	var tree map[string]map[string][]struct {
		Posn           string `json:"posn"`
		End            string `json:"end"`
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
			Edits   []struct {
				Filename   string `json:"filename"`
				Start, End int
				New        string `json:"new"`
			} `json:"edits"`
		} `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("not the go/analysis JSON shape: %v\n%s", err, stdout)
	}
	pkg := tree["example.com/m"]
	if len(pkg["wgadd"]) != 1 || len(pkg["bigbuffer"]) != 1 {
		t.Fatalf("want one wgadd and one bigbuffer finding under example.com/m, got:\n%s", stdout)
	}
	wg := pkg["wgadd"][0]
	if !strings.HasSuffix(wg.Posn, "m.go:10:4") || len(wg.SuggestedFixes) != 1 || len(wg.SuggestedFixes[0].Edits) != 2 {
		t.Errorf("wgadd finding %+v: want position m.go:10:4 and one fix of two edits", wg)
	}
}

func TestFix(t *testing.T) {
	dir := module(t, map[string]string{"m.go": buggy})
	code, stdout, stderr := leash(t, dir, "-fix")
	if code != driver.ExitFindings || !strings.Contains(stdout, "(bigbuffer)") || strings.Contains(stdout, "(wgadd)") {
		t.Errorf("exit code %d, output:\n%s\nwant 3 and only the unfixable bigbuffer finding", code, stdout)
	}
	if !strings.Contains(stderr, "leash: applied 1 fix to 1 file\n") {
		t.Errorf("stderr %q does not report the fix", stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "m.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(buggy, "\t\tgo func() {\n\t\t\twg.Add(1)\n", "\t\twg.Add(1)\n\t\tgo func() {\n", 1)
	if string(got) != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", got, want)
	}
	if code, stdout, _ := leash(t, dir, "-bigbuffer=false"); code != driver.ExitClean {
		t.Errorf("after -fix: exit code %d, output:\n%s", code, stdout)
	}
}

func TestDiff(t *testing.T) {
	dir := module(t, map[string]string{"m.go": buggy})
	code, stdout, _ := leash(t, dir, "-diff")
	want := `m.go:10:4: wg.Add inside the goroutine it counts races with wg.Wait: call wg.Add before the go statement, or start the goroutine with wg.Go (wgadd)
m.go:18:28: channel buffer of 9000 elements (72 KB of int) hides a slow consumer: use a small buffer and let producers wait (limit 4096, see -bigbuffer.max) (bigbuffer)
--- a/m.go
+++ b/m.go
@@ -6,8 +6,8 @@
 	var wg sync.WaitGroup
 	n := 0
 	for range docs {
+		wg.Add(1)
 		go func() {
-			wg.Add(1)
 			defer wg.Done()
 		}()
 	}
`
	if code != driver.ExitFindings || stdout != want {
		t.Errorf("exit code %d, output:\n%s\nwant:\n%s", code, stdout, want)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "m.go")); string(got) != buggy {
		t.Error("-diff changed the file")
	}
}

// relating reports every call to f, related to the declaration of f and
// to a place with no position, which the output leaves out. It has no URL,
// as analyzers of other projects may not.
var relating = &analysis.Analyzer{
	Name: "relating",
	Doc:  "relating reports calls of f, related to f's declaration",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, file := range pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "f" {
						decl := pass.TypesInfo.Uses[id].Pos()
						pass.Report(analysis.Diagnostic{Pos: call.Pos(), Message: "f called",
							Related: []analysis.RelatedInformation{{Pos: decl, Message: "f declared here"}, {Message: "nowhere"}}})
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

// Related information is printed under its finding, as go vet does, and
// written to SARIF as related locations.
func TestRelated(t *testing.T) {
	dir := module(t, map[string]string{"m.go": "package m\n\nfunc f() {}\n\nfunc g() {\n\tf()\n}\n"})
	file := filepath.Join(t.TempDir(), "leash.sarif")
	var out, errs bytes.Buffer
	code := driver.Run([]string{"-sarif", file}, []*analysis.Analyzer{relating}, driver.Options{Stdout: &out, Stderr: &errs, Dir: dir})
	want := "m.go:6:2: f called (relating)\n\tm.go:3:6: f declared here\n"
	if code != driver.ExitFindings || out.String() != want {
		t.Errorf("exit code %d, output %q, stderr %q; want %d and %q", code, out.String(), errs.String(), driver.ExitFindings, want)
	}
	// The check gave no ends: the JSON and SARIF ranges end where the
	// syntax does, at the end of the call f() and of the name f.
	out.Reset()
	driver.Run([]string{"-json"}, []*analysis.Analyzer{relating}, driver.Options{Stdout: &out, Stderr: &errs, Dir: dir})
	var tree map[string]map[string][]struct {
		Posn, End string
		Related   []struct{ Posn, End string }
	}
	if err := json.Unmarshal(out.Bytes(), &tree); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	d := tree["example.com/m"]["relating"]
	if len(d) != 1 || len(d[0].Related) != 1 || !strings.HasSuffix(d[0].Posn, "m.go:6:2") || !strings.HasSuffix(d[0].End, "m.go:6:5") ||
		!strings.HasSuffix(d[0].Related[0].Posn, "m.go:3:6") || !strings.HasSuffix(d[0].Related[0].End, "m.go:3:7") {
		t.Errorf("JSON %+v: want the finding at m.go:6:2-6:5, related to m.go:3:6-3:7", d)
	}

	log := readSARIF(t, file)
	results := log.Runs[0].Results
	if len(results) != 1 || len(results[0].RelatedLocations) != 1 {
		t.Fatalf("results %v: want one, with one related location", results)
	}
	rel := results[0].RelatedLocations[0]
	if r := rel.PhysicalLocation.Region; *r.StartLine != 3 || *r.StartColumn != 6 || *r.EndLine != 3 || *r.EndColumn != 7 || *rel.Message.Text != "f declared here" {
		t.Errorf("related location at %d:%d-%d:%d, %q; want 3:6-3:7 (the name f), %q", *r.StartLine, *r.StartColumn, *r.EndLine, *r.EndColumn, *rel.Message.Text, "f declared here")
	}
}

// A package whose dependency did not build names the dependency's own
// error, not only that it has no export data.
func TestDoesNotLoadNamesTheCause(t *testing.T) {
	dir := module(t, map[string]string{
		"a/a.go":           "package a\n\nimport \"example.com/m/missing\"\n\nvar _ = missing.X\n",
		"b/b.go":           "package b\n\nimport \"example.com/m/broken\"\n\nvar _ = broken.X\n",
		"broken/broken.go": "package broken\n\nvar X int = \"not an int\"\n",
	})
	code, _, stderr := leash(t, dir, "./a", "./b")
	if code != driver.ExitError {
		t.Errorf("exit code %d, want %d", code, driver.ExitError)
	}
	for _, want := range []string{"example.com/m/a does not load", "example.com/m/missing", "example.com/m/b does not load", "cannot use \"not an int\""} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// A package's own files are checked twice, in the package and in its test
// variant; a finding there is reported once, in every format, as the
// package without its tests words it, even when the test variant words it
// otherwise.
func TestTestVariantReportedOnce(t *testing.T) {
	dir := module(t, map[string]string{
		"m.go":      "package m\n\nvar limit = 4\n",
		"m_test.go": "package m\n\nimport \"testing\"\n\nfunc TestLimit(t *testing.T) {\n\tif limit != 4 {\n\t\tt.Fatal(limit)\n\t}\n}\n",
	})
	run := func(args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		code := driver.Run(append(args, "./..."), []*analysis.Analyzer{drivertest.Census}, driver.Options{Stdout: &out, Stderr: &errs, Dir: dir})
		if code != driver.ExitFindings {
			t.Fatalf("leash %s: exit code %d, want %d; stderr:\n%s", strings.Join(args, " "), code, driver.ExitFindings, errs.String())
		}
		return out.String()
	}
	const msg = "a package-level variable (files checked: 1)"

	if got, want := run(), "m.go:3:1: "+msg+" (census)\n"; got != want {
		t.Errorf("text output:\n%s\nwant:\n%s", got, want)
	}

	var tree map[string]map[string][]struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	}
	out := run("-json")
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-json: %v\n%s", err, out)
	}
	var got []string
	for pkg, checks := range tree {
		for _, d := range checks["census"] {
			got = append(got, pkg+" "+filepath.Base(d.Posn)+" "+d.Message)
		}
	}
	if want := "example.com/m m.go:3:1 " + msg; len(got) != 1 || got[0] != want {
		t.Errorf("-json findings %q, want only %q", got, want)
	}

	file := filepath.Join(t.TempDir(), "leash.sarif")
	run("-sarif", file)
	results := readSARIF(t, file).Runs[0].Results
	if len(results) != 1 || *results[0].Message.Text != msg {
		var texts []string
		for _, r := range results {
			texts = append(texts, *r.Message.Text)
		}
		t.Errorf("SARIF results %q, want only %q", texts, msg)
	}
}
