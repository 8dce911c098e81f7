package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

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
