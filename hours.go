package tandem

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// WorkingHours says when a worker (or the service) is usually reading messages, in a time zone.
// People are told these hours when they consent, so that Tandem never implies that someone is
// watching around the clock.
//
// Hours are wall-clock times on the listed days: "09:00-17:00" means whenever a clock in Location
// shows 09:00 to 17:00, whatever the UTC offset that day. Hours never run past midnight.
type WorkingHours struct {
	// Days says which days have hours, indexed by time.Weekday (Days[time.Sunday] is Sunday).
	Days [7]bool
	// Start and End are wall-clock offsets from midnight: inside means Start <= clock < End.
	// End may be 24h (midnight at the end of the day).
	Start, End time.Duration
	// Location is the time zone the hours are in; nil means UTC.
	Location *time.Location
}

// dayNames are the short day names in the order people read a week (Monday first), which is the
// order String and Describe list days in.
var dayNames = [7]struct {
	day         time.Weekday
	short, long string
}{
	{time.Monday, "Mon", "Monday"},
	{time.Tuesday, "Tue", "Tuesday"},
	{time.Wednesday, "Wed", "Wednesday"},
	{time.Thursday, "Thu", "Thursday"},
	{time.Friday, "Fri", "Friday"},
	{time.Saturday, "Sat", "Saturday"},
	{time.Sunday, "Sun", "Sunday"},
}

// ParseWorkingHours reads hours written as days then times, such as "Mon-Fri 09:00-17:00",
// "Mon,Wed,Fri 10:00-16:00" or "Mon-Sun 08:30-20:00", in the time zone loc (nil means UTC).
// Days are three-letter or full English names in any case; a range may wrap round the weekend
// ("Fri-Mon"). The end time must be after the start time: hours past midnight are not supported.
func ParseWorkingHours(s string, loc *time.Location) (WorkingHours, error) {
	if loc == nil {
		loc = time.UTC
	}
	h := WorkingHours{Location: loc}
	s = strings.TrimSpace(s)
	i := strings.LastIndexAny(s, " \t")
	if s == "" || i < 0 {
		return WorkingHours{}, fmt.Errorf("working hours %q: want days then times, like \"Mon-Fri 09:00-17:00\"", s)
	}
	days, times := strings.TrimSpace(s[:i]), s[i+1:]
	for _, item := range strings.Split(days, ",") {
		item = strings.TrimSpace(item)
		first, last, isRange := strings.Cut(item, "-")
		a, err := parseDay(first)
		if err != nil {
			return WorkingHours{}, fmt.Errorf("working hours %q: %w", s, err)
		}
		b := a
		if isRange {
			if b, err = parseDay(last); err != nil {
				return WorkingHours{}, fmt.Errorf("working hours %q: %w", s, err)
			}
		}
		// Walk in Monday-first order so that "Fri-Mon" means Friday to Monday over the weekend.
		for j := a; ; j = (j + 1) % 7 {
			h.Days[dayNames[j].day] = true
			if j == b {
				break
			}
		}
	}
	from, to, ok := strings.Cut(times, "-")
	if !ok {
		return WorkingHours{}, fmt.Errorf("working hours %q: want times as start-end, like 09:00-17:00", s)
	}
	var err error
	if h.Start, err = parseClock(from); err != nil {
		return WorkingHours{}, fmt.Errorf("working hours %q: start: %w", s, err)
	}
	if h.End, err = parseClock(to); err != nil {
		return WorkingHours{}, fmt.Errorf("working hours %q: end: %w", s, err)
	}
	if h.Start == 24*time.Hour {
		return WorkingHours{}, fmt.Errorf("working hours %q: start: 24:00 is the end of the day; start at 00:00", s)
	}
	if h.End <= h.Start {
		return WorkingHours{}, fmt.Errorf("working hours %q: end %s must be after start %s (hours that run past midnight are not supported)", s, formatClock(h.End), formatClock(h.Start))
	}
	return h, nil
}

// parseDay returns a day's index in dayNames.
func parseDay(s string) (int, error) {
	s = strings.TrimSpace(s)
	for i, d := range dayNames {
		if strings.EqualFold(s, d.short) || strings.EqualFold(s, d.long) {
			return i, nil
		}
	}
	if s == "" {
		return 0, errors.New("a day is missing (write days like Mon-Fri or Mon,Wed,Fri)")
	}
	return 0, fmt.Errorf("%q is not a day (use Mon, Tue, Wed, Thu, Fri, Sat or Sun)", s)
}

// parseClock reads "HH:MM" (or "H:MM"), from 00:00 to 24:00.
func parseClock(s string) (time.Duration, error) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	hour, err1 := strconv.Atoi(hh)
	minute, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || len(hh) > 2 || len(mm) != 2 || hour < 0 || minute < 0 || minute > 59 ||
		hour > 24 || (hour == 24 && minute != 0) {
		return 0, fmt.Errorf("%q is not a time of day (use 24-hour HH:MM, like 09:00 or 17:30)", s)
	}
	return time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute, nil
}

// formatClock writes an offset from midnight as HH:MM.
func formatClock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// location returns the zone, treating a nil Location as UTC like the rest of the package.
func (h WorkingHours) location() *time.Location {
	if h.Location == nil {
		return time.UTC
	}
	return h.Location
}

