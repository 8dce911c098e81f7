package store

import (
	"context"
	"fmt"
)

// AddValue records something that matters to a person.
func (tx *Tx) AddValue(ctx context.Context, personID int64, text string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO person_values (person_id, text, added_at) VALUES (?, ?, ?)`, personID, text, millis(tx.now))
	if err != nil {
		return fmt.Errorf("store: add value: %w", err)
	}
	return nil
}

// Values lists what matters to a person.
func (tx *Tx) Values(ctx context.Context, personID int64) ([]string, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT text FROM person_values WHERE person_id = ? ORDER BY id`, personID)
	return collect(rows, err, "values", func(row interface{ Scan(...any) error }) (string, error) {
		var s string
		err := row.Scan(&s)
		return s, err
	})
}
