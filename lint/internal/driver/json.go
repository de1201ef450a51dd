package driver

import (
	"encoding/json"
	"fmt"
	"io"
)

// The JSON shape of go/analysis drivers (multichecker, go vet -json):
// {package ID: {check: [diagnostic] or {"error": "..."}}}.
type (
	jsonDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// printJSON prints findings and failures in the go/analysis JSON shape.
func printJSON(w io.Writer, findings []finding, failures []failure) error {
	tree := make(map[string]map[string]any)
	add := func(pkg, check string) map[string]any {
		if tree[pkg] == nil {
			tree[pkg] = make(map[string]any)
		}
		return tree[pkg]
	}
	for _, f := range failures {
		add(f.pkgID, f.check)[f.check] = jsonError{f.err}
	}
	for _, f := range findings {
		d := jsonDiagnostic{Posn: f.posn.String(), End: f.end.String(), Message: f.message}
		for _, fx := range f.fixes {
			jf := jsonFix{Message: fx.message}
			for _, e := range fx.edits {
				jf.Edits = append(jf.Edits, jsonEdit{e.filename, e.start, e.end, e.text})
			}
			d.SuggestedFixes = append(d.SuggestedFixes, jf)
		}
		for _, r := range f.related {
			d.Related = append(d.Related, jsonRelated{r.posn.String(), r.end.String(), r.message})
		}
		m := add(f.pkgID, f.check)
		list, _ := m[f.check].([]jsonDiagnostic)
		m[f.check] = append(list, d)
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
