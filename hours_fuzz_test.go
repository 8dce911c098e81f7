package tandem

import (
	"testing"
	"time"
)

// FuzzParseWorkingHours reads any text as working hours: an error or hours that work, never a
// panic, and hours that parse open within
// the week and can be written back.
func FuzzParseWorkingHours(f *testing.F) {
	for _, s := range []string{"Mon-Fri 09:00-17:00", "Mon,Wed 08:30-12:00", "Sat 00:00-24:00", "Sun-Mon 9:00-17:00",
		"", "Mon", "Mon-Fri 17:00-09:00", "Mon-Fri 09:00-", "Fri-Mon 09:00-17:00; Sat 10:00-12:00", "mon-fri 9:00-17:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseWorkingHours(s, time.UTC)
		if err != nil {
			return
		}
		monday := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
		next := h.Next(monday)
		if next.IsZero() || next.Before(monday) || next.After(monday.Add(8*24*time.Hour)) || !h.Contains(next) {
			t.Errorf("%q parses, but the next open moment after %v is %v", s, monday, next)
		}
		if _, err := ParseWorkingHours(h.String(), time.UTC); err != nil {
			t.Errorf("%q parses but its String %q does not: %v", s, h.String(), err)
		}
	})
}
