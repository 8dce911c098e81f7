package tandem

import "time"

// FlagStatus is where a flag stands in its life.
type FlagStatus string

// A flag is open until its worker acknowledges it, says they will contact the person, snoozes it
// or resolves it. Escalation does not close it: it widens who can act.
const (
	FlagOpen         FlagStatus = "open"
	FlagAcknowledged FlagStatus = "acknowledged"
	FlagContacting   FlagStatus = "contacting"
	FlagSnoozed      FlagStatus = "snoozed"
	FlagResolved     FlagStatus = "resolved"
)

// Flag is a reason for a worker to look at how a person is doing.
type Flag struct {
	ID       int64
	PersonID int64
	WorkerID int64
	Kind     string // threshold, run, baseline, sign, words, silence, asked
	Key      string // identity for de-duplication while open
	Urgent   bool
	Reason   string
	Status   FlagStatus
	RaisedAt time.Time
	// EscalateAt is when an unacknowledged flag goes to the backup and the staff channel.
	EscalateAt  time.Time
	EscalatedTo int64 // the backup worker, once escalated
	SnoozedTill time.Time
	ClosedAt    time.Time
}

// FlagEvent is one step in a flag's life.
type FlagEvent struct {
	FlagID int64
	At     time.Time
	Actor  string // "system", "person", "worker:<id>"
	Event  string // raised, evidence, acknowledged, contacting, reply, snoozed, resolved, escalated, unsnoozed
	Detail string
}

// CanAct says whether a worker may act on the flag: its own worker, or the backup once it has
// been escalated to them.
func (f Flag) CanAct(workerID int64) bool {
	return workerID == f.WorkerID || (f.EscalatedTo != 0 && workerID == f.EscalatedTo)
}
