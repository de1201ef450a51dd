package driver

import (
	"fmt"
	"io"
)

// printText prints one line per finding: file:line:col: message (check).
func printText(w io.Writer, findings []finding, dir string) {
	for _, f := range findings {
		fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", relative(f.posn.Filename, dir), f.posn.Line, f.posn.Column, f.message, f.check)
	}
}
