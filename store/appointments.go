package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SetAppointment sets a person's next appointment ("person" or "worker" set it).
func (tx *Tx) SetAppointment(ctx context.Context, personID int64, at time.Time, setBy string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO appointments (person_id, at, set_by) VALUES (?, ?, ?)
		ON CONFLICT (person_id) DO UPDATE SET at = excluded.at, set_by = excluded.set_by, sent_at = NULL`, personID, millis(at), setBy)
	if err != nil {
		return fmt.Errorf("store: set appointment: %w", err)
	}
	return nil
}

// Appointment returns a person's next appointment (ErrNotFound if none is set).
func (tx *Tx) Appointment(ctx context.Context, personID int64) (time.Time, error) {
	var at sql.NullInt64
	err := tx.tx.QueryRowContext(ctx, `SELECT at FROM appointments WHERE person_id = ?`, personID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, fmt.Errorf("store: appointment: %w", ErrNotFound)
	}
	return fromMillis(at), err
}

// AgendasDue lists people whose appointment is within lead of now and whose agenda has not
// been sent for it.
func (s *Store) AgendasDue(ctx context.Context, now time.Time, lead time.Duration, limit int) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT person_id FROM appointments WHERE sent_at IS NULL AND at <= ? AND at > ? ORDER BY at LIMIT ?`,
		millis(now.Add(lead)), millis(now), limit)
	return collect(rows, err, "agendas due", func(row interface{ Scan(...any) error }) (int64, error) {
		var id int64
		err := row.Scan(&id)
		return id, err
	})
}
