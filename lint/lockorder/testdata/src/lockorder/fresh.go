package lockorder

import (
	"errors"
	"sync"
)

// A return that keeps the lock of a value the function has just made, and
// has handed to nobody yet, strands no one: the value dies with the
// return.

type monitorStatus struct {
	blocksLock sync.Mutex
	cache      map[int]string
	chainID    int
}

func newBlockCache(limit int) (map[int]string, error) {
	if limit <= 0 {
		return nil, errors.New("limit")
	}
	return make(map[int]string, limit), nil
}

func (ms *monitorStatus) poll() {
	ms.blocksLock.Lock()
	ms.chainID++
	ms.blocksLock.Unlock()
}

// Fine: ms is made here and nothing has it yet when the return keeps its
// lock.
func monitor(limit int) error {
	ms := new(monitorStatus)
	ms.blocksLock.Lock()
	var err error
	ms.cache, err = newBlockCache(limit)
	if err != nil {
		return err
	}
	ms.blocksLock.Unlock()
	go ms.poll()
	return nil
}

// Reported: the goroutine started first has ms, and waits on its lock
// forever once the return keeps it.
func monitorShared(limit int) error {
	ms := &monitorStatus{}
	go ms.poll()
	ms.blocksLock.Lock() // want `ms.blocksLock is locked here and still held when the function returns`
	var err error
	ms.cache, err = newBlockCache(limit)
	if err != nil {
		return err
	}
	ms.blocksLock.Unlock()
	return nil
}

var statusRegistry []*monitorStatus

// Reported: ms is registered where others find it before the return.
func monitorRegistered(limit int) error {
	var ms monitorStatus
	statusRegistry = append(statusRegistry, &ms)
	ms.blocksLock.Lock() // want `ms.blocksLock is locked here and still held when the function returns`
	var err error
	ms.cache, err = newBlockCache(limit)
	if err != nil {
		return err
	}
	ms.blocksLock.Unlock()
	return nil
}

func describe(ms *monitorStatus, err error) error { return err }

// Reported: the return itself hands ms, still locked, to a function that
// may keep it.
func monitorDescribed(limit int) error {
	ms := new(monitorStatus)
	ms.blocksLock.Lock() // want `ms.blocksLock is locked here and still held when the function returns`
	var err error
	ms.cache, err = newBlockCache(limit)
	if err != nil {
		return describe(ms, err)
	}
	ms.blocksLock.Unlock()
	return nil
}
