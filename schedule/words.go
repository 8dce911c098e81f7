package schedule

import (
	"fmt"
	"strings"
	"time"
)

// The words a schedule is described with, per language. They are few and grammatical (a
// Spanish day name takes a plural, an hour takes "la" or "las"), so they live here beside the
// code that puts them together rather than in the content pack; a language this table lacks is
// described in English. Spanish uses the 24-hour clock, as Spanish speakers write times.
type words struct {
	days     [7]string // by time.Weekday
	plural   func(day string) string
	everyDay string
	on       func(plural string) string // one day: "on Sundays", "los domingos"
	to       func(from, to string) string
	and      string
	at       func(clock string, hour int) string
	clock    func(hour, minute int) string
	custom   string // with the spec
	noQuiet  string
	quiet    func(from, to string) string
	// atOnce: "at" is said once before a list of times ("at 9am and 8pm"); Spanish says it
	// before each ("a las 9:00 y a las 20:00", "a la 1:00").
	atOnce bool
}

var english = words{
	days:     [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	plural:   func(d string) string { return d + "s" },
	everyDay: "every day",
	on:       func(p string) string { return "on " + p },
	to:       func(a, b string) string { return a + " to " + b },
	and:      " and ",
	at:       func(c string, _ int) string { return " at " + c },
	clock:    clockWords,
	custom:   "on a custom schedule (%s)",
	noQuiet:  "no quiet hours",
	quiet:    func(a, b string) string { return a + " to " + b },
	atOnce:   true,
}

var spanish = words{
	days: [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
	plural: func(d string) string {
		if strings.HasSuffix(d, "s") { // lunes to viernes do not change
			return d
		}
		return d + "s"
	},
	everyDay: "todos los días",
	on:       func(p string) string { return "los " + p },
	to:       func(a, b string) string { return "de " + a + " a " + b },
	and:      " y ",
	at: func(c string, hour int) string {
		if hour == 1 { // "a la 1:00", "a las 13:00"
			return " a la " + c
		}
		return " a las " + c
	},
	clock:   clock24,
	custom:  "con un horario a medida (%s)",
	noQuiet: "sin horas de silencio",
	quiet:   func(a, b string) string { return "de " + a + " a " + b },
}

// wordsFor returns the words of lang ("en", "es"), English for any other.
func wordsFor(lang string) words {
	if strings.HasPrefix(strings.ToLower(lang), "es") {
		return spanish
	}
	return english
}

// Clock writes a time of day as lang's speakers do: "9am", "midday" in English, "9:00", "21:30"
// in Spanish. It is what a button offering a time says.
func Clock(lang string, hour, minute int) string { return wordsFor(lang).clock(hour, minute) }

// And joins a list the way lang does: "a, b and c", "a, b y c".
func And(lang string, parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + wordsFor(lang).and + parts[len(parts)-1]
}

func clock24(hour, minute int) string { return fmt.Sprintf("%d:%02d", hour, minute) }

// describeIn names a set of weekdays (indexed by time.Weekday) in w: "every day", "Monday to
// Friday", "on Sundays", "Saturday and Sunday", "Monday, Wednesday and Friday".
func describeIn(w words, days [7]bool) string {
	var names []string
	first, last := -1, -1 // positions in weekOrder
	for i, d := range weekOrder {
		if days[d] {
			names = append(names, w.days[d])
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	switch {
	case len(names) == 7 || len(names) == 0: // no days at all cannot come from a parsed spec
		return w.everyDay
	case len(names) == 1:
		return w.on(w.plural(names[0]))
	case len(names) >= 3 && last-first+1 == len(names):
		return w.to(names[0], names[len(names)-1])
	}
	return strings.Join(names[:len(names)-1], ", ") + w.and + names[len(names)-1]
}

// quietIn says quiet hours in w.
func quietIn(w words, q QuietHours) string {
	if q.IsZero() {
		return w.noQuiet
	}
	return w.quiet(w.clock(int(q.Start/time.Hour), int(q.Start%time.Hour/time.Minute)),
		w.clock(int(q.End/time.Hour), int(q.End%time.Hour/time.Minute)))
}
