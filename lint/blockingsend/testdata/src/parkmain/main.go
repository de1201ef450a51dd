// A look-alike that is harmless: a demo program's main counts its two
// endless watchers with wg.Add(2) and never calls Done, so its last
// statement, wg.Wait(), blocks until the program is killed, as select {}
// would. From: arana-db/arana's example/service_discovery/etcd/main.go.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go watch("a")
	go watch("b")
	load()
	wg.Wait()
}

func watch(name string) {
	for range time.Tick(time.Second) {
		fmt.Println(name)
	}
}

// Still reported: load is not main's last act, and its caller waits for
// it to come back.
func load() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { fmt.Println("loading") }()
	wg.Wait() // want `wg.Wait blocks forever`
}
