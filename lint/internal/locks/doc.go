// Package locks works out which mutexes a goroutine holds, at every point
// of every function of a package, and what a call of each function does
// to its caller's mutexes: the lock analysis lockorder reports deadlocks
// from, and blockingsend the channel operations made while holding a
// mutex the other side needs.
//
// It reads the program model (lint/internal/model): mutex operations as the
// model classifies them, mutexes named by model.Ref, calls resolved to the
// functions they run. Each function is walked with paths.Forward, from the
// states that hold on every path: the mutexes held on every path (must)
// and on some (may), those unlocked without being locked (the caller's),
// and those whose unlock is deferred. A function's Summary says, in terms
// of its parameters and of package-level variables, which mutexes a call
// locks (and how), returns holding, and releases; calls apply their
// callee's summary, so a lock taken in a helper, however deep in the
// package, counts where the helper is called. An unlock of a mutex the
// state does not hold, named another way but the same field reached
// through a pointer (s.client.mu, unlocked by a helper, while client.mu is
// held), may be the held one: the hold is dropped, since the code no
// longer shows it.
//
// Checks hook into the walk (Rules): where a function locks, directly or
// through a call, where it calls, and when its walk is done.
package locks
