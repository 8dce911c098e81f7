package bot

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// Deliveries is what the outbox tells the conversations: that a chat refused a message, and
// that a flag's message reached its worker. It needs only the store, the pack and a logger, so
// the wiring makes one before the dispatcher, and the dispatcher before the Bot; the Bot has
// its own, for the same work when someone blocks the bot.
type Deliveries struct {
	store *store.Store
	pack  *content.Pack
	log   *slog.Logger
	// bot is the Bot these deliveries belong to, once it exists: messages between a person
	// and their worker are followed to delivery by the conversation that sent them. Until it
	// exists (the dispatcher is made first) nothing has been sent.
	bot *Bot
	// language is the service's: the staff channel's, and workers' who have not chosen one.
	language string
}

// NewDeliveries makes the outbox's hooks from the bot's configuration.
func NewDeliveries(cfg Config) *Deliveries {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Deliveries{store: cfg.Store, pack: cfg.Pack, log: cfg.Log, language: cfg.Language}
}

// workerLang is what the bot writes to w in: their own language, else the service's.
func (b *Deliveries) workerLang(w tandem.Worker) string {
	return b.pack.Language(cmp.Or(w.Language, b.language))
}

// staffLang is the staff channel's language: the service's.
func (b *Deliveries) staffLang() string { return b.pack.Language(b.language) }

// markUnreachable records that a person cannot be reached and tells their worker, once.
func (b *Deliveries) markUnreachable(ctx context.Context, tx *store.Tx, p tandem.Person, cause string) error {
	if p.State == tandem.StateUnreachable || p.State == tandem.StateStopped {
		return nil
	}
	if err := tx.SetPersonState(ctx, p.ID, tandem.StateUnreachable); err != nil {
		return err
	}
	if _, err := tx.HoldChat(ctx, p.TelegramID, cause); err != nil {
		return err
	}
	b.log.Info("bot: person unreachable; their worker is told", "person_id", p.ID)
	return b.tellWorker(ctx, tx, p.WorkerID, tandem.PriorityUrgent, "worker.person_unreachable", "person", p.Name)
}

// Unreachable is the dispatcher's hook for a chat that refused a message.
func (b *Deliveries) Unreachable(ctx context.Context, tx *store.Tx, chatID int64, cause string) error {
	if p, err := tx.PersonByTelegramID(ctx, chatID); err == nil {
		if err := b.markUnreachable(ctx, tx, p, cause); err != nil || b.bot == nil {
			return err
		}
		// Messages to them now wait: their senders' confirmations say so at once.
		return b.bot.settlePersonMessages(ctx, tx, p.ID)
	}
	if w, err := tx.WorkerByTelegramID(ctx, chatID); err == nil {
		// Telegram never lets a bot write first: the worker has to open a chat with it. Their
		// messages wait until they do, and the log says why.
		b.log.Warn("bot: a worker cannot be reached; their messages are held until they write to the bot",
			"worker_id", w.ID, "cause", cause)
		if err := tx.MarkWorkerChatClosed(ctx, w.ID); err != nil || b.bot == nil {
			return err
		}
		// Their open flags cannot wait for them: they go to the backup and the staff channel.
		return b.bot.flagsUnreachable(ctx, tx, w)
	}
	b.log.Warn("bot: a chat refused a message", "chat_id", chatID, "cause", cause)
	return nil
}

// tellWorker queues a message to a person's worker.
func (b *Deliveries) tellWorker(ctx context.Context, tx *store.Tx, workerID int64, prio tandem.Priority, key string, args ...any) error {
	w, err := tx.WorkerByID(ctx, workerID)
	if err != nil {
		return fmt.Errorf("bot: tell worker %d: %w", workerID, err)
	}
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: w.TelegramID, Priority: prio, Text: b.pack.Text(b.workerLang(w), key, args...)})
}

// Delivered records in a flag's history that Telegram has accepted its message to a worker, and
// moves a message between a person and their worker on to "delivered".
func (b *Deliveries) Delivered(ctx context.Context, m tandem.Outgoing, _ time.Time) {
	if m.Thread != 0 && b.bot != nil {
		b.bot.messageSent(ctx, m)
	}
	if m.FlagID == 0 {
		return
	}
	err := b.store.Update(ctx, func(tx *store.Tx) error {
		return tx.FlagEvent(ctx, m.FlagID, "system", "delivered", "chat "+strconv.FormatInt(m.ChatID, 10))
	})
	if err != nil {
		b.log.Error("bot: could not record a flag's delivery", "flag_id", m.FlagID, "err", err)
	}
}
