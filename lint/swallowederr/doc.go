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
// them. By default, the check reports what the code shows is lost:
//
//   - a group task that returns nil on every path and examines no error at
//     all, while the error of its work — a call given a context, which the
//     group would cancel — is dropped by calling it as a statement: the
//     group reports success whatever happens;
//   - a group task that tests err != nil and then returns nil without using
//     err, when the group is there to report failure (the task returns an
//     error it was given on another path, or the code reads the group's
//     Wait) and no comment in the branch says why: the group reports
//     success for a task that failed;
//   - the error of a group's Wait ignored (g.Wait() as a statement) when
//     one of the group's tasks can return an error it was given (return
//     err, return fmt.Errorf("...: %w", err), return f(ctx)) and no other
//     Wait of the group has its error checked, nor is the group's Wait
//     handed on as a function value (return out, g.Wait), whose caller
//     gets the same first error. A return whose error the
//     task first stored in a variable of the waiting code (errs[i] = err,
//     errs = append(errs, err)) does not count: that code reads the
//     errors there, after Wait, and Wait's copy adds nothing. A task made
//     by a function of the package (g.Go(collect(ctx, ch))) is the
//     literal that function returns;
//   - a group (errgroup, leash, conc) that the function makes and starts
//     tasks on, but that nothing waits for and that is handed to no other
//     code: errors are lost and the tasks outlive the function. A group the
//     function was given (a parameter, or read from one or from a field) is
//     left alone: the code that made it waits for it; so is one none of
//     whose tasks can return an error it was given (see below).
//
// A group whose tasks return nil on every failure and whose Wait nobody
// reads is a soft fail by design — ask every replica, take any answer,
// and do not let one failure cancel the others — even when a task returns
// an error it made itself (errors.New("done")) to stop the rest once it
// has an answer: none of that is reported.
//
// Deferred calls and nested function literals (callbacks, deferred
// closures) are not examined. Test files are not checked at all: tests
// drop errors in goroutines and leave groups unwaited on purpose (go
// srv.Serve(lis), a Wait expected to panic), and a failure that matters
// fails the test.
//
// An error assigned to _ (_ = f(ctx), v, _ := f(), _ = g.Wait()) was
// dropped on purpose, as errcheck assumes unless told -blank, and is
// reported by the audit rules only — the seed's FetchAllBad among them
// (item, _ := fetchOne(id); items[i] = item). On code the check had never
// seen, such blanks were best-effort work (an image that may be missing),
// a zero value that is the fallback meant (a duration that defaults, a
// count of servers that says none answered), a buffer pool that cannot
// fail, or a Wait after cancelling on a path that already returns an
// error: on the tenth set of repositories it was measured on, ten of its
// eleven findings were such blanks, and none of the eleven was a bug.
//
// # Audit rules
//
// With -swallowederr.audit it also reports every error dropped in a
// goroutine or task that could hand it on (it returns an error, or sends
// errors on a channel), assigned to _ or dropped by calling f as a
// statement, every v, _ := f() whose v is used, and every _ = g.Wait()
// of a group whose tasks can fail. Whether such an error
// matters is a convention the code does not show — a logger's Log,
// best-effort cleanup on a path that already failed, a zero value meant as
// the fallback, n from a Read — and the calls whose errors are
// conventionally ignored are left out as errcheck does: writes to
// bytes.Buffer, strings.Builder, bufio.Writer (whose errors stick until
// Flush) and hashes, fmt.Print and fmt.Fprint to those and to
// os.Stdout/os.Stderr, Close, and SetDeadline and its read and write
// variants.
//
// Fix it by returning the error from the task (suggested when the task
// returns just an error), by sending it on a channel the caller reads, or
// by checking the result of Wait (suggested when the function returns just
// an error).
package swallowederr
