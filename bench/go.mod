module github.com/leash-go/leash/bench

go 1.26.0
