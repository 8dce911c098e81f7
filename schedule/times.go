package schedule

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxTimesADay bounds check-ins a day: more would be a burden rather than a support.
const maxTimesADay = 4

// What ParseTimes and ParseQuietHours could not read, as codes the bot words for the person.
var (
	errNoTime     = &Problem{Code: NoTime}
	errDaysNoTime = &Problem{Code: DaysNoTime}
	errTooMany    = &Problem{Code: TooMany, Value: strconv.Itoa(maxTimesADay)}
	errDaysTwice  = &Problem{Code: DaysTwice}
	errMinutes    = &Problem{Code: BadMinutes}
	errDayMissing = &Problem{Code: DayMissing}
	errDayRange   = &Problem{Code: DayRange}
	errNoQuiet    = &Problem{Code: NoQuiet}
	errQuietNoEnd = &Problem{Code: QuietNoEnd}
	errQuietSame  = &Problem{Code: QuietSame}
)

// dayWords maps what people write for days to the days meant, indexed by time.Weekday, in
// English and in Spanish (written without accents: normalize strips them). Both languages are
// read for everyone, since a person may well type either.
var dayWords = func() map[string][]time.Weekday {
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	weekend := []time.Weekday{time.Saturday, time.Sunday}
	m := map[string][]time.Weekday{"weekday": weekdays, "weekdays": weekdays, "weekend": weekend, "weekends": weekend,
		"laborables": weekdays, "finde": weekend, "findes": weekend}
	for _, d := range weekOrder {
		long := strings.ToLower(d.String())
		for _, w := range []string{long, long + "s", long[:3]} {
			m[w] = []time.Weekday{d}
		}
	}
	for w, d := range map[string]time.Weekday{"tues": time.Tuesday, "weds": time.Wednesday, "thur": time.Thursday, "thurs": time.Thursday} {
		m[w] = []time.Weekday{d}
	}
	for d, name := range spanish.days {
		plain := stripAccents(name)
		for _, w := range []string{plain, spanish.plural(plain), plain[:3]} {
			m[w] = []time.Weekday{time.Weekday(d)}
		}
	}
	return m
}()

// everyDayWords mean every day; fillerWords carry no meaning for a schedule ("a las 9", "el
// lunes", "de lunes a viernes"); rangeWords join two days. Spanish "a" is both "at" and "to":
// it makes a range only when a day follows it.
var (
	everyDayWords = []string{"day", "days", "daily", "everyday", "diario", "diariamente"}
	fillerWords   = []string{"and", "at", "on", "every", "each", "then",
		"y", "e", "a", "al", "las", "la", "el", "los", "de", "del", "cada", "todos", "en", "punto"}
	rangeWords = []string{"to", "till", "until", "through", "thru", "a", "al", "hasta"}
	clockNames = map[string]int{"noon": 12 * 60, "midday": 12 * 60, "midnight": 0, "mediodia": 12 * 60, "medianoche": 0}
	// spanishPhrases become the words the parser reads, longest first: "9 de la mañana" is 9am.
	spanishPhrases = strings.NewReplacer(
		"todos los dias", " daily ", "cada dia", " daily ", "a diario", " daily ",
		"fines de semana", " weekend ", "fin de semana", " weekend ",
		"dias entre semana", " weekday ", "entre semana", " weekday ", "dias laborables", " weekday ", "dias de semana", " weekday ",
		"de la manana", " am ", "por la manana", " am ", "en la manana", " am ", "de la madrugada", " am ", "de madrugada", " am ",
		"de la tarde", " pm ", "por la tarde", " pm ", "en la tarde", " pm ", "del mediodia", " pm ",
		"de la noche", " noche ", "por la noche", " noche ", "en la noche", " noche ",
	)
)

func isClockName(tok string) bool { _, ok := clockNames[tok]; return ok }

// stripAccents writes Spanish letters without their accents, so "miércoles" and "miercoles",
// "mañana" and "manana" read the same.
func stripAccents(s string) string { return accents.Replace(s) }

var accents = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n",
	"Á", "a", "É", "e", "Í", "i", "Ó", "o", "Ú", "u", "Ñ", "n")

// clockSuffixes follow a number to say which half of the day (or that the clock is 24-hour:
// "21h"): typed apart ("9 am") they are joined to it.
var clockSuffixes = []string{"am", "pm", "noche", "h", "hs", "hrs"}

