package bot

import (
	"context"
	"errors"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/triage"
)

// contactButton is the "I'd like my worker to get in touch" button offered after a check-in.
const contactButton = "contact"

// contactKey is the one "please get in touch" flag a person can have open at a time.
const contactKey = "asked"

// handleContact is the person asking their worker to get in touch; asking again shows where the
// request stands, so nobody is left wondering whether anyone saw it.
func (b *Bot) handleContact(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "contact", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if !a.enrolled() {
			return b.notForYou(ctx, tx, ev, a) // it answers a press itself
		}
		if ev.CallbackID != "" {
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
		}
		p := *a.person
		if _, err := b.screen(ctx, tx, ev, a, ev.Args); err != nil {
			return err
		}
		if f, err := tx.OpenFlag(ctx, p.ID, contactKey); err == nil {
			key := map[tandem.FlagStatus]string{
				// A snoozed flag was seen: the worker chose to come back to it.
				tandem.FlagOpen: "contact.waiting", tandem.FlagSnoozed: "contact.seen",
				tandem.FlagAcknowledged: "contact.seen", tandem.FlagContacting: "contact.coming",
			}[f.Status]
			return reply(tx, ctx, ev, b.text(tx, ctx, a, key, "next", b.nextHours(a.lang, b.hours(b.workerOf(ctx, tx, &p)), tx.Now())))
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		note := ev.Args
		// The note's words were screened above, as their own flag; this one is the asking.
		asked := triage.Asked(note, nil)
		asked.Key = contactKey
		if _, _, err := b.raiseFlag(ctx, tx, p, raiseOf(asked, true, false)); err != nil {
			return err
		}
		h := b.hours(b.workerOf(ctx, tx, &p))
		return reply(tx, ctx, ev, b.text(tx, ctx, a, b.whenKey(h, tx.Now())+".contact", "next", b.nextHours(a.lang, h, tx.Now())))
	})
}
