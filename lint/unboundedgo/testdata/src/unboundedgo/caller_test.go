package unboundedgo

import (
	"context"
	"encoding/json"
	"testing"
)

// Fine: a test decodes a fixture, not a request, and passes it on.
func TestPing(t *testing.T) {
	var targets []string
	if err := json.Unmarshal([]byte(`["a:1","b:2"]`), &targets); err != nil {
		t.Fatal(err)
	}
	Ping(context.Background(), targets)
}
