package store

import (
	"context"
	"errors"
	"testing"

	"github.com/tandemcare/tandem"
)

// In a batch, each Update stands or falls alone, and what it asked to run after commit runs
// only if it was kept, and only once the batch is on disk.
func TestBatchKeepsUpdatesApart(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	var ran []string
	set := func(ctx context.Context, key string, fail error, boom bool) error {
		return s.Update(ctx, func(tx *Tx) error {
			if err := tx.SetState(ctx, key, "yes"); err != nil {
				return err
			}
			tx.AfterCommit(func() { ran = append(ran, key) })
			if boom {
				panic("boom")
			}
			return fail
		})
	}
	err := s.Batch(ctx, func(ctx context.Context) error {
		if err := set(ctx, "a", nil, false); err != nil {
			return err
		}
		if err := set(ctx, "b", errors.New("no"), false); err == nil {
			t.Error("a failing Update reported no error")
		}
		func() {
			defer func() { _ = recover() }()
			_ = set(ctx, "c", nil, true)
		}()
		if err := set(ctx, "d", nil, false); err != nil {
			return err
		}
		if len(ran) != 0 {
			t.Errorf("after-commit work ran before the batch committed: %v", ran)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"a": "yes", "b": "", "c": "", "d": "yes"} {
		if got, err := s.State(ctx, key); err != nil || got != want {
			t.Errorf("state %s = %q, %v; want %q", key, got, err, want)
		}
	}
	if len(ran) != 2 || ran[0] != "a" || ran[1] != "d" {
		t.Errorf("after-commit work ran for %v, want [a d]", ran)
	}

	// A batch whose own work fails keeps nothing.
	ran = nil
	err = s.Batch(ctx, func(ctx context.Context) error {
		if err := set(ctx, "e", nil, false); err != nil {
			return err
		}
		return errors.New("stop")
	})
	if err == nil {
		t.Fatal("a failed batch reported no error")
	}
	if got, _ := s.State(ctx, "e"); got != "" || len(ran) != 0 {
		t.Errorf("a failed batch kept %q and ran %v", got, ran)
	}
}

// What the dispatcher learns from the store's counters (an urgent row queued, a held chat
// released) it learns from a batch too, once the batch is on disk: a crisis reply handled in
// a batch must not wait for the dispatcher's next look.
func TestBatchTellsTheDispatcherWhatItQueued(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if err := s.Update(ctx, func(tx *Tx) error {
		if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: 7, Priority: tandem.PriorityBulk, Text: "held"}); err != nil {
			return err
		}
		_, err := tx.HoldChat(ctx, 7, "blocked")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	urgent, crisis, releases := s.UrgentQueued(), s.UrgentMessagesQueued(), s.OutboxReleases()
	err := s.Batch(ctx, func(ctx context.Context) error {
		return s.Update(ctx, func(tx *Tx) error {
			if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: 8, Priority: tandem.PriorityUrgent, Text: "crisis"}); err != nil {
				return err
			}
			_, err := tx.ReleaseChat(ctx, 7)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.UrgentQueued() != urgent+1 || s.UrgentMessagesQueued() != crisis+1 || s.OutboxReleases() != releases+1 {
		t.Errorf("after the batch: urgent %d→%d, crisis %d→%d, releases %d→%d",
			urgent, s.UrgentQueued(), crisis, s.UrgentMessagesQueued(), releases, s.OutboxReleases())
	}
}
