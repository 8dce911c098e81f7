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

// querier is what both the read pool and a write transaction can answer, so lookups are written once.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// AddWorker registers a worker. A Telegram id already registered to a current worker is ErrConflict.
func (s *Store) AddWorker(ctx context.Context, telegramID int64, name string) (tandem.Worker, error) {
	if err := tandem.ValidateWorker(telegramID, name); err != nil {
		return tandem.Worker{}, err
	}
	w := tandem.Worker{TelegramID: telegramID, Name: strings.TrimSpace(name)}
	err := s.Update(ctx, func(tx *Tx) error {
		w.CreatedAt = tx.now
		res, err := tx.tx.Exec(`INSERT INTO workers (telegram_id, name, created_at) VALUES (?, ?, ?)`,
			telegramID, w.Name, millis(tx.now))
		if isUniqueViolation(err) {
			return fmt.Errorf("store: add worker: telegram id %d is already registered: %w", telegramID, ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("store: add worker: %w", err)
		}
		w.ID, err = res.LastInsertId()
		return err
	})
	return w, err
}

const workerCols = `id, telegram_id, name, chat_open, created_at, hours, language`

func scanWorker(row interface{ Scan(...any) error }) (tandem.Worker, error) {
	var w tandem.Worker
	var created sql.NullInt64
	err := row.Scan(&w.ID, &w.TelegramID, &w.Name, &w.ChatOpen, &created, &w.Hours, &w.Language)
	w.CreatedAt = fromMillis(created)
	return w, err
}

// Workers lists current workers, oldest first.
func (s *Store) Workers(ctx context.Context) ([]tandem.Worker, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+workerCols+` FROM workers WHERE removed_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list workers: %w", err)
	}
	defer rows.Close()
	var out []tandem.Worker
	for rows.Next() {
		w, err := scanWorker(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list workers: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// WorkerCaseloadSize counts the people assigned to a worker who have not withdrawn.
func (s *Store) WorkerCaseloadSize(ctx context.Context, workerID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE worker_id = ? AND state != ?`,
		workerID, tandem.StateStopped).Scan(&n)
	return n, err
}

