// Command images is the playbook's bounded worker pool written with leash:
// process a list of image URLs with at most 16 requests in flight, however
// long the list, and stop at the first failure or at the deadline.
//
// It starts a local image service (net/http/httptest) that counts the
// requests it serves at once, and processes 200 URLs three times: when every
// image is there, when one is missing, and with a deadline too short for the
// whole batch. Run it with:
//
//	go run ./examples/images
package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/leash-go/leash"
)

// workers is sized to the bottleneck, the image service, not to the cores.
const workers = 16

// ProcessImages downloads and checksums every URL, 16 at a time. The
// producer, the jobs channel and the select on ctx.Done() of the
// hand-written pool are all inside ForEach.
func ProcessImages(ctx context.Context, urls []string, processed *atomic.Int64) error {
	return leash.ForEach(ctx, urls, func(ctx context.Context, url string) error {
		if err := processOne(ctx, url); err != nil {
			return err
		}
		processed.Add(1)
		return nil
	}, leash.Limit(workers))
}

func processOne(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	h := sha256.New()
	_, err = io.Copy(h, resp.Body)
	return err
}

// imageService serves every image in about 10ms, except the missing ones,
// and records the most requests it served at once.
type imageService struct {
	missing        string
	inFlight, peak atomic.Int64
}

func (s *imageService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
	}
	select {
	case <-time.After(10 * time.Millisecond):
	case <-r.Context().Done():
		return
	}
	if s.missing != "" && strings.HasSuffix(r.URL.Path, s.missing) {
		http.NotFound(w, r)
		return
	}
	w.Write(make([]byte, 4096))
}

func run(w io.Writer) error {
	scenarios := []struct {
		title    string
		missing  string
		deadline time.Duration
	}{
		{"every image is there", "", 10 * time.Second},
		{"image 57 is missing", "/img/57.png", 10 * time.Second},
		{"the deadline is too short for the batch", "", 60 * time.Millisecond},
	}
	for _, sc := range scenarios {
		svc := &imageService{missing: sc.missing}
		srv := httptest.NewServer(svc)
		urls := make([]string, 200)
		for i := range urls {
			urls[i] = fmt.Sprintf("%s/img/%d.png", srv.URL, i)
		}
		ctx, cancel := context.WithTimeout(context.Background(), sc.deadline)
		var processed atomic.Int64
		err := ProcessImages(ctx, urls, &processed)
		cancel()
		srv.Close()
		fmt.Fprintf(w, "%s:\n", sc.title)
		fmt.Fprintf(w, "  processed %d of %d images, at most %d requests at once (limit %d)\n", processed.Load(), len(urls), svc.peak.Load(), workers)
		switch {
		case err == nil:
			fmt.Fprintln(w, "  done")
		case errors.Is(err, context.DeadlineExceeded):
			fmt.Fprintf(w, "  stopped: %v\n", err)
		default:
			fmt.Fprintf(w, "  stopped at the first error: %v\n", err)
		}
	}
	return nil
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
