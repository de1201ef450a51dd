package leakwatch

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// hostile is a site whose every field tries to break out of the page.
var hostile = Site{
	CreatedBy: `evil.<script>alert("by")</script>`,
	CreatedAt: `/src/"><img src=x onerror=alert(1)>.go:1`,
	BlockedIn: `evil.</td></tr><script>alert(2)</script>`,
	BlockedAt: `/src/p.go:2' onmouseover='alert(3)`,
	State:     `chan send<style>*{display:none}</style>`,
	Count:     3,
	Stack:     "goroutine 1 [chan send (leaked)]:\n</pre><script>alert(4)</script>\n<!--",
}

// watched returns a Watcher that has run the checks whose reports are
// given, a minute apart, with check replaced to return them in turn.
func watched(t *testing.T, reports ...Report) *Watcher {
	t.Helper()
	i := 0
	w := New(Interval(time.Minute))
	w.check = func(context.Context) (Report, error) {
		r := reports[min(i, len(reports)-1)]
		i++
		r.At = time.Now()
		r.Sites = append([]Site(nil), r.Sites...)
		return r, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(len(reports)-1)*time.Minute+time.Second)
	defer cancel()
	w.Run(ctx)
	return w
}

func get(t *testing.T, w *Watcher, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	w.ServeHTTP(rec, req)
	return rec
}

// The page shows everything a site says, and nothing it says is markup.
func TestPageEscapes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := watched(t, Report{Proven: true, Sites: []Site{hostile}})
		rec := get(t, w, "/debug/leakwatch")
		body := rec.Body.String()
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		for _, raw := range []string{"<script", "<img", "<style>*", "</pre><script", "onmouseover='", "<!--"} {
			if strings.Contains(body, raw) {
				t.Errorf("the page holds %q unescaped", raw)
			}
		}
		for _, escaped := range []string{
			"evil.&lt;script&gt;alert(&#34;by&#34;)&lt;/script&gt;",
			"&lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt;",
			"onmouseover=&#39;alert(3)",
			"&lt;img src=x onerror=alert(1)&gt;",
		} {
			if !strings.Contains(body, escaped) {
				t.Errorf("the page lacks %q", escaped)
			}
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("Content-Security-Policy %q", csp)
		}
	})
}

// The page lists each site with its count, growth and counts over time,
// growing sites first, and says whether it is proven.
func TestPageSites(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := Site{CreatedBy: "example.com/p.start", CreatedAt: "/src/p.go:1", BlockedIn: "example.com/p.a", BlockedAt: "/src/p.go:10", State: "chan send", Count: 5, Stack: "goroutine 7 [chan send (leaked)]:"}
		b := Site{CreatedBy: "example.com/p.start", CreatedAt: "/src/p.go:1", BlockedIn: "example.com/p.b", BlockedAt: "/src/p.go:20", State: "sync.WaitGroup.Wait", Count: 40, Stack: "goroutine 8 [sync.WaitGroup.Wait (leaked)]:"}
		grown := a
		grown.Count = 9
		w := watched(t,
			Report{Proven: true, Sites: []Site{b, a}},
			Report{Proven: true, Sites: []Site{b, grown}},
		)
		body := get(t, w, "/").Body.String()
		for _, want := range []string{
			"<strong class=\"proven\">Proven:</strong>",
			"<strong>49</strong> goroutines leaked at 2 sites",
			`<td class="count">9<span class="growth">+4</span></td>`,
			`<span class="tag growing">growing</span>`,
			`<title>5 → 9</title>`,
			`<title>40 → 40</title>`,
			`<span class="fn">example.com/p.a</span><br><span class="loc">/src/p.go:10</span>`,
			`<pre>goroutine 8 [sync.WaitGroup.Wait (leaked)]:</pre>`,
			"2 checks run",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Index(body, "example.com/p.a") > strings.Index(body, "example.com/p.b") {
			t.Error("the growing site is not first")
		}
		if strings.Contains(body, "<script") {
			t.Error("the page has a script")
		}
	})
}

func TestPageStates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		body := get(t, New(), "/").Body.String()
		if !strings.Contains(body, "No check yet") {
			t.Errorf("a page before any check:\n%s", body)
		}
		body = get(t, watched(t, Report{Proven: true, Sites: []Site{}}), "/").Body.String()
		if !strings.Contains(body, "No leaked goroutines.") {
			t.Errorf("a page after a clean check:\n%s", body)
		}
		body = get(t, watched(t, Report{Sites: []Site{}}), "/").Body.String()
		if !strings.Contains(body, "Suspected, not proven:") || !strings.Contains(body, "at least 1000 goroutines blocked on a channel or lock for at least 10m0s") || !strings.Contains(body, "No suspected goroutines.") {
			t.Errorf("a page without the leak profile:\n%s", body)
		}
	})
}

// The same as JSON, for ?format=json or an Accept header that prefers it.
func TestPageJSON(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := Site{CreatedBy: "example.com/p.start", CreatedAt: "/src/p.go:1", BlockedIn: "example.com/p.a", BlockedAt: "/src/p.go:10", State: "chan send", Count: 5, Stack: "goroutine 7"}
		grown := a
		grown.Count = 6
		start := time.Now()
		w := watched(t, Report{Proven: true, Sites: []Site{a}}, Report{Proven: true, Sites: []Site{grown}})
		for _, tc := range []struct {
			target string
			header []string
			json   bool
		}{
			{"/?format=json", nil, true},
			{"/", []string{"Accept", "application/json"}, true},
			{"/", []string{"Accept", "application/json, */*;q=0.1"}, true},
			{"/", []string{"Accept", "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"}, false},
			{"/", []string{"Accept", "*/*"}, false},
			{"/", []string{"Accept", "application/json;q=0"}, false},
			{"/?format=html", []string{"Accept", "application/json"}, false},
			{"/", nil, false},
		} {
			rec := get(t, w, tc.target, tc.header...)
			isJSON := rec.Header().Get("Content-Type") == "application/json"
			if isJSON != tc.json {
				t.Errorf("%s %v: JSON %v, want %v", tc.target, tc.header, isJSON, tc.json)
				continue
			}
			if !isJSON {
				continue
			}
			var got struct {
				Proven     bool `json:"proven"`
				Checks     int  `json:"checks"`
				Goroutines int  `json:"goroutines"`
				Sites      []struct {
					BlockedAt string    `json:"blocked_at"`
					CreatedBy string    `json:"created_by"`
					Count     int       `json:"count"`
					Growth    int       `json:"growth"`
					Gone      bool      `json:"gone"`
					FirstSeen time.Time `json:"first_seen"`
					Stack     string    `json:"stack"`
					History   []Sample  `json:"history"`
				} `json:"sites"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("%v\n%s", err, rec.Body.String())
			}
			if !got.Proven || got.Checks != 2 || got.Goroutines != 6 || len(got.Sites) != 1 {
				t.Fatalf("JSON %+v", got)
			}
			s := got.Sites[0]
			if s.BlockedAt != "/src/p.go:10" || s.CreatedBy != "example.com/p.start" || s.Count != 6 || s.Growth != 1 || s.Gone ||
				!s.FirstSeen.Equal(start) || s.Stack != "goroutine 7" || len(s.History) != 2 || s.History[0].Count != 5 {
				t.Errorf("site %+v", s)
			}
		}
	})
}

func TestPageRequests(t *testing.T) {
	w := New()
	rec := httptest.NewRecorder()
	w.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	if rec := get(t, w, "/?format=xml"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "format=json") {
		t.Errorf("format=xml: %d %s", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	w.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/", nil))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
}
