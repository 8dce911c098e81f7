package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// RecordUpdate durably records an update from Telegram before it is acknowledged. It reports
// false when the update_id was seen before: Telegram redelivers after a restart or a lost reply.
func (s *Store) RecordUpdate(ctx context.Context, updateID int64, payload []byte) (bool, error) {
	var fresh bool
	err := s.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `INSERT OR IGNORE INTO updates (update_id, received_at, payload) VALUES (?, ?, ?)`,
			updateID, millis(tx.now), payload)
		if err != nil {
			return fmt.Errorf("store: record update %d: %w", updateID, err)
		}
		n, err := res.RowsAffected()
		fresh = n == 1
		return err
	})
	return fresh, err
}

// RawUpdate is an update as Telegram sent it.
type RawUpdate struct {
	ID      int64
	Payload []byte
}

// RecordUpdates records a batch of updates in one transaction (one disk sync for a whole
// getUpdates answer) and reports how many were new.
func (s *Store) RecordUpdates(ctx context.Context, updates []RawUpdate) (int, error) {
	fresh := 0
	err := s.Update(ctx, func(tx *Tx) error {
		for _, u := range updates {
			res, err := tx.tx.ExecContext(ctx, `INSERT OR IGNORE INTO updates (update_id, received_at, payload) VALUES (?, ?, ?)`,
				u.ID, millis(tx.now), u.Payload)
			if err != nil {
				return fmt.Errorf("store: record update %d: %w", u.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				fresh++
			}
		}
		return nil
	})
	return fresh, err
}

// PendingUpdate is an update recorded but not yet acted on.
type PendingUpdate struct {
	ID      int64
	Payload []byte
}

// NextUpdates returns up to limit recorded updates not yet acted on, oldest first.
func (s *Store) NextUpdates(ctx context.Context, limit int) ([]PendingUpdate, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT update_id, payload FROM updates WHERE done_at IS NULL ORDER BY update_id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: next updates: %w", err)
	}
	defer rows.Close()
	var out []PendingUpdate
	for rows.Next() {
		var u PendingUpdate
		if err := rows.Scan(&u.ID, &u.Payload); err != nil {
			return nil, fmt.Errorf("store: next updates: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// LastUpdateID is the highest update_id recorded, so polling resumes after it.
func (s *Store) LastUpdateID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT max(update_id) FROM updates`).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: last update id: %w", err)
	}
	return id.Int64, nil
}

// MarkUpdateDone records that an update has been acted on, in the same transaction as whatever
// it changed, and drops its payload: people's words are kept where they belong, not here.
// It fails if the update was already done, which stops a second run of the same handler.
func (tx *Tx) MarkUpdateDone(ctx context.Context, updateID int64, outcome string) error {
	res, err := tx.tx.ExecContext(ctx, `UPDATE updates SET done_at = ?, outcome = ?, payload = NULL WHERE update_id = ? AND done_at IS NULL`,
		millis(tx.now), outcome, updateID)
	if err != nil {
		return fmt.Errorf("store: mark update %d done: %w", updateID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: update %d: %w", updateID, ErrAlreadyDone)
	}
	return nil
}

// ErrAlreadyDone is returned when an update has already been acted on.
var ErrAlreadyDone = errors.New("already acted on")

// UpdateOutcome reports what became of an update ("" while pending), for tests and diagnosis.
func (s *Store) UpdateOutcome(ctx context.Context, updateID int64) (string, error) {
	var outcome sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT outcome FROM updates WHERE update_id = ?`, updateID).Scan(&outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: update %d: %w", updateID, ErrNotFound)
	}
	return outcome.String, err
}

// PruneUpdates forgets updates acted on before t. Their payload went when they were handled;
// the bare row only lets a redelivery be recognised, and Telegram keeps an update for at most
// 24 hours, so an old row recognises nothing. The newest row always stays: polling resumes
// after it (LastUpdateID), and a restart must not ask for updates already handled.
func (s *Store) PruneUpdates(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := s.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM updates WHERE done_at IS NOT NULL AND received_at < ?
			AND update_id < (SELECT max(update_id) FROM updates)`, millis(t))
		if err != nil {
			return fmt.Errorf("store: prune updates: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
