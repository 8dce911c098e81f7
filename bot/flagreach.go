package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// flagsUnreachable sends on the flags a worker cannot receive: when Telegram refuses their chat
// (they blocked the bot, or never opened it), every open flag they have not seen goes at once
// to their backup and, without names or words, to the staff channel. Waiting out the usual
// escalation time would leave a worrying flag with nobody.
func (b *Bot) flagsUnreachable(ctx context.Context, tx *store.Tx, w tandem.Worker) error {
	flags, err := tx.UnseenFlagsOfWorker(ctx, w.ID)
	if err != nil || len(flags) == 0 {
		return err
	}
	backup, err := tx.Backup(ctx, w.ID)
	hasBackup := err == nil && backup.ChatOpen
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for _, f := range flags {
		p, err := tx.PersonByID(ctx, f.PersonID)
		if err != nil {
			return err
		}
		var sentTo []string
		if hasBackup {
			lang := b.workerLang(backup)
			evidence, err := b.flagEvidence(ctx, tx, p, f, lang)
			if err != nil {
				return err
			}
			msg, err := b.flagMessage(ctx, tx, p, f, evidence, b.pack.Text(lang, "flag.undelivered_note", "worker", w.FirstName()), lang)
			if err != nil {
				return err
			}
			msg.ChatID, msg.Priority = backup.TelegramID, tandem.PriorityUrgent
			if err := tx.Enqueue(ctx, msg); err != nil {
				return err
			}
			f.EscalatedTo = backup.ID
			sentTo = append(sentTo, "backup:"+strconv.FormatInt(backup.ID, 10))
		}
		if b.cfg.StaffChannelID != 0 {
			if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: b.cfg.StaffChannelID, Priority: tandem.PriorityUrgent,
				Text: b.pack.Text(b.staffLang(), "staff.undelivered", "pseudonym", p.Pseudonym, "worker", w.Name, "kind", b.kindWords(b.staffLang(), f.Kind))}); err != nil {
				return err
			}
			sentTo = append(sentTo, "staff_channel")
		}
		if len(sentTo) == 0 {
			b.log.Error("bot: a flag cannot reach its worker and there is no backup or staff channel", "flag_id", f.ID, "worker_id", w.ID)
			continue
		}
		// Gone further now, so the usual escalation does not send it a second time.
		f.EscalateAt = time.Time{}
		if err := tx.UpdateFlag(ctx, f); err != nil {
			return err
		}
		if err := tx.FlagEvent(ctx, f.ID, "system", "escalated", "worker unreachable: "+strings.Join(sentTo, ",")); err != nil {
			return err
		}
	}
	return nil
}
