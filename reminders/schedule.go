package reminders

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
		return Schedule{}, fmt.Errorf("reminders: schedule %q: descriptors like @every or @daily are not supported; write five fields, like \"0 9 * * *\"", spec)
	case strings.HasPrefix(trimmed, "TZ=") || strings.HasPrefix(trimmed, "CRON_TZ="):
		return Schedule{}, fmt.Errorf("reminders: schedule %q: a time zone in the spec is not supported; the schedule is in the person's zone", spec)
	}
	parsed, err := cron.ParseStandard(trimmed)
	if err != nil {
		return Schedule{}, fmt.Errorf("reminders: schedule %q: %w", spec, err)
	}
	ss, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return Schedule{}, fmt.Errorf("reminders: schedule %q: not a wall-clock schedule", spec)
	}
	// Step in UTC, used as a wall clock with no DST. (Left as time.Local, cron would step in the
	// zone of whatever time it is given, which is exactly the skipping and repeating we avoid.)
	steps := *ss
	steps.Location = time.UTC
	// A spec such as "0 9 30 2 *" parses but is never due; cron's Next gives up after five years
	// and returns the zero time, which would read as "due at year 1". Refuse it here instead.
	if steps.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return Schedule{}, fmt.Errorf("reminders: schedule %q: never due", spec)
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
// "every day at 9am", "Monday to Friday at 9:30am", "on Sundays at 6pm". It covers the specs
// ParseTimes makes (one time of day, any set of weekdays); anything else is shown as its spec.
func (s Schedule) Describe() string {
	ss := s.steps
	const allMonths = 0x1FFE // bits 1..12
	if ss == nil || ss.Second != 1 || bits.OnesCount64(ss.Minute) != 1 || bits.OnesCount64(ss.Hour) != 1 ||
		ss.Dom&starBit == 0 || ss.Month&allMonths != allMonths {
		return fmt.Sprintf("on a custom schedule (%s)", s.spec)
	}
	clock := clockWords(bits.TrailingZeros64(ss.Hour), bits.TrailingZeros64(ss.Minute))
	var days [7]bool
	for d := range days {
		days[d] = ss.Dow&(1<<d) != 0
	}
	return describeDays(days) + " at " + clock
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

// describeDays names a set of weekdays (indexed by time.Weekday) for people: "every day",
// "Monday to Friday", "on Sundays", "Saturday and Sunday", "Monday, Wednesday and Friday".
func describeDays(days [7]bool) string {
	var names []string
	first, last := -1, -1 // positions in weekOrder
	for i, d := range weekOrder {
		if days[d] {
			names = append(names, d.String())
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	switch {
	case len(names) == 7 || len(names) == 0: // no days at all cannot come from a parsed spec
		return "every day"
	case len(names) == 1:
		return "on " + names[0] + "s"
	case len(names) >= 3 && last-first+1 == len(names):
		return names[0] + " to " + names[len(names)-1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

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

// maxTimesADay bounds check-ins a day: more would be a burden rather than a support.
const maxTimesADay = 4

// Messages from ParseTimes and ParseQuietHours are shown to people as they are, so they are
// short, kind, and say what would work.
var (
	errNoTime     = errors.New("Tell me a time, like 9am or 21:30.")
	errDaysNoTime = errors.New("Add a time too, like weekdays 9am.")
	errTooMany    = fmt.Errorf("That's a lot of check-ins: choose up to %d times a day.", maxTimesADay)
	errDaysTwice  = errors.New("Give the days once, before or after the times, like Mon-Fri 9am 8pm.")
	errMinutes    = errors.New("Minutes go from 00 to 59: try a time like 9:30 or 21:45.")
	errDayMissing = errors.New("A day is missing: write days like Mon-Fri or Mon,Wed,Fri.")
	errDayRange   = errors.New("A range goes from one day to another, like Mon-Fri or Fri-Sun.")
	errNoQuiet    = errors.New("Tell me when quiet hours start and end, like 22:00-07:00 or 10pm-7am, or say none.")
	errQuietNoEnd = errors.New("Give a start and an end, like 22:00-07:00 or 10pm-7am.")
	errQuietSame  = errors.New("Quiet hours need to start and end at different times, like 22:00-07:00.")
)

// dayWords maps what people write for days to the days meant, indexed by time.Weekday.
var dayWords = func() map[string][]time.Weekday {
	m := map[string][]time.Weekday{
		"weekday": {time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		"weekend": {time.Saturday, time.Sunday},
	}
	m["weekdays"], m["weekends"] = m["weekday"], m["weekend"]
	for _, d := range weekOrder {
		long := strings.ToLower(d.String())
		for _, w := range []string{long, long + "s", long[:3]} {
			m[w] = []time.Weekday{d}
		}
	}
	for w, d := range map[string]time.Weekday{"tues": time.Tuesday, "weds": time.Wednesday, "thur": time.Thursday, "thurs": time.Thursday} {
		m[w] = []time.Weekday{d}
	}
	return m
}()

// everyDayWords mean every day; fillerWords carry no meaning for a schedule.
var (
	everyDayWords = []string{"day", "days", "daily", "everyday"}
	fillerWords   = []string{"and", "at", "on", "every", "each", "then"}
	rangeWords    = []string{"to", "till", "until", "through", "thru"}
)

// ParseTimes turns what a person or worker types into cron specs, one per time of day, sorted by
// time: "9am and 8pm" gives "0 9 * * *" and "0 20 * * *"; "weekdays 9:30" gives "30 9 * * 1-5".
// Times may be 24-hour ("21:15", "09:00", "9.30") or 12-hour ("9am", "9.30pm"); days, written
// before or after the times, may be names ("Mon", "monday"), lists ("mon,wed,fri"), ranges
// ("Mon-Fri"), "weekdays", "weekends", "daily" or "every day", and default to every day. The
// error's message is written for the person and can be shown as it is.
func ParseTimes(input string) ([]string, error) {
	tokens := tokenize(input)
	var (
		days     [7]bool
		anyDays  bool
		clocks   []int // minutes after midnight
		pattern  []byte
		addGroup = func(kind byte) {
			if len(pattern) == 0 || pattern[len(pattern)-1] != kind {
				pattern = append(pattern, kind)
			}
		}
	)
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		switch {
		case slices.Contains(fillerWords, tok):
			continue
		case slices.Contains(everyDayWords, tok):
			days, anyDays = [7]bool{true, true, true, true, true, true, true}, true
			addGroup('d')
			continue
		case strings.ContainsAny(tok, digits) || tok == "noon" || tok == "midday" || tok == "midnight":
			minutes, err := parseClockWord(tok)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(clocks, minutes) {
				clocks = append(clocks, minutes)
			}
			addGroup('t')
			continue
		}
		// A day, a list item, or a range written "mon-fri" or "monday to friday".
		from, to, isRange := strings.Cut(tok, "-")
		if !isRange && i+2 < len(tokens) && slices.Contains(rangeWords, tokens[i+1]) {
			from, to, isRange = tok, tokens[i+2], true
			i += 2
		}
		set, err := parseDays(from, to, isRange)
		if err != nil {
			return nil, err
		}
		for _, d := range set {
			days[d] = true
		}
		anyDays = true
		addGroup('d')
	}
	switch {
	case len(clocks) == 0 && anyDays:
		return nil, errDaysNoTime
	case len(clocks) == 0:
		return nil, errNoTime
	case len(pattern) > 2:
		// "Mon 9am Tue 8pm" would need a schedule per pair; one set of days for all is what we offer.
		return nil, errDaysTwice
	case len(clocks) > maxTimesADay:
		return nil, errTooMany
	}
	if !anyDays {
		days = [7]bool{true, true, true, true, true, true, true}
	}
	dow := cronDays(days)
	slices.Sort(clocks)
	specs := make([]string, len(clocks))
	for i, m := range clocks {
		specs[i] = fmt.Sprintf("%d %d * * %s", m%60, m/60, dow)
	}
	return specs, nil
}

const digits = "0123456789"

// tokenize lowercases input and splits it into words, joining what people split ("9 am",
// "mon - fri") and splitting what they join ("9am,8pm").
func tokenize(input string) []string {
	s := strings.ToLower(input)
	s = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "–", "-", "—", "-", "&", " and ").Replace(s)
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == ';' })
	var out []string
	for _, f := range fields {
		f = strings.TrimRight(f, ".!?")
		switch {
		case f == "":
		case (f == "am" || f == "pm") && len(out) > 0:
			out[len(out)-1] += f
		case len(out) > 0 && !strings.ContainsAny(f, digits) &&
			(f == "-" || strings.HasPrefix(f, "-") || strings.HasSuffix(out[len(out)-1], "-")):
			// "mon - fri" is one range; a time after "mon-" is not part of it.
			out[len(out)-1] += f
		default:
			out = append(out, f)
		}
	}
	return out
}

// parseDays reads one day word, or a range of single days that may wrap the weekend ("fri-mon").
func parseDays(from, to string, isRange bool) ([]time.Weekday, error) {
	if !isRange {
		if from == "" {
			return nil, errDayMissing
		}
		set, ok := dayWords[from]
		if !ok {
			return nil, unknownDay(from)
		}
		return set, nil
	}
	if from == "" || to == "" {
		return nil, errDayMissing
	}
	a, ok := dayWords[from]
	if !ok {
		return nil, unknownDay(from)
	}
	b, ok := dayWords[to]
	if !ok {
		return nil, unknownDay(to)
	}
	if len(a) != 1 || len(b) != 1 {
		return nil, errDayRange // "weekdays-sun"
	}
	var set []time.Weekday
	for d := a[0]; ; d = (d + 1) % 7 {
		set = append(set, d)
		if d == b[0] {
			return set, nil
		}
	}
}

func unknownDay(word string) error {
	return fmt.Errorf("I don't know the day %q: try Mon, Mon-Fri, weekdays or weekends.", clip(word))
}

// clip bounds a word quoted back in a message to a few dozen characters, so that a long paste
// never makes the reply too long for Telegram to take (which would mean no reply at all).
func clip(word string) string {
	const most = 40
	if utf8.RuneCountInString(word) <= most {
		return word
	}
	return string([]rune(word)[:most]) + "…"
}

// cronDays writes a day-of-week field: "*" for every day, else numbers with runs as ranges
// ("1-5", "0,6"), so a stored spec stays readable.
func cronDays(days [7]bool) string {
	if days == [7]bool{true, true, true, true, true, true, true} {
		return "*"
	}
	var parts []string
	for d := 0; d < 7; {
		if !days[d] {
			d++
			continue
		}
		end := d
		for end+1 < 7 && days[end+1] {
			end++
		}
		switch {
		case end-d >= 2:
			parts = append(parts, fmt.Sprintf("%d-%d", d, end))
		default:
			for x := d; x <= end; x++ {
				parts = append(parts, strconv.Itoa(x))
			}
		}
		d = end + 1
	}
	return strings.Join(parts, ",")
}

// parseClockWord reads one time of day as people write it, lowercased and without spaces:
// "9am", "9:30pm", "9.30", "09:00", "21:15", "noon", "midnight". "24:00" is midnight. It returns
// minutes after midnight.
func parseClockWord(tok string) (int, error) {
	switch tok {
	case "noon", "midday":
		return 12 * 60, nil
	case "midnight":
		return 0, nil
	}
	unreadable := fmt.Errorf("I couldn't read %q as a time: try a time like 9am or 21:30.", clip(tok))
	digits, suffix := tok, ""
	if strings.HasSuffix(tok, "am") || strings.HasSuffix(tok, "pm") {
		digits, suffix = tok[:len(tok)-2], tok[len(tok)-2:]
	}
	hh, mm, hasMinutes := strings.Cut(digits, ":")
	if !hasMinutes {
		hh, mm, hasMinutes = strings.Cut(digits, ".")
	}
	hour, err := strconv.Atoi(hh)
	if err != nil || len(hh) > 2 || hh[0] == '+' || hh[0] == '-' {
		return 0, unreadable
	}
	minute := 0
	if hasMinutes {
		if len(mm) != 2 || mm[0] < '0' || mm[0] > '9' || mm[1] < '0' || mm[1] > '9' {
			return 0, unreadable
		}
		minute, _ = strconv.Atoi(mm)
	}
	switch {
	case suffix == "" && hour > 24, suffix == "" && hour == 24 && minute != 0:
		return 0, fmt.Errorf("There's no %d o'clock: try a time like 9am or 21:30.", hour)
	case suffix != "" && (hour == 0 || hour > 12):
		return 0, fmt.Errorf("There's no %s: try a time like 9am or 21:30.", tok)
	case minute > 59:
		return 0, errMinutes
	case suffix == "" && !hasMinutes && hour >= 1 && hour <= 12:
		// A bare "9" could be morning or evening; guessing wrong means a prompt at 9pm, not 9am.
		return 0, fmt.Errorf("Is %d in the morning or the evening? Try %dam or %dpm.", hour, hour, hour)
	case suffix == "" && !hasMinutes:
		return 0, fmt.Errorf("Add the minutes, like %02d:00.", hour%24)
	}
	switch {
	case suffix == "am" && hour == 12:
		hour = 0
	case suffix == "pm" && hour != 12:
		hour += 12
	}
	return (hour%24)*60 + minute, nil
}

// QuietHours is when a person does not want messages from Tandem, on their wall clock. It may
// wrap midnight (22:00-07:00). Start and End are wall-clock offsets from local midnight ("the
// clock shows Start"), not elapsed time, so they mean the same on days the clocks change. Inside
// means Start <= clock < End. Start == End (including the zero value) means no quiet hours.
type QuietHours struct {
	Start, End time.Duration
}

// ParseQuietHours reads quiet hours as people write them: "22:00-07:00", "10pm-7am",
// "10pm to 7am"; "none" or "off" gives no quiet hours. The error's message is written for the
// person and can be shown as it is.
func ParseQuietHours(s string) (QuietHours, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "none", "off", "no":
		return QuietHours{}, nil
	case "":
		return QuietHours{}, errNoQuiet
	}
	t = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "–", "-", "—", "-").Replace(t)
	var from, to string
	var ok bool
	for _, sep := range []string{"-", " to ", " till ", " until "} {
		if from, to, ok = strings.Cut(t, sep); ok {
			break
		}
	}
	if !ok {
		return QuietHours{}, errQuietNoEnd
	}
	clock := func(part string) (time.Duration, error) {
		part = strings.Join(strings.Fields(part), "")
		if part == "" {
			return 0, errQuietNoEnd
		}
		m, err := parseClockWord(part)
		return time.Duration(m) * time.Minute, err
	}
	var q QuietHours
	var err error
	if q.Start, err = clock(from); err != nil {
		return QuietHours{}, err
	}
	if q.End, err = clock(to); err != nil {
		return QuietHours{}, err
	}
	if q.Start == q.End {
		return QuietHours{}, errQuietSame
	}
	return q, nil
}

// IsZero reports whether there are no quiet hours.
func (q QuietHours) IsZero() bool { return q.Start == q.End }

// Contains reports whether t falls in quiet hours on loc's wall clock (nil means UTC).
func (q QuietHours) Contains(t time.Time, loc *time.Location) bool {
	if q.IsZero() {
		return false
	}
	if loc == nil {
		loc = time.UTC
	}
	c := sinceMidnight(wallClock(t, loc))
	if q.Start < q.End {
		return q.Start <= c && c < q.End
	}
	return c >= q.Start || c < q.End
}

// Until returns when quiet hours that contain t end: the first instant at or after t at which
// loc's clock shows End, or, if End does not exist that day (clocks going forward), the instant
// the clocks jump past it. If t is not in quiet hours, Until returns t.
//
// When End falls in an hour that repeats (clocks going back) it is normally the first pass; but
// if t is already in the second pass, the clock shows quiet hours again and they last until End
// comes round again, because a person reads their clock, not the offset.
func (q QuietHours) Until(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	if !q.Contains(t, loc) {
		return t
	}
	wall := wallClock(t, loc)
	date := time.Date(wall.Year(), wall.Month(), wall.Day(), 0, 0, 0, 0, time.UTC)
	if q.Start > q.End && sinceMidnight(wall) >= q.Start {
		date = date.AddDate(0, 0, 1) // wrapping: the end is tomorrow morning
	}
	first, last := wallInstants(date.Add(q.End), loc)
	if first.Before(t) {
		return last
	}
	return first
}

// String writes quiet hours as "22:00-07:00", or "none"; ParseQuietHours reads it back.
func (q QuietHours) String() string {
	if q.IsZero() {
		return "none"
	}
	return formatHHMM(q.Start) + "-" + formatHHMM(q.End)
}

// Describe says quiet hours in plain English for people: "10pm to 7am", or "no quiet hours".
func (q QuietHours) Describe() string {
	if q.IsZero() {
		return "no quiet hours"
	}
	return clockWords(int(q.Start/time.Hour), int(q.Start%time.Hour/time.Minute)) + " to " +
		clockWords(int(q.End/time.Hour), int(q.End%time.Hour/time.Minute))
}

// sinceMidnight is how far a wallClock value's clock reads past midnight.
func sinceMidnight(wall time.Time) time.Duration {
	y, m, d := wall.Date()
	return wall.Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

func formatHHMM(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
