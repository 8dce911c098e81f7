package store

import (
	"context"
	"fmt"

	"github.com/tandemcare/tandem"
)

// AddSign adds an early warning sign for a person ("person" or "worker" added it).
func (tx *Tx) AddSign(ctx context.Context, personID int64, text, addedBy string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO signs (person_id, text, added_by, added_at) VALUES (?, ?, ?, ?)`, personID, text, addedBy, millis(tx.now))
	if err != nil {
		return fmt.Errorf("store: add sign: %w", err)
	}
	return nil
}

// RemoveSign stops asking about a sign; its past answers stay.
func (tx *Tx) RemoveSign(ctx context.Context, personID, signID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE signs SET removed_at = ? WHERE id = ? AND person_id = ?`, millis(tx.now), signID, personID)
	return err
}

// Signs lists a person's current early warning signs, in the order added.
func (tx *Tx) Signs(ctx context.Context, personID int64) ([]tandem.Sign, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT id, text, added_by FROM signs WHERE person_id = ? AND removed_at IS NULL ORDER BY id`, personID)
	return collect(rows, err, "signs", func(row interface{ Scan(...any) error }) (tandem.Sign, error) {
		var s tandem.Sign
		err := row.Scan(&s.ID, &s.Text, &s.AddedBy)
		return s, err
	})
}
