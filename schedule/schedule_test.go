package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"

	// Embedded zone data: these tests pin real 2026 clock changes, so they must not depend on
	// whether (or how recently) the machine running them has tzdata installed.
	_ "time/tzdata"

	"github.com/robfig/cron/v3"
)

// The 2026 clock changes these tests rely on:
//
//	Europe/London       29 Mar 01:00 -> 02:00 (gap)      25 Oct 02:00 -> 01:00 (overlap)
//	America/New_York     8 Mar 02:00 -> 03:00 (gap)       1 Nov 02:00 -> 01:00 (overlap)
//	Australia/Melbourne  5 Apr 03:00 -> 02:00 (overlap)   4 Oct 02:00 -> 03:00 (gap)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func mustSchedule(t *testing.T, spec string, loc *time.Location) Schedule {
	t.Helper()
	s, err := ParseSchedule(spec, loc)
	if err != nil {
		t.Fatalf("ParseSchedule(%q): %v", spec, err)
	}
	return s
}

// fires steps s n times from after and returns each due instant as RFC 3339 in s's zone, which
// shows both the clock the person sees and the offset (so the UTC instant) it is at.
func fires(s Schedule, after time.Time, n int) []string {
	var out []string
	for range n {
		after = s.Next(after)
		out = append(out, after.In(s.Location()).Format(time.RFC3339))
	}
	return out
}

// TestScheduleRobfigCronNextSkipsTheGap records why Schedule does its own stepping: robfig/cron,
// given a time in a zone with DST, never sends a prompt set in the hour the clocks skip, and
// sends one set in the hour they repeat twice. A person on a daily 01:30 check-in in London
// would hear nothing on 29 March and be asked twice on 25 October.
func TestScheduleRobfigCronNextSkipsTheGap(t *testing.T) {
	london := zone(t, "Europe/London")
	raw, err := cron.ParseStandard("30 1 * * *")
	if err != nil {
		t.Fatal(err)
	}
	got := raw.Next(time.Date(2026, 3, 29, 0, 0, 0, 0, london))
	if want := time.Date(2026, 3, 30, 1, 30, 0, 0, london); !got.Equal(want) {
		t.Fatalf("robfig/cron Next after 00:00 on 29 Mar = %v; this test expected it to skip to %v. If robfig/cron now handles the gap, Schedule's workaround may be simplified", got, want)
	}
	first := raw.Next(time.Date(2026, 10, 25, 0, 0, 0, 0, london))
	second := raw.Next(first)
	if first.Format(time.RFC3339) != "2026-10-25T01:30:00+01:00" || second.Format(time.RFC3339) != "2026-10-25T01:30:00Z" {
		t.Fatalf("robfig/cron on 25 Oct: %v then %v; this test expected 01:30 BST then 01:30 GMT (the same wall time twice)", first, second)
	}

	// Schedule, by contrast, fires once on each of those days.
	s := mustSchedule(t, "30 1 * * *", london)
	if got := s.Next(time.Date(2026, 3, 29, 0, 0, 0, 0, london)).Format(time.RFC3339); got != "2026-03-29T02:00:00+01:00" {
		t.Errorf("Schedule.Next into the gap = %s, want the transition 2026-03-29T02:00:00+01:00", got)
	}
	if got := s.Next(first).Format(time.RFC3339); got != "2026-10-26T01:30:00Z" {
		t.Errorf("Schedule.Next after the first 01:30 on 25 Oct = %s, want the next day 2026-10-26T01:30:00Z", got)
	}
}

