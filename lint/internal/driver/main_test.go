package driver_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/leash-go/leash/lint/bigbuffer"
	"github.com/leash-go/leash/lint/internal/driver"
	"github.com/leash-go/leash/lint/internal/driver/drivertest"
	"github.com/leash-go/leash/lint/wgadd"
)

// TestMain makes the test binary a leash command over the test analyzers
// when LEASH_DRIVER_TEST_MAIN is set, so that tests can run the command's
// main, under go vet -vettool too, without building another binary.
//
// It also stands in for the go command and a compiler it starts, for
// TestCompiling: with LEASH_DRIVER_TEST_GO set it runs itself as a
// "compiler" of the package given, which sleeps.
//
// bigbuffer's one rule, an audit rule, is on throughout: its finding is
// the easiest to provoke, and the tests are about the command.
func TestMain(m *testing.M) {
	if err := bigbuffer.Analyzer.Flags.Set("audit", "true"); err != nil {
		panic(err)
	}
	switch {
	case os.Getenv("LEASH_DRIVER_TEST_MAIN") != "":
		driver.Main(drivertest.Sleepy, drivertest.Guessing, wgadd.Analyzer, bigbuffer.Analyzer)
	case os.Getenv("LEASH_DRIVER_TEST_GO") != "":
		compiler := exec.Command(os.Args[0], "-p", os.Getenv("LEASH_DRIVER_TEST_GO"))
		compiler.Env = append(os.Environ(), "LEASH_DRIVER_TEST_GO=", "LEASH_DRIVER_TEST_COMPILER=1")
		compiler.Run()
		os.Exit(0)
	case os.Getenv("LEASH_DRIVER_TEST_COMPILER") != "":
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// command returns the test binary set up to run as the leash command (see
// TestMain), in dir.
func command(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LEASH_DRIVER_TEST_MAIN=1")
	return cmd
}

// vet returns go vet with the test binary as its vet tool, in dir.
func vet(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", append([]string{"vet", "-vettool=" + self}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "LEASH_DRIVER_TEST_MAIN=1")
	return cmd
}

// copyModule copies the module in testdata/name into a temporary
// directory, outside the repository's go.work.
func copyModule(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", name))); err != nil {
		t.Fatal(err)
	}
	return dir
}
