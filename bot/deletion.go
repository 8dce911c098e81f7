package bot

import (
	"context"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// deletePrefix buttons carry "del:yes" and "del:no".
const deletePrefix = "del:"

// handleDelete asks a person to confirm that they want everything Tandem holds deleted. An
// administrator confirms it (tandem person delete), so a mistaken tap is never irreversible
// and the service can meet any legal duty to keep records first.
func (b *Bot) handleDelete(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "delete", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.person == nil {
			return b.notForYou(ctx, tx, ev, a)
		}
		p := *a.person
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "delete.ask"), []tandem.Button{
			{Text: b.pack.Text(p.Language, "delete.confirm"), Data: deletePrefix + "yes"},
			{Text: b.pack.Text(p.Language, "stop.cancel"), Data: deletePrefix + "no"},
		})
	})
}

func (b *Bot) handleDeleteButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "delete", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		if a.person == nil {
			return nil
		}
		p := *a.person
		if err := removeButtons(tx, ctx, ev); err != nil {
			return err
		}
		if strings.TrimPrefix(ev.Data, deletePrefix) != "yes" {
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "stop.kept"))
		}
		if err := tx.RequestDeletion(ctx, p.ID); err != nil {
			return err
		}
		b.log.Info("bot: a person asked for their data to be deleted", "person_id", p.ID)
		if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "delete.requested")); err != nil {
			return err
		}
		return b.tellWorker(ctx, tx, p.WorkerID, tandem.PriorityConversation, "worker.deletion_requested", "person", p.Name)
	})
}

// keepSent is how long delivered messages' rows are kept (their text is already gone).
const keepSent = 30 * 24 * time.Hour

// keepUpdates is how long a handled update's bare row is kept. Telegram redelivers an update for
// at most 24 hours, so a week recognises every redelivery with room to spare.
const keepUpdates = 7 * 24 * time.Hour

// Retention deletes people who withdrew longer ago than the service keeps data for, and prunes
// old delivered messages and handled updates.
func (b *Bot) Retention(ctx context.Context) error {
	now := b.store.Now()
	if _, err := b.store.PruneSent(ctx, now.Add(-keepSent)); err != nil {
		return err
	}
	if _, err := b.store.PruneUpdates(ctx, now.Add(-keepUpdates)); err != nil {
		return err
	}
	if b.cfg.RetainAfterStop <= 0 {
		return nil
	}
	ids, err := b.store.StoppedBefore(ctx, now.Add(-b.cfg.RetainAfterStop))
	if err != nil || len(ids) == 0 {
		return err
	}
	return b.store.Update(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			if err := tx.DeletePerson(ctx, id); err != nil {
				return err
			}
			b.log.Info("bot: deleted a person's data at the end of the retention period", "person_id", id)
		}
		return nil
	})
}