// TestScheduleNextAcrossClockChanges checks the days before, of and after every clock change:
// a check-in in the skipped hour comes when the clocks jump, one in the repeated hour comes
// once, and one outside them stays at its time on the person's clock.
func TestScheduleNextAcrossClockChanges(t *testing.T) {
	tests := []struct {
		name, zone, spec string
		after            time.Time // in UTC, so the test says exactly which instant it means
		want             []string
	}{
		{
			name: "London gap: 01:30 comes at 02:00 BST, when the clocks jump", zone: "Europe/London", spec: "30 1 * * *",
			after: time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC),
			want:  []string{"2026-03-28T01:30:00Z", "2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"},
		},
		{
			name: "London gap: from a second before the jump", zone: "Europe/London", spec: "30 1 * * *",
			after: time.Date(2026, 3, 29, 0, 59, 59, 0, time.UTC),
			want:  []string{"2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"},
		},
		{
			name: "London gap: from the jump itself, it is not sent again", zone: "Europe/London", spec: "30 1 * * *",
			after: time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC),
			want:  []string{"2026-03-30T01:30:00+01:00"},
		},
		{
			name: "London overlap: 01:30 comes once, in BST", zone: "Europe/London", spec: "30 1 * * *",
			after: time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC),
			want:  []string{"2026-10-24T01:30:00+01:00", "2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00Z"},
		},
		{
			name: "London overlap: from the repeated hour, the second 01:30 is skipped", zone: "Europe/London", spec: "30 1 * * *",
			after: time.Date(2026, 10, 25, 1, 10, 0, 0, time.UTC), // 01:10 GMT, the second pass
			want:  []string{"2026-10-26T01:30:00Z"},
		},
		{
			name: "London 09:00 through both changes", zone: "Europe/London", spec: "0 9 * * *",
			after: time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC),
			want:  []string{"2026-03-28T09:00:00Z", "2026-03-29T09:00:00+01:00", "2026-03-30T09:00:00+01:00"},
		},
		{
			name: "London 09:00 after the autumn change", zone: "Europe/London", spec: "0 9 * * *",
			after: time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC),
			want:  []string{"2026-10-24T09:00:00+01:00", "2026-10-25T09:00:00Z", "2026-10-26T09:00:00Z"},
		},
		{
			name: "New York gap: 02:30 comes at 03:00 EDT", zone: "America/New_York", spec: "30 2 * * *",
			after: time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC),
			want:  []string{"2026-03-07T02:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"},
		},
		{
			name: "New York overlap: 01:30 comes once, in EDT", zone: "America/New_York", spec: "30 1 * * *",
			after: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC),
			want:  []string{"2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"},
		},
		{
			name: "New York 09:00 through both changes", zone: "America/New_York", spec: "0 9 * * *",
			after: time.Date(2026, 3, 7, 15, 0, 0, 0, time.UTC), // 10:00 EST, after that day's 09:00
			want:  []string{"2026-03-08T09:00:00-04:00", "2026-03-09T09:00:00-04:00"},
		},
		{
			name: "New York 09:00 after the autumn change", zone: "America/New_York", spec: "0 9 * * *",
			after: time.Date(2026, 10, 31, 14, 0, 0, 0, time.UTC),
			want:  []string{"2026-11-01T09:00:00-05:00", "2026-11-02T09:00:00-05:00"},
		},
		{
			name: "Melbourne overlap: 02:30 comes once, in AEDT", zone: "Australia/Melbourne", spec: "30 2 * * *",
			after: time.Date(2026, 4, 3, 12, 0, 0, 0, time.UTC),
			want:  []string{"2026-04-04T02:30:00+11:00", "2026-04-05T02:30:00+11:00", "2026-04-06T02:30:00+10:00"},
		},
		{
			name: "Melbourne gap: 02:30 comes at 03:00 AEDT", zone: "Australia/Melbourne", spec: "30 2 * * *",
			after: time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC),
			want:  []string{"2026-10-03T02:30:00+10:00", "2026-10-04T03:00:00+11:00", "2026-10-05T02:30:00+11:00"},
		},
		{
			name: "Melbourne 09:00 through both changes", zone: "Australia/Melbourne", spec: "0 9 * * *",
			after: time.Date(2026, 4, 4, 0, 0, 0, 0, time.UTC),
			want:  []string{"2026-04-05T09:00:00+10:00", "2026-04-06T09:00:00+10:00"},
		},
		{
			name: "Melbourne 09:00 after the spring change", zone: "Australia/Melbourne", spec: "0 9 * * *",
			after: time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC),
			want:  []string{"2026-10-04T09:00:00+11:00", "2026-10-05T09:00:00+11:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSchedule(t, tt.spec, zone(t, tt.zone))
			got := fires(s, tt.after, len(tt.want))
			for i := range tt.want {
				if got[i] != tt.want[i] {
					t.Errorf("fire %d = %s, want %s (all: %v)", i+1, got[i], tt.want[i], got)
				}
			}
		})
	}
}

// TestScheduleOverAYear steps schedules through all of 2026 in each zone: a daily check-in
// comes exactly once every day, a weekly one every week, and never at a time the person did not
// choose (except at the instant the clocks jump over it).
func TestScheduleOverAYear(t *testing.T) {
	tests := []struct {
		zone, spec   string
		hour, minute int
		weekly       bool
	}{
		{"Europe/London", "0 9 * * *", 9, 0, false},
		{"Europe/London", "30 1 * * *", 1, 30, false},
		{"Europe/London", "0 18 * * 0", 18, 0, true},
		{"America/New_York", "0 9 * * *", 9, 0, false},
		{"America/New_York", "30 2 * * *", 2, 30, false},
		{"America/New_York", "30 1 * * *", 1, 30, false},
		{"America/New_York", "30 2 * * 0", 2, 30, true}, // 8 Mar, in the gap, is a Sunday
		{"Australia/Melbourne", "0 9 * * *", 9, 0, false},
		{"Australia/Melbourne", "30 2 * * *", 2, 30, false},
		{"Australia/Melbourne", "30 2 * * 0", 2, 30, true}, // 5 Apr and 4 Oct are Sundays
	}
	for _, tt := range tests {
		t.Run(tt.zone+" "+tt.spec, func(t *testing.T) {
			loc := zone(t, tt.zone)
			s := mustSchedule(t, tt.spec, loc)
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			end := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
			perDay := map[string]int{}
			total := 0
			for at := s.Next(start.Add(-time.Nanosecond)); at.Before(end); at = s.Next(at) {
				local := at.In(loc)
				perDay[local.Format(time.DateOnly)]++
				total++
				if local.Hour() == tt.hour && local.Minute() == tt.minute && local.Second() == 0 {
					continue
				}
				// The only other allowed time is the jump over a chosen time that did not exist.
				before := at.Add(-time.Second).In(loc)
				_, offBefore := before.Zone()
				_, offAt := local.Zone()
				chosen := tt.hour*60 + tt.minute
				if offBefore == offAt || before.Hour()*60+before.Minute() >= chosen || local.Hour()*60+local.Minute() <= chosen {
					t.Errorf("fired at %s, not at %02d:%02d and not at a jump over it", local.Format(time.RFC3339), tt.hour, tt.minute)
				}
			}
			for day, n := range perDay {
				if n != 1 {
					t.Errorf("%s: %d fires, want 1", day, n)
				}
			}
			if tt.weekly {
				if total != 52 && total != 53 {
					t.Errorf("weekly: %d fires in 2026, want 52 or 53", total)
				}
				for day := range perDay {
					if d, _ := time.Parse(time.DateOnly, day); d.Weekday() != time.Sunday {
						t.Errorf("weekly fire on %s, a %s", day, d.Weekday())
					}
				}
			} else if total != 365 {
				t.Errorf("daily: %d fires in 2026, want 365", total)
			}
		})
	}
}

