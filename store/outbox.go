package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tandemcare/tandem"
)

// Outbox row states.
const (
	OutboxPending = "pending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
	// OutboxHeld rows wait for a chat that refused the bot to come back.
	OutboxHeld = "held"
)

// Enqueue adds something for the bot to say, in the caller's transaction: it is said if and
// only if whatever caused it is committed too.
func (tx *Tx) Enqueue(ctx context.Context, msgs ...tandem.Outgoing) error {
	for _, m := range msgs {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("store: enqueue: %w", err)
		}
		payload, err := json.Marshal(m)
		if err != nil {
			return fmt.Errorf("store: enqueue: %w", err)
		}
		var file any
		if len(m.File) > 0 {
			file = m.File
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO outbox (priority, chat_id, kind, payload, file, created_at, not_before)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, m.Priority, m.ChatID, m.Kind, payload, file, millis(tx.now), millis(tx.now)); err != nil {
			return fmt.Errorf("store: enqueue: %w", err)
		}
	}
	return nil
}

// OutboxRow is one queued message with its delivery bookkeeping.
type OutboxRow struct {
	ID        int64
	Msg       tandem.Outgoing
	CreatedAt time.Time
	NotBefore time.Time
	Attempts  int
	Status    string
	MessageID int
	LastError string
}

// OutboxHead is what the dispatcher needs to choose what to send next, without the payload.
type OutboxHead struct {
	ID        int64
	Priority  tandem.Priority
	ChatID    int64
	Kind      tandem.OutgoingKind
	NotBefore time.Time
}

// PendingHeads returns up to limit pending rows in sending order (priority, then age), without
// their payloads: choosing is done often, and decoding a backlog each time would dominate.
// Rows waiting out a backoff are included, so the dispatcher can keep each chat's order.
func (s *Store) PendingHeads(ctx context.Context, limit int) ([]OutboxHead, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, priority, chat_id, kind, not_before FROM outbox WHERE status = 'pending' ORDER BY priority, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: outbox heads: %w", err)
	}
	defer rows.Close()
	var out []OutboxHead
	for rows.Next() {
		var h OutboxHead
		var nb sql.NullInt64
		if err := rows.Scan(&h.ID, &h.Priority, &h.ChatID, &h.Kind, &nb); err != nil {
			return nil, fmt.Errorf("store: outbox heads: %w", err)
		}
		h.NotBefore = fromMillis(nb)
		out = append(out, h)
	}
	return out, rows.Err()
}

// OutboxRowByID reads one row whole, to send it.
func (s *Store) OutboxRowByID(ctx context.Context, id int64) (OutboxRow, error) {
	rows, err := s.outboxRows(ctx, `WHERE id = ?`, id)
	if err != nil {
		return OutboxRow{}, err
	}
	if len(rows) == 0 {
		return OutboxRow{}, fmt.Errorf("store: outbox row %d: %w", id, ErrNotFound)
	}
	return rows[0], nil
}

// PendingOutbox returns up to limit pending rows in sending order: priority, then age.
// Rows waiting out a backoff are included, so the dispatcher can keep each chat's order.
func (s *Store) PendingOutbox(ctx context.Context, limit int) ([]OutboxRow, error) {
	return s.outboxRows(ctx, `WHERE status = 'pending' ORDER BY priority, id LIMIT ?`, limit)
}

// OutboxForChat lists every row for a chat, oldest first, for tests and diagnosis.
func (s *Store) OutboxForChat(ctx context.Context, chatID int64) ([]OutboxRow, error) {
	return s.outboxRows(ctx, `WHERE chat_id = ? ORDER BY id`, chatID)
}

