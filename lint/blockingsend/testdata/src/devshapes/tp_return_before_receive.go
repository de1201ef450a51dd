// A leak: an unbuffered result channel, and an error return between starting the producer
// and receiving its result. From: rclone backend/compress/zstd_handler.go:127 and
// gzip_handler.go:128 (the upload rcat fails after it read the whole pipe: return nil, nil,
// err before <-results); containerd internal/cri/server/service.go:356 (return at 362 when
// nri.Register fails). Why a bug: on the error path the compressor goroutine finishes the
// pipe, then blocks forever on `results <- ...`. Fix: make(chan result, 1).
package devshapes

import (
	"io"
)

type compressResult struct {
	size int64
	err  error
}

func putCompressed(in io.Reader, upload func(io.Reader) error) (int64, error) {
	pr, pw := io.Pipe()
	results := make(chan compressResult)
	go func() {
		n, err := io.Copy(pw, in) // stands for the compressor writing into the pipe
		pw.CloseWithError(err)
		results <- compressResult{n, err} // want `send on results can block forever`
	}()
	if err := upload(pr); err != nil {
		return 0, err
	}
	res := <-results
	return res.size, res.err
}
