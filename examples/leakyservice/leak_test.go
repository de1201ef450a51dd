package main

import (
	"testing"

	"github.com/leash-go/leash/leashtest"
)

// The service leaks on purpose: the goroutines of search and export that
// the tests leave behind are the example's point.
// pkg is the package's name in the stacks of its test binary; in the
// command it is main.
const pkg = "github.com/leash-go/leash/examples/leakyservice"

func TestMain(m *testing.M) {
	leashtest.Main(m, leashtest.IgnoreCreatedBy(pkg+".search"), leashtest.IgnoreCreatedBy(pkg+".export"))
}
