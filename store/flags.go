package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tandemcare/tandem"
)

const flagCols = `id, person_id, worker_id, kind, key, urgent, reason, why, status, raised_at, escalate_at, escalated_to, snoozed_until, closed_at`

func scanFlag(row interface{ Scan(...any) error }) (tandem.Flag, error) {
	var f tandem.Flag
	var raised, escalate, snoozed, closed, escalatedTo sql.NullInt64
	var why string
	err := row.Scan(&f.ID, &f.PersonID, &f.WorkerID, &f.Kind, &f.Key, &f.Urgent, &f.Reason, &why, &f.Status, &raised, &escalate, &escalatedTo, &snoozed, &closed)
	if err == nil && why != "" {
		if jerr := json.Unmarshal([]byte(why), &f.Why); jerr != nil {
			return f, fmt.Errorf("store: flag %d: its wording: %w", f.ID, jerr)
		}
	}
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

// CreateFlag records a new flag and its "raised" event, by actor ("system" or "person"), with
// its evidence in words (detail) and as codes (facts).
func (tx *Tx) CreateFlag(ctx context.Context, f tandem.Flag, actor, detail string, facts []tandem.Wording) (tandem.Flag, error) {
	f.RaisedAt, f.Status = tx.now, tandem.FlagOpen
	why, err := wordingJSON(f.Why)
	if err != nil {
		return f, err
	}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO flags (person_id, worker_id, kind, key, urgent, reason, why, status, raised_at, escalate_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.PersonID, f.WorkerID, f.Kind, f.Key, f.Urgent, f.Reason, why, f.Status, millis(f.RaisedAt), nullMillis(f.EscalateAt))
	if err != nil {
		return f, fmt.Errorf("store: create flag: %w", err)
	}
	if f.ID, err = res.LastInsertId(); err != nil {
		return f, err
	}
	return f, tx.FlagEvidence(ctx, f.ID, actor, "raised", detail, facts)
}

// wordingJSON is a Wording as stored: ” for none.
func wordingJSON(w tandem.Wording) (string, error) {
	if w.Code == "" {
		return "", nil
	}
	b, err := json.Marshal(w)
	if err != nil {
		return "", fmt.Errorf("store: wording: %w", err)
	}
	return string(b), nil
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

// OpenFlagCount counts a person's flags that are not resolved.
func (tx *Tx) OpenFlagCount(ctx context.Context, personID int64) (int, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM flags WHERE person_id = ? AND status != 'resolved'`, personID).Scan(&n)
	return n, err
}

// UnseenFlagsOfWorker lists the open flags a worker has not acknowledged and that have not gone
// to anyone else: the ones that fail with them when they cannot be reached.
func (tx *Tx) UnseenFlagsOfWorker(ctx context.Context, workerID int64) ([]tandem.Flag, error) {
	return collectFlags(tx.tx.QueryContext(ctx, `SELECT `+flagCols+` FROM flags WHERE worker_id = ? AND status = 'open' AND (escalated_to IS NULL OR escalated_to = 0) ORDER BY id`, workerID))
}
