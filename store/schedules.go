package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tandemcare/tandem"
)

// ReplaceSchedules sets the times a question set is due for a person, replacing what was there.
func (tx *Tx) ReplaceSchedules(ctx context.Context, personID int64, setID string, entries []tandem.ScheduleEntry) error {
	// Check-ins keep their history but no longer point at a schedule that is gone.
	if _, err := tx.tx.ExecContext(ctx, `UPDATE checkins SET schedule_id = NULL WHERE schedule_id IN (SELECT id FROM schedules WHERE person_id = ? AND set_id = ?)`, personID, setID); err != nil {
		return fmt.Errorf("store: replace schedules: %w", err)
	}
	if _, err := tx.tx.ExecContext(ctx, `DELETE FROM schedules WHERE person_id = ? AND set_id = ?`, personID, setID); err != nil {
		return fmt.Errorf("store: replace schedules: %w", err)
	}
	for _, e := range entries {
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO schedules (person_id, set_id, spec, occurs_at, next_due, set_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			personID, setID, e.Spec, millis(e.OccursAt), millis(e.NextDue), e.SetBy, millis(tx.now)); err != nil {
			return fmt.Errorf("store: replace schedules: %w", err)
		}
	}
	return nil
}

const scheduleCols = `id, person_id, set_id, spec, occurs_at, next_due, set_by`

func scanSchedule(row interface{ Scan(...any) error }) (tandem.ScheduleEntry, error) {
	var e tandem.ScheduleEntry
	var occurs, due sql.NullInt64
	err := row.Scan(&e.ID, &e.PersonID, &e.SetID, &e.Spec, &occurs, &due, &e.SetBy)
	e.OccursAt, e.NextDue = fromMillis(occurs), fromMillis(due)
	return e, err
}

func collectSchedules(rows *sql.Rows, err error) ([]tandem.ScheduleEntry, error) {
	return collect(rows, err, "schedules", scanSchedule)
}

// Schedules lists a person's check-in times.
func (tx *Tx) Schedules(ctx context.Context, personID int64) ([]tandem.ScheduleEntry, error) {
	return collectSchedules(tx.tx.QueryContext(ctx, `SELECT `+scheduleCols+` FROM schedules WHERE person_id = ? ORDER BY set_id, id`, personID))
}

// DueSchedules lists schedule entries due at or before now, soonest first. The index on
// next_due makes this cost what is due, not how many people there are.
func (s *Store) DueSchedules(ctx context.Context, now time.Time, limit int) ([]tandem.ScheduleEntry, error) {
	return collectSchedules(s.r.QueryContext(ctx, `SELECT `+scheduleCols+` FROM schedules WHERE next_due <= ? ORDER BY next_due LIMIT ?`, millis(now), limit))
}

// AdvanceSchedule moves a schedule entry on, only if it still stands where the caller read it
// (so two passes can never act on one occurrence twice). It reports whether it moved.
func (tx *Tx) AdvanceSchedule(ctx context.Context, e tandem.ScheduleEntry, occursAt, nextDue time.Time) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `UPDATE schedules SET occurs_at = ?, next_due = ? WHERE id = ? AND next_due = ?`,
		millis(occursAt), millis(nextDue), e.ID, millis(e.NextDue))
	if err != nil {
		return false, fmt.Errorf("store: advance schedule: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
