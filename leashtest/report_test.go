package leashtest

import "testing"

func TestIDs(t *testing.T) {
	cases := []struct {
		ids  []int64
		want string
	}{
		{[]int64{7}, "7"},
		{[]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "1, 2, 3, 4, 5, 6, 7, 8 and 2 more"},
		{[]int64{0, 0}, "2 without an id (seen in the goroutine profile only)"},
		{[]int64{5, 0}, "5, 1 without an id (seen in the goroutine profile only)"},
	}
	for _, tc := range cases {
		if got := ids(tc.ids); got != tc.want {
			t.Errorf("ids(%v) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}
