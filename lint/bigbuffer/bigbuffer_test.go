package bigbuffer_test

import (
	"fmt"
	"testing"

	"github.com/leash-go/leash/lint/bigbuffer"
	"github.com/leash-go/leash/lint/internal/checktest"
)

func TestAnalyzer(t *testing.T) {
	// The check's one rule is an audit rule: off by default.
	checktest.Silent(t, bigbuffer.Analyzer, "bigbuffer", "smallmax")
	checktest.Audit(t, bigbuffer.Analyzer)
	checktest.Run(t, bigbuffer.Analyzer, "bigbuffer")
}

func TestMaxFlag(t *testing.T) {
	checktest.Audit(t, bigbuffer.Analyzer)
	if err := bigbuffer.Analyzer.Flags.Set("max", "10"); err != nil {
		t.Fatal(err)
	}
	defer bigbuffer.Analyzer.Flags.Set("max", fmt.Sprint(bigbuffer.DefaultMax))
	checktest.Run(t, bigbuffer.Analyzer, "smallmax")
}
