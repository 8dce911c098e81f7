package tandem

import "time"

// CheckinStatus is where one check-in stands.
type CheckinStatus string

// The life of a check-in: open until every question is answered or skipped (answered), the
// person says "not now" (not_now), or it expires (missed, or partial if some answers came).
const (
	CheckinOpen     CheckinStatus = "open"
	CheckinAnswered CheckinStatus = "answered"
	CheckinPartial  CheckinStatus = "partial"
	CheckinMissed   CheckinStatus = "missed"
	CheckinNotNow   CheckinStatus = "not_now"
)

// Checkin is one sending of a question set to a person.
type Checkin struct {
	ID         int64
	PersonID   int64
	SetID      string
	ScheduleID int64 // 0 when the person started it with /checkin
	DueAt      time.Time
	SentAt     time.Time
	Status     CheckinStatus
	// Position is the index of the question being asked.
	Position  int
	RemindAt  time.Time
	Reminded  bool
	ExpiresAt time.Time
	ClosedAt  time.Time
	// Late is set when an answer came after the check-in expired: kept, and marked.
	Late bool
}

// Answer is one answer to one question; Skipped answers have no value.
type Answer struct {
	CheckinID  int64
	QuestionID string
	Value      string
	Skipped    bool
	Late       bool
	At         time.Time
}

// AnsweredCheckin is a check-in with its answers, in the order given: one step of a person's
// history as the flag rules read it.
type AnsweredCheckin struct {
	Checkin
	Answers []Answer
}

// ScheduleEntry is one time of day a question set is due for a person: a cron spec on the
// person's wall clock. OccursAt is the regular occurrence; NextDue is when to act on it, later
// than OccursAt when it falls in the person's quiet hours.
type ScheduleEntry struct {
	ID       int64
	PersonID int64
	SetID    string
	Spec     string
	OccursAt time.Time
	NextDue  time.Time
	// SetBy says who chose it: "person", "worker" or "invite" (proposed by the worker, confirmed by the person).
	SetBy string
}
