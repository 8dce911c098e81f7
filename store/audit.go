package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
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
