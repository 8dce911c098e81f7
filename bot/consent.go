package bot

import (
	"context"
	"errors"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// Consent: what a person is asked before anything is shared, and asked again when it changes.

// Consent buttons' callback data is short and carries no ids: who pressed a button is what
// decides what it does, so a forged or copied press can only ever act on the presser's own record.
const (
	consentPrefix = "consent:"
	consentAgree  = consentPrefix + "agree"
	consentMore   = consentPrefix + "more"
	consentLater  = consentPrefix + "later"
)

// askConsent welcomes someone who opened an invite and asks, in short messages with buttons,
// whether they agree to what Tandem shares.
func (b *Bot) askConsent(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor, inv tandem.Invite) error {
	w, err := tx.WorkerByID(ctx, inv.WorkerID)
	if err != nil {
		return err
	}
	namePart := ""
	if n := personName(inv, ev); n != "" {
		namePart = " " + n
	}
	if err := reply(tx, ctx, ev, b.textFor(a.lang, &w, "welcome", "name_part", namePart)); err != nil {
		return err
	}
	return reply(tx, ctx, ev, b.textFor(a.lang, &w, "consent.summary"), b.consentButtons(a.lang, true)...)
}

func (b *Bot) consentButtons(lang string, withMore bool) [][]tandem.Button {
	first := []tandem.Button{{Text: b.pack.Text(lang, "button.agree"), Data: consentAgree}}
	if withMore {
		first = append(first, tandem.Button{Text: b.pack.Text(lang, "button.more"), Data: consentMore})
	}
	return [][]tandem.Button{first, {{Text: b.pack.Text(lang, "button.not_now"), Data: consentLater}}}
}

func (b *Bot) handleConsentButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "consent", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.enrolled() {
			return b.reconsentAnswer(ctx, tx, ev, a)
		}
		inv, err := tx.ClaimedInvite(ctx, ev.From.ID)
		if errors.Is(err, store.ErrNotFound) {
			// Not theirs to press: a forwarded message, a forged press, or a used invite.
			b.log.Info("bot: consent button from someone with no open invite", "from", ev.From.ID)
			if err := answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old")); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
		}
		if err != nil {
			return err
		}
		w, err := tx.WorkerByID(ctx, inv.WorkerID)
		if err != nil {
			return err
		}
		if inv.Check(ev.From.ID, tx.Now()) == tandem.InviteExpired {
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.textFor(a.lang, &w, "join.expired"))
		}
		switch ev.Data {
		case consentAgree:
			return b.agree(ctx, tx, ev, a, inv, w)
		case consentMore:
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			for _, key := range []string{"consent.more.1", "consent.more.2", "consent.more.3", "consent.more.4"} {
				if err := reply(tx, ctx, ev, b.textFor(a.lang, &w, key)); err != nil {
					return err
				}
			}
			return reply(tx, ctx, ev, b.textFor(a.lang, &w, "consent.more.ask"), b.consentButtons(a.lang, false)...)
		case consentLater:
			if err := answer(tx, ctx, ev, b.pack.Text(a.lang, "consent.chosen_not_now")); err != nil {
				return err
			}
			if err := tx.RecordConsent(ctx, tandem.Consent{Version: b.pack.ConsentVersion, Decision: tandem.ConsentNotNow}, inv.ID); err != nil {
				return err
			}
			if err := removeButtons(tx, ctx, ev); err != nil {
				return err
			}
			// The worker is deliberately not told: "not now" shares nothing, as the reply says.
			return reply(tx, ctx, ev, b.textFor(a.lang, &w, "consent.not_now", "expires", b.date(a.lang, inv.ExpiresAt)))
		}
		return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
	})
}

