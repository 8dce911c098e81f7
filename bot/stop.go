package bot

import (
	"context"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// Stopping and resuming: a person can leave at any time, and come back from a pause.

// Stop buttons, like consent's, carry no ids.
const (
	stopPrefix = "stop:"
	stopYes    = stopPrefix + "yes"
	stopNo     = stopPrefix + "no"
)

func (b *Bot) handleResume(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "resume", func(tx *store.Tx, a actor, p tandem.Person) error {
		if a.person.State != tandem.StatePaused {
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "resume.not_paused"))
		}
		if err := tx.SetPause(ctx, a.person.ID, false, time.Time{}); err != nil {
			return err
		}
		if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "resume.done")); err != nil {
			return err
		}
		if err := b.settlePersonMessages(ctx, tx, a.person.ID); err != nil { // what their worker wrote meanwhile
			return err
		}
		return b.tellWorker(ctx, tx, a.person.WorkerID, tandem.PriorityConversation, "worker.person_resumed", "person", a.person.Name)
	})
}

func (b *Bot) handleStop(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "stop", func(tx *store.Tx, a actor, p tandem.Person) error {
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "stop.ask"), []tandem.Button{
			{Text: b.pack.Text(a.lang, "stop.confirm"), Data: stopYes},
			{Text: b.pack.Text(a.lang, "stop.cancel"), Data: stopNo},
		})
	})
}

func (b *Bot) handleStopButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "stop", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if !a.enrolled() || (ev.Data != stopYes && ev.Data != stopNo) {
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
		}
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		if err := removeButtons(tx, ctx, ev); err != nil {
			return err
		}
		if ev.Data == stopNo {
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "stop.kept"))
		}
		if err := tx.SetPersonState(ctx, a.person.ID, tandem.StateStopped); err != nil {
			return err
		}
		if err := tx.MarkStopped(ctx, a.person.ID); err != nil {
			return err
		}
		if err := tx.RecordConsent(ctx, tandem.Consent{PersonID: a.person.ID, Version: b.pack.ConsentVersion, Decision: tandem.ConsentWithdrawn}, 0); err != nil {
			return err
		}
		if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "stop.done")); err != nil {
			return err
		}
		return b.tellWorker(ctx, tx, a.person.WorkerID, tandem.PriorityConversation, "worker.person_stopped", "person", a.person.Name)
	})
}
