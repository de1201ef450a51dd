package main

import (
	"fmt"
	"strings"
)

// The markers around the generated section of the README. Everything
// outside them is written by hand and left as it is.
const (
	beginMarker = "<!-- benchtable: begin -->"
	endMarker   = "<!-- benchtable: end -->"
)

// replaceSection returns doc with what lies between the markers replaced
// by section. It fails, rather than guess where the table goes, if the
// markers are missing, repeated or out of order.
func replaceSection(doc, section string) (string, error) {
	if strings.Count(doc, beginMarker) != 1 || strings.Count(doc, endMarker) != 1 {
		return "", fmt.Errorf("want the lines %q and %q once each around the results", beginMarker, endMarker)
	}
	begin := strings.Index(doc, beginMarker) + len(beginMarker)
	end := strings.Index(doc, endMarker)
	if end < begin {
		return "", fmt.Errorf("%q comes before %q", endMarker, beginMarker)
	}
	return doc[:begin] + "\n" + strings.TrimSpace(section) + "\n" + doc[end:], nil
}