// agree enrols the person: consent stored with its version and time, invite used, worker told.
func (b *Bot) agree(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor, inv tandem.Invite, w tandem.Worker) error {
	p := tandem.Person{TelegramID: ev.From.ID, Name: personName(inv, ev), WorkerID: w.ID, State: tandem.StateActive, Language: a.lang,
		QuietStart: defaultQuietStart, QuietEnd: defaultQuietEnd}
	if p.Name == "" {
		p.Name = "Someone"
	}
	if a.person != nil { // coming back after stopping
		p.ID, p.Pseudonym = a.person.ID, a.person.Pseudonym
		if err := tx.Reenrol(ctx, p, inv.ID); err != nil {
			return err
		}
	} else {
		pseudonym, err := newPseudonym(ctx, tx)
		if err != nil {
			return err
		}
		p.Pseudonym = pseudonym
		if p, err = tx.CreatePerson(ctx, p, inv.ID); err != nil {
			return err
		}
	}
	if err := tx.RecordConsent(ctx, tandem.Consent{PersonID: p.ID, Version: b.pack.ConsentVersion, Decision: tandem.ConsentAgreed}, inv.ID); err != nil {
		return err
	}
	if err := answer(tx, ctx, ev, b.pack.Text(a.lang, "consent.chosen_agree", "date", b.date(a.lang, tx.Now()))); err != nil {
		return err
	}
	if err := removeButtons(tx, ctx, ev); err != nil {
		return err
	}
	if err := reply(tx, ctx, ev, b.textFor(a.lang, &w, "consent.agreed")); err != nil {
		return err
	}
	if a.person != nil { // coming back: their own time zone and quiet hours still stand
		reloaded, err := tx.PersonByID(ctx, p.ID)
		if err != nil {
			return err
		}
		p = reloaded
	}
	if err := b.offerSchedule(ctx, tx, ev, p, inv, w); err != nil {
		return err
	}
	b.log.Info("bot: person joined", "person_id", p.ID, "worker_id", w.ID, "consent_version", b.pack.ConsentVersion)
	return b.tellWorker(ctx, tx, w.ID, tandem.PriorityConversation, "worker.person_joined",
		"person", p.Name, "version", b.pack.ConsentVersion, "date", b.date(b.workerLang(w), tx.Now())+" "+tx.Now().In(b.cfg.Location).Format("15:04"))
}

// reconsent puts a changed consent text, once, to someone who agreed to an earlier version:
// what is shared must be what they agreed to, so they see what changed and can agree or stop.
func (b *Bot) reconsent(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor) error {
	p := a.person
	if p.State == tandem.StateStopped || ev.BotStatus != "" {
		return nil
	}
	consents, err := tx.Consents(ctx, p.ID)
	if err != nil || len(consents) == 0 {
		return err
	}
	agreed, asked := "", false
	for _, c := range consents {
		switch {
		case c.Decision == tandem.ConsentAgreed:
			agreed = c.Version
		case c.Decision == tandem.ConsentAsked && c.Version == b.pack.ConsentVersion:
			asked = true
		}
	}
	if agreed == "" || agreed == b.pack.ConsentVersion || asked {
		return nil
	}
	if err := tx.RecordConsent(ctx, tandem.Consent{PersonID: p.ID, Version: b.pack.ConsentVersion, Decision: tandem.ConsentAsked}, 0); err != nil {
		return err
	}
	if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "consent.changed")); err != nil {
		return err
	}
	return reply(tx, ctx, ev, b.text(tx, ctx, a, "consent.summary"), b.consentButtons(a.lang, true)...)
}

// reconsentAnswer handles the consent buttons from someone already enrolled: agreeing to a
// changed text records it; "tell me more" explains; "not now" says plainly that nothing changes
// and points to /stop, since carrying on means carrying on sharing.
func (b *Bot) reconsentAnswer(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor) error {
	p := *a.person
	c, err := tx.LatestConsent(ctx, p.ID)
	if err != nil {
		return err
	}
	if c.Decision == tandem.ConsentAgreed && c.Version == b.pack.ConsentVersion {
		return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old")) // nothing left to agree to
	}
	w := b.workerOf(ctx, tx, &p)
	switch ev.Data {
	case consentAgree:
		if err := tx.RecordConsent(ctx, tandem.Consent{PersonID: p.ID, Version: b.pack.ConsentVersion, Decision: tandem.ConsentAgreed}, 0); err != nil {
			return err
		}
		if err := answer(tx, ctx, ev, b.pack.Text(a.lang, "consent.chosen_agree", "date", b.date(a.lang, tx.Now()))); err != nil {
			return err
		}
		return removeButtons(tx, ctx, ev)
	case consentMore:
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		for _, key := range []string{"consent.more.1", "consent.more.2", "consent.more.3", "consent.more.4"} {
			if err := reply(tx, ctx, ev, b.textFor(a.lang, w, key)); err != nil {
				return err
			}
		}
		return reply(tx, ctx, ev, b.textFor(a.lang, w, "consent.more.ask"), b.consentButtons(a.lang, false)...)
	}
	if err := answer(tx, ctx, ev, ""); err != nil {
		return err
	}
	return reply(tx, ctx, ev, b.textFor(a.lang, w, "consent.changed_not_now"))
}
