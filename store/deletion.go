package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tandemcare/tandem"
)

// RequestDeletion records that a person asked for their data to be deleted.
func (tx *Tx) RequestDeletion(ctx context.Context, personID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE people SET deletion_requested_at = ?, state = ?, stopped_at = coalesce(stopped_at, ?) WHERE id = ?`,
		millis(tx.now), tandem.StateStopped, millis(tx.now), personID)
	return err
}

// MarkStopped records when a person withdrew, for the retention period.
func (tx *Tx) MarkStopped(ctx context.Context, personID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE people SET stopped_at = ? WHERE id = ?`, millis(tx.now), personID)
	return err
}

// DeletionRequest is a person waiting for an administrator to confirm deletion.
type DeletionRequest struct {
	PersonID    int64
	Pseudonym   string
	Worker      string
	RequestedAt time.Time
}

// DeletionRequests lists people who asked for deletion, oldest first.
func (s *Store) DeletionRequests(ctx context.Context) ([]DeletionRequest, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.id, p.pseudonym, w.name, p.deletion_requested_at FROM people p JOIN workers w ON w.id = p.worker_id
		WHERE p.deletion_requested_at IS NOT NULL ORDER BY p.deletion_requested_at`)
	return collect(rows, err, "deletion requests", func(row interface{ Scan(...any) error }) (DeletionRequest, error) {
		var d DeletionRequest
		var at sql.NullInt64
		err := row.Scan(&d.PersonID, &d.Pseudonym, &d.Worker, &at)
		d.RequestedAt = fromMillis(at)
		return d, err
	})
}

// PersonByPseudonym finds a person by the pseudonym administrators see.
func (s *Store) PersonByPseudonym(ctx context.Context, pseudonym string) (tandem.Person, error) {
	return personBy(ctx, s.r, `pseudonym = ?`, pseudonym)
}

// StoppedBefore lists people who withdrew before t: the retention job deletes them.
func (s *Store) StoppedBefore(ctx context.Context, t time.Time) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM people WHERE state = 'stopped' AND stopped_at IS NOT NULL AND stopped_at < ?`, millis(t))
	return collect(rows, err, "stopped before", func(row interface{ Scan(...any) error }) (int64, error) {
		var id int64
		err := row.Scan(&id)
		return id, err
	})
}

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

// MovePerson gives a person a new worker. Open flags move with them.
func (tx *Tx) MovePerson(ctx context.Context, personID, workerID int64) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE people SET worker_id = ? WHERE id = ?`, workerID, personID); err != nil {
		return fmt.Errorf("store: move person: %w", err)
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE flags SET worker_id = ? WHERE person_id = ? AND status != 'resolved'`, workerID, personID)
	return err
}

// PruneSent forgets delivered messages older than t. A sent message's text is cleared when it is
// sent; this drops the rows themselves, so the outbox does not grow for ever.
func (s *Store) PruneSent(ctx context.Context, t time.Time) (int64, error) {
	var n int64
	err := s.Update(ctx, func(tx *Tx) error {
		res, err := tx.tx.ExecContext(ctx, `DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < ?`, millis(t))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
