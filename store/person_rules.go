package store

import (
	"context"
	"fmt"
)

// PersonRules returns a person's own flag thresholds, by question.
func (tx *Tx) PersonRules(ctx context.Context, personID int64) (map[string]int, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT question, value FROM person_rules WHERE person_id = ?`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: person rules: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var q string
		var v int
		if err := rows.Scan(&q, &v); err != nil {
			return nil, err
		}
		out[q] = v
	}
	return out, rows.Err()
}

// SetPersonRule sets (or, with clear, removes) a person's own threshold for one question.
func (tx *Tx) SetPersonRule(ctx context.Context, personID int64, question string, value int, workerID int64, clear bool) error {
	var err error
	if clear {
		_, err = tx.tx.ExecContext(ctx, `DELETE FROM person_rules WHERE person_id = ? AND question = ?`, personID, question)
	} else {
		_, err = tx.tx.ExecContext(ctx, `INSERT INTO person_rules (person_id, question, value, set_by, set_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (person_id, question) DO UPDATE SET value = excluded.value, set_by = excluded.set_by, set_at = excluded.set_at`,
			personID, question, value, workerID, millis(tx.now))
	}
	if err != nil {
		return fmt.Errorf("store: person rule: %w", err)
	}
	return nil
}
