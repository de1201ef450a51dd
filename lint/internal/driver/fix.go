package driver

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"io"
	"os"
	"slices"
)

// An edit replaces bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

// fixPlan is the set of edits to make, per file, and which findings they
// fix.
type fixPlan struct {
	edits map[string][]edit // by file name
	fixed []bool            // parallel to the findings
}

// planFixes takes the first suggested fix of each finding, in order, and
// keeps it unless one of its edits overlaps an edit already kept (an edit
// identical to a kept one is not a conflict: two findings may agree).
func planFixes(findings []finding) fixPlan {
	plan := fixPlan{edits: make(map[string][]edit), fixed: make([]bool, len(findings))}
	for i, f := range findings {
		if len(f.fixes) == 0 {
			continue
		}
		ok := true
		for _, e := range f.fixes[0].edits {
			ok = ok && e.filename != "" && e.end >= e.start && !conflicts(plan.edits[e.filename], edit{e.start, e.end, e.text})
		}
		if !ok {
			continue
		}
		for _, e := range f.fixes[0].edits {
			if ed := (edit{e.start, e.end, e.text}); !slices.Contains(plan.edits[e.filename], ed) {
				plan.edits[e.filename] = append(plan.edits[e.filename], ed)
			}
		}
		plan.fixed[i] = true
	}
	return plan
}

// conflicts reports whether e overlaps an edit in kept without being
// identical to it.
func conflicts(kept []edit, e edit) bool {
	for _, k := range kept {
		switch {
		case k == e:
			return false
		case k.start < e.end && e.start < k.end:
			return true // overlapping ranges
		case k.start == k.end && e.start == e.end && k.start == e.start:
			return true // two insertions at one point: no order is right
		case k.start == k.end && e.start < k.start && k.start < e.end,
			e.start == e.end && k.start < e.start && e.start < k.end:
			return true // an insertion inside a replaced range
		}
	}
	return false
}

// apply returns src with edits made. Formatted sources stay formatted.
func apply(src []byte, edits []edit) ([]byte, error) {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b edit) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.start < last || e.end > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) out of order or beyond the file (%d bytes): was the file changed while leash ran?", e.start, e.end, len(src))
		}
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	if formatted, err := format.Source(src); err == nil && bytes.Equal(formatted, src) {
		if fixed, err := format.Source(out.Bytes()); err == nil {
			return fixed, nil
		}
	}
	return out.Bytes(), nil
}

// fixedFiles returns the new content of every file the plan changes, in
// file name order.
func fixedFiles(plan fixPlan) (names []string, old, new map[string][]byte, err error) {
	old, new = make(map[string][]byte), make(map[string][]byte)
	for name := range plan.edits {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, nil, nil, err
		}
		out, err := apply(src, plan.edits[name])
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %v", name, err)
		}
		old[name], new[name] = src, out
	}
	return names, old, new, nil
}

// applyFixes writes the suggested fixes into the files and returns the
// findings left unfixed (no fix offered, or one that conflicted).
func applyFixes(findings []finding, stderr io.Writer) ([]finding, error) {
	plan := planFixes(findings)
	names, _, fixed, err := fixedFiles(plan)
	if err != nil {
		return findings, err
	}
	for _, name := range names {
		info, err := os.Stat(name)
		if err != nil {
			return findings, err
		}
		if err := os.WriteFile(name, fixed[name], info.Mode().Perm()); err != nil {
			return findings, err
		}
	}
	var remaining []finding
	n := 0
	for i, f := range findings {
		if plan.fixed[i] {
			n++
		} else {
			remaining = append(remaining, f)
		}
	}
	if n > 0 {
		fmt.Fprintf(stderr, "leash: applied %s to %s\n", count(n, "fix", "fixes"), count(len(names), "file", "files"))
	}
	return remaining, nil
}

// count says n of a thing, in the singular for one.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// printDiff prints the suggested fixes as a unified diff, paths relative
// to dir.
func printDiff(w io.Writer, findings []finding, dir string) error {
	names, old, new, err := fixedFiles(planFixes(findings))
	if err != nil {
		return err
	}
	for _, name := range names {
		rel := relative(name, dir)
		io.WriteString(w, unifiedDiff("a/"+rel, "b/"+rel, string(old[name]), string(new[name])))
	}
	return nil
}
