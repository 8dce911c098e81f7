package bot

import (
	"testing"

	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/schedule"
)

// The schedule package reads what people type and returns a code; the bot words the code from
// the content pack. These are the English words people have always been shown.
func TestTimesProblemsAreWorded(t *testing.T) {
	b := &Bot{Deliveries: &Deliveries{pack: content.Default()}}
	times := []struct{ input, want string }{
		{"", "Tell me a time, like 9am or 21:30."},
		{"  and ", "Tell me a time, like 9am or 21:30."},
		{"25:00", "There's no 25 o'clock: try a time like 9am or 21:30."},
		{"24:30", "There's no 24 o'clock: try a time like 9am or 21:30."},
		{"13pm", "There's no 13pm: try a time like 9am or 21:30."},
		{"0am", "There's no 0am: try a time like 9am or 21:30."},
		{"9:75", "Minutes go from 00 to 59: try a time like 9:30 or 21:45."},
		{"9:3", `I couldn't read "9:3" as a time: try a time like 9am or 21:30.`},
		{"9am-5pm", `I couldn't read "9am-5pm" as a time: try a time like 9am or 21:30.`},
		{"9", "Is 9 in the morning or the evening? Try 9am or 9pm."},
		{"21", "Add the minutes, like 21:00."},
		{"funday 9am", `I don't know the day "funday": try Mon, Mon-Fri, weekdays or weekends.`},
		{"mon-funday 9am", `I don't know the day "funday": try Mon, Mon-Fri, weekdays or weekends.`},
		{"weekdays-sun 9am", "A range goes from one day to another, like Mon-Fri or Fri-Sun."},
		{"tomorrow at 9am", `I don't know the day "tomorrow": try Mon, Mon-Fri, weekdays or weekends.`},
		{"mon- 9am", "A day is missing: write days like Mon-Fri or Mon,Wed,Fri."},
		{"weekdays", "Add a time too, like weekdays 9am."},
		{"mon 9am tue 8pm", "Give the days once, before or after the times, like Mon-Fri 9am 8pm."},
		{"8am 10am 12pm 3pm 6pm", "That's a lot of check-ins: choose up to 4 times a day."},
	}
	for _, tt := range times {
		t.Run("times "+tt.input, func(t *testing.T) {
			_, err := schedule.ParseTimes(tt.input)
			if err == nil {
				t.Fatalf("accepted, want the error %q", tt.want)
			}
			if got := b.timesProblem("en", err); got != tt.want {
				t.Errorf("worded %q, want %q", got, tt.want)
			}
		})
	}
	quiet := []struct{ input, want string }{
		{"", "Tell me when quiet hours start and end, like 22:00-07:00 or 10pm-7am, or say none."},
		{"22:00", "Give a start and an end, like 22:00-07:00 or 10pm-7am."},
		{"22:00-", "Give a start and an end, like 22:00-07:00 or 10pm-7am."},
		{"22:00-22:00", "Quiet hours need to start and end at different times, like 22:00-07:00."},
		{"25:00-07:00", "There's no 25 o'clock: try a time like 9am or 21:30."},
		{"22:00-07:75", "Minutes go from 00 to 59: try a time like 9:30 or 21:45."},
		{"10-7", "Is 10 in the morning or the evening? Try 10am or 10pm."},
		{"late-early", `I couldn't read "late" as a time: try a time like 9am or 21:30.`},
	}
	for _, tt := range quiet {
		t.Run("quiet "+tt.input, func(t *testing.T) {
			_, err := schedule.ParseQuietHours(tt.input)
			if err == nil {
				t.Fatalf("accepted, want the error %q", tt.want)
			}
			if got := b.timesProblem("en", err); got != tt.want {
				t.Errorf("worded %q, want %q", got, tt.want)
			}
		})
	}
}

// Every code the schedule package can return is worded in every language the pack offers.
func TestTimesProblemsInEveryLanguage(t *testing.T) {
	b := &Bot{Deliveries: &Deliveries{pack: content.Default()}}
	for _, lang := range []string{"en", "es"} {
		for _, code := range schedule.Codes {
			got := b.timesProblem(lang, &schedule.Problem{Code: code, Value: "9"})
			if got == "" || got == b.pack.Text(lang, "error.sorry") {
				t.Errorf("%s: %s is not worded: %q", lang, code, got)
			}
		}
	}
	if en, es := b.timesProblem("en", &schedule.Problem{Code: schedule.NoTime}), b.timesProblem("es", &schedule.Problem{Code: schedule.NoTime}); en == es {
		t.Errorf("es words no_time as en does: %q", es)
	}
}
