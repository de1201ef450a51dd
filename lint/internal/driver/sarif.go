package driver

import (
	"encoding/json"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
)

// srcRoot names the repository root in SARIF locations, as GitHub code
// scanning expects.
const srcRoot = "%SRCROOT%"

// The SARIF 2.1.0 log leash writes: only what it has to say, so no
// placeholder values (-1 for "none") and no empty arrays, except results,
// where an empty array says that the run found nothing.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		Invocations        []sarifInvocation                `json:"invocations"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
		ColumnKind         string                           `json:"columnKind"`
		Results            []sarifResult                    `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules,omitempty"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name"`
		ShortDescription     sarifText          `json:"shortDescription"`
		FullDescription      sarifText          `json:"fullDescription"`
		Help                 sarifText          `json:"help"`
		HelpURI              string             `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string    `json:"level"`
		Message sarifText `json:"message"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifText       `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
		Fixes            []sarifFix      `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		ID               int                   `json:"id,omitempty"`
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
		Message          *sarifText            `json:"message,omitempty"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           sarifRegion           `json:"region"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	// A region's columns count code points; its end is the column after
	// it. A region with no end runs to the end of its line.
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	sarifFix struct {
		Description     sarifText             `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	// A replacement deletes a region and inserts text there; the region of
	// a pure insertion is empty, its end where it starts, as SARIF
	// describes an insertion point.
	sarifReplacement struct {
		DeletedRegion   sarifRegion `json:"deletedRegion"`
		InsertedContent *sarifText  `json:"insertedContent,omitempty"`
	}
)

// writeSARIF writes the findings to file as a SARIF 2.1.0 log with one rule
// per check, and the packages that did not load or the checks that failed
// as notifications of an unsuccessful run. Locations are relative to the
// repository root (the nearest directory above dir holding .git), so that
// code-scanning tools can match them to the checkout.
func writeSARIF(file string, analyzers []*analysis.Analyzer, findings []finding, problems []string, dir string) error {
	data, err := json.MarshalIndent(buildSARIF(analyzers, findings, problems, repoRoot(dir)), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(data, '\n'), 0o644)
}

func buildSARIF(analyzers []*analysis.Analyzer, findings []finding, problems []string, root string) *sarifLog {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "leash",
			Version:        strings.TrimPrefix(Version(), "leash "),
			InformationURI: "https://pkg.go.dev/github.com/leash-go/leash/lint/cmd/leash",
		}},
		Invocations:        []sarifInvocation{{ExecutionSuccessful: len(problems) == 0}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{srcRoot: {URI: fileURI(root)}},
		ColumnKind:         "unicodeCodePoints",
		Results:            []sarifResult{},
	}
	for _, p := range problems {
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifText{p}})
	}
	ruleIndex := make(map[string]int)
	for _, a := range analyzers {
		summary, _, _ := strings.Cut(a.Doc, "\n")
		rule := sarifRule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     sarifText{summary},
			FullDescription:      sarifText{a.Doc},
			Help:                 sarifText{a.Doc},
			DefaultConfiguration: sarifConfiguration{Level: "warning"},
		}
		if a.URL != "" { // an analyzer of another project may have none; SARIF wants a URI or nothing
			rule.HelpURI = a.URL
			rule.Help = sarifText{a.Doc + "\n\nSee " + a.URL}
		}
		ruleIndex[a.Name] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, rule)
	}
	files := newFileCache()
	for _, f := range findings {
		result := sarifResult{
			RuleID:    f.check,
			RuleIndex: ruleIndex[f.check],
			Level:     "warning",
			Message:   sarifText{f.message},
			Locations: []sarifLocation{{PhysicalLocation: files.physical(f.posn, f.end, root)}},
		}
		for i, r := range f.related {
			result.RelatedLocations = append(result.RelatedLocations, sarifLocation{
				ID:               i + 1,
				PhysicalLocation: files.physical(r.posn, r.end, root),
				Message:          &sarifText{r.message},
			})
		}
		for _, fx := range f.fixes {
			if sf, ok := files.fix(fx, root); ok {
				result.Fixes = append(result.Fixes, sf)
			}
		}
		run.Results = append(run.Results, result)
	}
	return &sarifLog{
		Schema:  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
}

// physical is the SARIF location of the source from posn to end.
func (c *fileCache) physical(posn, end token.Position, root string) sarifPhysicalLocation {
	region := sarifRegion{
		StartLine:   posn.Line,
		StartColumn: c.column(posn.Filename, posn.Line, posn.Column),
	}
	if end.Filename == posn.Filename && (end.Line > posn.Line || end.Line == posn.Line && end.Column > posn.Column) {
		region.EndLine = end.Line
		region.EndColumn = c.column(end.Filename, end.Line, end.Column)
	}
	return sarifPhysicalLocation{ArtifactLocation: artifactLocation(posn.Filename, root), Region: region}
}

// fix is a suggested fix as a SARIF fix: its edits grouped by file, each a
// region replaced by text. A fix whose edits do not fit the file as it is
// now (changed since the run) is left out.
func (c *fileCache) fix(fx fix, root string) (sarifFix, bool) {
	out := sarifFix{Description: sarifText{fx.message}}
	byFile := make(map[string]int)
	for _, e := range fx.edits {
		start, ok1 := c.position(e.filename, e.start)
		end, ok2 := c.position(e.filename, e.end)
		if !ok1 || !ok2 {
			return sarifFix{}, false
		}
		r := sarifReplacement{DeletedRegion: sarifRegion{StartLine: start.line, StartColumn: start.column, EndLine: end.line, EndColumn: end.column}}
		if e.text != "" {
			r.InsertedContent = &sarifText{e.text}
		}
		i, ok := byFile[e.filename]
		if !ok {
			i = len(out.ArtifactChanges)
			byFile[e.filename] = i
			out.ArtifactChanges = append(out.ArtifactChanges, sarifArtifactChange{ArtifactLocation: artifactLocation(e.filename, root)})
		}
		out.ArtifactChanges[i].Replacements = append(out.ArtifactChanges[i].Replacements, r)
	}
	return out, len(out.ArtifactChanges) > 0
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

// artifactLocation is filename relative to root with the base id that
// names root, or an absolute file URI with no base id when filename is not
// under root.
func artifactLocation(filename, root string) sarifArtifactLocation {
	rel, err := filepath.Rel(root, filename)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return sarifArtifactLocation{URI: fileURI(filename)}
	}
	return sarifArtifactLocation{URI: filepath.ToSlash(rel), URIBaseID: srcRoot}
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

// fileCache converts Go's byte offsets and columns into SARIF's lines and
// code-point columns, reading each file at most once.
type fileCache struct {
	files map[string]*sourceFile
}

type sourceFile struct {
	src        []byte
	lineStarts []int // offset of each line's first byte
}

type lineColumn struct{ line, column int }

func newFileCache() *fileCache { return &fileCache{files: make(map[string]*sourceFile)} }

func (c *fileCache) file(name string) *sourceFile {
	f, ok := c.files[name]
	if !ok {
		if src, err := os.ReadFile(name); err == nil {
			f = &sourceFile{src: src, lineStarts: []int{0}}
			for i, b := range src {
				if b == '\n' {
					f.lineStarts = append(f.lineStarts, i+1)
				}
			}
		}
		c.files[name] = f
	}
	return f
}

// column returns the code-point column of the byte column byteCol of line.
func (c *fileCache) column(filename string, line, byteCol int) int {
	f := c.file(filename)
	if f == nil || line < 1 || line > len(f.lineStarts) || byteCol < 1 {
		return max(byteCol, 1)
	}
	start := f.lineStarts[line-1]
	if start+byteCol-1 > len(f.src) {
		return byteCol
	}
	return utf8.RuneCount(f.src[start:start+byteCol-1]) + 1
}

// position returns the line and code-point column of a byte offset.
func (c *fileCache) position(filename string, offset int) (lineColumn, bool) {
	f := c.file(filename)
	if f == nil || offset < 0 || offset > len(f.src) {
		return lineColumn{}, false
	}
	line := sort.SearchInts(f.lineStarts, offset+1) // lines starting at or before offset
	start := f.lineStarts[line-1]
	return lineColumn{line, utf8.RuneCount(f.src[start:offset]) + 1}, true
}