func (s *Store) outboxRows(ctx context.Context, where string, args ...any) ([]OutboxRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, priority, payload, file, created_at, not_before, attempts, status, message_id, last_error FROM outbox `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxRow
	for rows.Next() {
		var r OutboxRow
		var payload []byte
		var created, notBefore sql.NullInt64
		var msgID sql.NullInt64
		var lastErr sql.NullString
		if err := rows.Scan(&r.ID, &r.Msg.Priority, &payload, &r.Msg.File, &created, &notBefore, &r.Attempts, &r.Status, &msgID, &lastErr); err != nil {
			return nil, fmt.Errorf("store: outbox: %w", err)
		}
		prio, file := r.Msg.Priority, r.Msg.File
		if err := json.Unmarshal(payload, &r.Msg); err != nil {
			return nil, fmt.Errorf("store: outbox row %d: %w", r.ID, err)
		}
		r.Msg.Priority, r.Msg.File = prio, file
		r.CreatedAt, r.NotBefore = fromMillis(created), fromMillis(notBefore)
		r.MessageID, r.LastError = int(msgID.Int64), lastErr.String
		out = append(out, r)
	}
	return out, rows.Err()
}

// MarkSent records a delivery and the message id Telegram gave it.
func (s *Store) MarkSent(ctx context.Context, id int64, messageID int) error {
	// Once delivered, the text (which may hold a person's words) is not kept here.
	_, err := s.w.ExecContext(ctx, `UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1, file = NULL,
		payload = json_object('kind', kind, 'chat_id', chat_id) WHERE id = ?`,
		millis(s.Now()), messageID, id)
	s.noteWrite(err)
	if err != nil {
		return fmt.Errorf("store: mark outbox %d sent: %w", id, err)
	}
	return nil
}

// MarkRetry puts a row back to wait until notBefore after a passing failure.
func (s *Store) MarkRetry(ctx context.Context, id int64, notBefore time.Time, cause string) error {
	_, err := s.w.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE id = ?`,
		millis(notBefore), cause, id)
	s.noteWrite(err)
	if err != nil {
		return fmt.Errorf("store: retry outbox %d: %w", id, err)
	}
	return nil
}

// MarkFailed gives up on a row that can never be sent as it is.
func (s *Store) MarkFailed(ctx context.Context, id int64, cause string) error {
	_, err := s.w.ExecContext(ctx, `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`, cause, id)
	s.noteWrite(err)
	if err != nil {
		return fmt.Errorf("store: fail outbox %d: %w", id, err)
	}
	return nil
}

// HoldChat parks every pending row for a chat that refuses the bot, so nothing for it is lost
// and nothing is retried in vain. It returns how many rows it parked.
func (tx *Tx) HoldChat(ctx context.Context, chatID int64, cause string) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE outbox SET status = 'held', last_error = ? WHERE chat_id = ? AND status = 'pending'`, cause, chatID)
	if err != nil {
		return 0, fmt.Errorf("store: hold chat: %w", err)
	}
	return res.RowsAffected()
}

// ReleaseChat sends a chat's held rows again, now that it has written to the bot.
func (tx *Tx) ReleaseChat(ctx context.Context, chatID int64) (int64, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', not_before = ? WHERE chat_id = ? AND status = 'held'`, millis(tx.now), chatID)
	if err != nil {
		return 0, fmt.Errorf("store: release chat: %w", err)
	}
	return res.RowsAffected()
}

// OutboxCounts reports rows by status, and the age of the oldest pending row (zero if none):
// the numbers an operator watches to know messages are flowing.
func (s *Store) OutboxCounts(ctx context.Context) (map[string]int, time.Duration, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT status, count(*) FROM outbox GROUP BY status`)
	if err != nil {
		return nil, 0, fmt.Errorf("store: outbox counts: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, 0, err
		}
		counts[st] = n
	}
	var oldest sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT min(created_at) FROM outbox WHERE status = 'pending'`).Scan(&oldest); err != nil {
		return nil, 0, err
	}
	var age time.Duration
	if oldest.Valid {
		age = s.Now().Sub(time.UnixMilli(oldest.Int64))
	}
	return counts, age, rows.Err()
}
