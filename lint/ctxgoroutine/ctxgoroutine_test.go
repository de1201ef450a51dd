package ctxgoroutine_test

import (
	"testing"

	"github.com/leash-go/leash/lint/ctxgoroutine"
	"github.com/leash-go/leash/lint/internal/checktest"
)

func TestCtxGoroutine(t *testing.T) {
	checktest.Run(t, ctxgoroutine.Analyzer, "ctxgoroutine")
}

func TestCtxGoroutineFixes(t *testing.T) {
	checktest.RunWithSuggestedFixes(t, ctxgoroutine.Analyzer, "fixes")
}
