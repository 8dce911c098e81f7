package schedule

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
)

// QuietHours is when a person does not want messages from Tandem, on their wall clock. It may
// wrap midnight (22:00-07:00). Start and End are wall-clock offsets from local midnight ("the
// clock shows Start"), not elapsed time, so they mean the same on days the clocks change. Inside
// means Start <= clock < End. Start == End (including the zero value) means no quiet hours.
type QuietHours struct {
	Start, End time.Duration
}

// ParseQuietHours reads quiet hours as people write them: "22:00-07:00", "10pm-7am",
// "10pm to 7am", "de 22:00 a 7:00", "de 10 de la noche a 7 de la mañana"; "none", "off" or
// "ninguna" gives no quiet hours. An error is a *Problem, for the caller to word in the person's
// language.
func ParseQuietHours(s string) (QuietHours, error) {
	t := stripAccents(strings.ToLower(strings.TrimSpace(s)))
	switch t {
	case "none", "off", "no", "ninguna", "ninguno", "nada", "sin":
		return QuietHours{}, nil
	case "":
		return QuietHours{}, errNoQuiet
	}
	t = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "–", "-", "—", "-").Replace(t)
	t = strings.TrimSpace(spanishPhrases.Replace(" " + t + " "))
	t = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "desde "), "de "))
	var from, to string
	var ok bool
	for _, sep := range []string{"-", " to ", " till ", " until ", " hasta ", " a "} {
		if from, to, ok = strings.Cut(t, sep); ok {
			break
		}
	}
	if !ok {
		return QuietHours{}, errQuietNoEnd
	}
	clock := func(part string) (time.Duration, error) {
		var words []string
		for _, w := range tokenize(part) {
			if !slices.Contains(fillerWords, w) {
				words = append(words, w)
			}
		}
		if len(words) == 0 {
			return 0, errQuietNoEnd
		}
		m, err := parseClockWord(strings.Join(words, ""))
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

// Quiet is a person's quiet hours.
func Quiet(p tandem.Person) QuietHours { return QuietHours{Start: p.QuietStart, End: p.QuietEnd} }

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
func (q QuietHours) Describe() string { return q.DescribeIn("en") }

// DescribeIn says quiet hours in lang: "10pm to 7am", "de 22:00 a 7:00".
func (q QuietHours) DescribeIn(lang string) string { return quietIn(wordsFor(lang), q) }

// sinceMidnight is how far a wallClock value's clock reads past midnight.
func sinceMidnight(wall time.Time) time.Duration {
	y, m, d := wall.Date()
	return wall.Sub(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

func formatHHMM(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}
