package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tandemcare/tandem"
)

// FlagEvent records one step in a flag's life.
func (tx *Tx) FlagEvent(ctx context.Context, flagID int64, actor, event, detail string) error {
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO flag_events (flag_id, at, actor, event, detail) VALUES (?, ?, ?, ?, ?)`,
		flagID, millis(tx.now), actor, event, detail)
	if err != nil {
		return fmt.Errorf("store: flag event: %w", err)
	}
	return nil
}

// FlagEvents lists a flag's history, oldest first.
func (tx *Tx) FlagEvents(ctx context.Context, flagID int64) ([]tandem.FlagEvent, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT flag_id, at, actor, event, detail FROM flag_events WHERE flag_id = ? ORDER BY id`, flagID)
	return collect(rows, err, "flag events", func(row interface{ Scan(...any) error }) (tandem.FlagEvent, error) {
		var e tandem.FlagEvent
		var at sql.NullInt64
		err := row.Scan(&e.FlagID, &at, &e.Actor, &e.Event, &e.Detail)
		e.At = fromMillis(at)
		return e, err
	})
}
