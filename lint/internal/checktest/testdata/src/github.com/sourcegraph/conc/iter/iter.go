// Package iter is a stub of github.com/sourcegraph/conc/iter for analyzer tests.
package iter

func ForEach[T any](input []T, f func(*T))                           {}
func Map[T, R any](input []T, f func(*T) R) []R                      { return nil }
func MapErr[T, R any](input []T, f func(*T) (R, error)) ([]R, error) { return nil, nil }
