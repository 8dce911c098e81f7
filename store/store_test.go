package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
)

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var ctx = context.Background()

func TestReopenKeepsDataAndNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddWorker(ctx, 1001, "Jordan Reyes"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if ws, _ := s.Workers(ctx); len(ws) != 1 {
		t.Errorf("after reopening, %d workers", len(ws))
	}
	if _, err := s.w.Exec(`UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer Tandem") {
		t.Errorf("a newer schema was not refused: %v", err)
	}
}

func TestWorkers(t *testing.T) {
	s := open(t)
	if _, err := s.AddWorker(ctx, 1001, "Jordan Reyes"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddWorker(ctx, 1001, "Someone"); !errors.Is(err, ErrConflict) {
		t.Errorf("duplicate: %v", err)
	}
	for _, bad := range []struct {
		id   int64
		name string
	}{{0, "X"}, {-1, "X"}, {5, ""}, {5, strings.Repeat("x", 65)}} {
		if _, err := s.AddWorker(ctx, bad.id, bad.name); err == nil {
			t.Errorf("AddWorker(%d, %q) accepted", bad.id, bad.name)
		}
	}
	// A worker with people cannot be removed until they are moved.
	var inv tandem.Invite
	err := s.Update(ctx, func(tx *Tx) error {
		w, _ := tx.WorkerByTelegramID(ctx, 1001)
		var err error
		inv, err = tx.CreateInvite(ctx, tandem.Invite{WorkerID: w.ID, ExpiresAt: tx.Now().Add(time.Hour)}, []byte("hash"))
		if err != nil {
			return err
		}
		_, err = tx.CreatePerson(ctx, tandem.Person{TelegramID: 2001, Name: "Sam", Pseudonym: "P-AAAAA", WorkerID: w.ID, Language: "en"}, inv.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveWorker(ctx, 1001); err == nil || !strings.Contains(err.Error(), "still works with 1 person") {
		t.Errorf("removed a worker with a caseload: %v", err)
	}
	if err := s.RemoveWorker(ctx, 4242); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing nobody: %v", err)
	}
}

func TestInviteClaims(t *testing.T) {
	s := open(t)
	w, _ := s.AddWorker(ctx, 1001, "Jordan Reyes")
	now := time.Now()
	s.Update(ctx, func(tx *Tx) error {
		inv, err := tx.CreateInvite(ctx, tandem.Invite{WorkerID: w.ID, ExpiresAt: now.Add(time.Hour)}, []byte("h1"))
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.ClaimInvite(ctx, inv.ID, 2001); err != nil {
			t.Fatal(err)
		}
		tx.ClaimInvite(ctx, inv.ID, 2002) // a second person cannot take it over
		got, _ := tx.InviteByHash(ctx, []byte("h1"))
		if got.ClaimedBy != 2001 {
			t.Errorf("claimed by %d", got.ClaimedBy)
		}
		for _, tc := range []struct {
			who  int64
			at   time.Time
			want tandem.InviteProblem
		}{{2001, now, tandem.InviteOK}, {2002, now, tandem.InviteUsed}, {2001, now.Add(2 * time.Hour), tandem.InviteExpired}} {
			if p := got.Check(tc.who, tc.at); p != tc.want {
				t.Errorf("Check(%d) = %v, want %v", tc.who, p, tc.want)
			}
		}
		if _, err := tx.ClaimedInvite(ctx, 2001); err != nil {
			t.Errorf("ClaimedInvite: %v", err)
		}
		return nil
	})
}

func TestUpdatesAreRecordedOnceAndDoneOnce(t *testing.T) {
	s := open(t)
	if fresh, err := s.RecordUpdate(ctx, 7, []byte(`{"update_id":7}`)); err != nil || !fresh {
		t.Fatalf("first record: %v %v", fresh, err)
	}
	if fresh, _ := s.RecordUpdate(ctx, 7, []byte(`{"update_id":7}`)); fresh {
		t.Error("a redelivered update was recorded as new")
	}
	if last, _ := s.LastUpdateID(ctx); last != 7 {
		t.Errorf("last update id %d", last)
	}
	done := func() error {
		return s.Update(ctx, func(tx *Tx) error { return tx.MarkUpdateDone(ctx, 7, "test") })
	}
	if err := done(); err != nil {
		t.Fatal(err)
	}
	if err := done(); !errors.Is(err, ErrAlreadyDone) {
		t.Errorf("second done: %v", err)
	}
	if p, _ := s.NextUpdates(ctx, 10); len(p) != 0 {
		t.Errorf("%d updates still pending", len(p))
	}
	var payload []byte
	s.r.QueryRow(`SELECT payload FROM updates WHERE update_id = 7`).Scan(&payload)
	if payload != nil {
		t.Error("a handled update's content was kept")
	}
}

func TestPruneUpdatesKeepsPendingAndTheNewest(t *testing.T) {
	s := open(t)
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	now := start
	s.SetClock(func() time.Time { return now })
	// 1 and 2 are old and handled, 3 is old and still pending, 4 is recent and handled.
	record := func(id int64, handled bool) {
		t.Helper()
		if _, err := s.RecordUpdate(ctx, id, []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		if handled {
			if err := s.Update(ctx, func(tx *Tx) error { return tx.MarkUpdateDone(ctx, id, "test") }); err != nil {
				t.Fatal(err)
			}
		}
	}
	record(1, true)
	record(2, true)
	record(3, false)
	now = start.Add(10 * 24 * time.Hour)
	record(4, true)
	now = start.Add(11 * 24 * time.Hour)
	n, err := s.PruneUpdates(ctx, now.Add(-7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("pruned %d updates, want 2 (the old handled ones)", n)
	}
	var kept []int64
	rows, _ := s.r.Query(`SELECT update_id FROM updates ORDER BY update_id`)
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		kept = append(kept, id)
	}
	rows.Close()
	if len(kept) != 2 || kept[0] != 3 || kept[1] != 4 {
		t.Errorf("kept %v, want [3 4]: the pending one and the recent one", kept)
	}
	// Everything old and handled: the newest row stays so polling resumes after it.
	s.Update(ctx, func(tx *Tx) error { return tx.MarkUpdateDone(ctx, 3, "test") })
	now = start.Add(30 * 24 * time.Hour)
	if _, err := s.PruneUpdates(ctx, now.Add(-7*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if last, _ := s.LastUpdateID(ctx); last != 4 {
		t.Errorf("after pruning everything old, polling would resume after %d, want 4", last)
	}
	if fresh, _ := s.RecordUpdate(ctx, 4, []byte(`{}`)); fresh {
		t.Error("the newest handled update, kept, was recorded again as new")
	}
}

func TestOutboxHoldAndRelease(t *testing.T) {
	s := open(t)
	msg := func(chat int64, text string) tandem.Outgoing {
		return tandem.Outgoing{Kind: tandem.KindText, ChatID: chat, Priority: tandem.PriorityBulk, Text: text}
	}
	if err := s.Update(ctx, func(tx *Tx) error {
		return tx.Enqueue(ctx, msg(1, "a"), msg(1, "b"), msg(2, "c"))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx *Tx) error { return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: 1}) }); err == nil {
		t.Error("an empty message was queued")
	}
	s.Update(ctx, func(tx *Tx) error { _, err := tx.HoldChat(ctx, 1, "blocked"); return err })
	rows, _ := s.PendingOutbox(ctx, 10)
	if len(rows) != 1 || rows[0].Msg.Text != "c" {
		t.Errorf("pending after hold: %+v", rows)
	}
	s.Update(ctx, func(tx *Tx) error { _, err := tx.ReleaseChat(ctx, 1); return err })
	rows, _ = s.PendingOutbox(ctx, 10)
	if len(rows) != 3 || rows[0].Msg.Text != "a" {
		t.Errorf("pending after release: %d rows", len(rows))
	}
	if err := s.MarkSent(ctx, rows[0].ID, 42); err != nil {
		t.Fatal(err)
	}
	counts, age, _ := s.OutboxCounts(ctx)
	if counts[OutboxSent] != 1 || counts[OutboxPending] != 2 || age < 0 {
		t.Errorf("counts %v age %s", counts, age)
	}
}

func TestRollbackOnPanicFreesTheWriter(t *testing.T) {
	s := open(t)
	func() {
		defer func() { recover() }()
		s.Update(ctx, func(tx *Tx) error { panic("boom") })
	}()
	done := make(chan error)
	go func() { _, err := s.AddWorker(ctx, 1001, "Jordan"); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a panic inside a transaction left the writer stuck")
	}
}
