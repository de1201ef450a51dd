package antipatterns

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// Register serves the fetch functions over HTTP, as the services in the
// playbook's stories do. The client decides how many ids, URLs or names a
// request holds — and so, through the functions in fetch.go, how many
// goroutines and connections one request starts.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /items", itemsHandler)
	mux.HandleFunc("GET /check", checkHandler)
	mux.HandleFunc("POST /normalize", normalizeHandler)
}

// itemsHandler looks up a batch of items: the ids come from the request
// body.
func itemsHandler(w http.ResponseWriter, r *http.Request) {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	items, err := FetchAllBad(req.IDs)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	writeJSON(w, items)
}

// checkHandler checks every URL of the query string: /check?url=a&url=b.
func checkHandler(w http.ResponseWriter, r *http.Request) {
	if err := CheckAll(r.Context(), r.URL.Query()["url"]); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

// normalizeHandler normalizes the names in the request body.
func normalizeHandler(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Names []string `json:"names"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	out, err := ParallelMap(r.Context(), req.Names, normalize)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeJSON(w, out)
}

func normalize(_ context.Context, name string) (string, error) {
	return strings.ToLower(strings.TrimSpace(name)), nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}
