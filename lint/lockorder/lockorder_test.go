package lockorder_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leash-go/leash/lint/internal/checktest"
	"github.com/leash-go/leash/lint/lockorder"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	checktest.Run(t, lockorder.Analyzer, "lockorder")
}

func TestOrder(t *testing.T) {
	if err := lockorder.Analyzer.Flags.Set("order", "true"); err != nil {
		t.Fatal(err)
	}
	defer lockorder.Analyzer.Flags.Set("order", "false")
	checktest.Run(t, lockorder.Analyzer, "order")
}

// Without -lockorder.order, none of the opposite orders is reported:
// every expected finding of the order package goes missing, and nothing
// else is reported.
func TestOrderOff(t *testing.T) {
	var got recorder
	analysistest.Run(&got, checktest.Dir(t), lockorder.Analyzer, "order")
	want := make(map[string]bool) // file:line of each expected finding
	for _, name := range []string{"order.go", "order_ok.go", "order_test.go"} {
		data, err := os.ReadFile(filepath.Join("testdata", "src", "order", name))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, "// want") {
				want[fmt.Sprintf("order/%s:%d", name, i+1)] = true
			}
		}
	}
	missing := make(map[string]bool)
	for _, e := range got.errors {
		where, _, _ := strings.Cut(e, ": ")
		if !strings.Contains(e, "no diagnostic was reported") || !want[where] {
			t.Errorf("unexpected: %s", e)
		}
		missing[where] = true
	}
	if len(want) == 0 || len(missing) != len(want) {
		t.Errorf("%d of the %d expected findings went missing: %q", len(missing), len(want), got.errors)
	}
}

// A kept lock's finding names, as related information, the Locks that
// wait behind it elsewhere in the package, and not the RLocks that a kept
// read lock lets through.
func TestKeptLockNamesWaiters(t *testing.T) {
	var got recorder
	results := analysistest.Run(&got, checktest.Dir(t), lockorder.Analyzer, "lockorder")
	file := filepath.Join("testdata", "src", "lockorder", "unlock.go")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(marker string) int {
		for i, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, marker) {
				return i + 1
			}
		}
		t.Fatalf("no line with %q in %s", marker, file)
		return 0
	}
	kept, waiter, reader := lineOf("r.client.mu.RLock() // want"), lineOf("// waiter"), lineOf("// not a waiter")
	var related []int
	found := false
	for _, r := range results {
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			if filepath.Base(p.Filename) != "unlock.go" || p.Line != kept {
				continue
			}
			found = true
			for _, rel := range d.Related {
				related = append(related, r.Pass.Fset.Position(rel.Pos).Line)
				if !strings.Contains(rel.Message, "waits forever here") {
					t.Errorf("related message %q", rel.Message)
				}
			}
		}
	}
	if !found {
		t.Fatalf("no finding at unlock.go:%d", kept)
	}
	if !slices.Contains(related, waiter) || slices.Contains(related, reader) {
		t.Errorf("related lines %v: want %d (the Lock), not %d (an RLock)", related, waiter, reader)
	}
	if slices.Contains(related, kept) {
		t.Errorf("related lines %v: a kept read lock lets the next RLock at %d through", related, kept)
	}
}

// TestKeptLockNamesTheNextCall checks that a Lock an early return keeps
// names itself first: the next call of the function is the first to wait
// behind it.
func TestKeptLockNamesTheNextCall(t *testing.T) {
	var got recorder
	results := analysistest.Run(&got, checktest.Dir(t), lockorder.Analyzer, "lockorder")
	data, err := os.ReadFile(filepath.Join("testdata", "src", "lockorder", "unlock.go"))
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "c.mu.Lock() // want `c.mu is locked here`") {
			kept = i + 1
		}
	}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			if filepath.Base(p.Filename) != "unlock.go" || p.Line != kept {
				continue
			}
			if len(d.Related) == 0 || d.Related[0].Pos != d.Pos || !strings.Contains(d.Related[0].Message, "the next call waits forever here") {
				t.Fatalf("related %v: want the Lock at line %d itself first", d.Related, kept)
			}
			return
		}
	}
	t.Fatalf("no finding at unlock.go:%d", kept)
}

// recorder collects what analysistest reports.
type recorder struct{ errors []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestAudit checks that -lockorder.audit turns the lock-order rule on, as
// -lockorder.order does, and reports recursive read locks whose writer
// the package does not show running at the same time as the reader.
func TestAudit(t *testing.T) {
	checktest.Audit(t, lockorder.Analyzer)
	checktest.Run(t, lockorder.Analyzer, "order", "readaudit")
}

// TestReadAuditSilent checks that by default those recursive read locks
// are left alone: setters called before a value is shared, one event
// loop, writers behind an interface, a writer started only by the tests.
func TestReadAuditSilent(t *testing.T) {
	checktest.Silent(t, lockorder.Analyzer, "readaudit")
}

// A recursive read lock's finding names, as related information, the
// writer that can come between the two read locks and the goroutine it
// runs in.
func TestReadLockNamesWriter(t *testing.T) {
	results := checktest.Run(t, lockorder.Analyzer, "lockorder")
	data, err := os.ReadFile(filepath.Join("testdata", "src", "lockorder", "rwr.go"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	lineOf := func(text string) int {
		for i, line := range lines {
			if strings.Contains(line, text) {
				return i + 1
			}
		}
		t.Fatalf("no line with %q in rwr.go", text)
		return 0
	}
	finding, writeLock, spawn := lineOf("s.get(id); ok"), lineOf("\ts.Lock()"), lineOf("go s.rebalance()")
	want := fmt.Sprintf("rwr.go:%d: setDefault write-locks it here, run by the goroutine started at line %d", writeLock, spawn)
	var got []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if p := r.Pass.Fset.Position(d.Pos); filepath.Base(p.Filename) == "rwr.go" && p.Line == finding {
				for _, rel := range d.Related {
					rp := r.Pass.Fset.Position(rel.Pos)
					got = append(got, fmt.Sprintf("%s:%d: %s", filepath.Base(rp.Filename), rp.Line, rel.Message))
				}
			}
		}
	}
	if !slices.Contains(got, want) {
		t.Errorf("related information of rwr.go:%d: %q, want %q", finding, got, want)
	}
}
