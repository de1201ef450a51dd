//go:build linux

package driver_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// processesWith returns the processes whose environment holds entry, but
// not the process except.
func processesWith(entry string, except int) map[int]string {
	found := make(map[int]string)
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, dir := range dirs {
		pid, _ := strconv.Atoi(filepath.Base(dir))
		env, err := os.ReadFile(filepath.Join(dir, "environ"))
		if err != nil || pid == except {
			continue
		}
		if bytes.Contains(append(append([]byte{0}, env...), 0), append(append([]byte{0}, entry...), 0)) {
			cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
			found[pid] = string(bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '}))
		}
	}
	return found
}

// Stopped by SIGINT or SIGTERM while the go command builds the packages'
// dependencies, leash stops the go command and what it started, then dies
// by the signal.
func TestSignalStopsTheGoCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a build of net/http with an empty build cache")
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := module(t, map[string]string{"m.go": "package m\n\nimport _ \"net/http\"\n"})
			cache := "GOCACHE=" + t.TempDir() // empty: the go command has much to build, and it marks its processes
			leash := command(t, dir, "./...")
			leash.Env = append(leash.Env, cache)
			if err := leash.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() {
				for pid := range processesWith(cache, -1) {
					syscall.Kill(pid, syscall.SIGKILL)
				}
			}()
			// Wait for the go command and a compiler it started.
			compilerRuns := func() bool {
				for _, cmdline := range processesWith(cache, leash.Process.Pid) {
					if strings.Contains(cmdline, "/compile ") {
						return true
					}
				}
				return false
			}
			deadline := time.Now().Add(time.Minute)
			for !compilerRuns() {
				if time.Now().After(deadline) {
					t.Fatalf("the go command started no compiler within a minute: %v", processesWith(cache, -1))
				}
				time.Sleep(20 * time.Millisecond)
			}
			children := processesWith(cache, leash.Process.Pid)
			if err := leash.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- leash.Wait() }()
			select {
			case <-exited:
			case <-time.After(30 * time.Second):
				leash.Process.Kill()
				t.Fatalf("leash still runs 30s after %v", sig)
			}
			if ws, ok := leash.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != sig {
				t.Errorf("leash ended with %v, want death by %v", leash.ProcessState, sig)
			}
			deadline = time.Now().Add(10 * time.Second)
			for {
				left := processesWith(cache, -1)
				if len(left) == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("10s after leash ended, processes it started still run: %v (it had started %v)", left, children)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}
