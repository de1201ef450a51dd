package leashtest

import "testing"

func TestGlanceMayBelong(t *testing.T) {
	// Ids far above those of this process's goroutines, which other tests
	// may have settled.
	const base = 1 << 40
	const test = base + 5
	main := brief{id: base + 1}
	runner := brief{id: base + 2, created: true, creatorID: base + 1}
	testG := brief{id: test, created: true, creatorID: base + 2}
	before := idSet{base + 1, base + 2, test}
	cases := []struct {
		name   string
		labels bool
		brief  []brief
		want   bool
	}{
		{"only the test and its ancestors", false, []brief{main, runner, testG}, false},
		{"a child of the test", false, []brief{main, testG, {id: base + 6, created: true, creatorID: test}}, true},
		{"a grandchild through a live child", false, []brief{main, testG, {id: base + 6, created: true, creatorID: test}, {id: base + 7, created: true, creatorID: base + 6}}, true},
		{"creator exited, labels unknown", false, []brief{main, testG, {id: base + 7, created: true, creatorID: base + 99}}, true},
		{"creator exited, no label", true, []brief{main, testG, {id: base + 7, created: true, creatorID: base + 99}}, true},
		{"a timer callback", true, []brief{main, testG, {id: base + 7, created: true}}, true},
		{"another check's label", true, []brief{main, testG, {id: base + 7, created: true, creatorID: test, label: "other"}}, false},
		{"the check's label", true, []brief{main, testG, {id: base + 7, created: true, creatorID: base + 99, label: "mine"}}, true},
		{"descends from an older goroutine", false, []brief{main, runner, testG, {id: base + 8, created: true, creatorID: base + 2}, {id: base + 9, created: true, creatorID: base + 8}}, false},
		{"a cycle, which a dump cannot show, ends", false, []brief{main, testG, {id: base + 11, created: true, creatorID: base + 12}, {id: base + 12, created: true, creatorID: base + 11}}, false},
	}
	for _, tc := range cases {
		g := &glance{labels: tc.labels, brief: tc.brief}
		c := &claim{testID: test, before: before, label: "mine"}
		if got := g.mayHave(c); got != tc.want {
			t.Errorf("%s: mayHave = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestScanDump(t *testing.T) {
	const dump = `goroutine 17 [running]:
main.main()
	/src/main.go:10 +0x1d

goroutine 20 [chan send (leaked)]:
p.handle(...)
	/src/p/server.go:42 +0x1e
created by p.Serve in goroutine 17
	/src/p/server.go:29 +0x9c

goroutine 21 [select]:
p.top()
	/src/p/deep.go:9 +0x10
created by p.Start in goroutine 20
	/src/p/start.go:5 +0x20
[originating from goroutine 20]:
p.ancestor(...)
	/src/p/a.go:1 +0x1
created by p.Other in goroutine 3
	/src/p/a.go:2 +0x2
`
	g := scanDump([]byte(dump))
	want := []brief{
		{id: 17},
		{id: 20, created: true, creatorID: 17},
		{id: 21, created: true, creatorID: 20},
	}
	if len(g.brief) != len(want) {
		t.Fatalf("scanDump found %+v, want %+v", g.brief, want)
	}
	for i := range want {
		if g.brief[i] != want[i] {
			t.Errorf("goroutine %d: %+v, want %+v", i, g.brief[i], want[i])
		}
	}
	if g.labels {
		t.Error("scanDump says a dump without labels prints labels")
	}
	if l := scanDump([]byte("goroutine 1 [running] {leashtest: checking}:\n")); !l.labels {
		t.Error("scanDump says a dump with labels does not print them")
	}
}
