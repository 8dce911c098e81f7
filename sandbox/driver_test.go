package sandbox

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/telegramtest"
)

// fakeBot stands in for the service where the sandbox's own stepping is under test: it has
// things due at set times and records the clock's time at each pass.
type fakeBot struct {
	clock   *Clock
	mu      sync.Mutex
	due     []time.Time // in order
	passes  []time.Time
	handled [][2]time.Time // due time, clock time when done
}

func (b *fakeBot) Pass(context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	b.passes = append(b.passes, now)
	for len(b.due) > 0 && !b.due[0].After(now) {
		b.handled = append(b.handled, [2]time.Time{b.due[0], now})
		b.due = b.due[1:]
	}
	return nil
}

func (b *fakeBot) NextWake(context.Context) (time.Time, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.due) == 0 {
		return time.Time{}, nil
	}
	return b.due[0], nil
}

func (b *fakeBot) Busy(context.Context) (bool, error) { return false, nil }
func (b *fakeBot) NextDigest(t time.Time) time.Time {
	return t.Truncate(24 * time.Hour).Add(40 * time.Hour)
}
func (b *fakeBot) Save(context.Context, string) error { return nil }
func (b *fakeBot) Stop() error                        { return nil }
func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no time zone data for %s: %v", name, err)
	}
	return loc
}

// newDriven is a Sandbox over a fake bot, without the seeded demo.
func newDriven(t *testing.T, start time.Time, loc *time.Location, due ...time.Time) (*Sandbox, *fakeBot) {
	t.Helper()
	clock := NewClock(start)
	b := &fakeBot{clock: clock, due: due}
	emu := telegramtest.New()
	t.Cleanup(emu.Close)
	s := &Sandbox{opts: Options{Location: loc, People: []telegramtest.User{{ID: 1}, {ID: 2}}}, clock: clock,
		world: &World{Emu: emu, Bot: b}, changed: make(chan struct{})}
	s.emu.Store(emu)
	return s, b
}

// A jump across the spring clock change handles each due time at that time, in order, and
// passes at least once a minute on the way (for escalations and the digest, which the
// scheduler's wake does not know).
func TestJumpStepsThroughEveryDueTimeInOrder(t *testing.T) {
	london := mustLoc(t, "Europe/London")
	start := time.Date(2026, 3, 29, 0, 30, 0, 0, london) // the clocks go forward at 01:00
	due := []time.Time{start.Add(10*time.Minute + 30*time.Second), start.Add(10*time.Minute + 30*time.Second), start.Add(95 * time.Minute), start.Add(3 * time.Hour)}
	s, b := newDriven(t, start, london, due...)
	target := start.Add(4 * time.Hour)
	if err := s.Jump(context.Background(), target); err != nil {
		t.Fatal(err)
	}
	if now := s.Now(); now.Before(target) || now.Sub(target) > time.Second {
		t.Errorf("after the jump the clock reads %v, want %v", now, target)
	}
	if len(b.handled) != len(due) {
		t.Fatalf("handled %d of %d due times", len(b.handled), len(due))
	}
	for i, h := range b.handled {
		if late := h[1].Sub(h[0]); late < 0 || late > time.Second {
			t.Errorf("due %v was handled at %v", h[0], h[1])
		}
		if i > 0 && h[1].Before(b.handled[i-1][1]) {
			t.Errorf("due times handled out of order: %v", b.handled)
		}
	}
	for i := 1; i < len(b.passes); i++ {
		if gap := b.passes[i].Sub(b.passes[i-1]); gap > time.Minute+time.Second || gap < 0 {
			t.Errorf("passes %v and %v are %v apart", b.passes[i-1], b.passes[i], gap)
		}
	}
	// Time never runs backwards.
	if err := s.Jump(context.Background(), start); err != nil {
		t.Fatal(err)
	}
	if s.Now().Before(target) {
		t.Errorf("a jump back moved the clock to %v", s.Now())
	}
}

// "+1 day" keeps the wall-clock time across a clock change, and the page shows the zone's
// abbreviation for the time of year.
func TestDayJumpKeepsTheWallClockAcrossDST(t *testing.T) {
	london := mustLoc(t, "Europe/London")
	start := time.Date(2026, 3, 28, 12, 0, 0, 0, london)
	s, _ := newDriven(t, start, london)
	page := httptest.NewServer(s.Handler(nil))
	defer page.Close()
	if code, out := postJSON(t, page, "/api/clock", map[string]string{"by": "day"}); code != 200 {
		t.Fatalf("+1 day: %d %v", code, out)
	}
	now := s.Now().In(london)
	if now.Day() != 29 || now.Hour() != 12 || now.Minute() != 0 {
		t.Errorf("+1 day from %v reads %v", start, now)
	}
	if got := now.Sub(start); got < 23*time.Hour || got > 23*time.Hour+time.Second {
		t.Errorf("+1 day across the spring change took %v, want 23h", got)
	}
	st := getState(t, page, "")
	if st.Sandbox == nil || !strings.Contains(st.Sandbox.Zone, "BST") || !strings.Contains(st.Sandbox.Now, "Sun 29 Mar 2026, 12:00") {
		t.Errorf("the page shows %+v", st.Sandbox)
	}
	for _, tc := range []struct {
		body map[string]string
		code int
	}{
		{map[string]string{"to": "2026-03-28T09:00"}, 409}, // the past
		{map[string]string{"to": "tomorrow"}, 400},
		{map[string]string{"by": "fortnight"}, 400},
		{map[string]string{"by": "checkin"}, 409}, // nothing scheduled
		{map[string]string{"to": "2026-03-29T12:30"}, 200},
	} {
		if code, out := postJSON(t, page, "/api/clock", tc.body); code != tc.code {
			t.Errorf("jump %v answered %d %v, want %d", tc.body, code, out, tc.code)
		}
	}
}

func TestDemoStartIsJustBeforeTheNextWorkingDay(t *testing.T) {
	london := mustLoc(t, "Europe/London")
	hours, err := tandem.ParseWorkingHours("Mon-Fri 09:00-17:00", london)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		now  time.Time
		next func(time.Time) time.Time
		want string
	}{
		{time.Date(2026, 11, 25, 16, 0, 0, 0, london), hours.Next, "Thu 26 Nov 2026 08:50 GMT"},
		{time.Date(2026, 11, 27, 10, 0, 0, 0, london), hours.Next, "Mon 30 Nov 2026 08:50 GMT"},  // a Friday
		{time.Date(2026, 3, 27, 23, 0, 0, 0, time.UTC), hours.Next, "Mon 30 Mar 2026 08:50 BST"}, // over the clock change
		{time.Date(2026, 11, 27, 10, 0, 0, 0, london), nil, "Sat 28 Nov 2026 08:50 GMT"},
	} {
		if got := DemoStart(tc.now, london, tc.next).Format("Mon 2 Jan 2006 15:04 MST"); got != tc.want {
			t.Errorf("DemoStart(%v) = %s, want %s", tc.now, got, tc.want)
		}
	}
}

func TestMessageTimeShowsTheDayWhenNotToday(t *testing.T) {
	london := mustLoc(t, "Europe/London")
	now := time.Date(2026, 7, 1, 10, 0, 0, 0, london)
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 7, 1, 8, 5, 0, 0, time.UTC), "09:05"}, // BST
		{time.Date(2026, 6, 30, 8, 5, 0, 0, time.UTC), "Tue 30 Jun 09:05"},
	} {
		if got := messageTime(tc.at, london, now); got != tc.want {
			t.Errorf("messageTime(%v) = %q, want %q", tc.at, got, tc.want)
		}
	}
}
