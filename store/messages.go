package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
)

// MessageOffered is a person's message they have not yet chosen to send.
const MessageOffered tandem.MessageState = "offered"

// StoredMessage is a Message with what is needed to pass on a media item.
type StoredMessage struct {
	tandem.Message
	// SourceChat and SourceMessage name the person's own message, to copy a voice note or photo.
	SourceChat    int64
	SourceMessage int
}

const messageCols = `id, person_id, worker_id, direction, media, text, source_chat, source_message, created_at, urgent, due_at, state, reason, confirm_outbox, confirm_shown, parts`

// AddMessage records a message in a person's thread and returns its id.
func (tx *Tx) AddMessage(ctx context.Context, m StoredMessage) (int64, error) {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = tx.now
	}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO messages (person_id, worker_id, direction, media, text, source_chat, source_message, created_at, urgent, due_at, state, reason, open)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.PersonID, m.WorkerID, m.Direction, m.Media, m.Text, m.SourceChat, m.SourceMessage, millis(m.CreatedAt), m.Urgent, millis(m.DueAt), m.State, m.Reason, isOpen(m))
	if err != nil {
		return 0, fmt.Errorf("store: add message: %w", err)
	}
	return res.LastInsertId()
}

// Message reads one message.
func (tx *Tx) Message(ctx context.Context, id int64) (StoredMessage, error) {
	ms, err := scanMessages(tx.tx.QueryContext(ctx, `SELECT `+messageCols+` FROM messages WHERE id = ?`, id))
	if err != nil {
		return StoredMessage{}, err
	}
	if len(ms) == 0 {
		return StoredMessage{}, fmt.Errorf("store: message %d: %w", id, ErrNotFound)
	}
	return ms[0], nil
}

// UpdateMessage stores a message's state, parts and confirmation.
func (tx *Tx) UpdateMessage(ctx context.Context, m StoredMessage) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE messages SET state = ?, reason = ?, due_at = ?, confirm_outbox = ?, confirm_shown = ?, parts = ?, text = ?, urgent = ?, open = ? WHERE id = ?`,
		m.State, m.Reason, millis(m.DueAt), m.ConfirmOutbox, m.ConfirmShown, joinIDs(m.Parts), m.Text, m.Urgent, isOpen(m), m.ID)
	if err != nil {
		return fmt.Errorf("store: update message %d: %w", m.ID, err)
	}
	return nil
}

// isOpen says whether a message's story is unfinished: not yet delivered or refused, or its
// sender's confirmation not yet showing that. An offer the person has not sent is not open: it
// waits for them, not for Telegram.
func isOpen(m StoredMessage) bool {
	switch m.State {
	case MessageOffered:
		return false
	case tandem.MessageQueued, tandem.MessageWaiting:
		return true
	}
	return m.ConfirmOutbox != 0 && m.ConfirmShown != m.State
}

// DeleteMessage forgets a message the person chose not to send: their words are not kept.
func (tx *Tx) DeleteMessage(ctx context.Context, id int64) error {
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM messages WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete message %d: %w", id, err)
	}
	return nil
}

// ForgetOffers deletes offers nobody answered, made before t: words the person did not choose
// to send are not kept for ever. It returns how many went.
func (s *Store) ForgetOffers(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM messages WHERE state = 'offered' AND created_at < ?`, millis(t))
	if err != nil {
		return 0, fmt.Errorf("store: forget offers: %w", err)
	}
	return res.RowsAffected()
}

// Thread is a person's messages with their worker, newest last: the last limit sent or waiting
// (offers the person has not sent are theirs alone and left out).
func (tx *Tx) Thread(ctx context.Context, personID int64, limit int) ([]StoredMessage, error) {
	ms, err := scanMessages(tx.tx.QueryContext(ctx, `SELECT `+messageCols+` FROM messages WHERE person_id = ? AND state != 'offered' ORDER BY id DESC LIMIT ?`, personID, limit))
	for i, j := 0, len(ms)-1; i < j; i, j = i+1, j-1 {
		ms[i], ms[j] = ms[j], ms[i]
	}
	return ms, err
}

// OpenMessages lists messages whose delivery or confirmation is not settled yet, oldest first.
func (s *Store) OpenMessages(ctx context.Context, limit int) ([]StoredMessage, error) {
	return scanMessages(s.r.QueryContext(ctx, `SELECT `+messageCols+` FROM messages WHERE open = 1 ORDER BY id LIMIT ?`, limit))
}

// OpenMessagesOf lists one person's messages whose delivery is not settled yet.
func (tx *Tx) OpenMessagesOf(ctx context.Context, personID int64) ([]StoredMessage, error) {
	return scanMessages(tx.tx.QueryContext(ctx, `SELECT `+messageCols+` FROM messages
		WHERE person_id = ? AND open = 1 ORDER BY id`, personID))
}

// RecentFromPerson counts what a person passed on to their worker since t, for flood control.
func (tx *Tx) RecentFromPerson(ctx context.Context, personID int64, since time.Time) (int, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE person_id = ? AND direction = 'from_person' AND state != 'offered' AND created_at >= ?`,
		personID, millis(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: recent messages: %w", err)
	}
	return n, nil
}

func scanMessages(rows *sql.Rows, err error) ([]StoredMessage, error) {
	if err != nil {
		return nil, fmt.Errorf("store: messages: %w", err)
	}
	defer rows.Close()
	var out []StoredMessage
	for rows.Next() {
		var m StoredMessage
		var created, due int64
		var parts string
		if err := rows.Scan(&m.ID, &m.PersonID, &m.WorkerID, &m.Direction, &m.Media, &m.Text, &m.SourceChat, &m.SourceMessage,
			&created, &m.Urgent, &due, &m.State, &m.Reason, &m.ConfirmOutbox, &m.ConfirmShown, &parts); err != nil {
			return nil, fmt.Errorf("store: messages: %w", err)
		}
		m.CreatedAt = fromMillis(sql.NullInt64{Int64: created, Valid: true})
		m.DueAt = fromMillis(sql.NullInt64{Int64: due, Valid: true})
		m.Parts = splitIDs(parts)
		out = append(out, m)
	}
	return out, rows.Err()
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

func splitIDs(s string) []int64 {
	var out []int64
	for f := range strings.SplitSeq(s, ",") {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
