package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tandemcare/tandem"
)

// SaveAnswer stores an answer. It reports false if that question was already answered in that
// check-in: a second press of the same question changes nothing.
func (tx *Tx) SaveAnswer(ctx context.Context, a tandem.Answer) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT OR IGNORE INTO answers (checkin_id, question_id, value, skipped, late, answered_at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.CheckinID, a.QuestionID, a.Value, a.Skipped, a.Late, millis(tx.now))
	if err != nil {
		return false, fmt.Errorf("store: save answer: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Answers lists a check-in's answers in the order given.
func (tx *Tx) Answers(ctx context.Context, checkinID int64) ([]tandem.Answer, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT checkin_id, question_id, value, skipped, late, answered_at FROM answers WHERE checkin_id = ? ORDER BY id`, checkinID)
	return collect(rows, err, "answers", func(row interface{ Scan(...any) error }) (tandem.Answer, error) {
		var a tandem.Answer
		var at sql.NullInt64
		err := row.Scan(&a.CheckinID, &a.QuestionID, &a.Value, &a.Skipped, &a.Late, &at)
		a.At = fromMillis(at)
		return a, err
	})
}
