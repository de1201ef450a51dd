module github.com/leash-go/leash/lint

go 1.26.0
