package tandem

import (
	"errors"
	"fmt"
	"time"
)

// Priority orders the outbox: lower goes first. A crisis reply must never wait behind a morning's
// worth of scheduled prompts.
type Priority int

// Outbox priorities.
const (
	// PriorityUrgent is for crisis replies, flags and button acknowledgements.
	PriorityUrgent Priority = 0
	// PriorityConversation is for replies to something a person or worker just did.
	PriorityConversation Priority = 1
	// PriorityBulk is for scheduled prompts, lessons and digests.
	PriorityBulk Priority = 2
)

// OutgoingKind is what an outgoing message does.
type OutgoingKind string

// The kinds of thing the bot says.
const (
	KindText           OutgoingKind = "text"            // a new message
	KindPhoto          OutgoingKind = "photo"           // an image with a caption
	KindDocument       OutgoingKind = "document"        // a file with a caption
	KindEditText       OutgoingKind = "edit_text"       // replace an earlier message's text and buttons
	KindEditButtons    OutgoingKind = "edit_buttons"    // replace or remove an earlier message's buttons
	KindAnswerCallback OutgoingKind = "answer_callback" // stop the spinner on a pressed button
	KindCopy           OutgoingKind = "copy"            // pass on a message someone sent (a voice note, a photo) without a link to its sender
)

// Button is an inline button under a message. Data goes back to the bot when pressed; URL opens a link.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

// Outgoing is one thing the bot says, as it waits in the durable outbox. Text is HTML in
// Telegram's dialect: anything from a person or from content must be escaped before it gets here.
type Outgoing struct {
	Kind     OutgoingKind `json:"kind"`
	ChatID   int64        `json:"chat_id"`
	Priority Priority     `json:"-"`
	Text     string       `json:"text,omitempty"`
	Buttons  [][]Button   `json:"buttons,omitempty"`
	// MessageID is the message to edit (KindEditText, KindEditButtons), or to copy (KindCopy).
	MessageID int `json:"message_id,omitempty"`
	// FromChatID is the chat the copied message is in (KindCopy); Text is then its new caption.
	FromChatID int64 `json:"from_chat_id,omitempty"`
	// CallbackID is the button press to answer (KindAnswerCallback).
	CallbackID string `json:"callback_id,omitempty"`
	// File is the image or document body; FileName names it for the person.
	File     []byte `json:"-"`
	FileName string `json:"file_name,omitempty"`
	// Alert shows a callback answer as a dialog rather than a passing notice.
	Alert bool `json:"alert,omitempty"`
	// FlagID, when set, says this message delivers a flag, so its delivery joins the flag's history.
	FlagID int64 `json:"flag_id,omitempty"`
	// Thread, when set, is the person-worker message (Message.ID) this row carries or confirms,
	// so its delivery updates the message's state and the sender's confirmation.
	Thread int64 `json:"thread,omitempty"`
	// PaidBroadcast asks Telegram to send this beyond its free broadcast limit, for a fee in
	// Stars. The dispatcher sets it, on scheduled prompts only, when the service opts in.
	PaidBroadcast bool `json:"-"`
}

// Validate catches what would be a programming error before it reaches the outbox.
func (o Outgoing) Validate() error {
	if o.ChatID == 0 && o.Kind != KindAnswerCallback {
		return errors.New("outgoing: no chat")
	}
	switch o.Kind {
	case KindText:
		if o.Text == "" {
			return errors.New("outgoing: empty text")
		}
	case KindPhoto, KindDocument:
		if len(o.File) == 0 {
			return fmt.Errorf("outgoing: %s without a file", o.Kind)
		}
	case KindEditText, KindEditButtons:
		if o.MessageID == 0 {
			return fmt.Errorf("outgoing: %s without a message id", o.Kind)
		}
	case KindCopy:
		if o.FromChatID == 0 || o.MessageID == 0 {
			return errors.New("outgoing: copy without the chat and message to copy")
		}
	case KindAnswerCallback:
		if o.CallbackID == "" {
			return errors.New("outgoing: callback answer without a callback id")
		}
	default:
		return fmt.Errorf("outgoing: unknown kind %q", o.Kind)
	}
	return nil
}

// Delivery errors: what a sender reports so the dispatcher can decide what to do, without
// knowing anything about Telegram.
var (
	// ErrUnreachable: the chat refuses the bot (blocked, deleted, or never opened a chat).
	ErrUnreachable = errors.New("chat unreachable")
	// ErrRejected: the request itself is wrong and will never succeed as it is.
	ErrRejected = errors.New("rejected")
	// ErrUnchanged: an edit asked for what the message already shows; nothing to do.
	ErrUnchanged = errors.New("message unchanged")
	// ErrMaybeDelivered: the request went out but no answer came back (the connection dropped
	// or timed out), so Telegram may have delivered it. Sending again may make a duplicate.
	ErrMaybeDelivered = errors.New("no answer: may have been delivered")
)

// RateLimitedError says the whole bot must wait before sending anything more.
type RateLimitedError struct {
	RetryAfter time.Duration
}

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("rate limited: retry after %s", e.RetryAfter)
}
