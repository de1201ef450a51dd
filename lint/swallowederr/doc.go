// Package swallowederr defines an Analyzer that reports errors dropped in
// goroutines and group tasks, and group results nobody reads.
//
// # Analyzer swallowederr
//
// swallowederr: report errors swallowed by concurrent code
//
// An error dropped in a goroutine is gone: the goroutine has no caller to
// return it to, so unless the code hands it on — through a group, a channel,
// a log — the failure is silent and the program carries on with a result
// that is missing or half made. Group APIs exist so that task errors reach
// the caller; they only help if the tasks return them and the caller reads
// them. The check reports:
//
//   - in the function literal a goroutine or group task runs, an error
//     result assigned to _ (_ = f(), v, _ := f()) or dropped by calling f
//     as a statement;
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
// and to os.Stdout/os.Stderr, and Close, whose error in a goroutine is
// almost always that of shutting something down. Deferred calls and nested
// function literals (callbacks, deferred closures) are not examined.
//
// Fix it by returning the error from the task (suggested when the task
// returns just an error), by sending it on a channel the caller reads, or
// by checking the result of Wait (suggested when the function returns just
// an error).
package swallowederr
