package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tandemcare/tandem"
)

// AddGoal adds a goal (parentID 0) or a step towards one.
func (tx *Tx) AddGoal(ctx context.Context, personID, parentID int64, text string) error {
	var parent sql.NullInt64
	if parentID != 0 {
		parent = sql.NullInt64{Int64: parentID, Valid: true}
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO goals (person_id, parent_id, text, added_at) VALUES (?, ?, ?, ?)`, personID, parent, text, millis(tx.now))
	if err != nil {
		return fmt.Errorf("store: add goal: %w", err)
	}
	return nil
}

// MarkGoalDone marks a person's goal or step done.
func (tx *Tx) MarkGoalDone(ctx context.Context, personID, goalID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE goals SET done_at = ? WHERE id = ? AND person_id = ? AND done_at IS NULL`, millis(tx.now), goalID, personID)
	return err
}

// Goals lists a person's goals and steps, in the order added.
func (tx *Tx) Goals(ctx context.Context, personID int64) ([]tandem.Goal, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT id, parent_id, text, done_at FROM goals WHERE person_id = ? ORDER BY id`, personID)
	return collect(rows, err, "goals", func(row interface{ Scan(...any) error }) (tandem.Goal, error) {
		var g tandem.Goal
		var parent, done sql.NullInt64
		err := row.Scan(&g.ID, &parent, &g.Text, &done)
		g.ParentID, g.DoneAt = parent.Int64, fromMillis(done)
		return g, err
	})
}
