package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"regexp"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// Joining: an invite link opened with /start, and the pseudonym a new person gets.

// startPayload is what Telegram allows after /start in a deep link.
var startPayload = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (b *Bot) handleStart(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "start", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		switch {
		case a.worker != nil:
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "help.worker"))
		case a.enrolled():
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.already", "name", a.person.Name))
		}
		if ev.Args == "" {
			if inv, err := tx.ClaimedInvite(ctx, ev.From.ID); err == nil && inv.Check(ev.From.ID, tx.Now()) == tandem.InviteOK {
				return b.askConsent(ctx, tx, ev, a, inv)
			}
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
		}
		if !startPayload.MatchString(ev.Args) {
			b.badCodes.With().Inc()
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.unknown"))
		}
		inv, err := tx.InviteByHash(ctx, hashCode(ev.Args))
		if errors.Is(err, store.ErrNotFound) {
			b.badCodes.With().Inc()
			b.log.Info("bot: /start with an unknown invite code", "from", ev.From.ID)
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.unknown"))
		}
		if err != nil {
			return err
		}
		w, err := tx.WorkerByID(ctx, inv.WorkerID)
		if err != nil {
			return err
		}
		switch inv.Check(ev.From.ID, tx.Now()) {
		case tandem.InviteUsed:
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.used"))
		case tandem.InviteExpired:
			return reply(tx, ctx, ev, b.textFor(a.lang, &w, "join.expired"))
		}
		if err := tx.ClaimInvite(ctx, inv.ID, ev.From.ID); err != nil {
			return err
		}
		return b.askConsent(ctx, tx, ev, a, inv)
	})
}

// personName is what the worker calls the person, or failing that their Telegram first name.
func personName(inv tandem.Invite, ev *tandem.Event) string {
	if inv.Name != "" {
		return inv.Name
	}
	return ev.From.FirstName
}

// pseudonymAlphabet leaves out letters and digits that are easily confused (0/O, 1/I/L).
const pseudonymAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newPseudonym draws a random name like "P-7KQ3M" that says nothing about the person.
func newPseudonym(ctx context.Context, tx *store.Tx) (string, error) {
	for range 20 {
		buf := make([]byte, 5)
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		for i, c := range buf {
			buf[i] = pseudonymAlphabet[int(c)%len(pseudonymAlphabet)]
		}
		name := "P-" + string(buf)
		taken, err := tx.PseudonymTaken(ctx, name)
		if err != nil {
			return "", err
		}
		if !taken {
			return name, nil
		}
	}
	return "", errors.New("bot: could not find a free pseudonym")
}
