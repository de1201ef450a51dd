package gobench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// frame is one frame of a goroutine's stack.
type frame struct {
	Func string // "main.(*node_etcd6857).Status"
	File string // base name
	Line int
}

// leak is a goroutine the leak profile reports as blocked forever.
type leak struct {
	Reason string  // "chan send"
	Frames []frame // innermost first
	// Created is the go statement that started the goroutine.
	Created frame
}

// String renders the leak the way the runtime's test matches it: the
// goroutine's entry function and its wait reason.
func (l leak) String() string {
	entry := ""
	if len(l.Frames) > 0 {
		entry = l.Frames[len(l.Frames)-1].Func
	}
	return entry + "() [" + l.Reason + "]"
}

var header = regexp.MustCompile(`^goroutine \d+ \[([^\]]*)\]:$`)

// parseLeaks extracts the leaked goroutines from a goroutine leak profile
// written with debug=2.
func parseLeaks(profile string) []leak {
	var leaks []leak
	for _, block := range strings.Split(profile, "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		m := header.FindStringSubmatch(lines[0])
		if m == nil || !strings.Contains(m[1], "(leaked)") {
			continue
		}
		reason, _, _ := strings.Cut(strings.Replace(m[1], " (leaked)", "", 1), ",")
		l := leak{Reason: reason}
		for i := 1; i+1 < len(lines); i += 2 {
			fn, loc := lines[i], strings.TrimSpace(lines[i+1])
			f := frame{File: filepath.Base(location(loc)), Line: lineOf(loc)}
			if rest, ok := strings.CutPrefix(fn, "created by "); ok {
				f.Func, _, _ = strings.Cut(rest, " in goroutine")
				l.Created = f
				break
			}
			f.Func = funcName(fn)
			l.Frames = append(l.Frames, f)
		}
		leaks = append(leaks, l)
	}
	return leaks
}

// funcName strips the arguments from a stack frame's function line.
func funcName(line string) string {
	if i := strings.LastIndex(line, "("); i > 0 && strings.HasSuffix(line, ")") {
		return line[:i]
	}
	return line
}

// location returns the file of "path/file.go:123 +0x45".
func location(loc string) string {
	path, _, _ := strings.Cut(loc, " ")
	if i := strings.LastIndex(path, ":"); i > 0 {
		return path[:i]
	}
	return path
}

func lineOf(loc string) int {
	path, _, _ := strings.Cut(loc, " ")
	if i := strings.LastIndex(path, ":"); i > 0 {
		n, _ := strconv.Atoi(path[i+1:])
		return n
	}
	return 0
}

// buildKernels builds the kernels' program with the goroutine leak
// profile enabled.
func buildKernels(dir, exe string) error {
	cmd := exec.Command("go", "build", "-o", exe, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOEXPERIMENT=goroutineleakprofile", "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the kernels: %v\n%s", err, out)
	}
	return nil
}

// runKernel runs one kernel up to runs times, as the runtime's test does,
// and returns every leak seen, deduplicated by stack, and how many runs it
// took. It stops early once every expected leak pattern has matched.
func runKernel(exe string, k kernel, exp expectation, runs int) ([]leak, int, error) {
	seen := make(map[string]bool)
	matched := make([]bool, len(exp.Leaks))
	var leaks []leak
	n := 0
	for n < runs {
		n++
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, exe, k.Name)
		cmd.Env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1", "GOEXPERIMENT=goroutineleakprofile")
		if exp.Simple {
			cmd.Env = append(cmd.Env, "GOMAXPROCS=1")
		}
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			return leaks, n, fmt.Errorf("running %s: %v\n%s", k.Name, err, firstLines(string(out), 20))
		}
		for _, l := range parseLeaks(string(out)) {
			key := stackKey(l)
			if !seen[key] {
				seen[key] = true
				leaks = append(leaks, l)
			}
			for i, re := range exp.Leaks {
				if re.MatchString(l.String()) {
					matched[i] = true
				}
			}
		}
		if len(exp.Leaks) > 0 && all(matched) {
			break
		}
	}
	return leaks, n, nil
}

func stackKey(l leak) string {
	var b strings.Builder
	b.WriteString(l.Reason)
	for _, f := range append(l.Frames, l.Created) {
		fmt.Fprintf(&b, "|%s:%d", f.File, f.Line)
	}
	return b.String()
}

func all(bs []bool) bool {
	for _, b := range bs {
		if !b {
			return false
		}
	}
	return true
}

func firstLines(s string, n int) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	var out []string
	for sc.Scan() && len(out) < n {
		out = append(out, sc.Text())
	}
	return strings.Join(out, "\n")
}
