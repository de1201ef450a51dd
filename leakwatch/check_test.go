package leakwatch

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/leash-go/leash/internal/leakcycle"
)

// site returns the site of r created and blocked at the lines given, and
// whether r has it.
func site(r Report, createdAt, blockedAt string) (Site, bool) {
	for _, s := range r.Sites {
		if s.CreatedAt == createdAt && s.BlockedAt == blockedAt {
			return s, true
		}
	}
	return Site{}, false
}

func mustCheck(t testing.TB) Report {
	t.Helper()
	r, err := Check(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Every kind of leak the runtime proves is reported at its lines, counted
// exactly, and none of thousands of goroutines blocked on what a global
// holds: they are parked, not leaked.
func TestCheckProvesEveryKind(t *testing.T) {
	if !useProfile {
		t.Skip("the runtime has no goroutine leak profile: TestCheckSuspectsNothingLive covers this mode")
	}
	before := mustCheck(t)
	defer leakEveryKind(t, 600, func(i int) int { return i + 1 })()
	r := mustCheck(t)
	if !r.Proven {
		t.Error("report not Proven where the runtime has the leak profile")
	}
	for i, k := range kinds {
		createdAt, blockedAt := mark(t, "created: "+k.name), mark(t, "blocked: "+k.name)
		s, ok := site(r, createdAt, blockedAt)
		if !ok {
			t.Errorf("%s: no site created at %s, blocked at %s", k.name, createdAt, blockedAt)
			continue
		}
		had, _ := site(before, createdAt, blockedAt)
		if n := s.Count - had.Count; n != i+1 {
			t.Errorf("%s: %d more goroutines at the site, want %d", k.name, n, i+1)
		}
		if s.State != k.state {
			t.Errorf("%s: state %q, want %q", k.name, s.State, k.state)
		}
		if want := fixturePackage + "." + k.blockedIn; s.BlockedIn != want {
			t.Errorf("%s: blocked in %q, want %q", k.name, s.BlockedIn, want)
		}
		if want := fixturePackage + "." + fixtureName(k.blockedIn); s.CreatedBy != want {
			t.Errorf("%s: created by %q, want %q", k.name, s.CreatedBy, want)
		}
		if !strings.HasPrefix(s.Stack, "goroutine ") || !strings.Contains(s.Stack, "(leaked)") || !strings.Contains(s.Stack, blockedAt) {
			t.Errorf("%s: stack is not the runtime's for a leaked goroutine blocked at %s:\n%s", k.name, blockedAt, s.Stack)
		}
	}
	live := liveLines(t)
	for _, s := range r.Sites {
		for _, l := range live {
			if s.CreatedAt == l {
				t.Errorf("%d goroutines parked on what a global holds reported leaked at %s", s.Count, s.BlockedAt)
			}
		}
	}
	for i := 1; i < len(r.Sites); i++ {
		if r.Sites[i].Count > r.Sites[i-1].Count {
			t.Errorf("site %d has %d goroutines, more than the one before it (%d)", i, r.Sites[i].Count, r.Sites[i-1].Count)
		}
	}
}

// Without the leak profile, nothing blocked for less than the threshold is
// suspected: neither thousands of parked goroutines nor fresh leaks, even
// with the lowest threshold there is.
func TestCheckSuspectsNothingLive(t *testing.T) {
	defer setUseProfile(false)()
	defer leakEveryKind(t, 600, func(i int) int { return i + 1 })()
	r, err := check(t.Context(), suspicion{min: 1, after: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if r.Proven {
		t.Error("a report without the leak profile is Proven")
	}
	for _, s := range r.Sites {
		t.Errorf("suspected: %d goroutines [%s] created at %s, blocked at %s", s.Count, s.State, s.CreatedAt, s.BlockedAt)
	}
	if r.At.IsZero() || r.Sites == nil {
		t.Errorf("empty report without a time or sites: %+v", r)
	}
}

// setUseProfile sets useProfile and returns a function that restores it.
func setUseProfile(on bool) (restore func()) {
	was := useProfile
	useProfile = on
	return func() { useProfile = was }
}

// A check whose context has ended returns its error; one whose context ends
// while another program's leak detection runs returns at once.
func TestCheckCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Check(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Check with an ended context = %v, want context.Canceled", err)
	}
	if leakcycle.Profile == nil {
		return
	}
	reading, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- leakcycle.Run(t.Context(), io.Discard, func() {
			close(reading)
			<-release
		})
	}()
	<-reading
	ctx, cancel = context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Check(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Check while another leak detection runs = %v, want its deadline", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("Check took %v to give up", took)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// However many goroutines leak, a check reads at most dumpLimit bytes of
// dump and keeps one stack a site; a proven report still counts every leaked
// goroutine, from the leak profile.
func TestCheckBoundedDump(t *testing.T) {
	if !useProfile {
		t.Skip("the runtime has no goroutine leak profile")
	}
	createdAt, blockedAt := mark(t, "created: send"), mark(t, "blocked: send")
	before, _ := site(mustCheck(t), createdAt, blockedAt)
	was := dumpLimit
	dumpLimit = 32 << 10
	cache.reset() // the check must read a dump
	defer func() {
		dumpLimit = was
		cache.reset() // it knows sites without their go statements, past the cut
	}()
	leakSend(1000)
	awaitParked(t, createdAt)
	r := mustCheck(t)
	if n := lastDump.Load(); n > int64(dumpLimit) {
		t.Errorf("the check read a dump of %d bytes, limit %d", n, dumpLimit)
	}
	s, ok := site(r, createdAt, blockedAt)
	if !ok {
		t.Fatalf("no site at %s in %+v", blockedAt, r.Sites)
	}
	if n := s.Count - before.Count; n != 1000 {
		t.Errorf("%d more goroutines at the site, want 1000", n)
	}
	if !strings.HasPrefix(s.Stack, "goroutine ") || strings.Contains(s.Stack, "\ngoroutine ") {
		t.Errorf("the site keeps more than one stack:\n%s", s.Stack)
	}
}
