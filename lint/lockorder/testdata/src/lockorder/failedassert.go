package lockorder

import (
	"errors"
	"sync"
)

type primaryIndex interface{ Name() string }

type mergeSetIndex struct{}

func (*mergeSetIndex) Name() string { return "mergeset" }

type partition struct {
	mu    sync.RWMutex
	index primaryIndex
	open  bool
}

// A look-alike: the return that keeps the read lock runs only when the
// stored index is not a *mergeSetIndex, which depends on what was stored,
// out of sight here (in the code it comes from, the constructor never
// stores anything else). From: openGemini engine/engine.go.
func (p *partition) mergeSet() (*mergeSetIndex, error) {
	p.mu.RLock()
	idx, ok := p.index.(*mergeSetIndex)
	if !ok {
		return nil, errors.New("not a merge-set index")
	}
	p.mu.RUnlock()
	return idx, nil
}

// Still reported: the state the return depends on is the partition's own,
// and the failed assertion only hides the first of two returns.
func (p *partition) openMergeSet() (*mergeSetIndex, error) {
	p.mu.Lock() // want `p.mu is locked here and still held when the function returns at line 43`
	idx, ok := p.index.(*mergeSetIndex)
	if !ok {
		return nil, errors.New("not a merge-set index")
	}
	if !p.open {
		return nil, errors.New("closed")
	}
	p.mu.Unlock()
	return idx, nil
}
