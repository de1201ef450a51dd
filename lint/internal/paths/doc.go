// Package paths walks the control-flow graph of one function body, as
// go/cfg builds it (and the ctrlflow pass hands it to every check), in the
// order the statements run, for leash's checks.
//
// go/cfg gives the blocks and their nodes; this package adds what a
// concurrency check must know to follow a path through them:
//
//   - A select's communications are evaluated, in the graph, before the
//     select, all of them. Here each one happens on the edge into its own
//     case, and nowhere else; the path after the last case of a select
//     without default, which go/cfg leaves dangling, is no path.
//   - Edges say what taking them means: a select case taken, one more round
//     of a loop, the loop's own end (its condition false, its range
//     exhausted or its channel closed), the then or else branch of an if.
//     A range over a channel that nothing can close has no end of its own:
//     only a break or a return leaves it.
//   - A loop whose trip count is a constant (for i := 0; i < 3; i++, a
//     range over a constant, an array, or a slice literal that lists its
//     elements) runs exactly that many times.
//   - A branch that its condition never takes (if false, an unsigned
//     value tested below zero: see Known) is no path.
//   - A path ends at a return (the function's exit); a block without
//     successors that is no return — a panic, a call that never returns,
//     a select that cannot be left — ends no path.
//
// Two engines share this view. Search explores the paths of a function
// with a small comparable state (counts, flags), finds every state the
// exits can be reached with, and gives back the path to any of them as a
// witness: the steps at which the state changed, which a finding names as
// its proof. Forward computes, for every block, a state that holds on
// every path into it (a fixed point over a join), for facts such as the
// mutexes held.
package paths
