// Package slow is a dependency outside the main module.
package slow

// Sleep sleeps.
func Sleep(ms int) {}

// Wait sleeps.
func Wait() { Sleep(1) }
