// Command benchtable runs the benchmarks of the bench module and rewrites
// the results section of its README.md from them.
//
// Usage, from the repository or from bench/:
//
//	go run ./bench/cmd/benchtable [-count 10] [-bench regexp] [-benchtime d]
//	go run ./bench/cmd/benchtable -from bench/results/latest.txt
//
// It builds the benchmarks and runs every one of them once per round, for
// -count rounds (so that the load of other processes on a shared machine
// spreads over every implementation), saves the output in
// results/latest.txt, saves benchstat's comparison of every
// implementation with leash (benchstat -col /impl) in results/benchstat.txt,
// and replaces the part of README.md between the lines
// "<!-- benchtable: begin -->" and "<!-- benchtable: end -->" with a table
// per workload: each implementation's median ns/item, allocs/item, B/item,
// peak goroutines, goroutines started and peak heap, the ratio of leash to
// the best peer and to the bare loop, and which targets are met.
//
// With -from it makes the table from a results file instead of running the
// benchmarks. The whole run takes about two minutes a round here: use
// -count 1 -benchtime 1x for a quick look, and the default for figures
// worth quoting.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

const benchPackage = "github.com/leash-go/leash/bench"

func main() {
	var (
		count     = flag.Int("count", 10, "runs of each benchmark (go test -count)")
		bench     = flag.String("bench", ".", "which benchmarks to run (go test -bench)")
		benchtime = flag.String("benchtime", "", "time or iterations per run (go test -benchtime); empty for go test's default")
		from      = flag.String("from", "", "make the table from this results file instead of running the benchmarks")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: benchtable [-count n] [-bench regexp] [-benchtime d] [-from file]\n\n"+
			"Runs the bench module's benchmarks and rewrites the results table in its README.md.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *count < 1 {
		fail(fmt.Errorf("-count %d: want at least 1 run", *count))
	}
	if err := run(*count, *bench, *benchtime, *from); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchtable:", err)
	os.Exit(1)
}

func run(count int, bench, benchtime, from string) error {
	dir, err := moduleDir()
	if err != nil {
		return err
	}
	var (
		readme   = filepath.Join(dir, "README.md")
		rawPath  = filepath.Join(dir, "results", "latest.txt")
		statPath = filepath.Join(dir, "results", "benchstat.txt")
	)
	// Check the README before spending minutes on the benchmarks.
	doc, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	if _, err := replaceSection(string(doc), ""); err != nil {
		return fmt.Errorf("%s: %v", readme, err)
	}

	if from == "" {
		raw, err := runBenchmarks(dir, count, bench, benchtime)
		if err != nil {
			failed := filepath.Join(dir, "results", "failed.raw")
			if werr := os.WriteFile(failed, raw, 0o644); werr == nil {
				err = fmt.Errorf("%v (output kept in %s)", err, failed)
			}
			return err
		}
		if err := os.WriteFile(rawPath, raw, 0o644); err != nil {
			return err
		}
	} else if rawPath, err = filepath.Abs(from); err != nil {
		return err
	}

	stat, err := benchstat(dir, rawPath)
	if err != nil {
		return err
	}
	if err := os.WriteFile(statPath, stat, 0o644); err != nil {
		return err
	}

	f, err := os.Open(rawPath)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := parse(f, rawPath)
	if err != nil {
		return err
	}
	section := render(r, relTo(dir, rawPath), relTo(dir, statPath))
	// Read the README again: it may have been edited while the benchmarks ran.
	if doc, err = os.ReadFile(readme); err != nil {
		return err
	}
	updated, err := replaceSection(string(doc), section)
	if err != nil {
		return fmt.Errorf("%s: %v", readme, err)
	}
	if err := os.WriteFile(readme, []byte(updated), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "benchtable: wrote %s, %s and %s\n", relTo(".", readme), relTo(".", rawPath), relTo(".", statPath))
	return nil
}

// moduleDir returns the directory of the bench module, wherever in the
// repository the command runs.
func moduleDir() (string, error) {
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", benchPackage).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return "", fmt.Errorf("cannot find %s: run benchtable inside the leash repository (%s)", benchPackage, bytes.TrimSpace(ee.Stderr))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// runBenchmarks builds the benchmarks once and runs them count times over,
// each round running every benchmark once: the machine is shared, and
// rounds spread the load of other processes over all the implementations
// instead of letting it fall on whichever ran while it lasted. It echoes
// the output as it goes and returns it behind a header that says when,
// how and where it was measured, in the benchmark format's "key: value"
// lines.
func runBenchmarks(dir string, count int, bench, benchtime string) ([]byte, error) {
	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOVERSION: %v", err)
	}
	tmp, err := os.MkdirTemp("", "benchtable")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	binary := filepath.Join(tmp, "bench.test")
	build := exec.Command("go", "test", "-c", "-o", binary, ".")
	build.Dir = dir
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("go test -c: %v", err)
	}

	args := []string{"-test.run", "^$", "-test.bench", bench, "-test.count", "1"}
	if benchtime != "" {
		args = append(args, "-test.benchtime", benchtime)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&out, "command: %s\n", strings.Join(append([]string{"go run ./cmd/benchtable"}, os.Args[1:]...), " "))
	fmt.Fprintf(&out, "goversion: %s\n", bytes.TrimSpace(goVersion))
	fmt.Fprintf(&out, "gomaxprocs: %d\n", runtime.GOMAXPROCS(0))
	if commit, err := exec.Command("git", "-C", dir, "rev-parse", "--short", "HEAD").Output(); err == nil {
		fmt.Fprintf(&out, "commit: %s\n", bytes.TrimSpace(commit))
	}
	for round := 1; round <= count; round++ {
		fmt.Fprintf(os.Stderr, "benchtable: round %d of %d: bench.test %s\n", round, count, strings.Join(args, " "))
		cmd := exec.Command(binary, args...)
		cmd.Dir = dir
		cmd.Stdout = io.MultiWriter(&out, os.Stderr)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return out.Bytes(), fmt.Errorf("round %d: the benchmarks failed: %v", round, err)
		}
	}
	return out.Bytes(), nil
}

// benchstat compares every implementation with leash, with the benchstat
// that bench/go.mod names as a tool.
func benchstat(dir, rawPath string) ([]byte, error) {
	cmd := exec.Command("go", "tool", "benchstat", "-col", "/impl", rawPath)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go tool benchstat: %v", err)
	}
	return out, nil
}

// relTo returns path relative to dir, or path itself if it has none.
func relTo(dir, path string) string {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(absDir, path); err == nil {
		return rel
	}
	return path
}
