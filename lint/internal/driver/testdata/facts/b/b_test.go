package b_test

import "example.com/facts/b"

func Example() {
	b.Rest()
	// Output:
}
