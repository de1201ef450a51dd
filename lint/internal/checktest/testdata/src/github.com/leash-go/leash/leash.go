// Package leash is a stub of github.com/leash-go/leash for analyzer tests.
package leash

import (
	"context"
	"iter"
)

type Option func()

func Limit(n int) Option    { return nil }
func CollectErrors() Option { return nil }

type Group struct{ err error }

func NewGroup(ctx context.Context, opts ...Option) *Group        { return &Group{} }
func (g *Group) Go(task func(ctx context.Context) error)         {}
func (g *Group) TryGo(task func(ctx context.Context) error) bool { return true }
func (g *Group) Wait() error                                     { return g.err }

func Map[T, R any](ctx context.Context, in []T, fn func(context.Context, T) (R, error), opts ...Option) ([]R, error) {
	return nil, ctx.Err()
}
func ForEach[T any](ctx context.Context, in []T, fn func(context.Context, T) error, opts ...Option) error {
	return ctx.Err()
}
func MapSeq[T, R any](ctx context.Context, in iter.Seq[T], fn func(context.Context, T) (R, error), opts ...Option) iter.Seq2[R, error] {
	return nil
}
func ForEachSeq[T any](ctx context.Context, in iter.Seq[T], fn func(context.Context, T) error, opts ...Option) error {
	return ctx.Err()
}

func Send[T any](ctx context.Context, ch chan<- T, v T) error                { return ctx.Err() }
func Recv[T any](ctx context.Context, ch <-chan T) (v T, ok bool, err error) { return v, false, ctx.Err() }
