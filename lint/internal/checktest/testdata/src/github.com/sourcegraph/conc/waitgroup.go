// Package conc is a stub of github.com/sourcegraph/conc for analyzer tests.
package conc

type WaitGroup struct{}

func NewWaitGroup() *WaitGroup   { return &WaitGroup{} }
func (h *WaitGroup) Go(f func()) {}
func (h *WaitGroup) Wait()       {}
