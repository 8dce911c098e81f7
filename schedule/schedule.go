package schedule

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule says when one series of check-ins is due, in a person's time zone.
//
// The spec is read on the person's wall clock: "0 9 * * *" is due whenever their clock shows
// 09:00, whatever the UTC offset that day. Clock changes follow two rules, because a prompt at
// the wrong hour, twice, or never is what people notice most:
//   - a time that does not exist that day (the hour skipped when clocks go forward) is due at
//     the first minute that does, the instant the clocks jump;
//   - a time that happens twice (the hour repeated when clocks go back) is due once, the first
//     time.
//
// robfig/cron stepping a time in the person's zone does neither (it skips the first and repeats
// the second), so Next steps the spec on a naive wall clock and converts each wall time back to
// an instant itself. The zero Schedule is never due. A Schedule is safe for concurrent use.
type Schedule struct {
	spec  string
	loc   *time.Location
	steps *cron.SpecSchedule // in time.UTC, used as a wall clock without DST
}

// ParseSchedule reads a standard five-field cron spec ("minute hour day-of-month month
// day-of-week"), due on loc's wall clock (nil means UTC). Descriptors such as "@every 1h" or
// "@daily", and "TZ=" prefixes, are refused: a schedule here is a set of wall-clock times and its
// zone is the person's, so neither an interval nor a second zone can be honoured.
func ParseSchedule(spec string, loc *time.Location) (Schedule, error) {
	if loc == nil {
		loc = time.UTC
	}
	trimmed := strings.TrimSpace(spec)
	switch {
	case strings.HasPrefix(trimmed, "@"):
		return Schedule{}, fmt.Errorf("schedule: %q: descriptors like @every or @daily are not supported; write five fields, like \"0 9 * * *\"", spec)
	case strings.HasPrefix(trimmed, "TZ=") || strings.HasPrefix(trimmed, "CRON_TZ="):
		return Schedule{}, fmt.Errorf("schedule: %q: a time zone in the spec is not supported; the schedule is in the person's zone", spec)
	}
	parsed, err := cron.ParseStandard(trimmed)
	if err != nil {
		return Schedule{}, fmt.Errorf("schedule: %q: %w", spec, err)
	}
	ss, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return Schedule{}, fmt.Errorf("schedule: %q: not a wall-clock schedule", spec)
	}
	// Step in UTC, used as a wall clock with no DST. (Left as time.Local, cron would step in the
	// zone of whatever time it is given, which is exactly the skipping and repeating we avoid.)
	steps := *ss
	steps.Location = time.UTC
	// A spec such as "0 9 30 2 *" parses but is never due; cron's Next gives up after five years
	// and returns the zero time, which would read as "due at year 1". Refuse it here instead.
	if steps.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return Schedule{}, fmt.Errorf("schedule: %q: never due", spec)
	}
	return Schedule{spec: trimmed, loc: loc, steps: &steps}, nil
}

// Spec returns the cron spec the schedule was parsed from.
func (s Schedule) Spec() string { return s.spec }

// Location returns the time zone whose wall clock the schedule follows.
func (s Schedule) Location() *time.Location {
	if s.loc == nil {
		return time.UTC
	}
	return s.loc
}

// In returns the same schedule on another zone's wall clock: for a person who moves, a 9am
// check-in stays at 9am where they now are.
func (s Schedule) In(loc *time.Location) Schedule {
	if loc == nil {
		loc = time.UTC
	}
	s.loc = loc
	return s
}

// Next returns the first instant strictly after `after` at which the schedule is due, in the
// schedule's location, or the zero time for the zero Schedule. A due time in a spring-forward
// gap is moved to the transition instant; one in a fall-back overlap is due only at its first
// occurrence.
func (s Schedule) Next(after time.Time) time.Time {
	if s.steps == nil {
		return time.Time{}
	}
	loc := s.Location()
	wall := wallClock(after, loc)
	for {
		wall = s.steps.Next(wall)
		if wall.IsZero() {
			return time.Time{}
		}
		// Taking the earlier instant of an overlap and rejecting it when it is not after `after`
		// is what makes the repeated hour fire once: when `after` is in the second pass, the first
		// pass of the same wall time is already past, so we move on to the next wall time.
		if at, _ := wallInstants(wall, loc); at.After(after) {
			return at
		}
	}
}

// Describe says in plain English when the schedule is due, for the person and their worker:
// "every day at 9am", "Monday to Friday at 9:30am", "on Sundays at 6pm".
func (s Schedule) Describe() string { return s.DescribeIn("en") }

// DescribeIn says when the schedule is due in lang: "Monday to Friday at 9:30am", "de lunes a
// viernes a las 9:30". It covers the specs ParseTimes makes (one time of day, any set of
// weekdays); anything else is shown with its spec.
func (s Schedule) DescribeIn(lang string) string {
	w := wordsFor(lang)
	days, hour, minute, ok := s.parts()
	if !ok {
		return fmt.Sprintf(w.custom, s.spec)
	}
	return describeIn(w, days) + w.at(w.clock(hour, minute), hour)
}

