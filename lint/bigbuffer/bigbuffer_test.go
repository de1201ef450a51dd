package bigbuffer_test

import (
	"fmt"
	"testing"

	"github.com/leash-go/leash/lint/bigbuffer"
	"github.com/leash-go/leash/lint/internal/checktest"
)

func TestAnalyzer(t *testing.T) {
	checktest.Run(t, bigbuffer.Analyzer, "bigbuffer")
}

func TestMaxFlag(t *testing.T) {
	if err := bigbuffer.Analyzer.Flags.Set("max", "10"); err != nil {
		t.Fatal(err)
	}
	defer bigbuffer.Analyzer.Flags.Set("max", fmt.Sprint(bigbuffer.DefaultMax))
	checktest.Run(t, bigbuffer.Analyzer, "smallmax")
}
