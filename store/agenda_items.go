package store

import (
	"context"
	"database/sql"
	"fmt"

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
