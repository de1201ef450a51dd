package leashtest

import "testing"

func TestMayDescend(t *testing.T) {
	const test = 5
	main := brief{id: 1}
	runner := brief{id: 2, created: true, creatorID: 1}
	testG := brief{id: test, created: true, creatorID: 2}
	cases := []struct {
		name  string
		brief []brief
		want  bool
	}{
		{"only the test and its ancestors", []brief{main, runner, testG}, false},
		{"a child of the test", []brief{main, testG, {id: 6, created: true, creatorID: test}}, true},
		{"a grandchild through a live child", []brief{main, testG, {id: 6, created: true, creatorID: test}, {id: 7, created: true, creatorID: 6}}, true},
		{"creator exited", []brief{main, testG, {id: 7, created: true, creatorID: 99}}, true},
		{"creator not printed", []brief{main, testG, {id: 7, created: true}}, true},
		{"descends from main through live goroutines", []brief{main, runner, testG, {id: 8, created: true, creatorID: 2}, {id: 9, created: true, creatorID: 8}}, false},
		{"a cycle, which a dump cannot show, ends", []brief{main, testG, {id: 11, created: true, creatorID: 12}, {id: 12, created: true, creatorID: 11}}, false},
	}
	for _, tc := range cases {
		g := &glance{brief: tc.brief}
		if got := g.mayDescend(test); got != tc.want {
			t.Errorf("%s: mayDescend = %v, want %v", tc.name, got, tc.want)
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
