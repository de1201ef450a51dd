package main

import (
	"regexp"
	"strings"
	"testing"
)

func TestDashboard(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`page: Ada Lovelace, 2 orders, 1 notifications`,
		`error after \d+ms: GET http://[^ ]+/orders/42: 503 Service Unavailable`,
		`the notifications service saw its request cancelled`,
		`error after \d+ms: the deadline passed`,
		`the profile service saw its request cancelled`,
	} {
		if !regexp.MustCompile(want).MatchString(out.String()) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
