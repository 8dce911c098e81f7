package store

import (
	"context"
	"errors"
	"fmt"
)

// DeletePerson removes everything Tandem holds about a person, in one transaction. The audit
// log keeps that a worker looked at someone, but no longer who.
func (tx *Tx) DeletePerson(ctx context.Context, personID int64) error {
	p, err := personBy(ctx, tx.tx, `id = ?`, personID)
	if errors.Is(err, ErrNotFound) {
		return err
	}
	if err != nil {
		return err
	}
	stmts := []string{
		`DELETE FROM answers WHERE checkin_id IN (SELECT id FROM checkins WHERE person_id = ?)`,
		`DELETE FROM prompt_deliveries WHERE checkin_id IN (SELECT id FROM checkins WHERE person_id = ?)`,
		`DELETE FROM checkins WHERE person_id = ?`,
		`DELETE FROM schedules WHERE person_id = ?`,
		`DELETE FROM flag_events WHERE flag_id IN (SELECT id FROM flags WHERE person_id = ?)`,
		`DELETE FROM flags WHERE person_id = ?`,
		`DELETE FROM consents WHERE person_id = ?`,
		`DELETE FROM consents WHERE invite_id IN (SELECT id FROM invites WHERE person_id = ?)`,
		`DELETE FROM invites WHERE person_id = ?`,
		`DELETE FROM person_rules WHERE person_id = ?`,
		`DELETE FROM lesson_progress WHERE person_id = ?`,
		`DELETE FROM plan_items WHERE person_id = ?`,
		`DELETE FROM agenda_items WHERE person_id = ?`,
		`DELETE FROM appointments WHERE person_id = ?`,
		`DELETE FROM signs WHERE person_id = ?`,
		`DELETE FROM goals WHERE person_id = ?`,
		`DELETE FROM person_values WHERE person_id = ?`,
		`DELETE FROM messages WHERE person_id = ?`,
		`UPDATE audit SET person_id = NULL, detail = '' WHERE person_id = ?`,
		`DELETE FROM people WHERE id = ?`,
	}
	for _, q := range stmts {
		if _, err := tx.tx.ExecContext(ctx, q, personID); err != nil {
			return fmt.Errorf("store: delete person: %w", err)
		}
	}
	// What is still queued for them is not sent.
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM outbox WHERE chat_id = ?`, p.TelegramID); err != nil {
		return fmt.Errorf("store: delete person: %w", err)
	}
	return nil
}
