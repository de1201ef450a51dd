package ignore_test

import (
	"fmt"

	"github.com/leash-go/leash/lint/internal/ignore"
)

func ExampleParse() {
	checks, hasReason, ok := ignore.Parse("//leash:ignore wgadd,bigbuffer counted by the caller before it starts us")
	fmt.Println(checks, hasReason, ok)
	checks, hasReason, ok = ignore.Parse("//leash:ignore wgadd")
	fmt.Println(checks, hasReason, ok)
	// Output:
	// [wgadd bigbuffer] true true
	// [wgadd] false true
}
