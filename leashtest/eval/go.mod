module github.com/leash-go/leash/leashtest/eval

go 1.26.0

require github.com/leash-go/leash v0.0.0

require go.uber.org/goleak v1.3.0

replace github.com/leash-go/leash => ../..
