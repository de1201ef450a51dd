// Package bench measures package leash against the libraries people reach
// for to do the same jobs — golang.org/x/sync/errgroup,
// github.com/sourcegraph/conc, github.com/alitto/pond/v2,
// github.com/panjf2000/ants/v2 and github.com/destel/rill — and against the
// code people write by hand: the playbook's worker pool (a producer and N
// workers over a channel, inside an errgroup) and a bare loop of N
// goroutines claiming indexes from an atomic counter.
//
// Every implementation of a workload gets the same task function and the
// same input, and must return the same results: the tests run each one on
// small inputs and the benchmarks check each one's output before timing it,
// so that a fast but wrong implementation fails instead of winning.
//
// The benchmarks are named Workload/n=…/limit=…/impl=name so that
// benchstat puts the implementations of one workload side by side
// (benchstat -col /impl). Each reports ns/item, allocs/item and B/item
// over the timed runs, and, from one extra untimed run watched by a
// sampler, the peak number of goroutines, the peak heap and the number of
// goroutines started. The command
// ./cmd/benchtable runs them and rewrites the table in README.md.
//
// The package has no API; it exists for its tests and benchmarks.
package bench
