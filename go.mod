module github.com/leash-go/leash

go 1.25.0
