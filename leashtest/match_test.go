package leashtest

import (
	"github.com/leash-go/leash/internal/goroutines"
	"reflect"
	"testing"
)

func TestAssignLabels(t *testing.T) {
	stackA := []frame{{Function: "p.a", File: "/a.go", Line: 1}}
	stackB := []frame{{Function: "p.b", File: "/b.go", Line: 2}}
	testGoroutines.Store(int64(1000), "41")
	defer testGoroutines.Delete(int64(1000))
	g := func(id int64, frames []frame, creatorID int64) goroutine {
		return goroutine{Goroutine: goroutines.Goroutine{ID: id, Frames: frames, CreatorID: creatorID}}
	}
	gs := []goroutine{
		g(10, stackA, 3), // ambiguous: oldest goroutine, oldest label
		g(30, stackA, 1000),
		g(20, stackA, 4),
		g(40, stackB, 1),
		g(50, []frame{{Function: "runtime.gopark", File: "/proc.go", Line: 1}, {Function: "p.b", File: "/b.go", Line: 2}}, 0), // runtime frames do not count
	}
	gr := func(count int, label string, frames []frame) group {
		return group{Group: goroutines.Group{Count: count, Frames: frames}, label: label}
	}
	groups := []group{
		gr(1, "41", stackA), // the check whose goroutine is 1000
		gr(1, "40", stackA),
		gr(1, "", stackA),
		gr(2, "7", stackB),
		gr(2, "9", []frame{{Function: "p.moved", File: "/m.go", Line: 3}}), // not in the dump
	}
	unmatched := assignLabels(gs, groups)
	got := map[int64]string{}
	for _, g := range gs {
		got[g.ID] = g.label
	}
	want := map[int64]string{10: "", 20: "40", 30: "41", 40: "7", 50: "7"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("labels %v, want %v", got, want)
	}
	if len(unmatched) != 2 {
		t.Fatalf("unmatched %+v, want the two goroutines of the profile only", unmatched)
	}
	for _, g := range unmatched {
		if g.label != "9" || g.State != unknownState || g.Top().Function != "p.moved" {
			t.Errorf("unmatched goroutine %+v", g)
		}
	}
}

// More goroutines of a stack in the dump than in the profile taken after it:
// some exited in between. Those left over get no label.
func TestAssignLabelsWhenGoroutinesExitedBetweenTheLooks(t *testing.T) {
	stack := []frame{{Function: "p.a", File: "/a.go", Line: 1}}
	gs := []goroutine{
		{Goroutine: goroutines.Goroutine{ID: 10, Frames: stack}},
		{Goroutine: goroutines.Goroutine{ID: 11, Frames: stack}},
		{Goroutine: goroutines.Goroutine{ID: 12, Frames: stack}},
	}
	groups := []group{
		{Group: goroutines.Group{Count: 1, Frames: stack}, label: "5"},
		{Group: goroutines.Group{Count: 1, Frames: stack}, label: "6"},
	}
	assignLabels(gs, groups)
	labels := map[string]int{}
	for _, g := range gs {
		labels[g.label]++
	}
	if want := map[string]int{"5": 1, "6": 1, "": 1}; !reflect.DeepEqual(labels, want) {
		t.Errorf("labels given %v, want %v", labels, want)
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
