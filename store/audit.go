package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
)

// AuditEntry is one time a worker viewed or changed a person's data.
type AuditEntry struct {
	At       time.Time
	WorkerID int64
	Worker   string
	PersonID int64
	Person   string // the person's pseudonym: the audit log is read by administrators
	Action   string
	Detail   string
}

// Audit records that a worker viewed or changed a person's data, in the caller's transaction:
// the record exists if and only if the view or change happened.
func (tx *Tx) Audit(ctx context.Context, workerID, personID int64, action, detail string) error {
	var person sql.NullInt64
	if personID != 0 {
		person = sql.NullInt64{Int64: personID, Valid: true}
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO audit (at, worker_id, person_id, action, detail) VALUES (?, ?, ?, ?, ?)`,
		millis(tx.now), workerID, person, action, detail)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// AuditFilter narrows the audit log: zero fields match everything.
type AuditFilter struct {
	WorkerTelegramID int64
	PersonID         int64
	Since            time.Time
	Limit            int
}

// AuditLog lists audit entries, newest first.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	if f.WorkerTelegramID != 0 {
		where, args = append(where, "w.telegram_id = ?"), append(args, f.WorkerTelegramID)
	}
	if f.PersonID != 0 {
		where, args = append(where, "a.person_id = ?"), append(args, f.PersonID)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "a.at >= ?"), append(args, millis(f.Since))
	}
	q := `SELECT a.at, a.worker_id, w.name, coalesce(a.person_id, 0), coalesce(p.pseudonym, ''), a.action, a.detail
		FROM audit a JOIN workers w ON w.id = a.worker_id LEFT JOIN people p ON p.id = a.person_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	q += " ORDER BY a.id DESC LIMIT ?"
	args = append(args, f.Limit)
	rows, err := s.r.QueryContext(ctx, q, args...)
	return collect(rows, err, "audit log", func(row interface{ Scan(...any) error }) (AuditEntry, error) {
		var e AuditEntry
		var at sql.NullInt64
		err := row.Scan(&at, &e.WorkerID, &e.Worker, &e.PersonID, &e.Person, &e.Action, &e.Detail)
		e.At = fromMillis(at)
		return e, err
	})
}

// OpenFlagCount counts a person's flags that are not resolved.
func (tx *Tx) OpenFlagCount(ctx context.Context, personID int64) (int, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM flags WHERE person_id = ? AND status != 'resolved'`, personID).Scan(&n)
	return n, err
}

// Caseload lists every person a worker works with, including those who stopped, by name.
func (tx *Tx) Caseload(ctx context.Context, workerID int64) ([]tandem.Person, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT `+personCols+` FROM people WHERE worker_id = ? ORDER BY state = 'stopped', name, id`, workerID)
	if err != nil {
		return nil, fmt.Errorf("store: caseload: %w", err)
	}
	return collectPeople(rows)
}

// LastCheckin is a person's most recent check-in of any set (ErrNotFound if none).
func (tx *Tx) LastCheckin(ctx context.Context, personID int64) (tandem.Checkin, error) {
	return checkinBy(ctx, tx.tx, `WHERE person_id = ? ORDER BY id DESC LIMIT 1`, personID)
}
