package endings_test

import (
	"testing"

	"github.com/leash-go/leash/lint/internal/endings"
)

func TestResolve(t *testing.T) {
	cli := &endings.Summary{
		Ends: []string{"main.main"},
		Calls: []endings.Call{
			{Caller: "main.main", Callee: "main.run", Last: true},
			{Caller: "main.run", Callee: "lib.Start", Last: true},
			{Caller: "", CallerEnds: true, Callee: "lib.Wait", Last: true}, // a RunE literal
			{Caller: "main.run", Callee: "lib.Serve", Last: false},         // something waits after it
			{Caller: "main.loop", Callee: "lib.Poll", Last: true},          // main.loop is not an end
			{Caller: "main.run", Callee: "lib.Handle", Last: true},
			{Caller: "a.b", Callee: "a.c", Last: true}, // a cycle of callers
			{Caller: "a.c", Callee: "a.b", Last: true},
		},
	}
	lib := &endings.Summary{
		Calls: []endings.Call{
			{Caller: "lib.Start", Callee: "lib.startWithPaths", Last: true},
			{Caller: "lib.Start", Callee: "lib.watch", Last: true},
			{Caller: "lib.Serve", Callee: "lib.watch", Last: true}, // a second caller that does not end
		},
		Open: []string{"lib.Handle"},
	}
	ends := endings.Resolve([]*endings.Summary{cli, lib})
	for key, want := range map[string]bool{
		"main.main": true, "main.run": true, "lib.Start": true, "lib.startWithPaths": true, "lib.Wait": true,
		"lib.Serve": false, "lib.Poll": false, "lib.watch": false, "lib.Handle": false,
		"a.b": false, "a.c": false, "lib.Unused": false,
	} {
		if ends[key] != want {
			t.Errorf("ends[%s] = %v, want %v", key, ends[key], want)
		}
	}
}