// TestScheduleHalfHourlyOnChangeDays checks a finer schedule on London's change days: the
// skipped hour's times collapse into the one jump, the repeated hour is not sent twice, and due
// times only ever move forward.
func TestScheduleHalfHourlyOnChangeDays(t *testing.T) {
	london := zone(t, "Europe/London")
	s := mustSchedule(t, "0,30 * * * *", london)
	for _, tt := range []struct {
		day  time.Time
		want int
	}{
		{time.Date(2026, 3, 28, 0, 0, 0, 0, london), 48},
		{time.Date(2026, 3, 29, 0, 0, 0, 0, london), 46},  // 23 hours
		{time.Date(2026, 10, 25, 0, 0, 0, 0, london), 48}, // 25 hours, but each clock time once
	} {
		next := tt.day.AddDate(0, 0, 1)
		n, prev := 0, tt.day.Add(-time.Nanosecond)
		for at := s.Next(prev); at.Before(next); at = s.Next(at) {
			if !at.After(prev) {
				t.Fatalf("%s: due %s is not after %s", tt.day.Format(time.DateOnly), at, prev)
			}
			n, prev = n+1, at
		}
		if n != tt.want {
			t.Errorf("%s: %d fires, want %d", tt.day.Format(time.DateOnly), n, tt.want)
		}
	}
}

// TestScheduleFollowsAPersonWhoMoves: the same spec in a new zone is due at the new zone's 9am.
func TestScheduleFollowsAPersonWhoMoves(t *testing.T) {
	london, newYork := zone(t, "Europe/London"), zone(t, "America/New_York")
	s := mustSchedule(t, "0 9 * * *", london)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) // 13:00 in London, 08:00 in New York
	if got := s.Next(now).Format(time.RFC3339); got != "2026-06-02T09:00:00+01:00" {
		t.Errorf("in London: %s, want tomorrow's 9am 2026-06-02T09:00:00+01:00", got)
	}
	moved := s.In(newYork)
	if got := moved.Next(now).Format(time.RFC3339); got != "2026-06-01T09:00:00-04:00" {
		t.Errorf("after moving to New York: %s, want today's 9am there 2026-06-01T09:00:00-04:00", got)
	}
	if moved.Spec() != s.Spec() || moved.Location() != newYork || s.Location() != london {
		t.Errorf("In changed the wrong thing: spec %q zone %v; original zone %v", moved.Spec(), moved.Location(), s.Location())
	}
	reparsed := mustSchedule(t, s.Spec(), newYork)
	if !reparsed.Next(now).Equal(moved.Next(now)) {
		t.Errorf("reparsing in the new zone = %v, In = %v", reparsed.Next(now), moved.Next(now))
	}
}

// TestScheduleWeekdays: a Monday-to-Friday check-in skips the weekend.
func TestScheduleWeekdays(t *testing.T) {
	london := zone(t, "Europe/London")
	s := mustSchedule(t, "30 9 * * 1-5", london)
	after := time.Date(2026, 6, 4, 10, 0, 0, 0, london) // Thursday, after 9:30
	want := []string{
		"2026-06-05T09:30:00+01:00", // Friday
		"2026-06-08T09:30:00+01:00", // Monday
		"2026-06-09T09:30:00+01:00",
		"2026-06-10T09:30:00+01:00",
		"2026-06-11T09:30:00+01:00",
		"2026-06-12T09:30:00+01:00",
		"2026-06-15T09:30:00+01:00",
	}
	got := fires(s, after, len(want))
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("fire %d = %s, want %s", i+1, got[i], want[i])
		}
	}
}

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		spec    string
		wantErr string // substring; empty means accepted
	}{
		{"0 9 * * *", ""},
		{"  30 21 * * 1-5 ", ""},
		{"0 9 29 2 *", ""}, // leap days only, but due within five years
		{"@every 1h", "descriptors"},
		{"@daily", "descriptors"},
		{" @hourly", "descriptors"},
		{"CRON_TZ=Europe/London 0 9 * * *", "time zone"},
		{"TZ=UTC 0 9 * * *", "time zone"},
		{"", "schedule"},
		{"0 9 * *", "expected exactly 5 fields"},
		{"0 0 9 * * *", "expected exactly 5 fields"},
		{"61 9 * * *", "above maximum"},
		{"0 9 30 2 *", "never due"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			s, err := ParseSchedule(tt.spec, nil)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr == "":
				if s.Location() != time.UTC {
					t.Errorf("nil location gave %v, want UTC", s.Location())
				}
				if s.Spec() != strings.TrimSpace(tt.spec) {
					t.Errorf("Spec() = %q", s.Spec())
				}
			case err == nil || !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("error = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
	if got := (Schedule{}).Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)); !got.IsZero() {
		t.Errorf("zero Schedule is due at %v, want never", got)
	}
}

