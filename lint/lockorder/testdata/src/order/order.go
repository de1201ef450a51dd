package order

import (
	"sync"
	"time"
)

// Two mutexes taken in opposite orders (with -lockorder.order).

type store struct {
	coalescedMu struct {
		sync.Mutex
		heartbeats []int
	}
	replicas []*replica
}

type replica struct {
	raftMu sync.Mutex
	mu     sync.Mutex
	store  *store
}

func (s *store) sendHeartbeats() {
	s.coalescedMu.Lock()
	defer s.coalescedMu.Unlock()
	for _, r := range s.replicas {
		r.reportUnreachable() // want `r.raftMu \(replica.raftMu\) is locked by this call \(in reportUnreachable, line \d+\) while s.coalescedMu \(store.coalescedMu\) is held, but tick takes them the other way round \(line \d+\)`
	}
}

func (r *replica) reportUnreachable() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
}

func (r *replica) tick() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
	r.tickLocked()
}

func (r *replica) tickLocked() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.coalesce()
}

func (r *replica) coalesce() {
	r.store.coalescedMu.Lock()
	r.store.coalescedMu.heartbeats = append(r.store.coalescedMu.heartbeats, 1)
	r.store.coalescedMu.Unlock()
}

// A callee that unlocks the caller's mutex and locks it again, under the
// caller's second mutex.
type deviceSet struct {
	sync.Mutex
	infos map[string]*devInfo
}

type devInfo struct {
	lock sync.Mutex
}

func (d *deviceSet) DeleteDevice(hash string) {
	d.Lock()
	defer d.Unlock()
	info := d.infos[hash]
	info.lock.Lock() // want `info.lock \(devInfo.lock\) is locked here while d.Mutex \(deviceSet.Mutex\) is held, but DeleteDevice takes them the other way round`
	defer info.lock.Unlock()
	d.removeAndWait()
}

func (d *deviceSet) removeAndWait() {
	d.Unlock()
	time.Sleep(time.Millisecond)
	d.Lock()
}

// Package-level mutexes.
var (
	usersMu  sync.Mutex
	groupsMu sync.RWMutex
)

func addUser() {
	usersMu.Lock()
	defer usersMu.Unlock()
	groupsMu.RLock() // want `groupsMu \(order.groupsMu\) is locked here while usersMu \(order.usersMu\) is held, but renameGroup takes them the other way round`
	groupsMu.RUnlock()
}

func renameGroup() {
	groupsMu.Lock()
	defer groupsMu.Unlock()
	usersMu.Lock()
	usersMu.Unlock()
}
