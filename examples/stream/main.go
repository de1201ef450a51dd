// Command stream is the playbook's ordered fan-out/fan-in written with leash,
// on an input that is read as it goes rather than held in a slice: a stream
// of order IDs, each enriched by a call to a pricing service, the results
// coming out in the order of the input while eight calls run at once.
//
// It starts a local pricing service (net/http/httptest) whose answers take a
// varying time, so they finish out of order, and reads the stream four
// times: to the end, with a failing item, with a deadline that passes
// midway, and with a consumer that stops early. Run it with:
//
//	go run ./examples/stream
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/leash-go/leash"
)

// orderIDs is the input: n IDs produced one at a time, as a database cursor
// or a queue consumer would. It counts what it produced, and says whether it
// was told to stop.
func orderIDs(n int, produced *atomic.Int64, stopped *atomic.Bool) iter.Seq[int] {
	return func(yield func(int) bool) {
		for id := 1000; id < 1000+n; id++ {
			produced.Add(1)
			if !yield(id) {
				stopped.Store(true)
				return
			}
		}
	}
}

// Priced is one enriched order.
type Priced struct {
	ID    int
	Cents int
}

// PriceAll prices every order of ids with eight calls at once and yields the
// results in the order of ids. At most 64 orders (8×8) are held between being
// read and being yielded, however long the stream.
func PriceAll(ctx context.Context, base string, ids iter.Seq[int]) iter.Seq2[Priced, error] {
	return leash.MapSeq(ctx, ids, func(ctx context.Context, id int) (Priced, error) {
		cents, err := price(ctx, base, id)
		return Priced{id, cents}, err
	}, leash.Limit(8))
}

func price(ctx context.Context, base string, id int) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/price/%d", base, id), nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("order %d: %s", id, strings.TrimSpace(string(body)))
	}
	return strconv.Atoi(string(body))
}

// pricing answers in 1 to 4 ms, depending on the order, and fails for the
// order bad.
func pricing(bad int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/price/"))
		select {
		case <-time.After(time.Duration(1+id%4) * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		if id == bad {
			http.Error(w, "no price list for this region", http.StatusUnprocessableEntity)
			return
		}
		fmt.Fprint(w, 100+id%97)
	})
}

func run(w io.Writer) error {
	scenarios := []struct {
		title    string
		bad      int
		deadline time.Duration
		takeOnly int
	}{
		{"the whole stream", -1, 10 * time.Second, 0},
		{"order 1234 cannot be priced", 1234, 10 * time.Second, 0},
		{"the deadline passes midway", -1, 50 * time.Millisecond, 0},
		{"the consumer needs only 10 results", -1, 10 * time.Second, 10},
	}
	for _, sc := range scenarios {
		srv := httptest.NewServer(pricing(sc.bad))
		ctx, cancel := context.WithTimeout(context.Background(), sc.deadline)
		var produced atomic.Int64
		var stopped atomic.Bool
		results, inOrder, next := 0, true, 1000
		var last error
		for p, err := range PriceAll(ctx, srv.URL, orderIDs(1000, &produced, &stopped)) {
			if err != nil {
				last = err
				continue
			}
			inOrder = inOrder && p.ID == next
			next++
			if results++; results == sc.takeOnly {
				break
			}
		}
		cancel()
		srv.Close()
		fmt.Fprintf(w, "%s:\n", sc.title)
		fmt.Fprintf(w, "  %d results, in input order: %v; %d orders read from the stream\n", results, inOrder, produced.Load())
		switch {
		case last == nil:
		case errors.Is(last, context.DeadlineExceeded):
			fmt.Fprintf(w, "  ended by the deadline: %v\n", last)
		default:
			fmt.Fprintf(w, "  ended by the first error: %v\n", last)
		}
		if stopped.Load() {
			fmt.Fprintln(w, "  the stream was told to stop")
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