func TestScheduleDescribe(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"0 9 * * *", "every day at 9am"},
		{"30 9 * * 1-5", "Monday to Friday at 9:30am"},
		{"0 18 * * 0", "on Sundays at 6pm"},
		{"0 20 * * 1,3,5", "Monday, Wednesday and Friday at 8pm"},
		{"0 10 * * 0,6", "Saturday and Sunday at 10am"},
		{"0 10 * * 0,5,6", "Friday to Sunday at 10am"},
		{"0 10 * * 0,1,2", "Monday, Tuesday and Sunday at 10am"},
		{"0 7 * * 0-6", "every day at 7am"},
		{"0 12 * * *", "every day at midday"},
		{"0 0 * * *", "every day at midnight"},
		{"15 0 * * *", "every day at 12:15am"},
		{"45 12 * * *", "every day at 12:45pm"},
		{"5 23 * * 2", "on Tuesdays at 11:05pm"},
		{"0 9 1 * *", "on a custom schedule (0 9 1 * *)"},
		{"*/15 9 * * *", "on a custom schedule (*/15 9 * * *)"},
		{"0 9,21 * * *", "on a custom schedule (0 9,21 * * *)"},
	}
	for _, tt := range tests {
		if got := mustSchedule(t, tt.spec, nil).Describe(); got != tt.want {
			t.Errorf("Describe(%q) = %q, want %q", tt.spec, got, tt.want)
		}
	}
}

func TestParseTimes(t *testing.T) {
	accepts := []struct {
		input    string
		want     []string
		describe string // of the first spec, as the person would be told it back
	}{
		{"9:00", []string{"0 9 * * *"}, "every day at 9am"},
		{"09:00", []string{"0 9 * * *"}, "every day at 9am"},
		{"9am", []string{"0 9 * * *"}, "every day at 9am"},
		{"9 AM", []string{"0 9 * * *"}, "every day at 9am"},
		{"9.30pm", []string{"30 21 * * *"}, "every day at 9:30pm"},
		{"9:30 p.m.", []string{"30 21 * * *"}, "every day at 9:30pm"},
		{"21:15", []string{"15 21 * * *"}, "every day at 9:15pm"},
		{"12am", []string{"0 0 * * *"}, "every day at midnight"},
		{"12pm", []string{"0 12 * * *"}, "every day at midday"},
		{"noon", []string{"0 12 * * *"}, "every day at midday"},
		{"9am 8pm", []string{"0 9 * * *", "0 20 * * *"}, "every day at 9am"},
		{"9am and 8pm", []string{"0 9 * * *", "0 20 * * *"}, "every day at 9am"},
		{"8pm & 9am", []string{"0 9 * * *", "0 20 * * *"}, "every day at 9am"},
		{"9:00, 20:00", []string{"0 9 * * *", "0 20 * * *"}, "every day at 9am"},
		{"9am, 9:00", []string{"0 9 * * *"}, "every day at 9am"},
		{"weekdays 9am", []string{"0 9 * * 1-5"}, "Monday to Friday at 9am"},
		{"9am weekdays", []string{"0 9 * * 1-5"}, "Monday to Friday at 9am"},
		{"Mon-Fri 09:00", []string{"0 9 * * 1-5"}, "Monday to Friday at 9am"},
		{"monday to friday 9:30am", []string{"30 9 * * 1-5"}, "Monday to Friday at 9:30am"},
		{"Mon - Fri 09:00", []string{"0 9 * * 1-5"}, "Monday to Friday at 9am"},
		{"mon,wed,fri 18:00", []string{"0 18 * * 1,3,5"}, "Monday, Wednesday and Friday at 6pm"},
		{"Mon, Wed and Fri at 8pm", []string{"0 20 * * 1,3,5"}, "Monday, Wednesday and Friday at 8pm"},
		{"Sun 18:00", []string{"0 18 * * 0"}, "on Sundays at 6pm"},
		{"on Sundays at 6pm", []string{"0 18 * * 0"}, "on Sundays at 6pm"},
		{"weekends 10am", []string{"0 10 * * 0,6"}, "Saturday and Sunday at 10am"},
		{"fri-sun 10am", []string{"0 10 * * 0,5,6"}, "Friday to Sunday at 10am"},
		{"every day 9am", []string{"0 9 * * *"}, "every day at 9am"},
		{"daily 9am", []string{"0 9 * * *"}, "every day at 9am"},
		{"9am daily", []string{"0 9 * * *"}, "every day at 9am"},
		{"weekdays 8am 12pm 5pm 9pm", []string{"0 8 * * 1-5", "0 12 * * 1-5", "0 17 * * 1-5", "0 21 * * 1-5"}, "Monday to Friday at 8am"},
	}
	for _, tt := range accepts {
		t.Run(tt.input, func(t *testing.T) {
			got, err := ParseTimes(tt.input)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if d := mustSchedule(t, got[0], nil).Describe(); d != tt.describe {
				t.Errorf("described as %q, want %q", d, tt.describe)
			}
		})
	}

	rejects := []struct {
		input string
		want  Problem
	}{
		{"", Problem{NoTime, ""}},
		{"  and ", Problem{NoTime, ""}},
		{"25:00", Problem{NoSuchHour, "25"}},
		{"24:30", Problem{NoSuchHour, "24"}},
		{"13pm", Problem{NoSuchTime, "13pm"}},
		{"0am", Problem{NoSuchTime, "0am"}},
		{"9:75", Problem{BadMinutes, ""}},
		{"9:3", Problem{Unreadable, "9:3"}},
		{"9am-5pm", Problem{Unreadable, "9am-5pm"}},
		{"9", Problem{MorningOrEvening, "9"}},
		{"21", Problem{AddMinutes, "21"}},
		{"funday 9am", Problem{UnknownDay, "funday"}},
		{"mon-funday 9am", Problem{UnknownDay, "funday"}},
		{"weekdays-sun 9am", Problem{DayRange, ""}},
		{"tomorrow at 9am", Problem{UnknownDay, "tomorrow"}},
		{"mon- 9am", Problem{DayMissing, ""}},
		{"weekdays", Problem{DaysNoTime, ""}},
		{"mon 9am tue 8pm", Problem{DaysTwice, ""}},
		{"8am 10am 12pm 3pm 6pm", Problem{TooMany, "4"}},
	}
	for _, tt := range rejects {
		t.Run("reject "+tt.input, func(t *testing.T) {
			got, err := ParseTimes(tt.input)
			if err == nil {
				t.Fatalf("accepted as %q, want the error %+v", got, tt.want)
			}
			var got2 *Problem
			if !errors.As(err, &got2) || *got2 != tt.want {
				t.Errorf("error %v, want %+v", err, tt.want)
			}
		})
	}
}

