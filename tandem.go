// Package tandem holds Tandem's domain: workers, the people they work with, invites, consent and
// what the bot says. It knows nothing of Telegram or SQL; the packages below it do the I/O.
//
// Tandem is a Telegram bot that a person living with psychosis or another severe mental illness
// uses together with their mental health worker: check-ins on schedules the two agree, flags that
// reach the worker, recovery-oriented lessons. See README.md and DESIGN.md.
package tandem

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Worker is a mental health worker registered by the service's administrator. Workers talk to
// the bot in a private chat, which Telegram identifies by their user id.
type Worker struct {
	ID         int64
	TelegramID int64
	Name       string
	CreatedAt  time.Time
	// ChatOpen is true once the worker has written to the bot: Telegram refuses to let a bot
	// start a conversation, so until then nothing can reach them.
	ChatOpen bool
	// Hours are the worker's own working hours ("Mon-Thu 09:00-17:00"); empty means the service's.
	Hours string
	// Language is what the bot writes to the worker in ("es"); empty means the service's.
	Language string
}

// FirstName is how the bot introduces the worker to a person ("Demo Worker" becomes "Demo").
func (w Worker) FirstName() string {
	if f := strings.Fields(w.Name); len(f) > 0 {
		return f[0]
	}
	return w.Name
}

// ValidateWorker checks what an administrator typed before it is stored.
func ValidateWorker(telegramID int64, name string) error {
	if telegramID <= 0 {
		return fmt.Errorf("telegram id must be a positive number (a person's Telegram user id), got %d", telegramID)
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return errors.New("a name is required, e.g. --name \"Alex Smith\"")
	}
	if n := len([]rune(name)); n > 64 {
		return fmt.Errorf("the name is %d characters long; keep it to 64", n)
	}
	return nil
}

// PersonState is where a person stands with Tandem.
type PersonState string

// The states a person moves through. Paused and stopped are the person's own choices;
// unreachable means Telegram refused a message (they blocked the bot or deleted their account).
const (
	StateActive      PersonState = "active"
	StatePaused      PersonState = "paused"
	StateStopped     PersonState = "stopped"
	StateUnreachable PersonState = "unreachable"
)

// Person is someone who uses Tandem together with their worker.
type Person struct {
	ID         int64
	TelegramID int64
	// Name is what the person is called in the chat with their worker: the name the worker gave
	// the invite, or the person's Telegram first name when the worker gave none.
	Name string
	// Pseudonym is all the staff channel ever sees of the person.
	Pseudonym string
	WorkerID  int64
	State     PersonState
	Language  string
	JoinedAt  time.Time
	// TimeZone is the person's IANA zone; empty means the service's.
	TimeZone string
	// QuietStart and QuietEnd bound the person's quiet hours (offsets from local midnight; equal means none).
	QuietStart, QuietEnd time.Duration
	// PausedUntil ends a pause by itself; zero with StatePaused means until the person resumes.
	PausedUntil time.Time
	// Awaiting names what the bot asked the person to type, so their next message is read as that.
	Awaiting Awaiting
}

// Invite is a worker's single-use, expiring invitation. The code itself is never stored: only a
// hash of it, so a copy of the database cannot be used to join.
type Invite struct {
	ID       int64
	WorkerID int64
	Name     string // optional: how the worker knows the person
	// Proposed holds the check-in times the worker suggested, for the person to confirm.
	Proposed  string
	CreatedAt time.Time
	ExpiresAt time.Time
	// ClaimedBy is the Telegram user who first opened the invite; nobody else can use it.
	ClaimedBy int64
	UsedAt    time.Time
}

// InviteProblem says why an invite cannot be used, in terms the bot can explain kindly.
type InviteProblem int

// Why an invite code may not work.
const (
	InviteOK InviteProblem = iota
	InviteUnknown
	InviteExpired
	InviteUsed
	InviteWorkerGone
)

// Check says whether telegramUserID may use the invite at now.
func (inv Invite) Check(telegramUserID int64, now time.Time) InviteProblem {
	switch {
	case !inv.UsedAt.IsZero():
		return InviteUsed
	case inv.ClaimedBy != 0 && inv.ClaimedBy != telegramUserID:
		return InviteUsed
	case !now.Before(inv.ExpiresAt):
		return InviteExpired
	}
	return InviteOK
}

// ConsentDecision is what a person said when asked for consent.
type ConsentDecision string

// Consent decisions, stored with the text version the person saw.
const (
	ConsentAgreed    ConsentDecision = "agreed"
	ConsentNotNow    ConsentDecision = "not_now"
	ConsentWithdrawn ConsentDecision = "withdrawn"
	// ConsentAsked records that a changed consent text was put to someone who had agreed to an
	// earlier version, so they are asked once, not at every message.
	ConsentAsked ConsentDecision = "asked"
)

// Consent records one decision about one version of the consent text.
type Consent struct {
	PersonID int64
	Version  string
	Decision ConsentDecision
	At       time.Time
}
