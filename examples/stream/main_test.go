package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestStream(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		`the whole stream:\n  1000 results, in input order: true; 1000 orders read from the stream\n`,
		`order 1234 cannot be priced:\n  \d+ results, in input order: true; \d+ orders read from the stream\n  ended by the first error: order 1234: no price list for this region\n  the stream was told to stop`,
		`the deadline passes midway:\n  \d+ results, in input order: true; \d+ orders read from the stream\n  ended by the deadline: context deadline exceeded\n  the stream was told to stop`,
		`the consumer needs only 10 results:\n  10 results, in input order: true; \d+ orders read from the stream\n  the stream was told to stop`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	// However the stream ends, at most 64 orders are read beyond the
	// results yielded (8 workers × 8), plus the one being handed over.
	for _, m := range regexp.MustCompile(`(\d+) results, .*; (\d+) orders read`).FindAllStringSubmatch(text, -1) {
		results, _ := strconv.Atoi(m[1])
		read, _ := strconv.Atoi(m[2])
		if read-results > 65 {
			t.Errorf("%d orders read for %d results: more than the window", read, results)
		}
	}
}
