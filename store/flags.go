package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tandemcare/tandem"
)

const flagCols = `id, person_id, worker_id, kind, key, urgent, reason, status, raised_at, escalate_at, escalated_to, snoozed_until, closed_at`

func scanFlag(row interface{ Scan(...any) error }) (tandem.Flag, error) {
	var f tandem.Flag
	var raised, escalate, snoozed, closed, escalatedTo sql.NullInt64
	err := row.Scan(&f.ID, &f.PersonID, &f.WorkerID, &f.Kind, &f.Key, &f.Urgent, &f.Reason, &f.Status, &raised, &escalate, &escalatedTo, &snoozed, &closed)
	f.RaisedAt, f.EscalateAt, f.SnoozedTill, f.ClosedAt = fromMillis(raised), fromMillis(escalate), fromMillis(snoozed), fromMillis(closed)
	f.EscalatedTo = escalatedTo.Int64
	return f, err
}

func collectFlags(rows *sql.Rows, err error) ([]tandem.Flag, error) {
	return collect(rows, err, "flags", scanFlag)
}

// OpenFlag finds a person's flag with this key that is not resolved.
func (tx *Tx) OpenFlag(ctx context.Context, personID int64, key string) (tandem.Flag, error) {
	f, err := scanFlag(tx.tx.QueryRowContext(ctx, `SELECT `+flagCols+` FROM flags WHERE person_id = ? AND key = ? AND status != 'resolved'`, personID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("store: open flag: %w", ErrNotFound)
	}
	return f, err
}

// Flag finds a flag by id.
func (tx *Tx) Flag(ctx context.Context, id int64) (tandem.Flag, error) {
	f, err := scanFlag(tx.tx.QueryRowContext(ctx, `SELECT `+flagCols+` FROM flags WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("store: flag %d: %w", id, ErrNotFound)
	}
	return f, err
}

// CreateFlag records a new flag and its "raised" event, by actor ("system" or "person").
func (tx *Tx) CreateFlag(ctx context.Context, f tandem.Flag, actor, detail string) (tandem.Flag, error) {
	f.RaisedAt, f.Status = tx.now, tandem.FlagOpen
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO flags (person_id, worker_id, kind, key, urgent, reason, status, raised_at, escalate_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.PersonID, f.WorkerID, f.Kind, f.Key, f.Urgent, f.Reason, f.Status, millis(f.RaisedAt), nullMillis(f.EscalateAt))
	if err != nil {
		return f, fmt.Errorf("store: create flag: %w", err)
	}
	if f.ID, err = res.LastInsertId(); err != nil {
		return f, err
	}
	return f, tx.FlagEvent(ctx, f.ID, actor, "raised", detail)
}

// UpdateFlag stores a flag's new state.
func (tx *Tx) UpdateFlag(ctx context.Context, f tandem.Flag) error {
	var escalatedTo sql.NullInt64
	if f.EscalatedTo != 0 {
		escalatedTo = sql.NullInt64{Int64: f.EscalatedTo, Valid: true}
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE flags SET status = ?, urgent = ?, escalate_at = ?, escalated_to = ?, snoozed_until = ?, closed_at = ? WHERE id = ?`,
		f.Status, f.Urgent, nullMillis(f.EscalateAt), escalatedTo, nullMillis(f.SnoozedTill), nullMillis(f.ClosedAt), f.ID)
	if err != nil {
		return fmt.Errorf("store: update flag %d: %w", f.ID, err)
	}
	return nil
}

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

// PersonFlags lists a person's flags, newest first.
func (tx *Tx) PersonFlags(ctx context.Context, personID int64) ([]tandem.Flag, error) {
	return collectFlags(tx.tx.QueryContext(ctx, `SELECT `+flagCols+` FROM flags WHERE person_id = ? ORDER BY id DESC`, personID))
}

// DueEscalations lists open flags whose time to be acknowledged has passed.
func (s *Store) DueEscalations(ctx context.Context, now time.Time, limit int) ([]tandem.Flag, error) {
	return collectFlags(s.r.QueryContext(ctx, `SELECT `+flagCols+` FROM flags WHERE status = 'open' AND escalate_at IS NOT NULL AND escalate_at <= ? ORDER BY escalate_at LIMIT ?`, millis(now), limit))
}

// SnoozesEnding lists snoozed flags whose snooze is over.
func (s *Store) SnoozesEnding(ctx context.Context, now time.Time, limit int) ([]tandem.Flag, error) {
	return collectFlags(s.r.QueryContext(ctx, `SELECT `+flagCols+` FROM flags WHERE status = 'snoozed' AND snoozed_until <= ? ORDER BY snoozed_until LIMIT ?`, millis(now), limit))
}

// SetWorkerAwaiting records what the bot has asked a worker to type next ("" for nothing).
func (tx *Tx) SetWorkerAwaiting(ctx context.Context, workerID int64, awaiting tandem.Awaiting) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE workers SET awaiting = ? WHERE id = ?`, awaiting.String(), workerID)
	return err
}

// WorkerAwaiting reads what the bot is waiting for a worker to type.
func (tx *Tx) WorkerAwaiting(ctx context.Context, workerID int64) (tandem.Awaiting, error) {
	var a string
	err := tx.tx.QueryRowContext(ctx, `SELECT awaiting FROM workers WHERE id = ?`, workerID).Scan(&a)
	return tandem.ParseAwaiting(a), err
}

// SetBackup names the worker who covers for another when an urgent flag goes unacknowledged.
func (s *Store) SetBackup(ctx context.Context, telegramID, backupTelegramID int64) error {
	return s.Update(ctx, func(tx *Tx) error {
		w, err := workerByTelegramID(ctx, tx.tx, telegramID)
		if err != nil {
			return err
		}
		var backup sql.NullInt64
		if backupTelegramID != 0 {
			if backupTelegramID == telegramID {
				return errors.New("store: a worker cannot be their own backup")
			}
			b, err := workerByTelegramID(ctx, tx.tx, backupTelegramID)
			if err != nil {
				return err
			}
			backup = sql.NullInt64{Int64: b.ID, Valid: true}
		}
		_, err = tx.tx.ExecContext(ctx, `UPDATE workers SET backup_id = ? WHERE id = ?`, backup, w.ID)
		return err
	})
}

// Backup returns a worker's backup, or ErrNotFound if they have none.
func (tx *Tx) Backup(ctx context.Context, workerID int64) (tandem.Worker, error) {
	var id sql.NullInt64
	if err := tx.tx.QueryRowContext(ctx, `SELECT backup_id FROM workers WHERE id = ?`, workerID).Scan(&id); err != nil {
		return tandem.Worker{}, err
	}
	if !id.Valid {
		return tandem.Worker{}, fmt.Errorf("store: backup: %w", ErrNotFound)
	}
	return tx.WorkerByID(ctx, id.Int64)
}

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