func TestParseQuietHours(t *testing.T) {
	accepts := []struct {
		input            string
		want             QuietHours
		str, description string
	}{
		{"22:00-07:00", QuietHours{22 * time.Hour, 7 * time.Hour}, "22:00-07:00", "10pm to 7am"},
		{"10pm-7am", QuietHours{22 * time.Hour, 7 * time.Hour}, "22:00-07:00", "10pm to 7am"},
		{"10 pm - 7 am", QuietHours{22 * time.Hour, 7 * time.Hour}, "22:00-07:00", "10pm to 7am"},
		{"10.30pm to 6:45am", QuietHours{22*time.Hour + 30*time.Minute, 6*time.Hour + 45*time.Minute}, "22:30-06:45", "10:30pm to 6:45am"},
		{"13:00-14:00", QuietHours{13 * time.Hour, 14 * time.Hour}, "13:00-14:00", "1pm to 2pm"},
		{"midnight-7am", QuietHours{0, 7 * time.Hour}, "00:00-07:00", "midnight to 7am"},
		{"22:00-24:00", QuietHours{22 * time.Hour, 0}, "22:00-00:00", "10pm to midnight"},
		{"none", QuietHours{}, "none", "no quiet hours"},
		{"Off", QuietHours{}, "none", "no quiet hours"},
	}
	for _, tt := range accepts {
		t.Run(tt.input, func(t *testing.T) {
			got, err := ParseQuietHours(tt.input)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got != tt.want || got.String() != tt.str || got.Describe() != tt.description {
				t.Fatalf("got %+v %q %q, want %+v %q %q", got, got.String(), got.Describe(), tt.want, tt.str, tt.description)
			}
			if again, err := ParseQuietHours(got.String()); err != nil || again != got {
				t.Errorf("String %q does not read back: %+v, %v", got.String(), again, err)
			}
			if got.IsZero() != (tt.want == QuietHours{}) {
				t.Errorf("IsZero = %v", got.IsZero())
			}
		})
	}

	rejects := []struct {
		input string
		want  Problem
	}{
		{"", Problem{NoQuiet, ""}},
		{"22:00", Problem{QuietNoEnd, ""}},
		{"22:00-", Problem{QuietNoEnd, ""}},
		{"22:00-22:00", Problem{QuietSame, ""}},
		{"25:00-07:00", Problem{NoSuchHour, "25"}},
		{"22:00-07:75", Problem{BadMinutes, ""}},
		{"10-7", Problem{MorningOrEvening, "10"}},
		{"late-early", Problem{Unreadable, "late"}},
	}
	for _, tt := range rejects {
		t.Run("reject "+tt.input, func(t *testing.T) {
			got, err := ParseQuietHours(tt.input)
			if err == nil {
				t.Fatalf("accepted as %+v, want the error %+v", got, tt.want)
			}
			var got2 *Problem
			if !errors.As(err, &got2) || *got2 != tt.want {
				t.Errorf("error %v, want %+v", err, tt.want)
			}
		})
	}
}

