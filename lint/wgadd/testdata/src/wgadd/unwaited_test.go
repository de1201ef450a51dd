package wgadd

import "testing"

func TestDialWorker(t *testing.T) {
	reqch := make(chan string)
	w := startDialWorker(reqch)
	reqch <- "addr"
	close(reqch)
	w.wg.Wait()
}
