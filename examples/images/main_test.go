package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestImages(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		`every image is there:\n  processed 200 of 200 images, at most \d+ requests at once \(limit 16\)\n  done`,
		`image 57 is missing:\n  processed \d+ of 200 images, .*\n  stopped at the first error: GET http://[^ ]+/img/57.png: 404 Not Found`,
		`the deadline is too short for the batch:\n  processed \d+ of 200 images, .*\n  stopped: context deadline exceeded`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	for _, m := range regexp.MustCompile(`at most (\d+) requests at once`).FindAllStringSubmatch(text, -1) {
		if n, _ := strconv.Atoi(m[1]); n > 16 {
			t.Errorf("%d requests at once, over the limit of 16", n)
		}
	}
	for _, m := range regexp.MustCompile(`processed (\d+) of 200 images, .*\n  stopped`).FindAllStringSubmatch(text, -1) {
		if n, _ := strconv.Atoi(m[1]); n == 200 {
			t.Errorf("a failed batch processed every image: the rest were not stopped")
		}
	}
}
