// Package gobench measures how many of the GoBench blocking-bug kernels
// shipped with Go the leash checks catch, and where.
//
// The kernels live in
// $(go env GOROOT)/src/runtime/testdata/testgoroutineleakprofile/goker: one
// file per real bug from Docker, Kubernetes, etcd, gRPC, CockroachDB and
// others, registered by name in one program. They are read from GOROOT
// when the measurement runs; nothing of them is kept here.
//
// # Ground truth: the runtime's goroutine leak profile
//
// Each kernel is run as the Go runtime's own test runs it — built with
// GOEXPERIMENT=goroutineleakprofile, GODEBUG=asyncpreemptoff=1, and
// GOMAXPROCS=1 for the kernels the runtime's test marks non-flaky — up to
// a number of times, until every leak that
// $(go env GOROOT)/src/runtime/goroutineleakprofile_test.go expects of it
// has shown up. The leak profile lists each goroutine the garbage collector
// proved blocked forever, with its stack and the go statement that created
// it. That is where the bug is: the operation the goroutine is stuck on,
// the calls that led there, and where it was started.
//
// # The matching rule
//
// A kernel counts as found when some check reports a finding, in the
// kernel's file, on a line where a leaked goroutine is stuck or that its
// stack passes through, or that names such a line as one that waits behind
// it:
//
//   - blocking: the line of the operation a leaked goroutine is blocked on
//     (its innermost frame in the kernel's file);
//   - stack: a call on a leaked goroutine's stack in the kernel's file;
//   - creation: the go statement that created a leaked goroutine, unless it
//     is in the function that registers the kernel (the harness that starts
//     copies of the bug, not the bug);
//   - waiter: a finding elsewhere whose related information names, as an
//     operation that waits forever behind the bug, the line a leaked
//     goroutine is blocked on — a lock that an early return keeps, reported
//     where it is taken, and the Lock of another goroutine that hangs
//     behind it.
//
// Only the checks that say why a goroutine cannot finish count —
// blockingsend, ctxgoroutine, groupctx and lockorder. Another check's
// finding on such a line (an error dropped on the call that leads to the
// block) is listed as coincident, not counted. A finding elsewhere in a
// function where a leaked goroutine is blocked — another path of the same
// code, which the runs did not take — is listed as nearby. Every other
// finding in the kernels is listed as unrelated: a false positive for this
// measurement, even when it points at a real hazard that is not the
// kernel's bug.
package gobench
