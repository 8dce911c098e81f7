package tandem

import (
	"strings"
	"testing"
	"time"
)

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skipf("no Europe/London zone on this machine: %v", err)
	}
	return loc
}

func mustHours(t *testing.T, s string, loc *time.Location) WorkingHours {
	t.Helper()
	h, err := ParseWorkingHours(s, loc)
	if err != nil {
		t.Fatalf("ParseWorkingHours(%q): %v", s, err)
	}
	return h
}

func TestParseWorkingHours(t *testing.T) {
	weekdays := [7]bool{false, true, true, true, true, true, false}
	tests := []struct {
		in         string
		days       [7]bool
		start, end time.Duration
		canonical  string
		describe   string
	}{
		{"Mon-Fri 09:00-17:00", weekdays, 9 * time.Hour, 17 * time.Hour, "Mon-Fri 09:00-17:00", "Monday to Friday, 9am to 5pm"},
		{"Mon,Wed,Fri 10:00-16:00", [7]bool{false, true, false, true, false, true, false}, 10 * time.Hour, 16 * time.Hour, "Mon,Wed,Fri 10:00-16:00", "Monday, Wednesday and Friday, 10am to 4pm"},
		{"Mon-Sun 08:30-20:00", [7]bool{true, true, true, true, true, true, true}, 8*time.Hour + 30*time.Minute, 20 * time.Hour, "Mon-Sun 08:30-20:00", "every day, 8:30am to 8pm"},
		{"  monday-FRIDAY   9:00-17:30 ", weekdays, 9 * time.Hour, 17*time.Hour + 30*time.Minute, "Mon-Fri 09:00-17:30", "Monday to Friday, 9am to 5:30pm"},
		{"Mon, Tue, Thu 12:00-24:00", [7]bool{false, true, true, false, true, false, false}, 12 * time.Hour, 24 * time.Hour, "Mon,Tue,Thu 12:00-24:00", "Monday, Tuesday and Thursday, midday to midnight"},
		{"Fri-Mon 00:00-06:15", [7]bool{true, true, false, false, false, true, true}, 0, 6*time.Hour + 15*time.Minute, "Mon,Fri-Sun 00:00-06:15", "Monday and Friday to Sunday, midnight to 6:15am"},
		{"Sat-Sun 10:00-13:00", [7]bool{true, false, false, false, false, false, true}, 10 * time.Hour, 13 * time.Hour, "Sat,Sun 10:00-13:00", "Saturday and Sunday, 10am to 1pm"},
		{"Wed 13:05-13:06", [7]bool{false, false, false, true, false, false, false}, 13*time.Hour + 5*time.Minute, 13*time.Hour + 6*time.Minute, "Wed 13:05-13:06", "Wednesday, 1:05pm to 1:06pm"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			h := mustHours(t, tt.in, nil)
			if h.Days != tt.days || h.Start != tt.start || h.End != tt.end {
				t.Errorf("got days %v %v-%v, want %v %v-%v", h.Days, h.Start, h.End, tt.days, tt.start, tt.end)
			}
			if h.Location != time.UTC {
				t.Errorf("nil location should mean UTC, got %v", h.Location)
			}
			if got := h.String(); got != tt.canonical {
				t.Errorf("String() = %q, want %q", got, tt.canonical)
			}
			if got := h.Describe(); got != tt.describe {
				t.Errorf("Describe() = %q, want %q", got, tt.describe)
			}
			// The canonical form must read back as the same hours.
			if again := mustHours(t, h.String(), nil); again != h {
				t.Errorf("String() %q does not parse back to the same hours: %+v", h.String(), again)
			}
		})
	}
}

func TestParseWorkingHoursErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "want days then times"},
		{"09:00-17:00", "want days then times"},
		{"Mon-Fri", "want days then times"},
		{"Mon-Fry 09:00-17:00", `"Fry" is not a day`},
		{"Mon,,Fri 09:00-17:00", "a day is missing"},
		{"Mon-Fri 09:00", "want times as start-end"},
		{"Mon-Fri 0900-1700", `start: "0900" is not a time of day`},
		{"Mon-Fri 9am-5pm", `"9am" is not a time of day`},
		{"Mon-Fri 09:00-25:00", `"25:00" is not a time of day`},
		{"Mon-Fri 09:60-17:00", `"09:60" is not a time of day`},
		{"Mon-Fri 24:00-24:00", "24:00 is the end of the day"},
		{"Mon-Fri 22:00-06:00", "end 06:00 must be after start 22:00 (hours that run past midnight are not supported)"},
		{"Mon-Fri 09:00-09:00", "must be after start"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseWorkingHours(tt.in, nil)
			if err == nil {
				t.Fatalf("ParseWorkingHours(%q) succeeded, want an error containing %q", tt.in, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestWorkingHoursContainsAndNext(t *testing.T) {
	lon := london(t)
	at := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// 2024-03-31 (Sunday): London clocks go from 01:00 GMT to 02:00 BST (at 01:00Z).
	// 2024-10-27 (Sunday): London clocks go from 02:00 BST back to 01:00 GMT (at 01:00Z).
	tests := []struct {
		name     string
		hours    string
		t        string // RFC 3339, any offset
		contains bool
		next     string // the same instant, RFC 3339
	}{
		{"inside is itself", "Mon-Fri 09:00-17:00", "2024-06-12T10:00:00+01:00", true, "2024-06-12T10:00:00+01:00"},
		{"start is inside", "Mon-Fri 09:00-17:00", "2024-06-12T09:00:00+01:00", true, "2024-06-12T09:00:00+01:00"},
		{"end is outside", "Mon-Fri 09:00-17:00", "2024-06-12T17:00:00+01:00", false, "2024-06-13T09:00:00+01:00"},
		{"early morning waits for start", "Mon-Fri 09:00-17:00", "2024-06-12T06:00:00+01:00", false, "2024-06-12T09:00:00+01:00"},
		{"hours are London time, not UTC", "Mon-Fri 09:00-17:00", "2024-06-12T08:30:00Z", true, "2024-06-12T08:30:00Z"},
		{"Friday evening waits for Monday", "Mon-Fri 09:00-17:00", "2024-06-14T18:00:00+01:00", false, "2024-06-17T09:00:00+01:00"},
		{"skips days without hours", "Mon,Wed,Fri 10:00-16:00", "2024-06-11T11:00:00+01:00", false, "2024-06-12T10:00:00+01:00"},
		{"winter is GMT", "Mon-Fri 09:00-17:00", "2024-01-12T18:00:00Z", false, "2024-01-15T09:00:00Z"},
		{"weekend over spring forward: Monday 9am is BST", "Mon-Fri 09:00-17:00", "2024-03-29T18:00:00Z", false, "2024-04-01T08:00:00Z"},
		{"spring forward day: 9am BST", "Mon-Sun 09:00-17:00", "2024-03-31T00:30:00Z", false, "2024-03-31T08:00:00Z"},
		{"spring forward day: 8:30 BST is outside", "Mon-Sun 09:00-17:00", "2024-03-31T07:30:00Z", false, "2024-03-31T08:00:00Z"},
		{"spring forward day: 4:30pm BST is inside", "Mon-Sun 09:00-17:00", "2024-03-31T15:30:00Z", true, "2024-03-31T15:30:00Z"},
		{"start in the gap begins when the clock jumps", "Mon-Sun 01:30-05:00", "2024-03-31T00:30:00Z", false, "2024-03-31T01:00:00Z"},
		{"weekend over fall back: Monday 9am is GMT", "Mon-Fri 09:00-17:00", "2024-10-25T18:00:00+01:00", false, "2024-10-28T09:00:00Z"},
		{"fall back day: 9am GMT", "Mon-Sun 09:00-17:00", "2024-10-27T07:00:00Z", false, "2024-10-27T09:00:00Z"},
		{"fall back day: first 01:30 is BST", "Mon-Sun 01:30-03:00", "2024-10-26T23:00:00Z", false, "2024-10-27T00:30:00Z"},
		{"fall back day: 01:45 BST is inside", "Mon-Sun 01:30-03:00", "2024-10-27T00:45:00Z", true, "2024-10-27T00:45:00Z"},
		{"fall back day: second 01:15 (GMT) is outside again", "Mon-Sun 01:30-03:00", "2024-10-27T01:15:00Z", false, "2024-10-27T01:30:00Z"},
		{"last day of the year to the first working day", "Mon-Fri 09:00-17:00", "2024-12-31T17:30:00Z", false, "2025-01-01T09:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustHours(t, tt.hours, lon)
			in := at(tt.t)
			if got := h.Contains(in); got != tt.contains {
				t.Errorf("Contains(%s) = %v, want %v", in.In(lon), got, tt.contains)
			}
			want := at(tt.next)
			got := h.Next(in)
			if !got.Equal(want) {
				t.Errorf("Next(%s) = %s, want %s", in.In(lon), got, want.In(lon))
			}
			if got.Location() != lon {
				t.Errorf("Next should answer in the hours' zone, got %v", got.Location())
			}
			if !h.Contains(got) {
				t.Errorf("Next(%s) = %s, which is not inside the hours", in, got)
			}
		})
	}
}

func TestWorkingHoursNextIsFirstMomentInside(t *testing.T) {
	// Brute force across both 2024 London changes: no minute between t and Next(t) is inside.
	lon := london(t)
	h := mustHours(t, "Mon-Sun 01:30-02:30", lon)
	for _, from := range []time.Time{
		time.Date(2024, 3, 30, 20, 0, 0, 0, time.UTC),
		time.Date(2024, 10, 26, 20, 0, 0, 0, time.UTC),
	} {
		for t0 := from; t0.Before(from.Add(8 * time.Hour)); t0 = t0.Add(7 * time.Minute) {
			next := h.Next(t0)
			if next.Before(t0) {
				t.Fatalf("Next(%s) = %s is before t", t0, next)
			}
			for m := t0; m.Before(next); m = m.Add(time.Minute) {
				if h.Contains(m) {
					t.Fatalf("Next(%s) = %s, but %s is already inside", t0, next, m)
				}
			}
		}
	}
}

func TestZeroWorkingHours(t *testing.T) {
	var h WorkingHours
	if h.Contains(time.Now()) {
		t.Error("zero hours should contain nothing")
	}
	if !h.Next(time.Now()).IsZero() {
		t.Error("zero hours should have no next moment")
	}
	if h.String() != "" || h.Describe() != "" {
		t.Errorf("zero hours should print as empty, got %q and %q", h.String(), h.Describe())
	}
}
