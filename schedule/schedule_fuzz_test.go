package schedule

import (
	"errors"
	"testing"
	"time"
)

// FuzzParseTimes reads anything a person types as check-in times: an error short enough to
// quote back, or specs that ParseSchedule accepts and that come due within a week.
func FuzzParseTimes(f *testing.F) {
	for _, s := range []string{"9am", "9am and 8pm", "weekdays 9:30", "mon,wed,fri 21:15", "Mon-Fri 9am 8pm", "noon",
		"every day at 7.30pm", "sat-sun 10am", "9", "25:00", "9:60", "weekdays-sun 9am", "", "-", "mon-", "9am 10am 11am 12pm 1pm"} {
		f.Add(s)
	}
	london, _ := time.LoadLocation("Europe/London")
	start := time.Date(2026, 3, 28, 12, 0, 0, 0, time.UTC) // the day before the clocks go forward
	f.Fuzz(func(t *testing.T, input string) {
		specs, err := ParseTimes(input)
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) || p.Code == "" {
				t.Errorf("ParseTimes(%q): %v is not a Problem with a code the bot can word", input, err)
			}
			return
		}
		if len(specs) == 0 || len(specs) > maxTimesADay {
			t.Errorf("ParseTimes(%q) = %d specs", input, len(specs))
		}
		for _, spec := range specs {
			for _, loc := range []*time.Location{time.UTC, london} {
				s, err := ParseSchedule(spec, loc)
				if err != nil {
					t.Fatalf("ParseTimes(%q) gave %q, which ParseSchedule refuses: %v", input, spec, err)
				}
				if next := s.Next(start); !next.After(start) || next.After(start.Add(8*24*time.Hour)) {
					t.Errorf("%q (from %q) next after %v is %v", spec, input, start, next)
				}
				_ = s.Describe()
			}
		}
	})
}

// FuzzParseSchedule reads any cron spec: an error or a schedule whose Next moves forward.
func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"0 9 * * *", "30 21 * * 1-5", "0 9 * * 0,6", "@daily", "TZ=UTC 0 9 * * *", "* * * * *",
		"0 0 31 2 *", "60 25 * * *", "0 9 1-31/2 * *", ""} {
		f.Add(s)
	}
	start := time.Date(2026, 10, 24, 23, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseSchedule(spec, time.UTC)
		if err != nil {
			return
		}
		if next := s.Next(start); !next.After(start) {
			t.Errorf("%q: next after %v is %v", spec, start, next)
		}
		_ = s.Describe()
	})
}

// FuzzParseQuietHours reads anything typed after /quiet.
func FuzzParseQuietHours(f *testing.F) {
	for _, s := range []string{"22:00-07:00", "10pm-7am", "10pm to 7am", "none", "off", "", "-", "10pm-10pm", "a.m.-p.m.", "24:00-0:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuietHours(s)
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) || p.Code == "" {
				t.Errorf("ParseQuietHours(%q): %v is not a Problem with a code the bot can word", s, err)
			}
			return
		}
		if q.Start < 0 || q.Start >= 24*time.Hour || q.End < 0 || q.End >= 24*time.Hour {
			t.Errorf("ParseQuietHours(%q) = %+v", s, q)
		}
		_ = q.Describe()
		_ = q.Until(time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), time.UTC)
	})
}
