package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// recorder is a Handler that writes what it was told into service_state, in one transaction
// with the update's done mark, and misbehaves on the texts it is told to.
type recorder struct {
	st     *store.Store
	mu     sync.Mutex
	failed map[string]int // text -> times handled so far
	ids    map[string]int64
	// failTimes says how often each text fails before it succeeds; -1 panics every time.
	failTimes map[string]int
}

func (r *recorder) Handle(ctx context.Context, ev *tandem.Event) error {
	return r.st.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SetState(ctx, "seen:"+ev.Text, "yes"); err != nil {
			return err
		}
		r.mu.Lock()
		times, n := r.failTimes[ev.Text], r.failed[ev.Text]
		r.failed[ev.Text]++
		r.ids[ev.Text] = ev.UpdateID
		r.mu.Unlock()
		switch {
		case times < 0:
			panic("handler bug on " + ev.Text)
		case n < times:
			return errors.New("a passing failure")
		}
		return tx.MarkUpdateDone(ctx, ev.UpdateID, "done")
	})
}

func (r *recorder) GiveUp(ctx context.Context, ev *tandem.Event, outcome string) error {
	return r.st.Update(ctx, func(tx *store.Tx) error { return tx.MarkUpdateDone(ctx, ev.UpdateID, outcome) })
}

// A run of updates is handled together, but a failing or panicking update undoes only its own
// effects: the others' are kept, each exactly once.
func TestProcessKeepsEachUpdateApart(t *testing.T) {
	emu := telegramtest.New()
	t.Cleanup(emu.Close)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	c, err := New(ctx, Config{Token: emu.Token(), APIURL: emu.URL(), Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	const n = 12
	outcomes := map[string]string{"m3": "panicked", "m7": "done", "m9": "failed"}
	h := &recorder{st: st, failed: map[string]int{}, ids: map[string]int64{}, failTimes: map[string]int{"m3": -1, "m7": 1, "m9": maxAttempts}}
	for i := range n {
		if _, err := emu.SendMessage(telegramtest.User{ID: int64(100 + i), FirstName: "P"}, fmt.Sprintf("m%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	// Recorded first, so the processor sees them all at once, as after a busy second.
	pollCtx, stopPoll := context.WithCancel(ctx)
	polled := make(chan struct{}, 1)
	go c.Poll(pollCtx, func() { polled <- struct{}{} })
	<-polled
	stopPoll()

	wake := make(chan struct{})
	done := make(chan error, 1)
	procCtx, stop := context.WithCancel(ctx)
	go func() { done <- c.Process(procCtx, h, wake) }()
	for {
		left, err := st.NextUpdates(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("updates not all handled")
		case <-time.After(5 * time.Millisecond):
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i := range n {
		text := fmt.Sprintf("m%d", i)
		want := outcomes[text]
		if want == "" {
			want = "done"
		}
		if got, err := st.UpdateOutcome(ctx, h.ids[text]); err != nil || got != want {
			t.Errorf("%s: outcome %q, %v; want %q", text, got, err, want)
		}
		seen, err := st.State(ctx, "seen:"+text)
		if err != nil {
			t.Fatal(err)
		}
		if kept := want == "done"; (seen == "yes") != kept {
			t.Errorf("%s: effects kept %v, want %v", text, seen == "yes", kept)
		}
	}
	if h.failed["m0"] != 1 || h.failed["m11"] != 1 {
		t.Errorf("updates handled more than once: %v", h.failed)
	}
}
