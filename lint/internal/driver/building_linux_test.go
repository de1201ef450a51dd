package driver

import (
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"
)

// TestCompiling runs the test binary as a stand-in for the go command,
// which starts itself as a stand-in for the compiler of a package (see
// TestMain), and checks that compiling names that package.
func TestCompiling(t *testing.T) {
	goCmd := exec.Command(os.Args[0])
	goCmd.Env = append(os.Environ(), "LEASH_DRIVER_TEST_GO=example.com/compiled")
	if err := goCmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, pid := range childrenByParent()[goCmd.Process.Pid] {
			if p, err := os.FindProcess(pid); err == nil {
				p.Kill()
			}
		}
		goCmd.Process.Kill()
		goCmd.Wait()
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		pkgs := compiling()
		if slices.Contains(pkgs, "example.com/compiled") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("compiling() = %q; want it to name example.com/compiled", pkgs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
