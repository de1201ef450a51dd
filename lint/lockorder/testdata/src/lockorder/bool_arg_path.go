// A look-alike that is harmless: the callee reaches the Lock only when a bool parameter is
// true, and this caller passes false. From: rclone backend/mega/mega.go:683 (purgeCheck
// holds f.mkdirMu and calls findRoot(ctx, false); findRoot returns at line 458 `if !create
// || ... { return nil, err }` before it calls mkdir, which locks mkdirMu). Why harmless:
// with create == false the path to mkdir is infeasible. The check's doc leaves alone "if
// !locked { mu.Lock() }", but not an early return on the parameter ahead of a call that
// locks.
package lockorder

import (
	"errors"
	"sync"
)

type megaFs struct {
	mkdirMu  sync.Mutex
	rootNode *string
}

func (f *megaFs) mkdir(dir string) (*string, error) {
	f.mkdirMu.Lock()
	defer f.mkdirMu.Unlock()
	return &dir, nil
}

func (f *megaFs) findRoot(create bool) (*string, error) {
	if f.rootNode != nil {
		return f.rootNode, nil
	}
	if !create {
		return nil, errors.New("directory not found")
	}
	return f.mkdir("root")
}

func (f *megaFs) purgeCheck() error {
	f.mkdirMu.Lock()
	defer f.mkdirMu.Unlock()
	_, err := f.findRoot(false)
	return err
}
