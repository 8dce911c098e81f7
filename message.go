package tandem

import (
	"fmt"
	"time"
)

// MessagingMode is how a service passes on what a person writes in their own words, outside
// anything Tandem asked them.
type MessagingMode string

// The messaging modes a service can choose.
const (
	// MessagingAsk offers to send each free message to the worker, with one tap (the default):
	// nobody's words reach their worker without them meaning them to.
	MessagingAsk MessagingMode = "ask"
	// MessagingOn sends free messages to the worker without asking.
	MessagingOn MessagingMode = "on"
	// MessagingOff relays nothing; people are told kindly how to reach their team instead.
	MessagingOff MessagingMode = "off"
)

// ParseMessagingMode reads a mode as a service writes it in its configuration.
func ParseMessagingMode(s string) (MessagingMode, error) {
	switch m := MessagingMode(s); m {
	case MessagingAsk, MessagingOn, MessagingOff:
		return m, nil
	}
	return "", fmt.Errorf("must be ask, on or off, got %q", s)
}

// MessageDirection says who wrote a message in a person's thread with their worker.
type MessageDirection string

// Directions in a thread.
const (
	FromPerson MessageDirection = "from_person"
	FromWorker MessageDirection = "from_worker"
)

// MessageState is where a message between a person and their worker stands.
type MessageState string

// Message states. Queued and waiting end in delivered or not delivered; a failure is never silent.
const (
	// MessageQueued: in the outbox, not yet accepted by Telegram.
	MessageQueued MessageState = "queued"
	// MessageWaiting: held for the person's quiet hours, or for a chat that cannot be reached now.
	MessageWaiting MessageState = "waiting"
	// MessageDelivered: Telegram accepted every part.
	MessageDelivered MessageState = "delivered"
	// MessageNotDelivered: Telegram refused it for good; Reason says why.
	MessageNotDelivered MessageState = "not_delivered"
)

// Message is one message in the thread between a person and their worker.
type Message struct {
	ID        int64
	PersonID  int64
	WorkerID  int64
	Direction MessageDirection
	// Media is "" for text, or what was passed on ("voice", "photo", "document", ...).
	Media string
	// Text is the words, or a media item's caption. It is the person's data: in /mydata,
	// deleted with them.
	Text      string
	CreatedAt time.Time
	// Urgent messages from a worker go through the person's quiet hours.
	Urgent bool
	// DueAt is when a message held for quiet hours goes; zero when it went at once.
	DueAt  time.Time
	State  MessageState
	Reason string
	// ConfirmOutbox is the outbox row of the sender's confirmation ("Queued for Sam"), edited
	// when the state is known; ConfirmShown is the state it shows.
	ConfirmOutbox int64
	ConfirmShown  MessageState
	// Parts are the outbox rows that carry the message (a long one is split).
	Parts []int64
}
