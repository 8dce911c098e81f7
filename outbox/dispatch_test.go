package outbox

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// These are unit tests of the dispatcher's decisions, with a fake Sender. The end-to-end
// behaviour through go-telegram/bot and the emulator is tested in package bot.

type sent struct {
	at  time.Time
	msg tandem.Outgoing
}

type fakeSender struct {
	mu   sync.Mutex
	sent []sent
	// fail decides, per message, what error (if any) to return.
	fail func(m tandem.Outgoing, attempt int) error
	seen map[string]int
}

func (f *fakeSender) Send(_ context.Context, m tandem.Outgoing) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seen == nil {
		f.seen = map[string]int{}
	}
	f.seen[m.Text]++
	if f.fail != nil {
		if err := f.fail(m, f.seen[m.Text]); err != nil {
			return 0, err
		}
	}
	f.sent = append(f.sent, sent{time.Now(), m})
	return len(f.sent), nil
}

func (f *fakeSender) log() []sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sent(nil), f.sent...)
}

type rig struct {
	t      *testing.T
	st     *store.Store
	sender *fakeSender
	d      *Dispatcher
	cancel context.CancelFunc
	done   chan struct{}
	held   []int64
	mu     sync.Mutex
}

func newRig(t *testing.T, limits Limits, fail func(tandem.Outgoing, int) error) *rig {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &rig{t: t, st: st, sender: &fakeSender{fail: fail}}
	r.d = NewDispatcher(st, r.sender, limits, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
		func(_ context.Context, _ *store.Tx, chatID int64, _ string) error {
			r.mu.Lock()
			r.held = append(r.held, chatID)
			r.mu.Unlock()
			return nil
		})
	return r
}

func (r *rig) enqueue(msgs ...tandem.Outgoing) {
	r.t.Helper()
	err := r.st.Update(context.Background(), func(tx *store.Tx) error { return tx.Enqueue(context.Background(), msgs...) })
	if err != nil {
		r.t.Fatal(err)
	}
	r.d.Wake()
}

func (r *rig) run() {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan struct{})
	go func() { r.d.Run(ctx); close(r.done) }()
	r.t.Cleanup(r.stop)
}

func (r *rig) stop() {
	if r.cancel != nil {
		r.cancel()
		<-r.done
		r.cancel = nil
	}
}

