package sandbox

import (
	"sync"
	"time"
)

// Clock is the sandbox's time: the real clock plus an offset the page moves forward. It keeps
// running between jumps, so flood limits, button-answer deadlines and the time shown on the
// page behave as they would for real; only the jumps are make-believe.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
	real   func() time.Time
}

// NewClock starts a clock that reads start now.
func NewClock(start time.Time) *Clock {
	c := &Clock{real: time.Now}
	c.offset = start.Sub(c.real())
	return c
}

// Now is the sandbox's current time; pass it as the store's and the emulator's clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.real().Add(c.offset).Round(0)
}

// moveTo sets the clock to t if t is later; time in the sandbox never runs backwards, as the
// bot's records assume it does not.
func (c *Clock) moveTo(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := t.Sub(c.real()); d > c.offset {
		c.offset = d
	}
}

// reset makes the clock read start now, backwards too: only for a fresh world.
func (c *Clock) reset(start time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = start.Sub(c.real())
}

// DemoStart is where a fresh sandbox's clock starts: ten minutes before working hours begin on
// the next working day, so the 9am check-in, a 30-minute escalation and the 16:30 digest all
// fall on the first sandbox day. With no working hours it is 08:50 tomorrow.
func DemoStart(now time.Time, loc *time.Location, nextWorkingStart func(time.Time) time.Time) time.Time {
	l := now.In(loc)
	tomorrow := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
	if nextWorkingStart != nil {
		if t := nextWorkingStart(tomorrow); !t.IsZero() {
			return t.Add(-10 * time.Minute)
		}
	}
	return time.Date(tomorrow.Year(), tomorrow.Month(), tomorrow.Day(), 8, 50, 0, 0, loc)
}
