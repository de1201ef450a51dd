// A look-alike that is harmless: closing every pooled connection at once,
// where the first call on the element is a guard, not the Close itself.
// The elements exist already, each an open connection. From: rclone
// backend/smb/connpool.go:248.
package unboundedgo

import "golang.org/x/sync/errgroup"

type poolConn struct{ isClosed bool }

func (c *poolConn) closed() bool { return c.isClosed }
func (c *poolConn) close() error { c.isClosed = true; return nil }

type smbFs struct{ pool []*poolConn }

func (f *smbFs) drainPool() error {
	var g errgroup.Group
	for i, c := range f.pool {
		g.Go(func() (err error) {
			if !c.closed() {
				err = c.close()
			}
			f.pool[i] = nil
			return err
		})
	}
	err := g.Wait()
	f.pool = nil
	return err
}
