package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"
)

// writeHealth remembers failed writes, so /healthz and the metrics can say the database has
// stopped taking them (a full disk, a read-only remount) rather than "ok" while nothing is saved.
type writeHealth struct {
	failures atomic.Int64
	// lastFault is the most recent storage fault, cleared by the next write that commits.
	lastFault atomic.Pointer[error]
}

// isStorageFault reports whether err means the database could not be written at all (as
// opposed to a rule of ours refusing a write, like a duplicate key).
func isStorageFault(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrCorrupt,
		sqlite3.ErrNotADB, sqlite3.ErrProtocol, sqlite3.ErrPerm, sqlite3.ErrBusy, sqlite3.ErrLocked:
		return true
	}
	return false
}

// noteWrite records the outcome of a write and returns err unchanged.
func (s *Store) noteWrite(err error) error {
	switch {
	case err == nil:
		s.health.lastFault.Store(nil)
	case isStorageFault(err):
		s.health.failures.Add(1)
		s.health.lastFault.Store(&err)
	}
	return err
}

// WriteFailures is how many writes have failed because the database could not be written, since
// Open: a counter for the metrics.
func (s *Store) WriteFailures() int64 { return s.health.failures.Load() }

// WriteFault is the last storage fault if no write has succeeded since, else nil.
func (s *Store) WriteFault() error {
	if p := s.health.lastFault.Load(); p != nil {
		return *p
	}
	return nil
}

// ProbeWrite commits a tiny write, for /healthz: reading can go on working long after a full
// disk or a read-only remount has stopped every update, answer and message from being saved.
func (s *Store) ProbeWrite(ctx context.Context) error {
	err := s.Update(ctx, func(tx *Tx) error {
		return tx.SetState(ctx, "health.write_probe", strconv.FormatInt(tx.Now().UnixMilli(), 10))
	})
	if err != nil {
		return fmt.Errorf("store: the database cannot be written: %w", err)
	}
	return nil
}

// SimulateReadOnly makes every write on the writer connection fail as it would on a read-only
// database (SQLite's query_only), or undoes that: for fault drills and tests of what Tandem does
// while it cannot save anything.
func (s *Store) SimulateReadOnly(ctx context.Context, on bool) error {
	v := "OFF"
	if on {
		v = "ON"
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA query_only = "+v); err != nil {
		return fmt.Errorf("store: query_only %s: %w", v, err)
	}
	return nil
}
