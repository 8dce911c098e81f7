package reminders

import (
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/schedule"
)

// Planner works out check-in times for one service: pure, from its Timing and the service's
// time zone (for people with none of their own). The Scheduler uses it to step schedules, and
// the conversations to show and plan them; neither needs the other for it.
type Planner struct {
	timing  Timing
	service *time.Location
}

// NewPlanner makes a Planner; a zero timing means DefaultTiming, a nil service zone UTC.
func NewPlanner(timing Timing, service *time.Location) Planner {
	if timing == (Timing{}) {
		timing = DefaultTiming()
	}
	if service == nil {
		service = time.UTC
	}
	return Planner{timing: timing, service: service}
}

// Location is a person's time zone, or the service's.
func (s Planner) Location(p tandem.Person) *time.Location {
	if p.TimeZone != "" {
		if loc, err := time.LoadLocation(p.TimeZone); err == nil {
			return loc
		}
	}
	return s.service
}

// adjust moves a due time out of the person's quiet hours.
func (s Planner) adjust(t time.Time, p tandem.Person, loc *time.Location) time.Time {
	if q := schedule.Quiet(p); q.Contains(t, loc) {
		return q.Until(t, loc)
	}
	return t
}

// NewCheckin builds an open check-in due at occ and sent at now: a reminder after RemindAfter
// (unless the window closes first) and expiry at the end of the window.
func (s Planner) NewCheckin(p tandem.Person, setID string, scheduleID int64, occ, now time.Time) tandem.Checkin {
	expires := occ.Add(s.timing.Window())
	remind := now.Add(s.timing.RemindAfter)
	c := tandem.Checkin{PersonID: p.ID, SetID: setID, ScheduleID: scheduleID, DueAt: occ, SentAt: now,
		Status: tandem.CheckinOpen, RemindAt: remind, ExpiresAt: expires}
	if !remind.Before(expires) {
		c.Reminded = true // no time left for a reminder to help
	}
	return c
}

// Plan computes the schedule entries for a person's chosen times: each spec's first occurrence
// after now, moved out of quiet hours.
func (s Planner) Plan(p tandem.Person, setID string, specs []string, setBy string, now time.Time) ([]tandem.ScheduleEntry, error) {
	loc := s.Location(p)
	var out []tandem.ScheduleEntry
	for _, spec := range specs {
		sched, err := schedule.ParseSchedule(spec, loc)
		if err != nil {
			return nil, err
		}
		occ := sched.Next(now)
		out = append(out, tandem.ScheduleEntry{PersonID: p.ID, SetID: setID, Spec: spec, OccursAt: occ, NextDue: s.adjust(occ, p, loc), SetBy: setBy})
	}
	return out, nil
}

// Timing reports the planner's timing.
func (s Planner) Timing() Timing { return s.timing }
