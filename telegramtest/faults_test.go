package telegramtest

import (
	"testing"
	"time"
)

// A dropped reply still leaves the message in the chat (Telegram acted on it); a slow one
// arrives late; methods not named are untouched; StartChat lets the bot write first.
func TestFaults(t *testing.T) {
	s := newTestServer(t, WithLimits(Limits{Disabled: true}))
	s.StartChat(alice)
	if s.PendingUpdates() != 0 {
		t.Fatal("StartChat queued an update")
	}
	s.SetFaults(Faults{Methods: []string{"sendMessage"}, DropFraction: 1})
	r, err := doCall(s.URL()+"/bot"+s.Token()+"/sendMessage", asJSON, map[string]any{"chat_id": alice.ID, "text": "hello"})
	if err == nil {
		t.Errorf("a dropped connection answered: %+v", r)
	}
	if got := s.BotMessages(alice.ID); len(got) != 1 || got[0].Text != "hello" {
		t.Errorf("after a dropped reply the chat has %+v", got)
	}
	mustOK(t, call(t, s, "getMe", asJSON, nil))

	s.SetFaults(Faults{Methods: []string{"sendMessage"}, SlowFraction: 1, SlowMin: 200 * time.Millisecond, SlowMax: 200 * time.Millisecond})
	start := time.Now()
	mustOK(t, call(t, s, "sendMessage", asJSON, map[string]any{"chat_id": alice.ID, "text": "late"}))
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("a slow reply came after %v", d)
	}
	if slowed, dropped := s.FaultCounts(); slowed != 1 || dropped != 1 {
		t.Errorf("counts: %d slowed, %d dropped", slowed, dropped)
	}
	s.SetFaults(Faults{})
	mustOK(t, call(t, s, "sendMessage", asJSON, map[string]any{"chat_id": alice.ID, "text": "fine"}))
}
