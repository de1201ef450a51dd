package driver

import (
	"fmt"
	"io"
)

// printText prints one line per finding, file:line:col: message (check),
// followed by a tab-indented line for each place it relates to, as go vet
// does.
func printText(w io.Writer, findings []finding, dir string) {
	for _, f := range findings {
		fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", relative(f.posn.Filename, dir), f.posn.Line, f.posn.Column, f.message, f.check)
		for _, r := range f.related {
			fmt.Fprintf(w, "\t%s:%d:%d: %s\n", relative(r.posn.Filename, dir), r.posn.Line, r.posn.Column, r.message)
		}
	}
}
