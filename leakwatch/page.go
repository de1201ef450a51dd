package leakwatch

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// ServeHTTP serves what the Watcher found at its latest check, and what it
// follows from the checks before: an HTML page, or the same as JSON when
// the request asks for it with ?format=json or Accept: application/json.
// It does not check: the Watcher checks while Run runs, and a page anyone
// can load must not be a way to run garbage collections.
//
// The page is plain HTML, usable without JavaScript: a summary of the
// checks, then the sites, growing and newest first, each with its count,
// its growth at the latest check, its counts over the latest checks, where
// its goroutines are blocked and were created, and the stack of one of
// them. The JSON is an object with the summary and "sites", a list of
// Leak as encoding/json writes them, each with its "growth" and whether it
// is "gone".
//
// Mount it where the program's other debugging pages are, behind the same
// access control: it shows function names, file paths and stacks.
//
//	http.Handle("/debug/leakwatch", w)
func (w *Watcher) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		rw.Header().Set("Allow", "GET, HEAD")
		http.Error(rw, "leakwatch: only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	asJSON, err := wantsJSON(r)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusBadRequest)
		return
	}
	s := w.summary()
	var body bytes.Buffer
	h := rw.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if asJSON {
		enc := json.NewEncoder(&body)
		enc.SetIndent("", "  ")
		if err := enc.Encode(s); err != nil {
			http.Error(rw, "leakwatch: "+err.Error(), http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "application/json")
	} else {
		if err := pageTemplate.Execute(&body, newPage(s)); err != nil {
			http.Error(rw, "leakwatch: "+err.Error(), http.StatusInternalServerError)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		// Nothing on the page runs: no script, whatever a stack holds.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	}
	h.Set("Content-Length", strconv.Itoa(body.Len()))
	if r.Method == http.MethodGet {
		rw.Write(body.Bytes())
	}
}

// wantsJSON reports whether r asks for JSON: ?format=json, or an Accept
// header that prefers application/json to HTML.
func wantsJSON(r *http.Request) (bool, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "json":
		return true, nil
	case "html":
		return false, nil
	case "":
	default:
		return false, fmt.Errorf("leakwatch: unknown format %q: use format=html or format=json", f)
	}
	accept := strings.Join(r.Header.Values("Accept"), ",")
	jsonQ, htmlQ := -1.0, -1.0
	htmlSpecificity := -1
	for _, part := range strings.Split(accept, ",") {
		mediaType, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		mediaType = strings.ToLower(strings.TrimSpace(mediaType))
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		switch mediaType {
		case "application/json":
			jsonQ = max(jsonQ, q)
		case "text/html", "text/*", "*/*":
			// The most specific range that matches text/html sets its q.
			spec := map[string]int{"text/html": 2, "text/*": 1, "*/*": 0}[mediaType]
			if spec > htmlSpecificity {
				htmlSpecificity, htmlQ = spec, q
			}
		}
	}
	return jsonQ > 0 && jsonQ > htmlQ, nil
}

// A summary is what ServeHTTP shows, taken from the Watcher at once.
type summary struct {
	Program    string    `json:"program"`
	GoVersion  string    `json:"go_version"`
	Proven     bool      `json:"proven"`
	At         time.Time `json:"at"`            // the latest check, zero before the first
	Checks     int       `json:"checks"`        // checks run so far
	Took       float64   `json:"check_seconds"` // how long the latest check took
	Running    bool      `json:"running"`       // Run is running
	Next       time.Time `json:"next"`          // when the next check is due, zero if none is
	Error      string    `json:"error,omitempty"`
	Goroutines int       `json:"goroutines"` // at every site of the latest check
	// SuspectGoroutines and SuspectAfter are the Watcher's thresholds for
	// suspected sites, where the report is not proven.
	SuspectGoroutines int          `json:"suspect_goroutines,omitempty"`
	SuspectAfter      float64      `json:"suspect_after_seconds,omitempty"`
	Sites             []leakStatus `json:"sites"`
}

// A leakStatus is a Leak as the page shows it.
type leakStatus struct {
	Leak
	Growth int  `json:"growth"` // goroutines gained at the latest check
	Gone   bool `json:"gone"`   // the latest check did not find the site
}

func (w *Watcher) summary() summary {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := summary{
		Program:   filepath.Base(os.Args[0]),
		GoVersion: runtime.Version(),
		Proven:    w.report.Proven,
		At:        w.report.At,
		Checks:    w.checks,
		Took:      w.lastTook.Seconds(),
		Running:   w.running.Load(),
		Next:      w.next,
		Sites:     []leakStatus{},
	}
	if w.lastErr != nil {
		s.Error = w.lastErr.Error()
	}
	if w.checks > 0 && !s.Proven {
		s.SuspectGoroutines, s.SuspectAfter = w.cfg.suspect.min, w.cfg.suspect.after.Seconds()
	}
	for _, site := range w.report.Sites {
		s.Goroutines += site.Count
	}
	for _, l := range w.leaksLocked() {
		s.Sites = append(s.Sites, leakStatus{Leak: l, Growth: l.Growth(), Gone: !l.LastSeen.Equal(w.report.At)})
	}
	return s
}

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"ago":     ago,
	"rfc3339": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"clock":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"seconds": func(s float64) string {
		return time.Duration(s * float64(time.Second)).Round(time.Microsecond).String()
	},
	"minutes": func(s float64) string { return (time.Duration(s) * time.Second).String() },
}).Parse(pageHTML))

// A page is a summary with what the HTML shows worked out.
type page struct {
	summary
	Now   time.Time
	Sites []pageSite
}

type pageSite struct {
	leakStatus
	Spark  sparkline
	Counts string // the history as text, oldest first
}

func newPage(s summary) page {
	p := page{summary: s, Now: time.Now()}
	for _, l := range s.Sites {
		counts := make([]string, len(l.History))
		for i, h := range l.History {
			counts[i] = strconv.Itoa(h.Count)
		}
		p.Sites = append(p.Sites, pageSite{leakStatus: l, Spark: newSparkline(l.History), Counts: strings.Join(counts, " → ")})
	}
	return p
}

// A sparkline draws a site's counts over the latest checks, as the points of
// an SVG polyline.
type sparkline struct {
	Width, Height int
	Base          int // the y of a count of 0
	Points        string
}

func newSparkline(h []Sample) sparkline {
	s := sparkline{Width: 2 * historyLen, Height: 24}
	s.Base = s.Height - 2
	peak := 1
	for _, x := range h {
		peak = max(peak, x.Count)
	}
	// The newest point sits at the right edge; a history shorter than the
	// width spreads out, up to 20 pixels a check.
	step := 20
	if len(h) > 1 {
		step = min(step, (s.Width-4)/(len(h)-1))
	}
	var b strings.Builder
	for i, x := range h {
		px := s.Width - 2 - step*(len(h)-1-i)
		py := s.Height - 2 - (s.Height-4)*x.Count/peak
		fmt.Fprintf(&b, "%d,%d ", px, py)
	}
	s.Points = strings.TrimSpace(b.String())
	return s
}

// ago says how long before now t was, roughly.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm ago", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}
