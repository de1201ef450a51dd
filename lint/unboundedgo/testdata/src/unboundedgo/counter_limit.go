// A look-alike that is harmless: the loop stops starting goroutines once a counter of
// running ones reaches a configured maximum. From: rclone
// vfs/vfscache/writeback/writeback.go:458 (if wb.uploads >= Transfers { break };
// wb.uploads++; go wb.upload(...); the upload decrements the counter under the same mutex).
// Why harmless: at most maxUploads goroutines run; the counter is the semaphore.
package unboundedgo

import "sync"

type writeBack struct {
	mu         sync.Mutex
	items      []string
	uploads    int
	maxUploads int
}

// processItems is called with wb.mu held.
func (wb *writeBack) processItems() {
	for len(wb.items) > 0 {
		if wb.uploads >= wb.maxUploads {
			break
		}
		item := wb.items[0]
		wb.items = wb.items[1:]
		wb.uploads++
		go wb.upload(item)
	}
}

func (wb *writeBack) upload(item string) {
	_ = item // upload the file
	wb.mu.Lock()
	wb.uploads--
	wb.processItems()
	wb.mu.Unlock()
}
