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
	// releases counts committed ReleaseChat calls: rows that became pending again under old ids,
	// which a dispatcher reading only new ids would otherwise never see.
	releases atomic.Uint64
	// urgentQueued counts committed transactions that queued an urgent row, so the dispatcher
	// can tell a wake-up it must act on at once from one that can wait for a free slot.
	urgentQueued atomic.Uint64
	// crisisQueued counts those that queued an urgent message (not a button acknowledgement).
	crisisQueued atomic.Uint64
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
		// Reuse prepared statements: preparing the same few queries again for every update was
		// a fifth of the CPU of handling an answer.
		q.Set("_stmt_cache_size", "128")
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
	// Keep all four open: database/sql keeps two idle by default, so under load the others
	// were closed after each query and opened again (the file, the schema, every prepared
	// statement): ~35 opens a second in the simulated month.
	r.SetMaxIdleConns(4)
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
	s   *Store
	now time.Time
	// afterCommit runs once the transaction is durable (to wake the dispatcher, say).
	afterCommit []func()
	// queuedUrgent: Enqueue added an urgent row; queuedCrisis: an urgent message.
	queuedUrgent, queuedCrisis bool
}

// Now is the time the transaction started, so every row it writes carries the same instant.
func (tx *Tx) Now() time.Time { return tx.now }

// AfterCommit registers f to run once the transaction has committed.
func (tx *Tx) AfterCommit(f func()) { tx.afterCommit = append(tx.afterCommit, f) }

// Update runs f in a write transaction, committing if f returns nil. Inside Batch, f runs in a
// savepoint of the batch's transaction instead, and is durable when the batch commits.
func (s *Store) Update(ctx context.Context, f func(tx *Tx) error) error {
	if b, ok := ctx.Value(batchKey{}).(*batch); ok && b.store == s && !b.closed {
		return b.savepoint(ctx, f)
	}
	sqlTx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.noteWrite(fmt.Errorf("store: begin: %w", err))
	}
	tx := &Tx{tx: sqlTx, s: s, now: s.Now()}
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
	if tx.queuedUrgent {
		s.urgentQueued.Add(1)
	}
	if tx.queuedCrisis {
		s.crisisQueued.Add(1)
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

type batchKey struct{}

// batch is one write transaction shared by several Updates, each in its own savepoint.
type batch struct {
	store  *Store
	tx     *sql.Tx
	n      int
	closed bool
	// broken is why a savepoint could not be undone: the transaction is no longer to be trusted.
	broken error
	// afterCommit gathers what the Updates that were kept registered.
	afterCommit []func()
	// queuedUrgent and queuedCrisis count the kept Updates that queued an urgent row or an
	// urgent message, for the store's counters once the batch is on disk.
	queuedUrgent, queuedCrisis uint64
}

// Batch runs f with a context in which every Update joins one write transaction as a savepoint
// of its own, and commits once when f returns nil: one disk sync for many small updates instead
// of one each. An Update that fails or panics is rolled back to its savepoint and leaves the
// others alone. If f fails, or the commit does, nothing done inside is kept, and the error is
// returned. The context is for the goroutine that called Batch only, and only until it returns.
func (s *Store) Batch(ctx context.Context, f func(ctx context.Context) error) error {
	// Not cancelled with ctx: work already done in the batch is committed on the way out.
	sqlTx, err := s.w.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	b := &batch{store: s, tx: sqlTx}
	defer func() {
		b.closed = true
		if r := recover(); r != nil {
			sqlTx.Rollback()
			panic(r)
		}
	}()
	err = f(context.WithValue(ctx, batchKey{}, b))
	if err == nil && b.broken != nil {
		err = b.broken
	}
	if err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil {
			return errors.Join(err, fmt.Errorf("store: rollback: %w", rbErr))
		}
		return err
	}
	b.closed = true // an Update from here on, with this ctx, is a transaction of its own
	if err := sqlTx.Commit(); err != nil {
		return s.noteWrite(fmt.Errorf("store: commit: %w", err))
	}
	s.noteWrite(nil)
	// The dispatcher learns of urgent rows from these counters, as after any Update.
	s.urgentQueued.Add(b.queuedUrgent)
	s.crisisQueued.Add(b.queuedCrisis)
	for _, f := range b.afterCommit {
		f()
	}
	return nil
}

// savepoint runs f as one Update inside the batch.
func (b *batch) savepoint(ctx context.Context, f func(tx *Tx) error) error {
	if b.broken != nil {
		return b.broken
	}
	name := fmt.Sprintf("u%d", b.n)
	b.n++
	// The savepoint's own statements are not interrupted by ctx: SQLite may answer an interrupt
	// by rolling back the whole transaction, everyone's work with it.
	if _, err := b.tx.ExecContext(context.WithoutCancel(ctx), "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	tx := &Tx{tx: b.tx, s: b.store, now: b.store.Now()}
	undo := func() error {
		if _, err := b.tx.Exec("ROLLBACK TO " + name + "; RELEASE " + name); err != nil {
			b.broken = fmt.Errorf("store: batch: could not roll back to a savepoint: %w", err)
			return err
		}
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			undo()
			panic(r)
		}
	}()
	if err := f(tx); err != nil {
		if rbErr := undo(); rbErr != nil {
			return errors.Join(err, fmt.Errorf("store: rollback to savepoint: %w", rbErr))
		}
		return err
	}
	if _, err := b.tx.Exec("RELEASE " + name); err != nil {
		err = fmt.Errorf("store: release savepoint: %w", err)
		if rbErr := undo(); rbErr != nil {
			err = errors.Join(err, fmt.Errorf("store: rollback to savepoint: %w", rbErr))
		}
		return err
	}
	b.afterCommit = append(b.afterCommit, tx.afterCommit...)
	if tx.queuedUrgent {
		b.queuedUrgent++
	}
	if tx.queuedCrisis {
		b.queuedCrisis++
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

// querier is what both the read pool and a write transaction can answer, so lookups are written once.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}
