package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tandemcare/tandem"
)

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
