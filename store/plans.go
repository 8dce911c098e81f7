package store

import (
	"context"
	"fmt"

	"github.com/tandemcare/tandem"
)

// AddPlanItem adds a line to a person's plan.
func (tx *Tx) AddPlanItem(ctx context.Context, personID int64, item tandem.PlanItem) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO plan_items (person_id, section, text, added_at) VALUES (?, ?, ?, ?)`,
		personID, item.Section, item.Text, millis(tx.now))
	if err != nil {
		return fmt.Errorf("store: add plan item: %w", err)
	}
	return nil
}

// Plan lists a person's plan, section by section, in the order added.
func (tx *Tx) Plan(ctx context.Context, personID int64) ([]tandem.PlanItem, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT section, text FROM plan_items WHERE person_id = ? ORDER BY section, id`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: plan: %w", err)
	}
	defer rows.Close()
	var out []tandem.PlanItem
	for rows.Next() {
		var it tandem.PlanItem
		if err := rows.Scan(&it.Section, &it.Text); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// ClearPlan removes every line of a person's plan.
func (tx *Tx) ClearPlan(ctx context.Context, personID int64) error {
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM plan_items WHERE person_id = ?`, personID)
	return err
}
