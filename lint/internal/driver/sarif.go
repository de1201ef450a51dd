package driver

import (
	"bufio"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v3/pkg/report"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"golang.org/x/tools/go/analysis"
)

// srcRoot names the repository root in SARIF locations, as GitHub code
// scanning expects.
const srcRoot = "%SRCROOT%"

// writeSARIF writes the findings to file as a SARIF 2.1.0 log with one rule
// per check. Locations are relative to the repository root (the nearest
// directory above dir holding .git), so that code-scanning tools can match
// them to the checkout.
func writeSARIF(file string, analyzers []*analysis.Analyzer, findings []finding, dir string) error {
	log := buildSARIF(analyzers, findings, repoRoot(dir))
	if err := log.Validate(); err != nil {
		return err
	}
	return log.WriteFile(file)
}

func buildSARIF(analyzers []*analysis.Analyzer, findings []finding, root string) *sarif.Report {
	run := sarif.NewRunWithInformationURI("leash", "https://pkg.go.dev/github.com/leash-go/leash/lint/cmd/leash")
	run.Tool.Driver.WithVersion(strings.TrimPrefix(Version(), "leash "))
	run.WithColumnKind("unicodeCodePoints")
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{srcRoot: *sarif.NewArtifactLocation().WithURI(fileURI(root))})
	for _, a := range analyzers {
		summary, _, _ := strings.Cut(a.Doc, "\n")
		rule := run.AddRule(a.Name).
			WithName(a.Name).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(summary)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(a.Doc)).
			WithHelp(sarif.NewMultiformatMessageString().WithText(a.Doc)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel("warning"))
		if a.URL != "" { // an analyzer of another project may have none; SARIF wants a URI or nothing
			rule.WithHelpURI(a.URL).
				WithHelp(sarif.NewMultiformatMessageString().WithText(a.Doc + "\n\nSee " + a.URL))
		}
	}
	lines := newLineCache()
	for _, f := range findings {
		result := run.CreateResultForRule(f.check).
			WithRuleIndex(run.GetRuleIndex(f.check)).
			WithLevel("warning").
			WithMessage(sarif.NewTextMessage(f.message)).
			AddLocation(sarif.NewLocationWithPhysicalLocation(lines.physical(f.posn, f.end, root)))
		for i, r := range f.related {
			result.AddRelatedLocation(sarif.NewLocationWithPhysicalLocation(lines.physical(r.posn, r.end, root)).
				WithID(i + 1).
				WithMessage(sarif.NewTextMessage(r.message)))
		}
	}
	log := report.NewV210Report()
	log.AddRun(run)
	return log
}

// physical is the SARIF location of the source from posn to end.
func (c *lineCache) physical(posn, end token.Position, root string) *sarif.PhysicalLocation {
	uri, base := artifactURI(posn.Filename, root)
	loc := sarif.NewArtifactLocation().WithURI(uri)
	if base != "" {
		loc.WithURIBaseID(base)
	}
	region := sarif.NewRegion().
		WithStartLine(posn.Line).
		WithStartColumn(c.column(posn.Filename, posn.Line, posn.Column)).
		WithEndLine(end.Line).
		WithEndColumn(c.column(end.Filename, end.Line, end.Column))
	return sarif.NewPhysicalLocation().WithArtifactLocation(loc).WithRegion(region)
}

// repoRoot returns the nearest directory at or above dir that holds .git,
// or dir itself (made absolute) when there is none.
func repoRoot(dir string) string {
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return abs
		}
	}
}

// artifactURI returns filename relative to root with the base id that
// names root, or an absolute file URI with no base id when filename is not
// under root.
func artifactURI(filename, root string) (uri, base string) {
	rel, err := filepath.Rel(root, filename)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fileURI(filename), ""
	}
	return filepath.ToSlash(rel), srcRoot
}

func fileURI(path string) string {
	uri := "file://" + filepath.ToSlash(path)
	if !strings.HasSuffix(uri, "/") {
		if info, err := os.Stat(path); err == nil && info.IsDir() {
			uri += "/"
		}
	}
	return uri
}

// lineCache converts Go's byte columns into SARIF's code-point columns,
// reading each file at most once.
type lineCache struct {
	files map[string][]string
}

func newLineCache() *lineCache { return &lineCache{files: make(map[string][]string)} }

func (c *lineCache) column(filename string, line, byteCol int) int {
	lines, ok := c.files[filename]
	if !ok {
		if f, err := os.Open(filename); err == nil {
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
			f.Close()
		}
		c.files[filename] = lines
	}
	if line < 1 || line > len(lines) || byteCol < 1 {
		return max(byteCol, 1)
	}
	text := lines[line-1]
	if byteCol-1 > len(text) {
		return byteCol
	}
	return utf8.RuneCountInString(text[:byteCol-1]) + 1
}
