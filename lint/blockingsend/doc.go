// Package blockingsend defines an Analyzer that reports channel operations
// that can block forever because the goroutine on the other side may be
// gone.
//
// # Analyzer blockingsend
//
// blockingsend: report sends (and receives) that can block forever because
// the other side may leave
//
// A send on an unbuffered channel completes only when another goroutine
// receives the value. If the receiver can stop waiting first — it selects
// on ctx.Done() or a timeout, returns on an error, or reads fewer values
// than are sent — the sender waits forever. Nothing reports it: the
// goroutine, its stack and everything it references stay in memory until
// the process exits. Under load every timed-out request leaves one such
// goroutine behind, and the service runs out of memory hours later, far
// from the code that leaks.
//
// The textbook case is the select-timeout leak:
//
//	ch := make(chan Result)
//	go func() { ch <- fetch() }() // blocks forever once the caller has left
//	select {
//	case r := <-ch:
//		return r, nil
//	case <-ctx.Done():
//		return Result{}, ctx.Err()
//	}
//
// # What it reports
//
//   - A send, in a goroutine, on a channel made by the function that started
//     the goroutine, when that function can stop receiving before it has
//     taken every value — a select that can take another case, a return
//     before the receive, a range loop it can leave, fewer receives than
//     sends — and the buffer cannot hold what is left. The suggested fix
//     buffers the channel for every send when their number is known
//     (make(chan Result, 1) above).
//   - A send on an unbuffered channel kept in a struct field when every
//     receive from that field is a select case that can give up on it (the
//     receiving loop returns on ctx.Done() or a stop channel). The
//     suggested fix sends in a select that also waits for the sender's
//     context or done channel.
//   - A send outside any select in code that reacts to cancellation, but
//     not here: in a case of a select whose other case waits for
//     ctx.Done(), or in a loop that leaves when a select in it sees
//     ctx.Done() or a done channel ("check, then block"). The suggested fix
//     sends in a select with that same case.
//   - A channel operation made while holding a mutex — a send, receive,
//     range, select without default, or a call of a function of the
//     package that waits so — when the code on the other side of the
//     channel (its receiver, sender or closer) locks the same mutex; for a
//     select, the other side of every case. Neither
//     goroutine can go on, and everything else that needs the mutex stops
//     too. Release the mutex before waiting.
//   - A drain of a timer's channel, <-t.C outside any select, after a
//     select that may already have taken the timer's value, or in another
//     case of a select a loop repeats: it waits for a value that never
//     comes. Since Go 1.23, Stop and Reset discard a pending value
//     themselves, and the drain can go.
//   - A receive from a local channel that nothing sends on or closes, not
//     even the functions it is passed to; and a wait on a channel kept in an
//     unexported struct field that nothing can end: a receive when the
//     package never sends on the field or closes it, a send on an
//     unbuffered field it never receives from, when the field's channel
//     never leaves the package but as a receive-only value.
//   - A Wait on a sync.Cond kept in an unexported struct field that nothing
//     signals: the package never calls Signal or Broadcast on the field,
//     which is only ever set to a Cond made right there, and whose Cond is
//     never handed to other code. Signal where the state the waiters wait
//     for changes.
//
// A select with a single case and no default is the same as its
// communication and is treated as one.
//
// # What it leaves alone
//
// A send in a select that also waits for ctx.Done() or a done channel; a
// channel whose buffer holds every send (a buffer of one for a single
// sender, a buffer of len(items) for one send per item); a receiver that
// ranges over the channel until it is closed; a channel whose receivers are
// not in the package (it cannot know them); a mutex the other side never
// takes; a select with a default case.
//
// # Fixing it
//
// Give every blocking send a way out: buffer a result channel for all its
// senders, or send in a select with the context,
//
//	select {
//	case ch <- v:
//	case <-ctx.Done():
//		return ctx.Err()
//	}
//
// or use leash.Send(ctx, ch, v), which does exactly this.
package blockingsend
