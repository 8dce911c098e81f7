package bot

import (
	"testing"
	"time"

	"github.com/tandemcare/tandem"
)

// FuzzButtonData runs the button parsers on any data: no panic, and what parses is written
// back the same way.
func FuzzButtonData(f *testing.F) {
	for _, s := range []string{"ci:1:0:5", "ci:", "ci:1:2:", "fl:12:ack", "fl:x", "fl:1:reply:2", "ci:-1:-1:-1", "ci:99999999999999999999:0:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		if id, idx, value, ok := parseCheckinData(data); ok {
			again := checkinData(tandem.Checkin{ID: id}, idx, value)
			if id2, idx2, value2, ok2 := parseCheckinData(again); !ok2 || id2 != id || idx2 != idx || value2 != value {
				t.Errorf("%q parses to (%d, %d, %q), written again as %q", data, id, idx, value, again)
			}
		}
		parseFlagData(data)
	})
}

// FuzzCommandArguments runs the argument parsers commands use on any text.
func FuzzCommandArguments(f *testing.F) {
	for _, s := range []string{"Sam 9am", "Ⱥnna weekdays 9:30", "İpek", "\u212Aai 2027-01-05 10:00", "2027-01-05", "tomorrow 3pm",
		"Mon 10:00", "", " ", "ⱥ", "\xff", "Sam Lee"} {
		f.Add(s)
	}
	people := []tandem.Person{{ID: 1, Name: "Ⱥnna"}, {ID: 2, Name: "İpek"}, {ID: 3, Name: "Kai"}, {ID: 4, Name: "Sam"}, {ID: 5, Name: "Sam Lee"}}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	loc, _ := time.LoadLocation("Europe/London")
	f.Fuzz(func(t *testing.T, args string) {
		p, rest, problem := matchPerson(people, args)
		if problem == "" && (p.ID == 0 || len(rest) > len(args)) {
			t.Errorf("matchPerson(%q) = %+v, %q", args, p, rest)
		}
		for _, l := range []*time.Location{time.UTC, loc} {
			if at, ok := parseAppointment(args, l, now); ok && at.IsZero() {
				t.Errorf("parseAppointment(%q) = zero time", args)
			}
		}
		if got := echo(args); len([]rune(got)) > maxEcho+1 {
			t.Errorf("echo(%q) is %d runes", args, len([]rune(got)))
		}
	})
}
