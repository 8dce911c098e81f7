package bot_test

import (
	"strings"
	"testing"
	"time"
)

// While the database refuses writes, the intake records nothing and so acknowledges nothing:
// Telegram keeps the update. When writes work again the update is handled and answered, with
// nobody doing anything.
func TestIntakeStopsAcknowledgingWhileWritesFail(t *testing.T) {
	h := newHarness(t)
	h.sendAndWait(stranger, "/help")
	ctx := h.ctx()
	if err := h.st.SimulateReadOnly(ctx, true); err != nil {
		t.Fatal(err)
	}
	before := h.st.WriteFailures()
	polls := func() int { return h.emu.Stats().Requests["getUpdates"] }
	polled := polls()
	h.send(stranger, "/crisis")
	// Wait for two failed attempts to record it (a first, and a retry after a pause). The
	// emulator does not change when the intake fails, so this polls.
	deadline := time.Now().Add(10 * time.Second)
	// Two more polls after the update arrived: it was fetched, not recorded, and fetched again.
	for (h.st.WriteFailures() < before+2 || polls() < polled+2) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if h.st.WriteFailures() < before+2 || polls() < polled+2 {
		t.Fatalf("the intake did not try to record the update again (%d failures, %d polls)", h.st.WriteFailures()-before, polls()-polled)
	}
	if n := h.emu.PendingUpdates(); n != 1 {
		t.Errorf("the update was acknowledged while it could not be saved: %d pending at Telegram", n)
	}
	if err := h.st.SimulateReadOnly(ctx, false); err != nil {
		t.Fatal(err)
	}
	got := h.waitFor(stranger.ID, 2)[1]
	if !strings.Contains(got.Text, "Crisis team") {
		t.Errorf("after writes came back, /crisis got %q", got.Text)
	}
	h.settle()
	if n := h.emu.PendingUpdates(); n != 0 {
		t.Errorf("%d updates still unacknowledged after recovery", n)
	}
	if h.st.WriteFault() != nil {
		t.Errorf("the store still reports a fault: %v", h.st.WriteFault())
	}
}
