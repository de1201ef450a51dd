package leashtest

import (
	"strings"
	"testing"
)

func TestParseDumpReadsTheLabel(t *testing.T) {
	dump := `goroutine 18 [chan send] {other: 1, leashtest: 7}:
main.f()
	/src/main.go:1 +0x1

goroutine 19 [chan send labels:{"leashtest": "main"}]:
main.g()
	/src/main.go:2 +0x1

goroutine 20 [select]:
main.h()
	/src/main.go:3 +0x1
`
	var labels []string
	for _, g := range parseDump([]byte(dump)) {
		labels = append(labels, g.label)
	}
	if got := strings.Join(labels, ","); got != "7,main," {
		t.Errorf("labels %q, want 7,main and none", got)
	}
	profile := "goroutine profile: total 2\n1 @ 0x1\n# labels: {\"leashtest\":\"9\"}\n#\t0x1\tmain.f+0x1\t/src/main.go:1\n"
	if gs := parseProfile([]byte(profile)); len(gs) != 1 || gs[0].label != "9" || gs[0].Count != 1 {
		t.Errorf("parseProfile = %+v, want one goroutine labelled 9", gs)
	}
}

// FuzzScanDump checks that no input makes the glance's reader panic or
// invent goroutines: every goroutine it keeps comes from a header line.
func FuzzScanDump(f *testing.F) {
	f.Add([]byte("goroutine 17 [running]:\nmain.main()\n\t/src/main.go:10 +0x1d\n"))
	f.Add([]byte("goroutine 1 [\ngoroutine 2 [x] {:\n\t:\ncreated by  in goroutine \n"))
	f.Fuzz(func(t *testing.T, dump []byte) {
		headers := 0
		for _, line := range strings.Split(string(dump), "\n") {
			if strings.HasPrefix(line, "goroutine ") {
				headers++
			}
		}
		if n := len(scanDump(dump).brief); n > headers {
			t.Errorf("scanDump found %d goroutines in %d header lines", n, headers)
		}
	})
}