func TestQuietHoursContains(t *testing.T) {
	london := zone(t, "Europe/London")
	night := QuietHours{22 * time.Hour, 7 * time.Hour}
	lunch := QuietHours{13 * time.Hour, 14 * time.Hour}
	tests := []struct {
		q    QuietHours
		at   time.Time
		want bool
	}{
		{night, time.Date(2026, 6, 1, 21, 59, 59, 0, london), false},
		{night, time.Date(2026, 6, 1, 22, 0, 0, 0, london), true},
		{night, time.Date(2026, 6, 2, 0, 0, 0, 0, london), true},
		{night, time.Date(2026, 6, 2, 6, 59, 0, 0, london), true},
		{night, time.Date(2026, 6, 2, 7, 0, 0, 0, london), false},
		{night, time.Date(2026, 6, 2, 12, 0, 0, 0, london), false},
		// By the person's clock, not UTC: 21:30 UTC is 22:30 in London in summer.
		{night, time.Date(2026, 6, 1, 21, 30, 0, 0, time.UTC), true},
		{lunch, time.Date(2026, 6, 1, 13, 30, 0, 0, london), true},
		{lunch, time.Date(2026, 6, 1, 14, 0, 0, 0, london), false},
		{lunch, time.Date(2026, 6, 1, 3, 0, 0, 0, london), false},
		{QuietHours{}, time.Date(2026, 6, 1, 0, 0, 0, 0, london), false},
	}
	for _, tt := range tests {
		if got := tt.q.Contains(tt.at, london); got != tt.want {
			t.Errorf("%s contains %s = %v, want %v", tt.q, tt.at.In(london).Format(time.RFC3339), got, tt.want)
		}
	}
	if !night.Contains(time.Date(2026, 6, 1, 23, 0, 0, 0, time.UTC), nil) {
		t.Error("nil location should read the clock in UTC")
	}
}

func TestQuietHoursUntil(t *testing.T) {
	night := QuietHours{22 * time.Hour, 7 * time.Hour}
	shortNight := QuietHours{22 * time.Hour, 90 * time.Minute}    // ends 01:30
	shortNightNY := QuietHours{23 * time.Hour, 150 * time.Minute} // ends 02:30
	tests := []struct {
		name, zone string
		q          QuietHours
		at         time.Time // UTC
		want       string
	}{
		{"outside: unchanged", "Europe/London", night, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), "2026-06-01T13:00:00+01:00"},
		{"evening: ends tomorrow", "Europe/London", night, time.Date(2026, 6, 1, 22, 0, 0, 0, time.UTC), "2026-06-02T07:00:00+01:00"},
		{"after midnight: ends today", "Europe/London", night, time.Date(2026, 6, 2, 2, 0, 0, 0, time.UTC), "2026-06-02T07:00:00+01:00"},
		{"daytime quiet", "Europe/London", QuietHours{13 * time.Hour, 14 * time.Hour}, time.Date(2026, 6, 1, 12, 30, 0, 0, time.UTC), "2026-06-01T14:00:00+01:00"},
		{"London spring: still 07:00 by the clock", "Europe/London", night, time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC), "2026-03-29T07:00:00+01:00"},
		{"London autumn: still 07:00 by the clock", "Europe/London", night, time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC), "2026-10-25T07:00:00Z"},
		{"London gap: 01:30 ends at the jump", "Europe/London", shortNight, time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC), "2026-03-29T02:00:00+01:00"},
		{"London overlap: the first 01:30", "Europe/London", shortNight, time.Date(2026, 10, 24, 22, 0, 0, 0, time.UTC), "2026-10-25T01:30:00+01:00"},
		// In the repeated hour the clock shows 01:10 again, inside quiet hours, so they last
		// until it shows 01:30 again.
		{"London overlap: from the repeated hour", "Europe/London", shortNight, time.Date(2026, 10, 25, 1, 10, 0, 0, time.UTC), "2026-10-25T01:30:00Z"},
		{"New York gap: 02:30 ends at the jump", "America/New_York", shortNightNY, time.Date(2026, 3, 8, 6, 0, 0, 0, time.UTC), "2026-03-08T03:00:00-04:00"},
		{"New York autumn: 07:00 by the clock", "America/New_York", night, time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC), "2026-11-01T07:00:00-05:00"},
		{"Melbourne gap: 02:30 ends at the jump", "Australia/Melbourne", shortNightNY, time.Date(2026, 10, 3, 14, 0, 0, 0, time.UTC), "2026-10-04T03:00:00+11:00"},
		{"Melbourne autumn: 07:00 by the clock", "Australia/Melbourne", night, time.Date(2026, 4, 4, 12, 0, 0, 0, time.UTC), "2026-04-05T07:00:00+10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := zone(t, tt.zone)
			got := tt.q.Until(tt.at, loc)
			if s := got.In(loc).Format(time.RFC3339); s != tt.want {
				t.Errorf("Until(%s) = %s, want %s", tt.at.In(loc).Format(time.RFC3339), s, tt.want)
			}
			if got.Before(tt.at) {
				t.Errorf("Until went back in time: %s before %s", got, tt.at)
			}
			if tt.q.Contains(got, loc) {
				t.Errorf("still quiet at %s", got.In(loc).Format(time.RFC3339))
			}
		})
	}
}

