package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tandemcare/tandem"
)

// AddAgendaItem adds to a person's list for their next appointment.
func (tx *Tx) AddAgendaItem(ctx context.Context, personID int64, text string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO agenda_items (person_id, text, added_at) VALUES (?, ?, ?)`, personID, text, millis(tx.now))
	if err != nil {
		return fmt.Errorf("store: add agenda item: %w", err)
	}
	return nil
}

// Agenda lists the items not yet sent to the worker, oldest first.
func (tx *Tx) Agenda(ctx context.Context, personID int64) ([]tandem.AgendaItem, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT id, text, added_at FROM agenda_items WHERE person_id = ? AND sent_at IS NULL ORDER BY id`, personID)
	return collect(rows, err, "agenda", func(row interface{ Scan(...any) error }) (tandem.AgendaItem, error) {
		var it tandem.AgendaItem
		var at sql.NullInt64
		err := row.Scan(&it.ID, &it.Text, &at)
		it.AddedAt = fromMillis(at)
		return it, err
	})
}

// ClearAgenda removes the items not yet sent.
func (tx *Tx) ClearAgenda(ctx context.Context, personID int64) error {
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM agenda_items WHERE person_id = ? AND sent_at IS NULL`, personID)
	return err
}

// MarkAgendaSent records that the items were sent to the worker for an appointment.
func (tx *Tx) MarkAgendaSent(ctx context.Context, personID int64) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE agenda_items SET sent_at = ? WHERE person_id = ? AND sent_at IS NULL`, millis(tx.now), personID); err != nil {
		return err
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE appointments SET sent_at = ? WHERE person_id = ?`, millis(tx.now), personID)
	return err
}

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
