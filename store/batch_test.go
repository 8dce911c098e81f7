package store

import (
	"context"
	"errors"
	"testing"
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
