// Command dashboard is the playbook's first pattern written with leash: three
// calls to other services made side by side for one page, the first error
// cancelling the other two.
//
// It starts three local services (net/http/httptest) and builds the page
// three times: when every service answers, when one fails, and when one is
// too slow for the page's deadline. Run it with:
//
//	go run ./examples/dashboard
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/leash-go/leash"
)

// Dashboard is what the page shows.
type Dashboard struct {
	Profile       string
	Orders        []string
	Notifications []string
}

// GetDashboard calls the three services at once. The group hands each call
// its context: when one fails, the others are cancelled and GetDashboard
// returns at once with the first error.
func GetDashboard(ctx context.Context, base, userID string) (*Dashboard, error) {
	var d Dashboard
	g := leash.NewGroup(ctx)
	g.Go(func(ctx context.Context) error { return getJSON(ctx, base+"/profile/"+userID, &d.Profile) })
	g.Go(func(ctx context.Context) error { return getJSON(ctx, base+"/orders/"+userID, &d.Orders) })
	g.Go(func(ctx context.Context) error { return getJSON(ctx, base+"/notifications/"+userID, &d.Notifications) })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return &d, nil
}

// getJSON fetches url into v; the request ends when ctx does.
func getJSON(ctx context.Context, url string, v any) error {
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
	return json.NewDecoder(resp.Body).Decode(v)
}

// services answers like the three services would; behaviour picks how
// each one behaves: "ok", "fail" or "slow".
func services(behaviour map[string]string, cancelled chan<- string) http.Handler {
	mux := http.NewServeMux()
	answer := map[string]any{
		"profile":       "Ada Lovelace",
		"orders":        []string{"#1001", "#1002"},
		"notifications": []string{"your order shipped"},
	}
	for name, body := range answer {
		mux.HandleFunc("/"+name+"/{user}", func(w http.ResponseWriter, r *http.Request) {
			switch behaviour[name] {
			case "fail":
				time.Sleep(20 * time.Millisecond)
				http.Error(w, "database unavailable", http.StatusServiceUnavailable)
				return
			case "slow":
				select {
				case <-time.After(2 * time.Second):
				case <-r.Context().Done():
					cancelled <- name // the caller gave up: the work stops here
					return
				}
			}
			json.NewEncoder(w).Encode(body)
		})
	}
	return mux
}

func run(w io.Writer) error {
	scenarios := []struct {
		title     string
		behaviour map[string]string
		deadline  time.Duration
	}{
		{"every service answers", map[string]string{}, time.Second},
		{"the orders service fails; the slow notifications call is cancelled", map[string]string{"orders": "fail", "notifications": "slow"}, time.Second},
		{"the profile service is slower than the page's deadline", map[string]string{"profile": "slow"}, 100 * time.Millisecond},
	}
	for _, sc := range scenarios {
		cancelled := make(chan string, 3)
		srv := httptest.NewServer(services(sc.behaviour, cancelled))
		ctx, cancel := context.WithTimeout(context.Background(), sc.deadline)
		start := time.Now()
		d, err := GetDashboard(ctx, srv.URL, "42")
		took := time.Since(start).Round(10 * time.Millisecond)
		cancel()
		srv.Close() // waits for the handlers: each slow one has seen its request end
		close(cancelled)
		fmt.Fprintf(w, "%s:\n", sc.title)
		switch {
		case err == nil:
			fmt.Fprintf(w, "  page: %s, %d orders, %d notifications\n", d.Profile, len(d.Orders), len(d.Notifications))
		case errors.Is(err, context.DeadlineExceeded):
			fmt.Fprintf(w, "  error after %v: the deadline passed (%v)\n", took, err)
		default:
			fmt.Fprintf(w, "  error after %v: %v\n", took, err)
		}
		for name := range cancelled {
			fmt.Fprintf(w, "  the %s service saw its request cancelled\n", name)
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
