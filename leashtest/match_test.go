package leashtest

import (
	"reflect"
	"testing"
)

func TestAssignLabels(t *testing.T) {
	stackA := []frame{{"p.a", "/a.go", 1}}
	stackB := []frame{{"p.b", "/b.go", 2}}
	testGoroutines.Store(int64(1000), "41")
	defer testGoroutines.Delete(int64(1000))
	gs := []goroutine{
		{id: 10, frames: stackA, creatorID: 3}, // ambiguous: oldest goroutine, oldest label
		{id: 30, frames: stackA, creatorID: 1000},
		{id: 20, frames: stackA, creatorID: 4},
		{id: 40, frames: stackB, creatorID: 1},
		{id: 50, frames: []frame{{"runtime.gopark", "/proc.go", 1}, {"p.b", "/b.go", 2}}}, // runtime frames do not count
	}
	groups := []group{
		{count: 1, label: "41", frames: stackA}, // the check whose goroutine is 1000
		{count: 1, label: "40", frames: stackA},
		{count: 1, label: "", frames: stackA},
		{count: 2, label: "7", frames: stackB},
		{count: 2, label: "9", frames: []frame{{"p.moved", "/m.go", 3}}}, // not in the dump
	}
	unmatched := assignLabels(gs, groups)
	got := map[int64]string{}
	for _, g := range gs {
		got[g.id] = g.label
	}
	want := map[int64]string{10: "", 20: "40", 30: "41", 40: "7", 50: "7"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("labels %v, want %v", got, want)
	}
	if len(unmatched) != 2 {
		t.Fatalf("unmatched %+v, want the two goroutines of the profile only", unmatched)
	}
	for _, g := range unmatched {
		if g.label != "9" || g.state != unknownState || g.top().function != "p.moved" {
			t.Errorf("unmatched goroutine %+v", g)
		}
	}
}

func TestCompareLabels(t *testing.T) {
	ordered := []string{"", mainLabel, checkingLabel, "2", "10"}
	for i := range ordered {
		for j := range ordered {
			got := compareLabels(ordered[i], ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got != want {
				t.Errorf("compareLabels(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}
