package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/tandemcare/tandem"
)

// FlagEvent records one step in a flag's life.
func (tx *Tx) FlagEvent(ctx context.Context, flagID int64, actor, event, detail string) error {
	return tx.FlagEvidence(ctx, flagID, actor, event, detail, nil)
}

// FlagEvidence records a step that brings evidence: in words (detail) and as codes (facts), so
// it can be worded again in another reader's language.
func (tx *Tx) FlagEvidence(ctx context.Context, flagID int64, actor, event, detail string, facts []tandem.Wording) error {
	var raw string
	if len(facts) > 0 {
		b, err := json.Marshal(facts)
		if err != nil {
			return fmt.Errorf("store: flag event: %w", err)
		}
		raw = string(b)
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO flag_events (flag_id, at, actor, event, detail, facts) VALUES (?, ?, ?, ?, ?, ?)`,
		flagID, millis(tx.now), actor, event, detail, raw)
	if err != nil {
		return fmt.Errorf("store: flag event: %w", err)
	}
	return nil
}

// FlagEvents lists a flag's history, oldest first.
func (tx *Tx) FlagEvents(ctx context.Context, flagID int64) ([]tandem.FlagEvent, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT flag_id, at, actor, event, detail, facts FROM flag_events WHERE flag_id = ? ORDER BY id`, flagID)
	return collect(rows, err, "flag events", func(row interface{ Scan(...any) error }) (tandem.FlagEvent, error) {
		var e tandem.FlagEvent
		var at sql.NullInt64
		var facts string
		err := row.Scan(&e.FlagID, &at, &e.Actor, &e.Event, &e.Detail, &facts)
		if err == nil && facts != "" {
			if jerr := json.Unmarshal([]byte(facts), &e.Facts); jerr != nil {
				return e, fmt.Errorf("store: flag %d: its evidence: %w", e.FlagID, jerr)
			}
		}
		e.At = fromMillis(at)
		return e, err
	})
}
