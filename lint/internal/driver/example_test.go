package driver_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/leash-go/leash/lint/internal/driver"
	"github.com/leash-go/leash/lint/wgadd"
	"golang.org/x/tools/go/analysis"
)

// Run is the whole leash command; main passes it os.Args[1:].
func ExampleRun() {
	dir, err := os.MkdirTemp("", "leash-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "m.go"), []byte(`package m

import "sync"

func count(docs []string) {
	var wg sync.WaitGroup
	for range docs {
		go func() {
			wg.Add(1)
			defer wg.Done()
		}()
	}
	wg.Wait()
}
`), 0o644)

	code := driver.Run([]string{"./..."}, []*analysis.Analyzer{wgadd.Analyzer}, driver.Options{Stdout: os.Stdout, Stderr: os.Stderr, Dir: dir})
	fmt.Println("exit status", code)
	// Output:
	// m.go:9:4: wg.Add inside the goroutine it counts races with wg.Wait: call wg.Add before the go statement, or start the goroutine with wg.Go (wgadd)
	// exit status 3
}
