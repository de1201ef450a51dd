package readaudit

import "testing"

func TestRegister(t *testing.T) {
	r := new(registry)
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Register("a")
	}()
	<-done
	if len(r.Names()) != 1 {
		t.Fatal("not registered")
	}
}
