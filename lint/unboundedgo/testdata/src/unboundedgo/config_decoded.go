package unboundedgo

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"gopkg.in/yaml.v3"
)

type postTarget struct{ URL string }

type posterServer struct{ Post []postTarget }

// A look-alike: the targets come from the operator's YAML configuration,
// decoded once at start-up, not from a remote sender. From:
// Mrs4s/go-cqhttp server/http.go.
func runPosters(ctx context.Context, node yaml.Node) {
	var conf posterServer
	if err := node.Decode(&conf); err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, c := range conf.Post {
		wg.Go(func() { fetchOne(ctx, c.URL) })
	}
	wg.Wait()
}

// Still reported: the same targets sent as JSON in a request body.
func postersHandler(w http.ResponseWriter, r *http.Request) {
	var conf posterServer
	if err := json.NewDecoder(r.Body).Decode(&conf); err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, c := range conf.Post {
		wg.Go(func() { fetchOne(r.Context(), c.URL) }) // want `wg.Go per element of conf.Post with no limit`
	}
	wg.Wait()
}
