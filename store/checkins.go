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

// SetPersonSettings stores a person's time zone, quiet hours and what the bot awaits from them.
func (tx *Tx) SetPersonSettings(ctx context.Context, p tandem.Person) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE people SET timezone = ?, quiet_start = ?, quiet_end = ?, awaiting = ? WHERE id = ?`,
		p.TimeZone, int64(p.QuietStart/time.Minute), int64(p.QuietEnd/time.Minute), p.Awaiting.String(), p.ID)
	if err != nil {
		return fmt.Errorf("store: person settings: %w", err)
	}
	return nil
}

// SetPause pauses a person until a time (zero: until they resume), or resumes them (paused false).
func (tx *Tx) SetPause(ctx context.Context, personID int64, paused bool, until time.Time) error {
	state := tandem.StateActive
	if paused {
		state = tandem.StatePaused
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE people SET state = ?, paused_until = ? WHERE id = ?`, state, nullMillis(until), personID)
	if err != nil {
		return fmt.Errorf("store: pause: %w", err)
	}
	return nil
}

// PausesEnding lists people whose pause ends at or before now.
func (s *Store) PausesEnding(ctx context.Context, now time.Time, limit int) ([]tandem.Person, error) {
	return s.people(ctx, `WHERE state = 'paused' AND paused_until IS NOT NULL AND paused_until <= ? ORDER BY paused_until LIMIT ?`, millis(now), limit)
}

// PeopleOfWorker lists a worker's people who have not withdrawn, by name.
func (tx *Tx) PeopleOfWorker(ctx context.Context, workerID int64) ([]tandem.Person, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT `+personCols+` FROM people WHERE worker_id = ? AND state != 'stopped' ORDER BY name, id`, workerID)
	if err != nil {
		return nil, fmt.Errorf("store: people of worker: %w", err)
	}
	return collectPeople(rows)
}

// PersonByID finds a person by their id.
func (tx *Tx) PersonByID(ctx context.Context, id int64) (tandem.Person, error) {
	return personBy(ctx, tx.tx, `id = ?`, id)
}

func (s *Store) people(ctx context.Context, where string, args ...any) ([]tandem.Person, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+personCols+` FROM people `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	return collectPeople(rows)
}

func collectPeople(rows *sql.Rows) ([]tandem.Person, error) {
	return collect(rows, nil, "people", scanPerson)
}

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

// InviteForPerson is the invite a person joined with most recently.
func (tx *Tx) InviteForPerson(ctx context.Context, personID int64) (tandem.Invite, error) {
	inv, err := scanInvite(tx.tx.QueryRowContext(ctx, `SELECT `+inviteCols+` FROM invites WHERE person_id = ? ORDER BY used_at DESC LIMIT 1`, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, fmt.Errorf("store: invite for person: %w", ErrNotFound)
	}
	return inv, err
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

// collect scans every row of a query with scan, closing the rows; what names the rows in errors.
func collect[T any](rows *sql.Rows, err error, what string, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// NextWake is the earliest moment the scheduler has something to do: a schedule, a reminder,
// an expiry or the end of a pause. Zero if nothing is pending.
func (s *Store) NextWake(ctx context.Context) (time.Time, error) {
	var t sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT min(t) FROM (
		SELECT min(next_due) AS t FROM schedules
		UNION ALL SELECT min(remind_at) FROM checkins WHERE status = 'open' AND reminded = 0
		UNION ALL SELECT min(expires_at) FROM checkins WHERE status = 'open'
		UNION ALL SELECT min(paused_until) FROM people WHERE state = 'paused' AND paused_until IS NOT NULL)`).Scan(&t)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: next wake: %w", err)
	}
	return fromMillis(t), nil
}

// SaveAnswer stores an answer. It reports false if that question was already answered in that
// check-in: a second press of the same question changes nothing.
func (tx *Tx) SaveAnswer(ctx context.Context, a tandem.Answer) (bool, error) {
	res, err := tx.tx.ExecContext(ctx, `INSERT OR IGNORE INTO answers (checkin_id, question_id, value, skipped, late, answered_at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.CheckinID, a.QuestionID, a.Value, a.Skipped, a.Late, millis(tx.now))
	if err != nil {
		return false, fmt.Errorf("store: save answer: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Answers lists a check-in's answers in the order given.
func (tx *Tx) Answers(ctx context.Context, checkinID int64) ([]tandem.Answer, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT checkin_id, question_id, value, skipped, late, answered_at FROM answers WHERE checkin_id = ? ORDER BY id`, checkinID)
	return collect(rows, err, "answers", func(row interface{ Scan(...any) error }) (tandem.Answer, error) {
		var a tandem.Answer
		var at sql.NullInt64
		err := row.Scan(&a.CheckinID, &a.QuestionID, &a.Value, &a.Skipped, &a.Late, &at)
		a.At = fromMillis(at)
		return a, err
	})
}

// Count reports how many rows a table has, for start-up logs and benchmarks.
func (s *Store) Count(ctx context.Context, table string) (int, error) {
	switch table {
	case "people", "schedules", "checkins", "answers", "outbox", "updates":
	default:
		return 0, fmt.Errorf("store: count: unknown table %q", table)
	}
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n)
	return n, err
}

// SetPersonLanguage sets the language the bot writes to a person in.
func (tx *Tx) SetPersonLanguage(ctx context.Context, personID int64, lang string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE people SET language = ? WHERE id = ?`, lang, personID)
	if err != nil {
		return fmt.Errorf("store: person language: %w", err)
	}
	return nil
}