// valid reports whether the hours contain any moment at all; the zero WorkingHours does not.
func (h WorkingHours) valid() bool {
	return h.Days != [7]bool{} && h.Start >= 0 && h.End > h.Start
}

// Contains reports whether t falls inside the hours, judged by the wall clock in Location.
func (h WorkingHours) Contains(t time.Time) bool {
	l := t.In(h.location())
	if !h.Days[l.Weekday()] {
		return false
	}
	hour, minute, sec := l.Clock()
	clock := time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute +
		time.Duration(sec)*time.Second + time.Duration(l.Nanosecond())
	return h.Start <= clock && clock < h.End
}

// Next returns the first moment at or after t that is inside the hours: t itself when t is
// inside. When the start time falls in a daylight-saving gap (the clock jumps past it), Next is
// the moment the clock jumps. The zero WorkingHours, which contains no moment, returns the zero
// time.
func (h WorkingHours) Next(t time.Time) time.Time {
	if !h.valid() {
		return time.Time{}
	}
	loc := h.location()
	u := t.In(loc)
	// Within one zone period the UTC offset is fixed, so wall-clock arithmetic is exact there.
	// Search each period in turn until the answer falls inside the period it was computed for;
	// that way daylight-saving changes never produce a start an hour out, or one in a gap.
	for {
		_, end := u.ZoneBounds()
		c := h.nextFixed(u)
		if end.IsZero() || c.Before(end) {
			return c.In(loc)
		}
		u = end.In(loc)
	}
}

// nextFixed is Next for a zone whose UTC offset is always u's.
func (h WorkingHours) nextFixed(u time.Time) time.Time {
	if h.Contains(u) {
		return u
	}
	_, offset := u.Zone()
	fixed := time.FixedZone("", offset)
	w := u.In(fixed)
	// valid guarantees a day with hours within the coming week, so eight days always suffice.
	for d := 0; d <= 7; d++ {
		day := time.Date(w.Year(), w.Month(), w.Day()+d, 0, 0, 0, 0, fixed)
		if !h.Days[day.Weekday()] {
			continue
		}
		if c := day.Add(h.Start); !c.Before(u) {
			return c
		}
	}
	panic("tandem: WorkingHours.nextFixed found no day in a week") // unreachable when valid
}

// String writes the hours in the form ParseWorkingHours reads, listing days Monday first with
// runs of three or more as ranges: "Mon-Fri 09:00-17:00", "Mon,Wed,Fri 10:00-16:00".
// The time zone is not included. The zero WorkingHours is "".
func (h WorkingHours) String() string {
	if !h.valid() {
		return ""
	}
	var parts []string
	for _, run := range h.runs() {
		switch {
		case run[1]-run[0] >= 2:
			parts = append(parts, dayNames[run[0]].short+"-"+dayNames[run[1]].short)
		default:
			for i := run[0]; i <= run[1]; i++ {
				parts = append(parts, dayNames[i].short)
			}
		}
	}
	return strings.Join(parts, ",") + " " + formatClock(h.Start) + "-" + formatClock(h.End)
}

// runs returns the days with hours as runs of consecutive days, [first, last] indices into
// dayNames, Monday first.
func (h WorkingHours) runs() [][2]int {
	var runs [][2]int
	for i := 0; i < 7; i++ {
		if !h.Days[dayNames[i].day] {
			continue
		}
		if n := len(runs); n > 0 && runs[n-1][1] == i-1 {
			runs[n-1][1] = i
		} else {
			runs = append(runs, [2]int{i, i})
		}
	}
	return runs
}

// Describe says the hours in plain English for the people Tandem talks to:
// "Monday to Friday, 9am to 5pm", "Monday, Wednesday and Friday, 10am to 4pm",
// "every day, 8:30am to 8pm". The zero WorkingHours is "".
func (h WorkingHours) Describe() string {
	if !h.valid() {
		return ""
	}
	var days string
	if h.Days == [7]bool{true, true, true, true, true, true, true} {
		days = "every day"
	} else {
		var parts []string
		for _, run := range h.runs() {
			switch {
			case run[1]-run[0] >= 2:
				parts = append(parts, dayNames[run[0]].long+" to "+dayNames[run[1]].long)
			default:
				for i := run[0]; i <= run[1]; i++ {
					parts = append(parts, dayNames[i].long)
				}
			}
		}
		days = joinAnd(parts)
	}
	return days + ", " + describeClock(h.Start) + " to " + describeClock(h.End)
}

// joinAnd lists items as people write them: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// describeClock says a time of day the way people in the UK say it: 9am, 8:30pm, midday.
func describeClock(d time.Duration) string {
	hour, minute := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case (hour == 0 || hour == 24) && minute == 0:
		return "midnight"
	case hour == 12 && minute == 0:
		return "midday"
	}
	suffix := "am"
	if hour >= 12 {
		suffix = "pm"
	}
	if hour = hour % 12; hour == 0 {
		hour = 12
	}
	if minute == 0 {
		return fmt.Sprintf("%d%s", hour, suffix)
	}
	return fmt.Sprintf("%d:%02d%s", hour, minute, suffix)
}