// TestScheduleWallInstants pins the conversion from a wall clock to instants that everything
// above rests on: one instant normally, the two passes in an overlap, the jump in a gap.
func TestScheduleWallInstants(t *testing.T) {
	tests := []struct {
		zone        string
		wall        time.Time // a wallClock value
		first, last string
	}{
		{"Europe/London", time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC), "2026-06-01T09:00:00+01:00", "2026-06-01T09:00:00+01:00"},
		{"Europe/London", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "2026-03-29T02:00:00+01:00", "2026-03-29T02:00:00+01:00"},
		{"Europe/London", time.Date(2026, 3, 29, 1, 59, 59, 0, time.UTC), "2026-03-29T02:00:00+01:00", "2026-03-29T02:00:00+01:00"},
		{"Europe/London", time.Date(2026, 3, 29, 2, 0, 0, 0, time.UTC), "2026-03-29T02:00:00+01:00", "2026-03-29T02:00:00+01:00"},
		{"Europe/London", time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC), "2026-10-25T01:00:00+01:00", "2026-10-25T01:00:00Z"},
		{"Europe/London", time.Date(2026, 10, 25, 2, 0, 0, 0, time.UTC), "2026-10-25T02:00:00Z", "2026-10-25T02:00:00Z"},
		{"America/New_York", time.Date(2026, 3, 8, 2, 30, 0, 0, time.UTC), "2026-03-08T03:00:00-04:00", "2026-03-08T03:00:00-04:00"},
		{"America/New_York", time.Date(2026, 11, 1, 1, 30, 0, 0, time.UTC), "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00"},
		{"Australia/Melbourne", time.Date(2026, 4, 5, 2, 30, 0, 0, time.UTC), "2026-04-05T02:30:00+11:00", "2026-04-05T02:30:00+10:00"},
		{"Australia/Melbourne", time.Date(2026, 10, 4, 2, 30, 0, 0, time.UTC), "2026-10-04T03:00:00+11:00", "2026-10-04T03:00:00+11:00"},
		{"Asia/Kolkata", time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), "2026-03-29T01:30:00+05:30", "2026-03-29T01:30:00+05:30"},
	}
	for _, tt := range tests {
		first, last := wallInstants(tt.wall, zone(t, tt.zone))
		if first.Format(time.RFC3339) != tt.first || last.Format(time.RFC3339) != tt.last {
			t.Errorf("%s %s: %s, %s; want %s, %s", tt.zone, tt.wall.Format(time.DateTime),
				first.Format(time.RFC3339), last.Format(time.RFC3339), tt.first, tt.last)
		}
	}
}

func TestScheduleDescribeInSpanish(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"0 9 * * *", "todos los días a las 9:00"},
		{"30 9 * * 1-5", "de lunes a viernes a las 9:30"},
		{"0 18 * * 0", "los domingos a las 18:00"},
		{"0 18 * * 6", "los sábados a las 18:00"},
		{"0 20 * * 1", "los lunes a las 20:00"},
		{"0 20 * * 1,3,5", "lunes, miércoles y viernes a las 20:00"},
		{"0 10 * * 0,6", "sábado y domingo a las 10:00"},
		{"0 10 * * 0,5,6", "de viernes a domingo a las 10:00"},
		{"0 12 * * *", "todos los días a las 12:00"},
		{"0 0 * * *", "todos los días a las 0:00"},
		{"0 1 * * *", "todos los días a la 1:00"},
		{"5 13 * * 2", "los martes a las 13:05"},
		{"0 9 1 * *", "con un horario a medida (0 9 1 * *)"},
	}
	for _, tt := range tests {
		if got := mustSchedule(t, tt.spec, nil).DescribeIn("es"); got != tt.want {
			t.Errorf("DescribeIn(es, %q) = %q, want %q", tt.spec, got, tt.want)
		}
	}
	if got := mustSchedule(t, "0 9 * * *", nil).DescribeIn("fr"); got != "every day at 9am" {
		t.Errorf("a language without words falls back to English; got %q", got)
	}
}

