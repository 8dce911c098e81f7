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
	Reason   string // as first worded, in the words of the moment (for tools and old flags)
	// Why is the reason as a code and its values, worded again in whoever reads it's language
	// (a worker's, the staff channel's, the person's own in /mydata). Empty on older flags.
	Why      Wording
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
	// Facts are the evidence of a raised or evidence event as codes, for the reader's language;
	// Detail keeps it in the words of the moment.
	Facts []Wording
}

// Wording is something Tandem says about a person (a flag's reason, a line of its evidence) as a
// code and its values, so that each reader gets it in their own language from the content pack
// ("flag.why.<code>", "flag.fact.<code>") rather than in the language of the moment it happened.
type Wording struct {
	Code string            `json:"code"`
	Args map[string]string `json:"args,omitempty"`
}

// CanAct says whether a worker may act on the flag: its own worker, or the backup once it has
// been escalated to them.
func (f Flag) CanAct(workerID int64) bool {
	return workerID == f.WorkerID || (f.EscalatedTo != 0 && workerID == f.EscalatedTo)
}
