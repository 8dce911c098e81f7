package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tandemcare/tandem"
)

// CreatePerson enrols a person from an invite, using the invite up in the same step.
func (tx *Tx) CreatePerson(ctx context.Context, p tandem.Person, inviteID int64) (tandem.Person, error) {
	p.JoinedAt = tx.now
	if p.State == "" {
		p.State = tandem.StateActive
	}
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO people (telegram_id, name, pseudonym, worker_id, state, language, joined_at, timezone, quiet_start, quiet_end)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.TelegramID, p.Name, p.Pseudonym, p.WorkerID, p.State, p.Language, millis(p.JoinedAt),
		p.TimeZone, int64(p.QuietStart/time.Minute), int64(p.QuietEnd/time.Minute))
	if isUniqueViolation(err) {
		return p, fmt.Errorf("store: create person: %w", ErrConflict)
	}
	if err != nil {
		return p, fmt.Errorf("store: create person: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return p, err
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE invites SET used_at = ?, person_id = ? WHERE id = ?`, millis(tx.now), p.ID, inviteID); err != nil {
		return p, fmt.Errorf("store: use invite: %w", err)
	}
	return p, nil
}

const personCols = `id, telegram_id, name, pseudonym, worker_id, state, language, joined_at, timezone, quiet_start, quiet_end, paused_until, awaiting`

func scanPerson(row interface{ Scan(...any) error }) (tandem.Person, error) {
	var p tandem.Person
	var joined, pausedUntil sql.NullInt64
	var quietStart, quietEnd int64
	var awaiting string
	err := row.Scan(&p.ID, &p.TelegramID, &p.Name, &p.Pseudonym, &p.WorkerID, &p.State, &p.Language, &joined,
		&p.TimeZone, &quietStart, &quietEnd, &pausedUntil, &awaiting)
	p.Awaiting = tandem.ParseAwaiting(awaiting)
	p.JoinedAt, p.PausedUntil = fromMillis(joined), fromMillis(pausedUntil)
	p.QuietStart, p.QuietEnd = time.Duration(quietStart)*time.Minute, time.Duration(quietEnd)*time.Minute
	return p, err
}

func personBy(ctx context.Context, q querier, where string, arg any) (tandem.Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personCols+` FROM people WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("store: person: %w", ErrNotFound)
	}
	return p, err
}

// PersonByTelegramID finds an enrolled person by their Telegram user id.
func (tx *Tx) PersonByTelegramID(ctx context.Context, telegramID int64) (tandem.Person, error) {
	return personBy(ctx, tx.tx, `telegram_id = ?`, telegramID)
}

// PersonByTelegramID finds an enrolled person outside a transaction.
func (s *Store) PersonByTelegramID(ctx context.Context, telegramID int64) (tandem.Person, error) {
	return personBy(ctx, s.r, `telegram_id = ?`, telegramID)
}

// PseudonymTaken says whether a pseudonym is in use, so a new one can be drawn.
func (tx *Tx) PseudonymTaken(ctx context.Context, pseudonym string) (bool, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE pseudonym = ?`, pseudonym).Scan(&n)
	return n > 0, err
}

// SetPersonState moves a person to a new state.
func (tx *Tx) SetPersonState(ctx context.Context, personID int64, state tandem.PersonState) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE people SET state = ? WHERE id = ?`, state, personID)
	return err
}

// Reenrol brings back a person who had stopped, with a new invite and possibly a new worker.
func (tx *Tx) Reenrol(ctx context.Context, p tandem.Person, inviteID int64) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE people SET name = ?, worker_id = ?, state = ?, language = ?, joined_at = ?, paused_until = NULL, awaiting = '' WHERE id = ?`,
		p.Name, p.WorkerID, tandem.StateActive, p.Language, millis(tx.now), p.ID); err != nil {
		return fmt.Errorf("store: re-enrol person: %w", err)
	}
	if _, err := tx.tx.ExecContext(ctx, `UPDATE invites SET used_at = ?, person_id = ? WHERE id = ?`, millis(tx.now), p.ID, inviteID); err != nil {
		return fmt.Errorf("store: use invite: %w", err)
	}
	return nil
}

// Caseload lists every person a worker works with, including those who stopped, by name.
func (tx *Tx) Caseload(ctx context.Context, workerID int64) ([]tandem.Person, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT `+personCols+` FROM people WHERE worker_id = ? ORDER BY state = 'stopped', name, id`, workerID)
	if err != nil {
		return nil, fmt.Errorf("store: caseload: %w", err)
	}
	return collectPeople(rows)
}

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

// SetPersonLanguage sets the language the bot writes to a person in.
func (tx *Tx) SetPersonLanguage(ctx context.Context, personID int64, lang string) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE people SET language = ? WHERE id = ?`, lang, personID)
	if err != nil {
		return fmt.Errorf("store: person language: %w", err)
	}
	return nil
}

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

// MovePerson gives a person a new worker. Open flags move with them.
func (tx *Tx) MovePerson(ctx context.Context, personID, workerID int64) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE people SET worker_id = ? WHERE id = ?`, workerID, personID); err != nil {
		return fmt.Errorf("store: move person: %w", err)
	}
	_, err := tx.tx.ExecContext(ctx, `UPDATE flags SET worker_id = ? WHERE person_id = ? AND status != 'resolved'`, workerID, personID)
	return err
}
