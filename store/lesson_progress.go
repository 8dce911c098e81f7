package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tandemcare/tandem"
)

// LessonProgress reads a person's progress in one lesson (ErrNotFound if never started).
func (tx *Tx) LessonProgress(ctx context.Context, personID int64, lessonID string) (tandem.LessonProgress, error) {
	var lp tandem.LessonProgress
	var started, completed sql.NullInt64
	err := tx.tx.QueryRowContext(ctx, `SELECT lesson_id, position, started_at, completed_at, reflection, shared FROM lesson_progress WHERE person_id = ? AND lesson_id = ?`,
		personID, lessonID).Scan(&lp.LessonID, &lp.Position, &started, &completed, &lp.Reflection, &lp.Shared)
	if errors.Is(err, sql.ErrNoRows) {
		return lp, fmt.Errorf("store: lesson progress: %w", ErrNotFound)
	}
	lp.StartedAt, lp.CompletedAt = fromMillis(started), fromMillis(completed)
	return lp, err
}

// AllLessonProgress lists a person's progress in every lesson they started.
func (tx *Tx) AllLessonProgress(ctx context.Context, personID int64) (map[string]tandem.LessonProgress, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT lesson_id, position, started_at, completed_at, reflection, shared FROM lesson_progress WHERE person_id = ?`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: lesson progress: %w", err)
	}
	defer rows.Close()
	out := map[string]tandem.LessonProgress{}
	for rows.Next() {
		var lp tandem.LessonProgress
		var started, completed sql.NullInt64
		if err := rows.Scan(&lp.LessonID, &lp.Position, &started, &completed, &lp.Reflection, &lp.Shared); err != nil {
			return nil, err
		}
		lp.StartedAt, lp.CompletedAt = fromMillis(started), fromMillis(completed)
		out[lp.LessonID] = lp
	}
	return out, rows.Err()
}

// SaveLessonProgress stores a person's progress in a lesson.
func (tx *Tx) SaveLessonProgress(ctx context.Context, personID int64, lp tandem.LessonProgress) error {
	if lp.StartedAt.IsZero() {
		lp.StartedAt = tx.now
	}
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO lesson_progress (person_id, lesson_id, position, started_at, completed_at, reflection, shared)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (person_id, lesson_id) DO UPDATE SET position = excluded.position, completed_at = excluded.completed_at,
			reflection = excluded.reflection, shared = excluded.shared`,
		personID, lp.LessonID, lp.Position, millis(lp.StartedAt), nullMillis(lp.CompletedAt), lp.Reflection, lp.Shared)
	if err != nil {
		return fmt.Errorf("store: save lesson progress: %w", err)
	}
	return nil
}