// parts reads a spec ParseTimes could have made: its days, hour and minute.
func (s Schedule) parts() (days [7]bool, hour, minute int, ok bool) {
	ss := s.steps
	const allMonths = 0x1FFE // bits 1..12
	if ss == nil || ss.Second != 1 || bits.OnesCount64(ss.Minute) != 1 || bits.OnesCount64(ss.Hour) != 1 ||
		ss.Dom&starBit == 0 || ss.Month&allMonths != allMonths {
		return days, 0, 0, false
	}
	for d := range days {
		days[d] = ss.Dow&(1<<d) != 0
	}
	return days, bits.TrailingZeros64(ss.Hour), bits.TrailingZeros64(ss.Minute), true
}

// DescribeAll says several schedules at once in lang, naming days once for the times that share
// them: "every day at 9am and 8pm", "todos los días a las 9:00 y a las 20:00".
func DescribeAll(lang string, schedules []Schedule) string {
	w := wordsFor(lang)
	var order [][7]bool
	clocks := map[[7]bool][]string{}
	var others []string
	for _, s := range schedules {
		days, hour, minute, ok := s.parts()
		if !ok {
			others = append(others, s.DescribeIn(lang))
			continue
		}
		if _, seen := clocks[days]; !seen {
			order = append(order, days)
		}
		at := w.at(w.clock(hour, minute), hour)
		if len(clocks[days]) > 0 && w.atOnce {
			at = " " + w.clock(hour, minute)
		}
		clocks[days] = append(clocks[days], strings.TrimPrefix(at, " "))
	}
	var parts []string
	for _, days := range order {
		parts = append(parts, describeIn(w, days)+" "+And(lang, clocks[days]))
	}
	return And(lang, append(parts, others...))
}

// starBit is how robfig/cron marks a field written as "*" (cron.SpecSchedule keeps it unexported).
const starBit = 1 << 63

// wallClock returns the date and clock reading of t in loc, as a time in UTC: a wall clock with
// no DST, on which a cron spec can be stepped without skipping or repeating an hour.
func wallClock(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), time.UTC)
}

// wallInstants returns the instants at which loc's clocks show wall (a wallClock value), earliest
// first. Usually they are the same instant; in a fall-back overlap they are the two passes; in a
// spring-forward gap, where no instant shows wall, both are the transition: the first instant
// whose clock shows a later time.
//
// time.Date is not used because it does not promise which side of a gap or overlap it picks.
func wallInstants(wall time.Time, loc *time.Location) (first, last time.Time) {
	const day = 24 * 60 * 60
	u, ns := wall.Unix(), int64(wall.Nanosecond())
	// The instant we want is u minus the UTC offset in effect then. Offsets are within ±14h, so
	// the offsets in effect a day either side cover every candidate, assuming (as holds for
	// today's zones) at most one change within two days.
	var offsets []int
	for _, probe := range []int64{u - day, u, u + day} {
		if _, off := time.Unix(probe, 0).In(loc).Zone(); !slices.Contains(offsets, off) {
			offsets = append(offsets, off)
		}
	}
	slices.Sort(offsets)
	var found []time.Time
	for _, off := range offsets {
		if c := time.Unix(u-int64(off), ns).In(loc); wallClock(c, loc).Equal(wall) {
			found = append(found, c)
		}
	}
	if len(found) > 0 {
		slices.SortFunc(found, time.Time.Compare)
		return found[0], found[len(found)-1]
	}
	// A gap: the clocks jumped from before wall (at the smaller offset) to after it (at the larger).
	// Search between the candidates for the first second whose clock reads wall or later.
	shows := func(sec int64) bool { return !wallClock(time.Unix(sec, 0), loc).Before(wall) }
	lo, hi := u-int64(offsets[len(offsets)-1]), u-int64(offsets[0])
	if shows(lo) || !shows(hi) {
		// Not the single jump we assume; fall back to what Go gives rather than loop.
		t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), loc)
		return t, t
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if shows(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	t := time.Unix(hi, 0).In(loc)
	return t, t
}

// weekOrder is the order people read a week in (Monday first), for listing days.
var weekOrder = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// clockWords writes a time of day the way people say it: "9am", "9:30pm", "midday", "midnight".
func clockWords(hour, minute int) string {
	switch {
	case hour == 0 && minute == 0:
		return "midnight"
	case hour == 12 && minute == 0:
		return "midday"
	}
	suffix := "am"
	if hour >= 12 {
		suffix = "pm"
	}
	h := hour % 12
	if h == 0 {
		h = 12
	}
	if minute == 0 {
		return fmt.Sprintf("%d%s", h, suffix)
	}
	return fmt.Sprintf("%d:%02d%s", h, minute, suffix)
}
