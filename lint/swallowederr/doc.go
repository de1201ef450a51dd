// Package swallowederr defines an Analyzer that reports errors dropped in
// goroutines and group tasks, and group results nobody reads.
//
// # Analyzer swallowederr
//
// swallowederr: report errors swallowed by goroutines and group tasks
//
// An error dropped in a goroutine is gone: the goroutine has no caller to
// return it to, so unless the code hands it on — through a group, a channel,
// a log — the failure is silent and the program carries on with a result
// that is missing or half made. Group APIs exist so that task errors reach
// the caller; they only help if the tasks return them and the caller reads
// them. The check reports:
//
//   - in the function literal a goroutine or group task runs, an error
//     ignored while the value that came with it is used (v, _ := f()): v
//     is then a zero value taken for a result;
//   - in a task that returns an error, or a goroutine that sends errors on
//     a channel, an error assigned to _ (_ = f()) or dropped by calling f as
//     a statement: it had a way to hand this error on too. A fire-and-forget
//     goroutine that drops an error this way made a choice and is not
//     reported;
//   - a group task that tests err != nil and then returns nil without using
//     err: the group reports success for a task that failed;
//   - the error of a group's Wait ignored (g.Wait() as a statement, or
//     _ = g.Wait()) when one of the group's tasks can return an error;
//   - a group (errgroup, leash, conc) whose tasks are started but that is
//     never waited for: errors are lost and the tasks outlive the function.
//
// Calls whose errors are conventionally ignored are not reported, as with
// errcheck: writes to bytes.Buffer, strings.Builder, bufio.Writer (whose
// errors stick until Flush) and hashes, fmt.Print and fmt.Fprint to those
// and to os.Stdout/os.Stderr, Close, whose error in a goroutine is almost
// always that of shutting something down, and SetDeadline and its read and
// write variants, whose failure the next read or write reports anyway. Deferred calls and nested
// function literals (callbacks, deferred closures) are not examined. Test
// files are not checked at all: tests drop errors in goroutines and leave
// groups unwaited on purpose (go srv.Serve(lis), a Wait expected to panic),
// and a failure that matters fails the test.
//
// Fix it by returning the error from the task (suggested when the task
// returns just an error), by sending it on a channel the caller reads, or
// by checking the result of Wait (suggested when the function returns just
// an error).
package swallowederr
