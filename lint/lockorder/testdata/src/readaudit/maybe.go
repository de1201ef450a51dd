package readaudit

import (
	"slices"
	"sync"
)

// Reported only with -lockorder.audit: a callee that locks on some of its
// paths only. The caller's code does not show which path the callee takes;
// here it is the one that locks, for every id but the special one.

// A callee that turns away special values first and then locks, for the
// values callers normally pass: reverting a failed add by calling the
// delete, under the lock the add holds, deadlocks. A look-alike of a
// policy filter's add.
type policies struct {
	mu  sync.Mutex
	ids []int
}

const noPolicy = 0

func (p *policies) del(id int) error {
	if id == noPolicy {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ids = slices.DeleteFunc(p.ids, func(x int) bool { return x == id })
	return nil
}

func (p *policies) add(id int, install func() error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ids = append(p.ids, id)
	if err := install(); err != nil {
		p.del(id) // want `del locks p.mu \(line \d+\) while this goroutine holds it`
		return err
	}
	return nil
}