// TestParseTimesSpanish: what a Spanish speaker types reads as they mean it, and is said back
// to them in Spanish.
func TestParseTimesSpanish(t *testing.T) {
	accepts := []struct {
		input    string
		want     []string
		describe string
	}{
		{"lunes a viernes 9:00", []string{"0 9 * * 1-5"}, "de lunes a viernes a las 9:00"},
		{"de lunes a viernes a las 9:00", []string{"0 9 * * 1-5"}, "de lunes a viernes a las 9:00"},
		{"Lunes-Viernes 21:30", []string{"30 21 * * 1-5"}, "de lunes a viernes a las 21:30"},
		{"9 de la mañana", []string{"0 9 * * *"}, "todos los días a las 9:00"},
		{"9 de la manana", []string{"0 9 * * *"}, "todos los días a las 9:00"},
		{"a las 8 de la tarde", []string{"0 20 * * *"}, "todos los días a las 20:00"},
		{"9 de la noche", []string{"0 21 * * *"}, "todos los días a las 21:00"},
		{"12 de la noche", []string{"0 0 * * *"}, "todos los días a las 0:00"},
		{"2 de la madrugada", []string{"0 2 * * *"}, "todos los días a las 2:00"},
		{"9 y media de la noche", []string{"30 21 * * *"}, "todos los días a las 21:30"},
		{"9 y cuarto", []string{"15 9 * * *"}, "todos los días a las 9:15"},
		{"mediodía", []string{"0 12 * * *"}, "todos los días a las 12:00"},
		{"medianoche", []string{"0 0 * * *"}, "todos los días a las 0:00"},
		{"21h", []string{"0 21 * * *"}, "todos los días a las 21:00"},
		{"9 h", []string{"0 9 * * *"}, "todos los días a las 9:00"},
		{"todos los días 21:00", []string{"0 21 * * *"}, "todos los días a las 21:00"},
		{"cada día a las 9:00 y a las 20:00", []string{"0 9 * * *", "0 20 * * *"}, "todos los días a las 9:00"},
		{"fines de semana 10:00", []string{"0 10 * * 0,6"}, "sábado y domingo a las 10:00"},
		{"fin de semana 10:00", []string{"0 10 * * 0,6"}, "sábado y domingo a las 10:00"},
		{"entre semana 8:00", []string{"0 8 * * 1-5"}, "de lunes a viernes a las 8:00"},
		{"los domingos a las 18:00", []string{"0 18 * * 0"}, "los domingos a las 18:00"},
		{"el sábado a las 11:00", []string{"0 11 * * 6"}, "los sábados a las 11:00"},
		{"lun, mié y vie 18:00", []string{"0 18 * * 1,3,5"}, "lunes, miércoles y viernes a las 18:00"},
		{"miercoles y jueves a las 7:45", []string{"45 7 * * 3,4"}, "miércoles y jueves a las 7:45"},
		{"viernes a domingo 10:00", []string{"0 10 * * 0,5,6"}, "de viernes a domingo a las 10:00"},
	}
	for _, tt := range accepts {
		t.Run(tt.input, func(t *testing.T) {
			got, err := ParseTimes(tt.input)
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if d := mustSchedule(t, got[0], nil).DescribeIn("es"); d != tt.describe {
				t.Errorf("described as %q, want %q", d, tt.describe)
			}
		})
	}
	rejects := []struct {
		input string
		want  Problem
	}{
		{"lunes", Problem{DaysNoTime, ""}},
		{"a las 9", Problem{MorningOrEvening, "9"}},
		{"mañana a las 9:00", Problem{UnknownDay, "manana"}},
		{"13 de la tarde", Problem{NoSuchTime, "13pm"}},
		{"lunes 9:00 martes 20:00", Problem{DaysTwice, ""}},
	}
	for _, tt := range rejects {
		t.Run("reject "+tt.input, func(t *testing.T) {
			got, err := ParseTimes(tt.input)
			var p *Problem
			if err == nil || !errors.As(err, &p) || *p != tt.want {
				t.Errorf("got %q, %v; want the error %+v", got, err, tt.want)
			}
		})
	}
}

func TestParseQuietHoursSpanish(t *testing.T) {
	tests := []struct {
		input string
		want  QuietHours
		es    string
	}{
		{"de 22:00 a 7:00", QuietHours{22 * time.Hour, 7 * time.Hour}, "de 22:00 a 7:00"},
		{"22:00 a 07:00", QuietHours{22 * time.Hour, 7 * time.Hour}, "de 22:00 a 7:00"},
		{"de 10 de la noche a 7 de la mañana", QuietHours{22 * time.Hour, 7 * time.Hour}, "de 22:00 a 7:00"},
		{"desde las 23:30 hasta las 6:30", QuietHours{23*time.Hour + 30*time.Minute, 6*time.Hour + 30*time.Minute}, "de 23:30 a 6:30"},
		{"medianoche a 8 de la mañana", QuietHours{0, 8 * time.Hour}, "de 0:00 a 8:00"},
		{"ninguna", QuietHours{}, "sin horas de silencio"},
	}
	for _, tt := range tests {
		got, err := ParseQuietHours(tt.input)
		if err != nil || got != tt.want || got.DescribeIn("es") != tt.es {
			t.Errorf("ParseQuietHours(%q) = %+v %q, %v; want %+v %q", tt.input, got, got.DescribeIn("es"), err, tt.want, tt.es)
		}
	}
	if _, err := ParseQuietHours("de 22:00"); err == nil {
		t.Error("a start without an end was accepted")
	}
}

func TestDescribeAll(t *testing.T) {
	tests := []struct {
		lang  string
		specs []string
		want  string
	}{
		{"en", []string{"0 9 * * *", "0 20 * * *"}, "every day at 9am and 8pm"},
		{"es", []string{"0 9 * * *", "0 20 * * *"}, "todos los días a las 9:00 y a las 20:00"},
		{"es", []string{"0 1 * * *", "0 13 * * *"}, "todos los días a la 1:00 y a las 13:00"},
		{"en", []string{"0 8 * * 1-5", "0 12 * * 1-5", "0 17 * * 1-5"}, "Monday to Friday at 8am, midday and 5pm"},
		{"en", []string{"0 9 * * 1-5", "0 10 * * 0,6"}, "Monday to Friday at 9am and Saturday and Sunday at 10am"},
		{"es", []string{"0 18 * * 0"}, "los domingos a las 18:00"},
		{"en", []string{"0 9 1 * *", "0 9 * * *"}, "every day at 9am and on a custom schedule (0 9 1 * *)"},
	}
	for _, tt := range tests {
		var all []Schedule
		for _, spec := range tt.specs {
			all = append(all, mustSchedule(t, spec, nil))
		}
		if got := DescribeAll(tt.lang, all); got != tt.want {
			t.Errorf("DescribeAll(%s, %q) = %q, want %q", tt.lang, tt.specs, got, tt.want)
		}
	}
}
