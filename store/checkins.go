package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
)

// CreateCheckin records a check-in.
func (tx *Tx) CreateCheckin(ctx context.Context, c tandem.Checkin) (tandem.Checkin, error) {
	var sched sql.NullInt64
	if c.ScheduleID != 0 {
		sched = sql.NullInt64{Int64: c.ScheduleID, Valid: true}
	}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO checkins (person_id, set_id, schedule_id, due_at, sent_at, status, position, remind_at, reminded, expires_at, closed_at, late)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.PersonID, c.SetID, sched, millis(c.DueAt), nullMillis(c.SentAt), c.Status, c.Position, nullMillis(c.RemindAt), c.Reminded,
		millis(c.ExpiresAt), nullMillis(c.ClosedAt), c.Late)
	if err != nil {
		return c, fmt.Errorf("store: create check-in: %w", err)
	}
	c.ID, err = res.LastInsertId()
	return c, err
}

// UpdateCheckin stores a check-in's progress.
func (tx *Tx) UpdateCheckin(ctx context.Context, c tandem.Checkin) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE checkins SET status = ?, position = ?, remind_at = ?, reminded = ?, closed_at = ?, late = ? WHERE id = ?`,
		c.Status, c.Position, nullMillis(c.RemindAt), c.Reminded, nullMillis(c.ClosedAt), c.Late, c.ID)
	if err != nil {
		return fmt.Errorf("store: update check-in %d: %w", c.ID, err)
	}
	return nil
}

const checkinCols = `id, person_id, set_id, schedule_id, due_at, sent_at, status, position, remind_at, reminded, expires_at, closed_at, late`

func scanCheckin(row interface{ Scan(...any) error }) (tandem.Checkin, error) {
	var c tandem.Checkin
	var sched, due, sent, remind, expires, closed sql.NullInt64
	err := row.Scan(&c.ID, &c.PersonID, &c.SetID, &sched, &due, &sent, &c.Status, &c.Position, &remind, &c.Reminded, &expires, &closed, &c.Late)
	c.ScheduleID = sched.Int64
	c.DueAt, c.SentAt, c.RemindAt, c.ExpiresAt, c.ClosedAt = fromMillis(due), fromMillis(sent), fromMillis(remind), fromMillis(expires), fromMillis(closed)
	return c, err
}

func checkinBy(ctx context.Context, q querier, where string, args ...any) (tandem.Checkin, error) {
	c, err := scanCheckin(q.QueryRowContext(ctx, `SELECT `+checkinCols+` FROM checkins `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("store: check-in: %w", ErrNotFound)
	}
	return c, err
}

// Checkin finds a check-in by id.
func (tx *Tx) Checkin(ctx context.Context, id int64) (tandem.Checkin, error) {
	return checkinBy(ctx, tx.tx, `WHERE id = ?`, id)
}

// LatestCheckin is the person's most recent check-in of a question set.
func (tx *Tx) LatestCheckin(ctx context.Context, personID int64, setID string) (tandem.Checkin, error) {
	return checkinBy(ctx, tx.tx, `WHERE person_id = ? AND set_id = ? ORDER BY id DESC LIMIT 1`, personID, setID)
}

// OpenCheckins lists a person's open check-ins, oldest first.
func (tx *Tx) OpenCheckins(ctx context.Context, personID int64) ([]tandem.Checkin, error) {
	return collectCheckins(tx.tx.QueryContext(ctx, `SELECT `+checkinCols+` FROM checkins WHERE person_id = ? AND status = 'open' ORDER BY id`, personID))
}

// AllCheckins lists every check-in of a person, oldest first.
func (tx *Tx) AllCheckins(ctx context.Context, personID int64) ([]tandem.Checkin, error) {
	return collectCheckins(tx.tx.QueryContext(ctx, `SELECT `+checkinCols+` FROM checkins WHERE person_id = ? ORDER BY id`, personID))
}

// LatestCheckins lists a person's last n check-ins, oldest first.
func (tx *Tx) LatestCheckins(ctx context.Context, personID int64, n int) ([]tandem.Checkin, error) {
	return collectCheckins(tx.tx.QueryContext(ctx, `SELECT `+checkinCols+` FROM (
		SELECT `+checkinCols+` FROM checkins WHERE person_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id`, personID, n))
}

// History lists a person's last n check-ins of one question set, oldest first, each with its
// answers, leaving out the check-in except (the one being answered): one query, however long
// the person's history is.
func (tx *Tx) History(ctx context.Context, personID int64, setID string, except int64, n int) ([]tandem.AnsweredCheckin, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT c.`+strings.ReplaceAll(checkinCols, ", ", ", c.")+`,
			a.question_id, a.value, a.skipped, a.late, a.answered_at
		FROM (SELECT `+checkinCols+` FROM checkins WHERE person_id = ? AND set_id = ? AND id <> ? ORDER BY id DESC LIMIT ?) AS c
		LEFT JOIN answers AS a ON a.checkin_id = c.id
		ORDER BY c.id, a.id`, personID, setID, except, n)
	if err != nil {
		return nil, fmt.Errorf("store: history: %w", err)
	}
	defer rows.Close()
	var out []tandem.AnsweredCheckin
	for rows.Next() {
		var qid, value sql.NullString
		var skipped, late sql.NullBool
		var at sql.NullInt64
		c, err := scanCheckin(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &qid, &value, &skipped, &late, &at)...)
		}))
		if err != nil {
			return nil, fmt.Errorf("store: history: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != c.ID {
			out = append(out, tandem.AnsweredCheckin{Checkin: c})
		}
		if qid.Valid { // a check-in with no answers yet joins to one row of NULLs
			last := &out[len(out)-1]
			last.Answers = append(last.Answers, tandem.Answer{CheckinID: c.ID, QuestionID: qid.String, Value: value.String,
				Skipped: skipped.Bool, Late: late.Bool, At: fromMillis(at)})
		}
	}
	return out, rows.Err()
}

// scanFunc lets a scan function for one table read a row that has more columns after it.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// RecentCheckins lists a person's last n check-ins, newest first.
func (s *Store) RecentCheckins(ctx context.Context, personID int64, n int) ([]tandem.Checkin, error) {
	return collectCheckins(s.r.QueryContext(ctx, `SELECT `+checkinCols+` FROM checkins WHERE person_id = ? ORDER BY id DESC LIMIT ?`, personID, n))
}

// DueReminders lists open check-ins whose reminder time has come.
func (s *Store) DueReminders(ctx context.Context, now time.Time, limit int) ([]tandem.Checkin, error) {
	return collectCheckins(s.r.QueryContext(ctx, `SELECT `+checkinCols+` FROM checkins WHERE status = 'open' AND reminded = 0 AND remind_at <= ? ORDER BY remind_at LIMIT ?`, millis(now), limit))
}

// DueExpiries lists open check-ins whose window has closed.
func (s *Store) DueExpiries(ctx context.Context, now time.Time, limit int) ([]tandem.Checkin, error) {
	return collectCheckins(s.r.QueryContext(ctx, `SELECT `+checkinCols+` FROM checkins WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at LIMIT ?`, millis(now), limit))
}

func collectCheckins(rows *sql.Rows, err error) ([]tandem.Checkin, error) {
	return collect(rows, err, "check-ins", scanCheckin)
}

// LastCheckin is a person's most recent check-in of any set (ErrNotFound if none).
func (tx *Tx) LastCheckin(ctx context.Context, personID int64) (tandem.Checkin, error) {
	return checkinBy(ctx, tx.tx, `WHERE person_id = ? ORDER BY id DESC LIMIT 1`, personID)
}
