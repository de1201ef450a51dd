// Package clock stands for package time, without its dependencies.
package clock

// Sleep sleeps.
func Sleep(ms int) {}