// RemoveWorker retires a worker. It refuses while people still rely on them: moving those people
// to another worker comes first, so nobody's flags go to an empty chair.
func (s *Store) RemoveWorker(ctx context.Context, telegramID int64) error {
	return s.Update(ctx, func(tx *Tx) error {
		w, err := workerByTelegramID(ctx, tx.tx, telegramID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.tx.QueryRow(`SELECT count(*) FROM people WHERE worker_id = ? AND state != ?`, w.ID, tandem.StateStopped).Scan(&n); err != nil {
			return fmt.Errorf("store: remove worker: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("store: %s still works with %d %s; move them to another worker first", w.Name, n, plural(n, "person", "people"))
		}
		if _, err := tx.tx.Exec(`UPDATE workers SET removed_at = ? WHERE id = ?`, millis(tx.now), w.ID); err != nil {
			return fmt.Errorf("store: remove worker: %w", err)
		}
		// Open invites die with the worker: nobody should join a caseload that no longer exists.
		_, err = tx.tx.Exec(`UPDATE invites SET expires_at = ? WHERE worker_id = ? AND used_at IS NULL AND expires_at > ?`,
			millis(tx.now), w.ID, millis(tx.now))
		return err
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func workerByTelegramID(ctx context.Context, q querier, telegramID int64) (tandem.Worker, error) {
	w, err := scanWorker(q.QueryRowContext(ctx, `SELECT `+workerCols+` FROM workers WHERE telegram_id = ? AND removed_at IS NULL`, telegramID))
	if errors.Is(err, sql.ErrNoRows) {
		return w, fmt.Errorf("store: no worker with telegram id %d: %w", telegramID, ErrNotFound)
	}
	return w, err
}

// WorkerByTelegramID finds a current worker by their Telegram user id.
func (s *Store) WorkerByTelegramID(ctx context.Context, telegramID int64) (tandem.Worker, error) {
	return workerByTelegramID(ctx, s.r, telegramID)
}

// WorkerByTelegramID finds a current worker inside a transaction.
func (tx *Tx) WorkerByTelegramID(ctx context.Context, telegramID int64) (tandem.Worker, error) {
	return workerByTelegramID(ctx, tx.tx, telegramID)
}

// WorkerByID finds a worker, current or removed.
func (tx *Tx) WorkerByID(ctx context.Context, id int64) (tandem.Worker, error) {
	w, err := scanWorker(tx.tx.QueryRowContext(ctx, `SELECT `+workerCols+` FROM workers WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return w, fmt.Errorf("store: no worker %d: %w", id, ErrNotFound)
	}
	return w, err
}

// MarkWorkerChatOpen records that the worker has written to the bot, so it can now write to them.
func (tx *Tx) MarkWorkerChatOpen(ctx context.Context, workerID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE workers SET chat_open = 1 WHERE id = ?`, workerID)
	return err
}

// CreateInvite stores a new invite by the hash of its code.
func (tx *Tx) CreateInvite(ctx context.Context, inv tandem.Invite, codeHash []byte) (tandem.Invite, error) {
	inv.CreatedAt = tx.now
	res, err := tx.tx.ExecContext(ctx, `INSERT INTO invites (code_hash, worker_id, name, proposed, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		codeHash, inv.WorkerID, inv.Name, inv.Proposed, millis(inv.CreatedAt), millis(inv.ExpiresAt))
	if err != nil {
		return inv, fmt.Errorf("store: create invite: %w", err)
	}
	inv.ID, err = res.LastInsertId()
	return inv, err
}

const inviteCols = `id, worker_id, name, proposed, created_at, expires_at, claimed_by, used_at`

func scanInvite(row interface{ Scan(...any) error }) (tandem.Invite, error) {
	var inv tandem.Invite
	var created, expires, used sql.NullInt64
	var claimed sql.NullInt64
	err := row.Scan(&inv.ID, &inv.WorkerID, &inv.Name, &inv.Proposed, &created, &expires, &claimed, &used)
	inv.CreatedAt, inv.ExpiresAt, inv.UsedAt = fromMillis(created), fromMillis(expires), fromMillis(used)
	inv.ClaimedBy = claimed.Int64
	return inv, err
}

// InviteByHash finds an invite by the hash of its code.
func (tx *Tx) InviteByHash(ctx context.Context, codeHash []byte) (tandem.Invite, error) {
	inv, err := scanInvite(tx.tx.QueryRowContext(ctx, `SELECT `+inviteCols+` FROM invites WHERE code_hash = ?`, codeHash))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, fmt.Errorf("store: invite: %w", ErrNotFound)
	}
	return inv, err
}

// ClaimedInvite finds the open invite that telegramID has opened but not yet agreed to.
func (tx *Tx) ClaimedInvite(ctx context.Context, telegramID int64) (tandem.Invite, error) {
	inv, err := scanInvite(tx.tx.QueryRowContext(ctx, `SELECT `+inviteCols+` FROM invites
		WHERE claimed_by = ? AND used_at IS NULL ORDER BY created_at DESC LIMIT 1`, telegramID))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, fmt.Errorf("store: claimed invite: %w", ErrNotFound)
	}
	return inv, err
}

// ClaimInvite ties an invite to the Telegram user who opened it; from then on only they can use it.
func (tx *Tx) ClaimInvite(ctx context.Context, inviteID, telegramID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE invites SET claimed_by = ? WHERE id = ? AND (claimed_by IS NULL OR claimed_by = ?)`,
		telegramID, inviteID, telegramID)
	return err
}

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

// RecordConsent stores a consent decision. Before enrolment (a "not now"), it is tied to the invite.
func (tx *Tx) RecordConsent(ctx context.Context, c tandem.Consent, inviteID int64) error {
	c.At = tx.now
	var person, invite sql.NullInt64
	if c.PersonID != 0 {
		person = sql.NullInt64{Int64: c.PersonID, Valid: true}
	}
	if inviteID != 0 {
		invite = sql.NullInt64{Int64: inviteID, Valid: true}
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO consents (person_id, invite_id, version, decision, at) VALUES (?, ?, ?, ?, ?)`,
		person, invite, c.Version, c.Decision, millis(c.At))
	if err != nil {
		return fmt.Errorf("store: record consent: %w", err)
	}
	return nil
}

// LatestConsent returns the person's most recent consent decision.
func (tx *Tx) LatestConsent(ctx context.Context, personID int64) (tandem.Consent, error) {
	var c tandem.Consent
	var at sql.NullInt64
	err := tx.tx.QueryRowContext(ctx, `SELECT person_id, version, decision, at FROM consents WHERE person_id = ? ORDER BY id DESC LIMIT 1`, personID).
		Scan(&c.PersonID, &c.Version, &c.Decision, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("store: consent: %w", ErrNotFound)
	}
	c.At = fromMillis(at)
	return c, err
}

// MarkWorkerChatClosed records that the worker's chat refused a message.
func (tx *Tx) MarkWorkerChatClosed(ctx context.Context, workerID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE workers SET chat_open = 0 WHERE id = ?`, workerID)
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

// Consents lists every consent decision a person made, oldest first.
func (tx *Tx) Consents(ctx context.Context, personID int64) ([]tandem.Consent, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT person_id, version, decision, at FROM consents WHERE person_id = ? ORDER BY id`, personID)
	return collect(rows, err, "consents", func(row interface{ Scan(...any) error }) (tandem.Consent, error) {
		var c tandem.Consent
		var at sql.NullInt64
		err := row.Scan(&c.PersonID, &c.Version, &c.Decision, &at)
		c.At = fromMillis(at)
		return c, err
	})
}

// SetWorkerLanguage sets what the bot writes to a worker in ("" for the service's language).
func (s *Store) SetWorkerLanguage(ctx context.Context, telegramID int64, lang string) error {
	return s.Update(ctx, func(tx *Tx) error {
		w, err := workerByTelegramID(ctx, tx.tx, telegramID)
		if err != nil {
			return err
		}
		return tx.SetWorkerLanguage(ctx, w.ID, lang)
	})
}

// SetWorkerLanguage sets a worker's language inside a transaction (their own /language).
func (tx *Tx) SetWorkerLanguage(ctx context.Context, workerID int64, lang string) error {
	if _, err := tx.tx.ExecContext(ctx, `UPDATE workers SET language = ? WHERE id = ?`, lang, workerID); err != nil {
		return fmt.Errorf("store: set worker %d language: %w", workerID, err)
	}
	return nil
}

// SetWorkerHours sets a worker's own working hours ("" for the service's).
func (s *Store) SetWorkerHours(ctx context.Context, telegramID int64, hours string) error {
	return s.Update(ctx, func(tx *Tx) error {
		w, err := workerByTelegramID(ctx, tx.tx, telegramID)
		if err != nil {
			return err
		}
		_, err = tx.tx.ExecContext(ctx, `UPDATE workers SET hours = ? WHERE id = ?`, hours, w.ID)
		return err
	})
}
