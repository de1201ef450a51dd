// Package chanhelp holds helpers that other packages hand channels to: what
// they do with them reaches the callers through facts.
package chanhelp

// Reply sends one value.
func Reply(ch chan<- error, err error) { ch <- err }

// ReplyAsync sends one value from a goroutine of its own.
func ReplyAsync(ch chan<- error, work func() error) {
	go func() { ch <- work() }()
}

// Keep stores the channel for later.
func Keep(ch chan error) { kept = append(kept, ch) }

var kept []chan error

// Loader keeps the channel it is made with and sends on it when it runs.
type Loader struct{ out chan<- string }

// NewLoader does nothing with out itself: Run sends on it, later.
func NewLoader(out chan<- string) *Loader { return &Loader{out: out} }

// Run sends one value.
func (l *Loader) Run() { l.out <- "config" }
