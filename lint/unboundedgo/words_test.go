package unboundedgo

import (
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	for name, want := range map[string][]string{
		"membersToChange":   {"members", "to", "change"},
		"MemberClientCount": {"member", "client", "count"},
		"snake_case_name":   {"snake", "case", "name"},
		"conns":             {"conns"},
		"HTTPServers":       {"httpservers"},
		"":                  nil,
	} {
		if got := words(name); !reflect.DeepEqual(got, want) {
			t.Errorf("words(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestIsTopology(t *testing.T) {
	for name, want := range map[string]bool{
		"membersToChange":   true,
		"MemberClientCount": true,
		"hosts":             true,
		"Procs":             true,
		"addresses":         true,
		"peers":             true,
		"urls":              false,
		"ids":               false,
		"taskMap":           false,
		"unprocessed":       false,
		"machines":          false,
	} {
		if got := isTopology(name); got != want {
			t.Errorf("isTopology(%q) = %v, want %v", name, got, want)
		}
	}
}
