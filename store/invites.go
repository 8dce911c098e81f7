package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tandemcare/tandem"
)

// InviteForPerson is the invite a person joined with most recently.
func (tx *Tx) InviteForPerson(ctx context.Context, personID int64) (tandem.Invite, error) {
	inv, err := scanInvite(tx.tx.QueryRowContext(ctx, `SELECT `+inviteCols+` FROM invites WHERE person_id = ? ORDER BY used_at DESC LIMIT 1`, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, fmt.Errorf("store: invite for person: %w", ErrNotFound)
	}
	return inv, err
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
