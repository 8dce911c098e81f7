package bot_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tandemcare/tandem/store"
)

func TestDeleteRequestStopsMessagesAndTellsTheWorker(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	h.sendAndWait(sam, "/agenda my tablets")
	ask := h.sendAndWait(sam, "/delete")
	mustContain(t, "ask", ask.Text, "deleted", "can't be undone", "/mydata")
	w0 := len(h.emu.BotMessages(workerUser.ID))
	done := h.pressAndNext(sam, ask, "Yes, delete my data")
	mustContain(t, "requested", done.Text, "request is recorded", "Crisis team")
	mustContain(t, "worker told", h.waitFor(workerUser.ID, w0+1)[w0].Text, "Sam has asked for everything Tandem holds about them to be deleted")
	if p := h.person(sam); p.State != "stopped" {
		t.Errorf("state after a deletion request: %s", p.State)
	}
	reqs, err := h.st.DeletionRequests(context.Background())
	if err != nil || len(reqs) != 1 {
		t.Fatalf("deletion requests: %v %v", reqs, err)
	}

	// What the administrator's confirmation does: nothing about Sam is left.
	p := h.person(sam)
	if err := h.st.Update(context.Background(), func(tx *store.Tx) error { return tx.DeletePerson(context.Background(), p.ID) }); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.PersonByTelegramID(context.Background(), sam.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after deletion: %v", err)
	}
	for _, table := range []string{"checkins", "answers", "schedules"} {
		if n, _ := h.st.Count(context.Background(), table); n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
}

func TestRetentionDeletesWithdrawnPeopleAfterThePeriod(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	ask := h.sendAndWait(sam, "/stop")
	h.press(sam, ask, "Yes, stop")
	h.settle()
	// The pass is run by hand, so the service's own hourly loop is stopped first.
	if err := h.svc.Stop(); err != nil {
		t.Fatal(err)
	}
	h.svc.Bot.SetRetainAfterStop(24 * time.Hour)
	if err := h.svc.Bot.Retention(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.PersonByTelegramID(context.Background(), sam.ID); err != nil {
		t.Fatal("deleted before the retention period ended")
	}
	h.st.SetClock(func() time.Time { return time.Now().Add(25 * time.Hour) })
	if err := h.svc.Bot.Retention(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.PersonByTelegramID(context.Background(), sam.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("still there after the retention period: %v", err)
	}
	// Handled updates are forgotten after a week, all but the newest, which polling resumes after.
	if n, _ := h.st.Count(context.Background(), "updates"); n < 2 {
		t.Fatalf("%d updates recorded before the week was up", n)
	}
	h.st.SetClock(func() time.Time { return time.Now().Add(8 * 24 * time.Hour) })
	if err := h.svc.Bot.Retention(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, _ := h.st.Count(context.Background(), "updates"); n != 1 {
		t.Errorf("%d updates kept a week later, want only the newest", n)
	}
}
