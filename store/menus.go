package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// MenuHash is the hash of the command menu last set for chatID in lang (chatID 0: every
// private chat), or "" if none was recorded.
func (s *Store) MenuHash(ctx context.Context, chatID int64, lang string) (string, error) {
	var hash string
	err := s.r.QueryRowContext(ctx, `SELECT hash FROM menus WHERE chat_id = ? AND lang = ?`, chatID, lang).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: menu of chat %d (%q): %w", chatID, lang, err)
	}
	return hash, nil
}

// RecordMenu remembers that Telegram accepted the menu with hash for chatID in lang.
func (s *Store) RecordMenu(ctx context.Context, chatID int64, lang, hash string) error {
	return s.Update(ctx, func(tx *Tx) error {
		_, err := tx.tx.ExecContext(ctx, `INSERT INTO menus (chat_id, lang, hash, set_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (chat_id, lang) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at`,
			chatID, lang, hash, millis(tx.now))
		if err != nil {
			return fmt.Errorf("store: record menu of chat %d (%q): %w", chatID, lang, err)
		}
		return nil
	})
}
