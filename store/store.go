// Package store keeps Tandem's state in one SQLite file: schema and migrations, queries and
// transactions. It knows the domain types in package tandem and nothing of Telegram.
//
// One writer connection serialises writes (SQLite allows one writer at a time, and a single
// connection avoids SQLITE_BUSY between our own goroutines); a separate pool serves reads.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"
)

// ErrNotFound is returned when a row asked for by key does not exist.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a write would break a uniqueness rule (a duplicate worker, say).
var ErrConflict = errors.New("already exists")

// Store is the database.
type Store struct {
	w    *sql.DB // the single writer
	r    *sql.DB // readers
	path string
	now  atomic.Pointer[func() time.Time]
	// health counts writes the disk refused, for /healthz and the metrics.
	health writeHealth
}

// Open opens (creating if needed) the database at path and brings its schema up to date. It
// refuses a database written by a newer Tandem, rather than guess at a schema it does not know.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := preflight(path); err != nil {
		return nil, err
	}
	dsn := func(extra string) string {
		q := url.Values{}
		q.Set("_journal_mode", "WAL")
		q.Set("_busy_timeout", "10000")
		q.Set("_foreign_keys", "on")
		// FULL: a commit is on disk before we tell Telegram we have an update or mark a message
		// sent. Tandem's write rate is small; losing a flag to a power cut is not acceptable.
		q.Set("_synchronous", "FULL")
		if extra != "" {
			q.Set("_txlock", extra)
		}
		return "file:" + path + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite3", dsn("immediate"))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite3", dsn("")+"&mode=ro")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	s := &Store{w: w, r: r, path: path}
	s.SetClock(time.Now)
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// SetClock replaces the store's clock, for tests that move time.
func (s *Store) SetClock(now func() time.Time) { s.now.Store(&now) }

// Now is the store's idea of the current time.
func (s *Store) Now() time.Time { return (*s.now.Load())() }

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// Ping checks that the database answers, for /healthz.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Tx is a write transaction. Everything a handler decides, and everything it will say, is
// written through one Tx, so either all of it happens or none of it does.
type Tx struct {
	tx  *sql.Tx
	now time.Time
	// afterCommit runs once the transaction is durable (to wake the dispatcher, say).
	afterCommit []func()
}

// Now is the time the transaction started, so every row it writes carries the same instant.
func (tx *Tx) Now() time.Time { return tx.now }

// AfterCommit registers f to run once the transaction has committed.
func (tx *Tx) AfterCommit(f func()) { tx.afterCommit = append(tx.afterCommit, f) }

// Update runs f in a write transaction, committing if f returns nil.
func (s *Store) Update(ctx context.Context, f func(tx *Tx) error) error {
	sqlTx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.noteWrite(fmt.Errorf("store: begin: %w", err))
	}
	tx := &Tx{tx: sqlTx, now: s.Now()}
	// A panic inside f must not leave the only writer connection inside an open transaction.
	defer func() {
		if r := recover(); r != nil {
			sqlTx.Rollback()
			panic(r)
		}
	}()
	if err := f(tx); err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil {
			return s.noteWrite(errors.Join(err, fmt.Errorf("store: rollback: %w", rbErr)))
		}
		return s.noteWrite(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return s.noteWrite(fmt.Errorf("store: commit: %w", err))
	}
	s.noteWrite(nil)
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// Backup writes a consistent copy of the live database to dest with SQLite's online backup API,
// which copies pages while the bot keeps running.
func (s *Store) Backup(ctx context.Context, dest string) error {
	destDB, err := sql.Open("sqlite3", "file:"+dest)
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	defer destDB.Close()
	destConn, err := destDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: backup to %s: %w", dest, err)
	}
	defer destConn.Close()
	srcConn, err := s.r.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer srcConn.Close()

	return destConn.Raw(func(dc any) error {
		return srcConn.Raw(func(sc any) error {
			d, ok1 := dc.(*sqlite3.SQLiteConn)
			src, ok2 := sc.(*sqlite3.SQLiteConn)
			if !ok1 || !ok2 {
				return errors.New("store: backup: not a sqlite3 connection")
			}
			b, err := d.Backup("main", src, "main")
			if err != nil {
				return fmt.Errorf("store: backup to %s: %w", dest, err)
			}
			for {
				done, err := b.Step(256)
				if err != nil {
					b.Close()
					return fmt.Errorf("store: backup to %s: %w", dest, err)
				}
				if done {
					break
				}
				select {
				case <-ctx.Done():
					b.Close()
					return ctx.Err()
				default:
				}
			}
			if err := b.Finish(); err != nil {
				return fmt.Errorf("store: backup to %s: %w", dest, err)
			}
			return nil
		})
	})
}

// millis and fromMillis store instants as Unix milliseconds: sortable, exact and zone-free.
func millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMillis(ms sql.NullInt64) time.Time {
	if !ms.Valid || ms.Int64 == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64)
}

func nullMillis(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}
