package driver_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/driver"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/xeipuuv/gojsonschema"
)

// sarifSchema returns the SARIF 2.1.0 JSON schema, as the go-sarif module
// ships it (the OASIS schema with its errata), read from the module's
// source.
func sarifSchema(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3").Output()
	if err != nil {
		t.Fatalf("finding the go-sarif module: %v", err)
	}
	name := filepath.Join(strings.TrimSpace(string(out)), "pkg", "report", "v210", "sarif", "schema.go")
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, decl := range f.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Names) == 1 && vs.Names[0].Name == "schema" {
					schema, err := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
					if err != nil {
						t.Fatal(err)
					}
					return schema
				}
			}
		}
	}
	t.Fatalf("no schema constant in %s", name)
	return ""
}

// readSARIF reads a SARIF log leash wrote, after checking that it is valid
// SARIF 2.1.0 and says only what it has to say: no -1 placeholders, no
// empty arrays (but results, where empty means nothing found), and no
// empty regions (but where a fix inserts text).
func readSARIF(t *testing.T, file string) *sarif.Report {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	result, err := gojsonschema.Validate(gojsonschema.NewStringLoader(sarifSchema(t)), gojsonschema.NewBytesLoader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range result.Errors() {
		t.Errorf("not valid SARIF 2.1.0: %s", e)
	}
	var tree any
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	checkSparse(t, "", tree)
	log, err := sarif.FromBytes(data, sarif.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	return log
}

// checkSparse walks a SARIF log's JSON for placeholders, empty arrays and
// empty regions.
func checkSparse(t *testing.T, path string, v any) {
	t.Helper()
	switch v := v.(type) {
	case float64:
		if v == -1 {
			t.Errorf("%s: -1, a placeholder for nothing", path)
		}
	case []any:
		if len(v) == 0 && !strings.HasSuffix(path, ".results") {
			t.Errorf("%s: an empty array", path)
		}
		for i, e := range v {
			checkSparse(t, fmt.Sprintf("%s[%d]", path, i), e)
		}
	case map[string]any:
		if line, ok := v["startLine"]; ok && !strings.HasSuffix(path, ".deletedRegion") {
			if v["endLine"] == line && v["endColumn"] == v["startColumn"] {
				t.Errorf("%s: an empty region", path)
			}
		}
		for k, e := range v {
			checkSparse(t, path+"."+k, e)
		}
	}
}

func TestSARIF(t *testing.T) {
	dir := module(t, map[string]string{
		"sub/m.go":    strings.Replace(buggy, "package m", "package sub", 1),
		"broken/b.go": "package broken\n\nvar x int = \"not an int\"\n",
	})
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "leash.sarif")
	code, stdout, stderr := leash(t, filepath.Join(dir, "sub"), "-sarif", file, "./...", "../broken")
	if code != driver.ExitFindings || !strings.Contains(stdout, "(wgadd)") {
		t.Errorf("exit code %d, output %q, stderr %q: -sarif must not replace the usual output", code, stdout, stderr)
	}
	log := readSARIF(t, file)
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs; want 2.1.0 and one run", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(analyzers) {
		t.Errorf("%d rules, want one per check (%d)", len(run.Tool.Driver.Rules), len(analyzers))
	}
	for _, rule := range run.Tool.Driver.Rules {
		if rule.ID == nil || rule.HelpURI == nil || rule.Help == nil || rule.ShortDescription == nil {
			t.Errorf("rule %v lacks an id, help or description", rule.ID)
		}
	}
	// The package that did not load makes the run unsuccessful, and says so.
	if inv := run.Invocations; len(inv) != 1 || *inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 ||
		!strings.Contains(*inv[0].ToolExecutionNotifications[0].Message.Text, "example.com/m/broken does not load") {
		t.Errorf("invocations %+v: want one, unsuccessful, naming the package that did not load", inv)
	}
	if len(run.Results) != 2 {
		t.Fatalf("%d results, want 2", len(run.Results))
	}
	// wg.Add(1) at 10:4, to the end of the call.
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if *r.RuleID != "wgadd" || r.Level != "warning" || *loc.ArtifactLocation.URI != "sub/m.go" || *loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
		*loc.Region.StartLine != 10 || *loc.Region.StartColumn != 4 || *loc.Region.EndLine != 10 || *loc.Region.EndColumn != 13 {
		t.Errorf("first result: rule %s level %s at %s (base %s) %d:%d-%d:%d; want wgadd warning at sub/m.go (base %%SRCROOT%%) 10:4-10:13",
			*r.RuleID, r.Level, *loc.ArtifactLocation.URI, *loc.ArtifactLocation.URIBaseID,
			*loc.Region.StartLine, *loc.Region.StartColumn, *loc.Region.EndLine, *loc.Region.EndColumn)
	}
	if idx := r.RuleIndex; idx < 0 || idx >= len(run.Tool.Driver.Rules) || *run.Tool.Driver.Rules[idx].ID != "wgadd" {
		t.Errorf("ruleIndex does not point at the wgadd rule")
	}
	// Its fix moves wg.Add(1) before the go statement: an insertion at 9:3
	// and the deletion of line 10's call up to line 11's indentation.
	if len(r.Fixes) != 1 || len(r.Fixes[0].ArtifactChanges) != 1 {
		t.Fatalf("fixes %+v: want one, changing one file", r.Fixes)
	}
	change := r.Fixes[0].ArtifactChanges[0]
	var got []string
	for _, rep := range change.Replacements {
		text := ""
		if rep.InsertedContent != nil {
			text = *rep.InsertedContent.Text
		}
		d := rep.DeletedRegion
		got = append(got, fmt.Sprintf("%d:%d-%d:%d %q", *d.StartLine, *d.StartColumn, *d.EndLine, *d.EndColumn, text))
	}
	want := []string{`9:3-9:3 "wg.Add(1)\n\t\t"`, `10:4-11:4 ""`}
	if *r.Fixes[0].Description.Text != "move wg.Add(1) before the go statement" || *change.ArtifactLocation.URI != "sub/m.go" || strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("fix %q to %s: %v; want %q to sub/m.go: %v", *r.Fixes[0].Description.Text, *change.ArtifactLocation.URI, got, "move wg.Add(1) before the go statement", want)
	}
	// A finding without a fix has none.
	if r := run.Results[1]; *r.RuleID != "bigbuffer" || len(r.Fixes) != 0 {
		t.Errorf("second result: %s with %d fixes; want bigbuffer and none", *r.RuleID, len(r.Fixes))
	}
}

// Columns count code points, as the log says, not bytes.
func TestSARIFColumns(t *testing.T) {
	dir := module(t, map[string]string{"m.go": "package m\n\nvar größe, queue = 1, make(chan int, 9000)\n"})
	file := filepath.Join(t.TempDir(), "leash.sarif")
	leash(t, dir, "-sarif", file)
	log := readSARIF(t, file)
	if len(log.Runs[0].Results) != 1 {
		t.Fatalf("%d results, want 1", len(log.Runs[0].Results))
	}
	region := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	// The buffer size, 9000, is at byte column 40, code point 38.
	if *region.StartColumn != 38 || *region.EndColumn != 42 {
		t.Errorf("region columns %d-%d, want 38-42", *region.StartColumn, *region.EndColumn)
	}
}
