// Package bigbuffer defines an Analyzer that reports channels made with a
// constant buffer larger than a threshold.
//
// # Analyzer bigbuffer
//
// bigbuffer: report channels made with a constant buffer above a threshold
//
// A channel buffer is not a queue. A buffer of 100,000 elements lets a
// producer run far ahead of a slow consumer without anyone noticing: latency
// grows, memory grows by the size of the buffer times the size of an element,
// and when the process is restarted or the consumer gives up everything in
// the buffer is lost. Backpressure — a producer that blocks, or selects on
// ctx.Done(), when the consumer cannot keep up — is what keeps a service
// healthy under load, and a huge buffer turns it off.
//
// # Audit rules
//
// The check's one rule is an audit rule, off by default: -bigbuffer.audit,
// or leash -audit, turns it on. A constant is in the code, but whether it
// is too big is not: on seven held-out sets of repositories none of its 24
// findings was a mistake rather than a queue sized on purpose (a lister's
// lookahead, a batch, a per-worker backlog whose overflow is counted), so
// a default run, which reports only what the code shows, leaves it to a
// review that asks.
//
// With it on, the check reports make(chan T, N) when N is a constant above
// the threshold set by -bigbuffer.max (default 4096). Buffers whose size is
// computed at run time, such as make(chan T, len(items)) for one send per
// item, are not reported: they are sized to the work, not guessed. Nor is
// a channel whose every send, as far as the package sees every use of it,
// is a case of a select with a default: its producers never wait, so the
// buffer turns off no backpressure; it bounds a queue that drops, counts or
// retries what does not fit, which is a decision, not an oversight.
//
// Fix it by choosing a small buffer (often 0 or 1) and letting the producer
// wait, by bounding the number of producers, or by spilling to durable
// storage when the work really must be queued. No automatic fix is offered:
// shrinking a buffer can turn a program that relies on it into one that
// deadlocks, so the new size needs a person's judgement. If a large buffer is
// deliberate, say why with
//
//	//leash:ignore bigbuffer <reason>
package bigbuffer
