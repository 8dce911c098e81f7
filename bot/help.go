package bot

import (
	"context"
	"errors"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// Help, crisis contacts and the privacy notice: for anyone, enrolled or not.

func (b *Bot) handleHelp(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "help", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		switch {
		case a.worker != nil:
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "help.worker"))
		case a.enrolled():
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "help.person"))
		}
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
	})
}

// handleCrisis answers anyone, enrolled or not, first in the queue.
func (b *Bot) handleCrisis(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "crisis", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		text := b.text(tx, ctx, a, "crisis")
		if a.enrolled() {
			plan, err := b.planText(ctx, tx, *a.person)
			if err != nil {
				return err
			}
			if plan != "" {
				text += "\n\n" + plan
			}
		}
		return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: ev.ChatID, Priority: tandem.PriorityUrgent, Text: text})
	})
}

func (b *Bot) handlePrivacy(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "privacy", func(tx *store.Tx, a actor, p tandem.Person) error {
		c, err := tx.LatestConsent(ctx, a.person.ID)
		if errors.Is(err, store.ErrNotFound) {
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "privacy.none"))
		}
		if err != nil {
			return err
		}
		if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "privacy", "date", b.date(a.lang, c.At), "version", c.Version)); err != nil {
			return err
		}
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "consent.summary"))
	})
}

// notForYou answers a command meant for someone else: a person's command from a worker or a
// stranger, or a worker's command from a person.
func (b *Bot) notForYou(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor) error {
	if ev.CallbackID != "" {
		// A button on an old message, pressed after its moment passed (they stopped, or were
		// deleted): the press is always answered, with why it does nothing.
		key := "callback.old"
		if a.person != nil && !a.enrolled() {
			key = "callback.stopped"
		}
		return answer(tx, ctx, ev, b.pack.Text(a.lang, key))
	}
	switch {
	case a.worker != nil:
		return reply(tx, ctx, ev, b.pack.Text(a.lang, "help.worker"))
	case a.enrolled():
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "help.person"))
	case a.person != nil:
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "stopped.reply"))
	}
	return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
}
