package blockingsend

import (
	"bufio"
	"os"
)

// The receiver hands the channel to a helper that ranges over it and can
// stop early: the goroutine's next send then blocks forever. The finding
// names the helper's call as where receiving stops.
func grepAll(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, err
		}
		lines := make(chan string)
		go func() {
			scanLines(p, lines) // want `send on lines can block forever: collectUntil \(line \d+\) can stop receiving before the senders are done`
			close(lines)
		}()
		out = append(out, collectUntil(lines, "END")...)
	}
	return out, nil
}

func scanLines(p string, lines chan<- string) {
	f, err := os.Open(p)
	if err != nil {
		return
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		lines <- s.Text()
	}
}

func collectUntil(lines <-chan string, stop string) []string {
	var got []string
	for l := range lines {
		if l == stop {
			return got
		}
		got = append(got, l)
	}
	return got
}

// A helper that drains what it does not keep leaves nothing behind.
func grepAllDrained(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, err
		}
		lines := make(chan string)
		go func() {
			scanLines(p, lines)
			close(lines)
		}()
		out = append(out, collectAll(lines, "END")...)
	}
	return out, nil
}

func collectAll(lines <-chan string, stop string) []string {
	var got []string
	done := false
	for l := range lines {
		if l == stop {
			done = true
		}
		if !done {
			got = append(got, l)
		}
	}
	return got
}
