package schedule

// Code names one way what a person typed could not be read as times. The bot words each code
// from the content pack (key "times.problem.<code>"), in the person's language: this package
// reads what people type but never speaks to them.
type Code string

// The codes ParseTimes and ParseQuietHours return.
const (
	NoTime           Code = "no_time"            // no time at all
	DaysNoTime       Code = "days_no_time"       // days but no time
	TooMany          Code = "too_many"           // more times a day than we offer; Value is the most
	DaysTwice        Code = "days_twice"         // days both before and after the times
	BadMinutes       Code = "minutes"            // minutes past 59
	DayMissing       Code = "day_missing"        // half a range, like "mon-"
	DayRange         Code = "day_range"          // a range of day groups, like "weekdays-sun"
	UnknownDay       Code = "unknown_day"        // Value is the word
	Unreadable       Code = "unreadable"         // Value is the word
	NoSuchHour       Code = "no_such_hour"       // a 24-hour clock past 24; Value is the hour
	NoSuchTime       Code = "no_such_time"       // a 12-hour clock past 12, or 0am; Value is the word
	MorningOrEvening Code = "morning_or_evening" // a bare 1 to 12; Value is the hour
	AddMinutes       Code = "add_minutes"        // a bare 0 or 13 to 24; Value is the hour, two digits
	NoQuiet          Code = "no_quiet"           // nothing typed for quiet hours
	QuietNoEnd       Code = "quiet_no_end"       // a start without an end
	QuietSame        Code = "quiet_same"         // start and end the same
)

// Codes lists every Code, so that a test can check the content pack words them all.
var Codes = []Code{NoTime, DaysNoTime, TooMany, DaysTwice, BadMinutes, DayMissing, DayRange, UnknownDay,
	Unreadable, NoSuchHour, NoSuchTime, MorningOrEvening, AddMinutes, NoQuiet, QuietNoEnd, QuietSame}

// Problem is why what a person typed could not be read: a Code, and the word or number it is
// about (as the person wrote it), for the wording to quote.
type Problem struct {
	Code  Code
	Value string
}

// Error gives the code and value, for logs; people are shown the pack's wording instead.
func (p *Problem) Error() string {
	if p.Value == "" {
		return "schedule: " + string(p.Code)
	}
	return "schedule: " + string(p.Code) + " (" + p.Value + ")"
}
