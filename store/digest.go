package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// DigestLine is one worker's counts for the staff channel: numbers and pseudonyms, never words.
type DigestLine struct {
	Worker                      string
	Active, Paused, Unreachable int
	Sent, Answered              int // check-ins due since the period began
	OpenFlags, Unacknowledged   int
	// Open flags by age: raised in the last day, the last week, or earlier.
	FlagsUnderADay, FlagsUnderAWeek, FlagsOlder int
	OldestUnacknowledged                        time.Duration
	Silent, UnreachablePseudonyms               []string
}

// Digest counts, per current worker, what the staff channel summary shows. silentFor is how
// long without an answered check-in makes someone "silent".
func (tx *Tx) Digest(ctx context.Context, since time.Time, silentFor time.Duration) ([]DigestLine, error) {
	workers, err := tx.tx.QueryContext(ctx, `SELECT id, name FROM workers WHERE removed_at IS NULL ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: digest: %w", err)
	}
	type w struct {
		id   int64
		name string
	}
	var ws []w
	for workers.Next() {
		var x w
		if err := workers.Scan(&x.id, &x.name); err != nil {
			workers.Close()
			return nil, err
		}
		ws = append(ws, x)
	}
	workers.Close()
	var out []DigestLine
	for _, x := range ws {
		l := DigestLine{Worker: x.name}
		q := func(dest any, query string, args ...any) error {
			return tx.tx.QueryRowContext(ctx, query, args...).Scan(dest)
		}
		for state, dest := range map[string]*int{"active": &l.Active, "paused": &l.Paused, "unreachable": &l.Unreachable} {
			if err := q(dest, `SELECT count(*) FROM people WHERE worker_id = ? AND state = ?`, x.id, state); err != nil {
				return nil, err
			}
		}
		if err := q(&l.Sent, `SELECT count(*) FROM checkins c JOIN people p ON p.id = c.person_id WHERE p.worker_id = ? AND c.due_at >= ? AND c.due_at <= ?`, x.id, millis(since), millis(tx.now)); err != nil {
			return nil, err
		}
		if err := q(&l.Answered, `SELECT count(*) FROM checkins c JOIN people p ON p.id = c.person_id WHERE p.worker_id = ? AND c.due_at >= ? AND c.due_at <= ? AND c.status IN ('answered', 'partial')`, x.id, millis(since), millis(tx.now)); err != nil {
			return nil, err
		}
		if err := q(&l.OpenFlags, `SELECT count(*) FROM flags WHERE worker_id = ? AND status != 'resolved'`, x.id); err != nil {
			return nil, err
		}
		day, week := millis(tx.now.Add(-24*time.Hour)), millis(tx.now.Add(-7*24*time.Hour))
		if err := q(&l.FlagsUnderADay, `SELECT count(*) FROM flags WHERE worker_id = ? AND status != 'resolved' AND raised_at >= ?`, x.id, day); err != nil {
			return nil, err
		}
		if err := q(&l.FlagsUnderAWeek, `SELECT count(*) FROM flags WHERE worker_id = ? AND status != 'resolved' AND raised_at < ? AND raised_at >= ?`, x.id, day, week); err != nil {
			return nil, err
		}
		if err := q(&l.FlagsOlder, `SELECT count(*) FROM flags WHERE worker_id = ? AND status != 'resolved' AND raised_at < ?`, x.id, week); err != nil {
			return nil, err
		}
		if err := q(&l.Unacknowledged, `SELECT count(*) FROM flags WHERE worker_id = ? AND status IN ('open', 'snoozed')`, x.id); err != nil {
			return nil, err
		}
		var oldest sql.NullInt64
		if err := q(&oldest, `SELECT min(raised_at) FROM flags WHERE worker_id = ? AND status IN ('open', 'snoozed')`, x.id); err != nil {
			return nil, err
		}
		if oldest.Valid {
			l.OldestUnacknowledged = tx.now.Sub(time.UnixMilli(oldest.Int64))
		}
		silent, err := tx.pseudonyms(ctx, `SELECT p.pseudonym FROM people p WHERE p.worker_id = ? AND p.state = 'active' AND p.joined_at < ?
			AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.person_id = p.id AND c.status IN ('answered', 'partial') AND c.due_at >= ?) ORDER BY p.pseudonym`,
			x.id, millis(tx.now.Add(-silentFor)), millis(tx.now.Add(-silentFor)))
		if err != nil {
			return nil, err
		}
		l.Silent = silent
		if l.UnreachablePseudonyms, err = tx.pseudonyms(ctx, `SELECT pseudonym FROM people WHERE worker_id = ? AND state = 'unreachable' ORDER BY pseudonym`, x.id); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func (tx *Tx) pseudonyms(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := tx.tx.QueryContext(ctx, query, args...)
	return collect(rows, err, "digest", func(row interface{ Scan(...any) error }) (string, error) {
		var s string
		err := row.Scan(&s)
		return s, err
	})
}
