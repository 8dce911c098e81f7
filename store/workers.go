package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/tandemcare/tandem"
)

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

// MarkWorkerChatClosed records that the worker's chat refused a message.
func (tx *Tx) MarkWorkerChatClosed(ctx context.Context, workerID int64) error {
	_, err := tx.tx.ExecContext(ctx, `UPDATE workers SET chat_open = 0 WHERE id = ?`, workerID)
	return err
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
