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
	return collect(rows, err, "plan", func(row interface{ Scan(...any) error }) (tandem.PlanItem, error) {
		var it tandem.PlanItem
		err := row.Scan(&it.Section, &it.Text)
		return it, err
	})
}

// ClearPlan removes every line of a person's plan.
func (tx *Tx) ClearPlan(ctx context.Context, personID int64) error {
	_, err := tx.tx.ExecContext(ctx, `DELETE FROM plan_items WHERE person_id = ?`, personID)
	return err
}
