package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
)

// The few words the bot builds from data rather than from the content pack: day and month
// names, and times of day. English is the default; other pack languages are added here as the
// pack gains them, so a Spanish message never says "hasta el Monday".
var (
	spanishDays      = [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"}
	spanishShortDays = [7]string{"dom", "lun", "mar", "mié", "jue", "vie", "sáb"}
	spanishMonths    = [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
)

// dateFor shows a day in lang: "Monday 8 December 2026", "lunes 8 de diciembre de 2026".
func dateFor(lang string, t time.Time) string {
	if lang == "es" {
		return fmt.Sprintf("%s %d de %s de %d", spanishDays[t.Weekday()], t.Day(), spanishMonths[t.Month()-1], t.Year())
	}
	return t.Format("Monday 2 January 2006")
}

// dayFor shows a day without the year: "Monday 8 December", "lunes 8 de diciembre".
func dayFor(lang string, t time.Time) string {
	if lang == "es" {
		return fmt.Sprintf("%s %d de %s", spanishDays[t.Weekday()], t.Day(), spanishMonths[t.Month()-1])
	}
	return t.Format("Monday 2 January")
}

// momentFor shows when something next happens: "Monday at 9:00am", "el lunes a las 9:00".
func momentFor(lang string, t time.Time) string {
	if lang == "es" {
		return fmt.Sprintf("el %s a las %s", spanishDays[t.Weekday()], t.Format("15:04"))
	}
	return t.Format("Monday at 3:04pm")
}

// hoursFor says when workers read messages, in lang.
func hoursFor(lang string, h tandem.WorkingHours) string {
	if lang != "es" || h.Days == [7]bool{} {
		return h.Describe()
	}
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	var runs [][2]int
	for i, d := range order {
		if !h.Days[d] {
			continue
		}
		if n := len(runs); n > 0 && runs[n-1][1] == i-1 {
			runs[n-1][1] = i
		} else {
			runs = append(runs, [2]int{i, i})
		}
	}
	var parts []string
	for _, r := range runs {
		if r[1]-r[0] >= 2 {
			parts = append(parts, "de "+spanishDays[order[r[0]]]+" a "+spanishDays[order[r[1]]])
			continue
		}
		for i := r[0]; i <= r[1]; i++ {
			parts = append(parts, spanishDays[order[i]])
		}
	}
	days := strings.Join(parts, ", ")
	if len(runs) == 1 && runs[0] == [2]int{0, 6} {
		days = "todos los días"
	}
	clock := func(d time.Duration) string {
		return fmt.Sprintf("%d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return days + ", de " + clock(h.Start) + " a " + clock(h.End)
}

// shortDayFor is a day in a list: "Mon 8 Dec", "lun 8 dic".
func shortDayFor(lang string, t time.Time) string {
	if lang == "es" {
		return fmt.Sprintf("%s %d %s", spanishShortDays[t.Weekday()], t.Day(), spanishMonths[t.Month()-1][:3])
	}
	return t.Format("Mon 2 Jan")
}

// shortMomentFor is a day and time in a list: "Mon 8 Dec 14:44", "lun 8 dic 14:44".
func shortMomentFor(lang string, t time.Time) string {
	return shortDayFor(lang, t) + " " + t.Format("15:04")
}

// clockFor is a time of day on the 24-hour clock with its day: "Mon 14:44", "lun 14:44".
func clockFor(lang string, t time.Time) string {
	if lang == "es" {
		return spanishShortDays[t.Weekday()] + " " + t.Format("15:04")
	}
	return t.Format("Mon 15:04")
}

// dayMonthFor is a day on a chart's axis: "8 Dec", "8 dic".
func dayMonthFor(lang string, t time.Time) string {
	if lang == "es" {
		return fmt.Sprintf("%d %s", t.Day(), spanishMonths[t.Month()-1][:3])
	}
	return t.Format("2 Jan")
}
