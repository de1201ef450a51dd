package bench

import (
	"context"
	"fmt"
	"iter"
)

// The job each workload hands to every implementation. An implementation
// only schedules; the work itself, and so its cost, is the same for all.
type (
	// forEachFunc calls fn for every element of in, running at most limit
	// calls at once, and returns the first error fn returned.
	forEachFunc func(ctx context.Context, in []int, limit int, fn func(context.Context, int) error) error

	// mapFunc calls fn for every element of in, running at most limit calls
	// at once, and returns the results in the order of in, or the first
	// error.
	mapFunc func(ctx context.Context, in []int, limit int, fn func(context.Context, int) (uint64, error)) ([]uint64, error)

	// seqFunc calls fn for every item of in, running at most limit calls at
	// once, and hands the results to sink in the order of in while the
	// input is still being read: in may be endless, so buffering it whole
	// is not allowed. It returns the first error.
	seqFunc func(ctx context.Context, in iter.Seq[int], limit int, fn func(context.Context, int) (uint64, error), sink func(uint64)) error

	// goFunc starts n tasks one after another, task(ctx, 0) to
	// task(ctx, n-1), the way a loop calls Group.Go, with at most limit
	// running at once, waits for them and returns the first error.
	goFunc func(ctx context.Context, n, limit int, task func(ctx context.Context, i int) error) error
)

// An impl is one implementation of a workload, under the name the
// benchmarks and the results table give it.
type impl[F any] struct {
	name string
	run  F
}

// errorless names the implementations that use a library's natural API,
// which has no errors and no context: they are measured for what users see
// first, and not held to the job's errors (TestFirstError).
var errorless = map[string]bool{"conc-natural": true}

// The implementations of each workload. A library that has no way to
// express a workload is missing from its list, and shows as "—" in the
// results table.
var (
	forEachImpls = []impl[forEachFunc]{
		{"leash", leashForEach},
		{"errgroup", errgroupForEach},
		{"conc", concForEach},
		{"conc-natural", concNaturalForEach},
		{"pond", pondForEach},
		{"ants", forEachBy(antsEachIndex)},
		{"rill", rillForEach},
		{"handpool", forEachBy(handpoolEachIndex)},
		{"bareloop", forEachBy(bareloopEachIndex)},
	}
	mapImpls = []impl[mapFunc]{
		{"leash", leashMap},
		{"errgroup", errgroupMap},
		{"conc", concMap},
		{"conc-natural", concNaturalMap},
		{"pond", pondMap},
		{"ants", mapBy(antsEachIndex)},
		{"rill", rillMap},
		{"handpool", mapBy(handpoolEachIndex)},
		{"bareloop", mapBy(bareloopEachIndex)},
	}
	// errgroup, pond and ants have no ordered streaming: their results
	// come back in completion order, or all at once after Wait.
	seqImpls = []impl[seqFunc]{
		{"leash", leashMapSeq},
		{"conc", concStream},
		{"rill", rillOrderedMap},
		{"handpool", handpoolOrdered},
	}
	// rill works on streams of values, not on tasks, and the bare loop
	// needs every item up front.
	goImpls = []impl[goFunc]{
		{"leash", leashGroup},
		{"errgroup", errgroupGroup},
		{"conc", concGroup},
		{"pond", pondGroup},
		{"ants", antsGroup},
		{"handpool", handpoolGroup},
	}
)

// mix is the trivial task: a few nanoseconds of arithmetic (the finaliser
// of splitmix64) whose result depends on its input, so that the compiler
// cannot drop it and a wrong or missing result shows.
func mix(x int) uint64 {
	z := uint64(x) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// indexes returns the input of the slice workloads: 0, 1, …, n-1, so that
// a task can write its result at the index its item names.
func indexes(n int) []int {
	in := make([]int, n)
	for i := range in {
		in[i] = i
	}
	return in
}

// countTo returns the input of the streaming workload: 0, 1, …, n-1,
// produced one at a time as an endless source would produce them.
func countTo(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// checkMixed reports the first element of out that is not mix of its
// index, and a length other than n.
func checkMixed(out []uint64, n int) error {
	if len(out) != n {
		return fmt.Errorf("got %d results, want %d", len(out), n)
	}
	for i, v := range out {
		if v != mix(i) {
			return fmt.Errorf("result %d is %#x, want mix(%d) = %#x", i, v, i, mix(i))
		}
	}
	return nil
}

// An orderedSum is a sink that folds the results it is given into a
// checksum that depends on their order, so a stream that yields the right
// values in the wrong order does not pass.
type orderedSum struct {
	n   int
	sum uint64
}

func (s *orderedSum) add(v uint64) {
	s.sum = s.sum*31 + v
	s.n++
}

// check reports whether s saw mix(0), …, mix(n-1), in that order.
func (s *orderedSum) check(n int) error {
	var want orderedSum
	for i := range n {
		want.add(mix(i))
	}
	if s.n != n {
		return fmt.Errorf("got %d results, want %d", s.n, n)
	}
	if s.sum != want.sum {
		return fmt.Errorf("results are not mix(0), …, mix(%d) in order: checksum %#x, want %#x", n-1, s.sum, want.sum)
	}
	return nil
}