// waitSent waits for n deliveries.
func (r *rig) waitSent(n int) []sent {
	r.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for len(r.sender.log()) < n {
		if time.Now().After(deadline) {
			r.t.Fatalf("%d of %d messages sent within 15s", len(r.sender.log()), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return r.sender.log()
}

func text(chat int64, prio tandem.Priority, s string) tandem.Outgoing {
	return tandem.Outgoing{Kind: tandem.KindText, ChatID: chat, Priority: prio, Text: s}
}

func fast() Limits {
	l := DefaultLimits(30)
	l.Rate = 1000
	l.ChatInterval = 50 * time.Millisecond
	return l
}

func TestUrgentGoesFirst(t *testing.T) {
	l := fast()
	l.Concurrency = 1
	r := newRig(t, l, nil)
	for i := range 20 {
		r.enqueue(text(int64(100+i), tandem.PriorityBulk, fmt.Sprint("prompt ", i)))
	}
	r.enqueue(text(7, tandem.PriorityConversation, "reply"), text(8, tandem.PriorityUrgent, "crisis"))
	r.run()
	got := r.waitSent(22)
	if got[0].msg.Text != "crisis" || got[1].msg.Text != "reply" {
		t.Errorf("first sent %q then %q; want the urgent message, then the reply", got[0].msg.Text, got[1].msg.Text)
	}
}

func TestOneChatKeepsItsOrderAndPace(t *testing.T) {
	l := fast()
	l.ChatInterval, l.ChatBurst = 200*time.Millisecond, 2
	r := newRig(t, l, nil)
	for i := range 5 {
		r.enqueue(text(5, tandem.PriorityConversation, fmt.Sprint("m", i)))
	}
	r.run()
	got := r.waitSent(5)
	for i, s := range got {
		if s.msg.Text != fmt.Sprint("m", i) {
			t.Fatalf("message %d is %q: a chat's messages must arrive in order", i, s.msg.Text)
		}
	}
	// Two at once (the burst), then one every interval.
	if span := got[4].at.Sub(got[0].at); span < 550*time.Millisecond {
		t.Errorf("5 messages to one chat took %s; the pace allows no less than 600ms", span)
	}
}

func TestGlobalRateIsNeverExceeded(t *testing.T) {
	l := fast()
	l.Rate = 100
	r := newRig(t, l, nil)
	for i := range 150 {
		r.enqueue(text(int64(1000+i), tandem.PriorityBulk, fmt.Sprint(i)))
	}
	r.run()
	got := r.waitSent(150)
	// No window of one second holds more than rate + burst.
	for i := range got {
		n := 0
		for j := i; j < len(got) && got[j].at.Sub(got[i].at) < time.Second; j++ {
			n++
		}
		if n > 102 {
			t.Fatalf("%d messages in one second at a rate of 100", n)
		}
	}
	if span := got[149].at.Sub(got[0].at); span < 1400*time.Millisecond {
		t.Errorf("150 messages at 100/s took %s", span)
	}
}

func TestRetryAfterPausesTheWholeQueue(t *testing.T) {
	var once sync.Once
	r := newRig(t, fast(), func(m tandem.Outgoing, _ int) error {
		var err error
		once.Do(func() { err = &tandem.RateLimitedError{RetryAfter: time.Second} })
		return err
	})
	r.enqueue(text(1, tandem.PriorityBulk, "a"))
	start := time.Now()
	r.run()
	time.Sleep(50 * time.Millisecond)
	r.enqueue(text(2, tandem.PriorityBulk, "b"), text(3, tandem.PriorityUrgent, "c"))
	got := r.waitSent(3)
	for _, s := range got {
		if s.at.Sub(start) < time.Second {
			t.Errorf("%q went %s after a 429 asking for 1s", s.msg.Text, s.at.Sub(start))
		}
	}
}

func TestPassingFailuresAreRetriedAndRejectionsAreNot(t *testing.T) {
	r := newRig(t, fast(), func(m tandem.Outgoing, attempt int) error {
		switch {
		case m.Text == "flaky" && attempt < 3:
			return fmt.Errorf("HTTP 502")
		case m.Text == "bad":
			return fmt.Errorf("%w: can't parse entities", tandem.ErrRejected)
		case m.Text == "same":
			return fmt.Errorf("%w: message is not modified", tandem.ErrUnchanged)
		}
		return nil
	})
	r.enqueue(text(1, tandem.PriorityConversation, "flaky"), text(2, tandem.PriorityConversation, "bad"), text(3, tandem.PriorityConversation, "same"))
	r.run()
	got := r.waitSent(1)
	if got[0].msg.Text != "flaky" {
		t.Errorf("sent %q", got[0].msg.Text)
	}
	r.stop()
	for chat, want := range map[int64]string{1: store.OutboxSent, 2: store.OutboxFailed, 3: store.OutboxSent} {
		rows, _ := r.st.OutboxForChat(context.Background(), chat)
		if rows[0].Status != want {
			t.Errorf("chat %d: %s, want %s (%s)", chat, rows[0].Status, want, rows[0].LastError)
		}
	}
	if n := r.sender.seen["bad"]; n != 1 {
		t.Errorf("a rejected message was tried %d times", n)
	}
	if rows, _ := r.st.OutboxForChat(context.Background(), 1); rows[0].Attempts != 3 {
		t.Errorf("flaky: %d attempts recorded, want 3", rows[0].Attempts)
	}
}

func TestUnreachableChatIsHeldAndOthersFlow(t *testing.T) {
	r := newRig(t, fast(), func(m tandem.Outgoing, _ int) error {
		if m.ChatID == 9 {
			return fmt.Errorf("%w: bot was blocked by the user", tandem.ErrUnreachable)
		}
		return nil
	})
	r.enqueue(text(9, tandem.PriorityBulk, "x1"), text(9, tandem.PriorityBulk, "x2"), text(10, tandem.PriorityBulk, "y"))
	r.run()
	r.waitSent(1)
	time.Sleep(100 * time.Millisecond)
	r.stop()
	rows, _ := r.st.OutboxForChat(context.Background(), 9)
	for _, row := range rows {
		if row.Status != store.OutboxHeld {
			t.Errorf("%q is %s, want held", row.Msg.Text, row.Status)
		}
	}
	if r.sender.seen["x2"] != 0 {
		t.Error("tried the second message after the chat refused the first")
	}
	if len(r.held) != 1 || r.held[0] != 9 {
		t.Errorf("unreachable hook called for %v", r.held)
	}
}

func TestBucket(t *testing.T) {
	var b bucket
	now := time.Unix(0, 0)
	iv := time.Second
	for i := range 3 {
		if d := b.delay(now, iv, 3); d != 0 {
			t.Fatalf("send %d of a burst of 3 delayed %s", i, d)
		}
		b.take(now, iv)
	}
	if d := b.delay(now, iv, 3); d != time.Second {
		t.Errorf("4th send delayed %s, want 1s", d)
	}
	if d := b.delay(now.Add(5*time.Second), iv, 3); d != 0 {
		t.Errorf("after a rest, delayed %s", d)
	}
}