// ParseTimes turns what a person or worker types into cron specs, one per time of day, sorted by
// time: "9am and 8pm" gives "0 9 * * *" and "0 20 * * *"; "weekdays 9:30" gives "30 9 * * 1-5".
// Times may be 24-hour ("21:15", "09:00", "9.30") or 12-hour ("9am", "9.30pm"); days, written
// before or after the times, may be names ("Mon", "monday"), lists ("mon,wed,fri"), ranges
// ("Mon-Fri"), "weekdays", "weekends", "daily" or "every day", and default to every day. An
// error is a *Problem, for the caller to word in the person's language.
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
		case strings.ContainsAny(tok, digits) || isClockName(tok):
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
		if !isRange && i+2 < len(tokens) && slices.Contains(rangeWords, tokens[i+1]) &&
			(!slices.Contains(fillerWords, tokens[i+1]) || dayWords[tokens[i+2]] != nil) {
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
// "mon - fri", "9 y media") and splitting what they join ("9am,8pm"). Spanish phrases are read
// into the words they mean first.
func tokenize(input string) []string {
	s := stripAccents(strings.ToLower(input))
	s = strings.NewReplacer("a.m.", "am", "p.m.", "pm", "–", "-", "—", "-", "&", " and ").Replace(s)
	s = spanishPhrases.Replace(" " + s + " ")
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == ';' })
	var out []string
	isNumber := func(w string) bool { return w != "" && strings.Trim(w, digits) == "" }
	for _, f := range fields {
		f = strings.TrimRight(f, ".!?")
		n := len(out)
		switch {
		case f == "":
		case slices.Contains(clockSuffixes, f) && n > 0 && strings.ContainsAny(out[n-1], digits):
			out[n-1] += f
		case (f == "media" || f == "cuarto") && n > 1 && out[n-1] == "y" && isNumber(out[n-2]):
			// "9 y media" is 9:30, "9 y cuarto" 9:15.
			out = out[:n-1]
			out[n-2] += map[string]string{"media": ":30", "cuarto": ":15"}[f]
		case n > 0 && !strings.ContainsAny(f, digits) &&
			(f == "-" || strings.HasPrefix(f, "-") || strings.HasSuffix(out[n-1], "-")):
			// "mon - fri" is one range; a time after "mon-" is not part of it.
			out[n-1] += f
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
	return &Problem{Code: UnknownDay, Value: word}
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
// "9am", "9:30pm", "9.30", "09:00", "21:15", "21h", "noon", "midnight", "mediodia", and
// "9noche" (what tokenize makes of "9 de la noche"). "24:00" is midnight. It returns minutes
// after midnight.
func parseClockWord(tok string) (int, error) {
	if m, ok := clockNames[tok]; ok {
		return m, nil
	}
	unreadable := &Problem{Code: Unreadable, Value: tok}
	digits, suffix := tok, ""
	for _, sfx := range clockSuffixes {
		if strings.HasSuffix(tok, sfx) && len(tok) > len(sfx) && tok[len(tok)-len(sfx)-1] >= '0' && tok[len(tok)-len(sfx)-1] <= '9' {
			digits, suffix = tok[:len(tok)-len(sfx)], sfx
			break
		}
	}
	twentyFour := suffix == "h" || suffix == "hs" || suffix == "hrs"
	if twentyFour {
		suffix = ""
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
		return 0, &Problem{Code: NoSuchHour, Value: strconv.Itoa(hour)}
	case suffix != "" && (hour == 0 || hour > 12):
		return 0, &Problem{Code: NoSuchTime, Value: tok}
	case minute > 59:
		return 0, errMinutes
	case suffix == "" && !hasMinutes && !twentyFour && hour >= 1 && hour <= 12:
		// A bare "9" could be morning or evening; guessing wrong means a prompt at 9pm, not 9am.
		return 0, &Problem{Code: MorningOrEvening, Value: strconv.Itoa(hour)}
	case suffix == "" && !hasMinutes && !twentyFour:
		return 0, &Problem{Code: AddMinutes, Value: fmt.Sprintf("%02d", hour%24)}
	}
	switch {
	case suffix == "am" && hour == 12:
		hour = 0
	case suffix == "pm" && hour != 12:
		hour += 12
	case suffix == "noche" && hour == 12:
		hour = 0 // "las 12 de la noche" is midnight
	case suffix == "noche" && hour >= 6:
		hour += 12 // "las 9 de la noche"; "las 2 de la noche" is 2am, as Spanish speakers say it
	}
	return (hour%24)*60 + minute, nil
}
