package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// RecordPrompt notes the outbox row that carries a check-in's prompt.
func (tx *Tx) RecordPrompt(ctx context.Context, checkinID, outboxID int64) error {
	if _, err := tx.tx.ExecContext(ctx, `INSERT OR REPLACE INTO prompt_deliveries (checkin_id, outbox_id) VALUES (?, ?)`, checkinID, outboxID); err != nil {
		return fmt.Errorf("store: record prompt: %w", err)
	}
	return nil
}

// PromptState says where a check-in's prompt stands in the outbox; ok is false when nothing
// was recorded (a check-in from before this was kept) or the row is long gone.
func (tx *Tx) PromptState(ctx context.Context, checkinID int64) (st PartState, ok bool, err error) {
	var id int64
	err = tx.tx.QueryRowContext(ctx, `SELECT outbox_id FROM prompt_deliveries WHERE checkin_id = ?`, checkinID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("store: prompt state: %w", err)
	}
	st, err = tx.OutboxState(ctx, id)
	return st, err == nil && st.Status != "", err
}
