package bot

import (
	"context"
	"time"

	"github.com/tandemcare/tandem"
)

// The end-to-end tests are in package bot_test, because they run the whole of Tandem through
// package app, which imports bot. These give them the few handles they had from inside.

// SetRetainAfterStop changes how long a withdrawn person's data is kept, for a retention pass
// run by hand.
func (b *Bot) SetRetainAfterStop(d time.Duration) { b.cfg.RetainAfterStop = d }

// SetDigestSpec changes when the staff digest is due, before a pass run by hand.
func (b *Bot) SetDigestSpec(spec string) { b.cfg.DigestSpec = spec }

// HandleCommand adds a command to the route table.
func (b *Bot) HandleCommand(name string, h func(context.Context, *tandem.Event) error) {
	b.handle(name, h)
}

// ConsentAgree is the data of the "I agree" button.
const ConsentAgree = consentAgree

// Contains reports whether list holds s.
var Contains = contains

// FloodLimit is how many messages a minute from one person are passed on one by one.
const FloodLimit = floodLimit

// StrangerWindow is how long a stranger's share of answers lasts.
const StrangerWindow = strangerWindow

// MaxAgendaItems and MaxPlanItems bound the agenda and the plan.
const (
	MaxAgendaItems = maxAgendaItems
	MaxPlanItems   = maxPlanItems
)

// StrangerAnswers is how many answers a stranger gets in a window.
const StrangerAnswers = strangerAnswers
