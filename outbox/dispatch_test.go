package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // to break the test database on purpose

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
	if f.seen == nil {
		f.seen = map[string]int{}
	}
	f.seen[m.Text]++
	attempt := f.seen[m.Text]
	f.mu.Unlock()
	// fail may block, as a slow Telegram does, without holding up other sends.
	if f.fail != nil {
		if err := f.fail(m, attempt); err != nil {
			return 0, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
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
	l.Concurrency, l.UrgentSenders = 1, 0 // one sender for everything: the order is the choice
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

func TestSlotsKeepTheirPlace(t *testing.T) {
	start := time.Unix(1000, 0)
	s := newSlots(30)
	iv := s.interval
	s.take(start)
	// Each send starts late, as timers do, sometimes by more than a slot; the slots do not
	// drift with them.
	for i := 1; i <= 300; i++ {
		slot := start.Add(time.Duration(i) * iv)
		late := time.Duration(i%7) * 10 * time.Millisecond
		if w := s.wait(slot.Add(late)); w != 0 {
			t.Fatalf("send %d, %s after its slot: told to wait %s", i, late, w)
		}
		s.take(slot.Add(late))
	}
	if want := start.Add(301 * iv); !s.next.Equal(want) {
		t.Errorf("after 301 sends the next slot is %s after the start, want %s: the pace drifted",
			s.next.Sub(start), want.Sub(start))
	}
	if w := s.wait(start.Add(300 * iv)); w != iv {
		t.Errorf("right after a send, wait %s; want one slot (%s)", w, iv)
	}
	// A slot with nothing to send ends the run: the next starts when there is, not in the past.
	quiet := s.next.Add(10 * time.Millisecond)
	s.idle(quiet)
	resume := quiet.Add(5 * time.Second)
	s.take(resume)
	if w := s.wait(resume); w != iv {
		t.Errorf("first send of a new run: the next waits %s, want %s", w, iv)
	}
	// A long stop while sends were waiting (a 429 pause) is not made up in a rush either.
	s.take(resume.Add(time.Minute))
	if w := s.wait(resume.Add(time.Minute)); w != iv {
		t.Errorf("after a minute's pause: the next waits %s, want %s", w, iv)
	}
}

func TestWindowKeepsArrivalsWithinTheCeiling(t *testing.T) {
	// Simulate a sender that leaves as soon as the window allows, with latencies that vary
	// from 0 to 80 ms; Telegram sees each arrival somewhere between leaving and the answer.
	// No sliding second may hold more than the ceiling, and the pace must stay close to it.
	rng := rand.New(rand.NewPCG(1, 2))
	w := newWindow(30, time.Second)
	now := time.Unix(0, 0)
	type req struct{ arrive, answer time.Time }
	var open []req
	var arrivals []time.Time
	for len(arrivals) < 3000 {
		// Answers due by now come back first.
		for i := 0; i < len(open); {
			if !open[i].answer.After(now) {
				w.answer(open[i].answer)
				open = slices.Delete(open, i, i+1)
				continue
			}
			i++
		}
		if wait := w.wait(now); wait == 0 && len(open) < 8 {
			lat := time.Duration(rng.IntN(80)) * time.Millisecond
			arrive := now.Add(time.Duration(rng.Int64N(int64(lat) + 1)))
			open = append(open, req{arrive, now.Add(lat)})
			slices.SortFunc(open, func(a, b req) int { return a.answer.Compare(b.answer) })
			arrivals = append(arrivals, arrive)
			w.leave()
			continue
		}
		now = now.Add(time.Millisecond)
	}
	slices.SortFunc(arrivals, func(a, b time.Time) int { return a.Compare(b) })
	j := 0
	for i, a := range arrivals {
		for a.Sub(arrivals[j]) >= time.Second {
			j++
		}
		if n := i - j + 1; n > 30 {
			t.Fatalf("%d arrivals within one second at arrival %d", n, i)
		}
	}
	rate := float64(len(arrivals)-1) / arrivals[len(arrivals)-1].Sub(arrivals[0]).Seconds()
	if rate < 25 {
		t.Errorf("the window let only %.1f a second through with latencies up to 80 ms", rate)
	}
}

func TestWindowCountsSendsInFlight(t *testing.T) {
	now := time.Unix(0, 0)
	w := newWindow(2, time.Second)
	w.leave()
	w.leave()
	if d := w.wait(now); d != time.Second {
		t.Fatalf("two in flight in a window of 2: wait %s, want a span (until an answer)", d)
	}
	w.answer(now.Add(300 * time.Millisecond))
	if d := w.wait(now.Add(400 * time.Millisecond)); d != 900*time.Millisecond+time.Nanosecond {
		t.Errorf("wait %s; want until a second after the answer", d)
	}
	if d := w.wait(now.Add(1301 * time.Millisecond)); d != 0 {
		t.Errorf("a second after the answer: wait %s", d)
	}

	// Places kept for urgent rows: with 27 of 30 counted, an urgent send may go, an ordinary
	// one that must leave 3 free may not.
	w = newWindow(30, time.Second)
	for range 27 {
		w.leave()
	}
	if d := w.waitRoom(now, 1); d != 0 {
		t.Errorf("27 of 30 counted: an urgent send waits %s", d)
	}
	if d := w.waitRoom(now, 1+3); d == 0 {
		t.Error("27 of 30 counted: an ordinary send went into the places kept for urgent ones")
	}
}

// pickAll drains q as a dispatcher would with sends that end at once, a second apart (so
// per-chat pacing never holds anything up), and returns the chats in the order served.
func pickAll(q *queue, l Limits, n int) []int64 {
	now := time.Unix(0, 0)
	var order []int64
	for range n {
		pc := pacing{now: now, storeNow: now, limits: l, allow: [priorities]bool{true, true, true}}
		h, _ := q.pick(pc)
		if h == nil {
			break
		}
		c := q.chat(h.chat)
		c.tokens.take(now, l.ChatInterval)
		q.forget(h.id)
		order = append(order, h.chat)
		now = now.Add(2 * l.ChatInterval)
	}
	return order
}

func TestQueueServesChatsInTurn(t *testing.T) {
	l := DefaultLimits(30)
	q := newQueue()
	// One stranger's 800 replies are queued first, then ten other people's.
	id := int64(0)
	for range 800 {
		id++
		q.add(&head{id: id, prio: tandem.PriorityConversation, chat: 666, kind: tandem.KindText})
	}
	for c := range 10 {
		id++
		q.add(&head{id: id, prio: tandem.PriorityConversation, chat: int64(100 + c), kind: tandem.KindText})
	}
	var flooded []int64
	q.onFlood = func(chat int64, _ int) { flooded = append(flooded, chat) }
	for range 3 { // more rows for the stranger: reported once, not per row
		id++
		q.add(&head{id: id, prio: tandem.PriorityConversation, chat: 666, kind: tandem.KindText})
	}
	if !slices.Equal(flooded, []int64{666}) {
		t.Errorf("flooded chats reported: %v, want [666] once", flooded)
	}
	if n := q.largestBacklog(); n != 803 {
		t.Errorf("largest backlog %d, want 803", n)
	}
	order := pickAll(q, l, 20)
	served := map[int64]int{}
	for _, c := range order[:11] {
		served[c]++
	}
	for c := range 10 {
		if served[int64(100+c)] != 1 {
			t.Errorf("chat %d served %d times in the first 11 sends (%v): one chat's backlog delays others", 100+c, served[int64(100+c)], order[:11])
		}
	}
	if q.waiting != 813-len(order) {
		t.Errorf("%d waiting after %d sends, want %d", q.waiting, len(order), 813-len(order))
	}
}

func TestQueueKeepsEachChatsOrder(t *testing.T) {
	l := DefaultLimits(30)
	q := newQueue()
	// Added out of order (as reading the backlog again may): they still go by priority, then id.
	for _, h := range []*head{
		{id: 5, prio: tandem.PriorityBulk, chat: 1}, {id: 2, prio: tandem.PriorityBulk, chat: 1},
		{id: 9, prio: tandem.PriorityUrgent, chat: 1}, {id: 7, prio: tandem.PriorityConversation, chat: 1},
	} {
		h.kind = tandem.KindText
		q.add(h)
	}
	q.add(&head{id: 2, prio: tandem.PriorityBulk, chat: 1, kind: tandem.KindText}) // known: ignored
	var ids []int64
	now := time.Unix(0, 0)
	for range 5 {
		h, _ := q.pick(pacing{now: now, storeNow: now, limits: l, allow: [priorities]bool{true, true, true}})
		if h == nil {
			break
		}
		ids = append(ids, h.id)
		now = now.Add(10 * time.Second)
	}
	if !slices.Equal(ids, []int64{9, 7, 2, 5}) {
		t.Errorf("sent %v, want [9 7 2 5]: urgent, conversation, then bulk by age, each once", ids)
	}
}

func TestUrgentKeepsAChatToken(t *testing.T) {
	l := DefaultLimits(30)
	q := newQueue()
	now := time.Unix(0, 0)
	pc := pacing{now: now, storeNow: now, limits: l, allow: [priorities]bool{true, true, true}}
	for id := int64(1); id <= 3; id++ {
		q.add(&head{id: id, prio: tandem.PriorityConversation, chat: 7, kind: tandem.KindText})
	}
	for range 2 {
		h, _ := q.pick(pc)
		if h == nil {
			t.Fatal("two quick replies to one chat did not go at once")
		}
		q.chat(7).tokens.take(now, l.ChatInterval)
	}
	if h, w := q.pick(pc); h != nil || w <= 0 {
		t.Fatalf("a third reply in the same instant: %v (wait %s); want it paced", h, w)
	}
	q.add(&head{id: 4, prio: tandem.PriorityUrgent, chat: 7, kind: tandem.KindText})
	if h, _ := q.pick(pc); h == nil || h.id != 4 {
		t.Fatalf("a crisis reply right after two messages did not go at once: got %v", h)
	}
}

func TestSlowSendsNeverHoldAnUrgentOne(t *testing.T) {
	release := make(chan struct{})
	var slow atomic.Int32
	l := fast()
	l.Concurrency, l.UrgentSenders = 3, 2
	r := newRig(t, l, func(m tandem.Outgoing, _ int) error {
		if m.Priority != tandem.PriorityUrgent || m.Text == "slow crisis" {
			slow.Add(1)
			<-release // Telegram is slow to answer every prompt, and one crisis reply
		}
		return nil
	})
	for i := range 10 {
		r.enqueue(text(int64(100+i), tandem.PriorityBulk, fmt.Sprint("prompt ", i)))
	}
	// A slow prompt to the same person is in flight too.
	r.enqueue(text(8, tandem.PriorityBulk, "slow prompt to 8"))
	r.run()
	t.Cleanup(func() { close(release) }) // before the rig stops: cleanups run last first
	for slow.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	// Every ordinary sender is held; so is one urgent send, to someone else.
	r.enqueue(text(7, tandem.PriorityUrgent, "slow crisis"))
	for slow.Load() < 4 {
		time.Sleep(time.Millisecond)
	}
	r.enqueue(text(8, tandem.PriorityUrgent, "crisis"), text(9, tandem.PriorityUrgent, "flag"))
	got := r.waitSent(2)
	texts := []string{got[0].msg.Text, got[1].msg.Text}
	slices.Sort(texts)
	if texts[0] != "crisis" || texts[1] != "flag" {
		t.Errorf("sent %q; want the crisis reply and the flag past the slow prompts and the slow crisis reply", texts)
	}
	if n := slow.Load(); n != 4 {
		t.Errorf("%d slow sends started with 3 ordinary senders and one slow crisis reply; want 4", n)
	}
}

// failWrites makes every write to the outbox and to the store's write probe (service_state)
// fail the way a full disk does, through triggers on the real database, until the returned func
// is called.
func failWrites(t *testing.T, path string) (heal func()) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	triggers := map[string]string{
		"fail_outbox":        "BEFORE UPDATE ON outbox",
		"fail_state_update":  "BEFORE UPDATE ON service_state",
		"fail_state_insert":  "BEFORE INSERT ON service_state",
		"fail_schema_update": "BEFORE UPDATE ON schema_version",
	}
	for name, on := range triggers {
		if _, err := db.Exec(`CREATE TRIGGER ` + name + ` ` + on + ` BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
			t.Fatal(err)
		}
	}
	return func() {
		for name := range triggers {
			if _, err := db.Exec(`DROP TRIGGER ` + name); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestFailedWritesStopSendingUntilTheyWork(t *testing.T) {
	var whileDown atomic.Int32
	var r *rig
	r = newRig(t, fast(), func(m tandem.Outgoing, _ int) error {
		if !r.d.Writable() {
			whileDown.Add(1)
		}
		return nil
	})
	var logs syncBuffer
	r.d.log = slog.New(slog.NewTextHandler(&logs, nil))
	r.run()
	r.enqueue(text(2, tandem.PriorityBulk, "before the fault"))
	r.waitSent(1)
	heal := failWrites(t, r.st.Path())
	r.enqueue(text(1, tandem.PriorityBulk, "first"))
	r.waitSent(2)
	for r.d.Writable() {
		time.Sleep(time.Millisecond) // the delivery's record fails
	}
	for i := range 5 {
		r.enqueue(text(int64(10+i), tandem.PriorityBulk, fmt.Sprint("later ", i)))
	}
	// Give the dispatcher every chance to send while it cannot record: it must not.
	for range 3 {
		r.d.Wake()
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(r.sender.log()); n != 2 {
		t.Fatalf("%d messages sent while the store could not record them", n-2)
	}
	heal()
	got := r.waitSent(7)
	r.stop()
	if n := whileDown.Load(); n != 0 {
		t.Errorf("%d sends while writes failed", n)
	}
	for text, n := range r.sender.seen {
		if n != 1 {
			t.Errorf("%q sent %d times", text, n)
		}
	}
	if len(got) != 7 {
		t.Errorf("%d sent, want 7", len(got))
	}
	rows, err := r.st.OutboxForChat(context.Background(), 1)
	if err != nil || rows[0].Status != store.OutboxSent {
		t.Errorf("the first message, delivered during the fault, is %v (%v); want recorded as sent once writes worked", rows, err)
	}
	if n := strings.Count(logs.String(), "level=ERROR"); n != 1 {
		t.Errorf("%d ERROR lines for one outage, want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "sending resumes") {
		t.Error("no log line says sending resumed")
	}
}

func TestAReadOnlyStoreAtStartSendsNothingUntilWritable(t *testing.T) {
	r := newRig(t, fast(), nil)
	heal := failWrites(t, r.st.Path())
	r.enqueue(text(1, tandem.PriorityUrgent, "crisis"))
	r.run()
	for r.d.Writable() {
		time.Sleep(time.Millisecond) // the start-up probe fails
	}
	for range 3 {
		r.d.Wake()
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(r.sender.log()); n != 0 {
		t.Fatalf("%d messages sent by a dispatcher that could not record them", n)
	}
	heal()
	r.waitSent(1)
	r.stop()
	if rows, _ := r.st.OutboxForChat(context.Background(), 1); rows[0].Status != store.OutboxSent {
		t.Errorf("after writes worked again the message is %s, want sent", rows[0].Status)
	}
}

func TestLostRepliesAreNotResentForEver(t *testing.T) {
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var offset atomic.Int64 // the store's clock, moved by the test past each backoff
	r := newRig(t, fast(), func(m tandem.Outgoing, attempt int) error {
		if m.Text == "prompt" || (m.Text == "crisis" && attempt <= 2) {
			return fmt.Errorf("%w: connection reset", tandem.ErrMaybeDelivered)
		}
		return nil
	})
	r.st.SetClock(func() time.Time { return base.Add(time.Duration(offset.Load())) })
	r.enqueue(text(1, tandem.PriorityBulk, "prompt"), text(2, tandem.PriorityUrgent, "crisis"))
	r.run()
	settled := func() bool {
		p, _ := r.st.OutboxForChat(context.Background(), 1)
		c, _ := r.st.OutboxForChat(context.Background(), 2)
		return p[0].Status == store.OutboxSent && c[0].Status == store.OutboxSent
	}
	deadline := time.Now().Add(15 * time.Second)
	for !settled() {
		if time.Now().After(deadline) {
			t.Fatalf("not settled: sends %v", r.sender.seen)
		}
		offset.Add(int64(10 * time.Minute))
		r.d.Wake()
		time.Sleep(5 * time.Millisecond)
	}
	r.stop()
	r.sender.mu.Lock()
	defer r.sender.mu.Unlock()
	if n := r.sender.seen["prompt"]; n != maxUncertain {
		t.Errorf("a prompt whose answers were lost was sent %d times, want %d", n, maxUncertain)
	}
	if n := r.sender.seen["crisis"]; n != 3 {
		t.Errorf("a crisis reply whose answers were lost twice was sent %d times, want 3 (until confirmed)", n)
	}
}

func TestReleasedChatIsSentAgain(t *testing.T) {
	var blocked atomic.Bool
	blocked.Store(true)
	r := newRig(t, fast(), func(m tandem.Outgoing, _ int) error {
		if m.ChatID == 9 && blocked.Load() {
			return fmt.Errorf("%w: bot was blocked by the user", tandem.ErrUnreachable)
		}
		return nil
	})
	r.enqueue(text(9, tandem.PriorityBulk, "x1"), text(9, tandem.PriorityBulk, "x2"))
	r.run()
	for {
		rows, _ := r.st.OutboxForChat(context.Background(), 9)
		if rows[0].Status == store.OutboxHeld && rows[1].Status == store.OutboxHeld {
			break
		}
		time.Sleep(time.Millisecond)
	}
	blocked.Store(false)
	// The person writes again: their held messages are pending once more, under their old ids.
	err := r.st.Update(context.Background(), func(tx *store.Tx) error { _, err := tx.ReleaseChat(context.Background(), 9); return err })
	if err != nil {
		t.Fatal(err)
	}
	r.d.Wake()
	got := r.waitSent(2)
	if got[0].msg.Text != "x1" || got[1].msg.Text != "x2" {
		t.Errorf("after release sent %q, %q; want x1, x2", got[0].msg.Text, got[1].msg.Text)
	}
}

func TestPaidBroadcastOnlyForPrompts(t *testing.T) {
	var mu sync.Mutex
	paid := map[string]bool{}
	l := fast()
	l.PaidRate = 100
	r := newRig(t, l, func(m tandem.Outgoing, _ int) error {
		mu.Lock()
		paid[m.Text] = m.PaidBroadcast
		mu.Unlock()
		return nil
	})
	r.enqueue(text(1, tandem.PriorityBulk, "prompt"), text(2, tandem.PriorityConversation, "reply"),
		text(3, tandem.PriorityUrgent, "crisis"), text(-100, tandem.PriorityBulk, "digest"))
	r.run()
	r.waitSent(4)
	r.stop()
	want := map[string]bool{"prompt": true, "reply": false, "crisis": false, "digest": false}
	mu.Lock()
	defer mu.Unlock()
	for text, w := range want {
		if paid[text] != w {
			t.Errorf("%s sent with allow_paid_broadcast=%v, want %v", text, paid[text], w)
		}
	}
	if n := r.d.PaidBroadcasts(); n != 1 {
		t.Errorf("counted %d paid broadcasts, want 1", n)
	}
}

// syncBuffer is a bytes.Buffer safe for a logger written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTelegramCeilingHoldsUnlessUnpaced checks that a send rate above Telegram's ceiling is
// still held to 30 arrivals in any second by default (every production path uses the
// default), and that only Limits.Unpaced, set in code for the emulator, lifts it.
func TestTelegramCeilingHoldsUnlessUnpaced(t *testing.T) {
	for _, tc := range []struct {
		name    string
		unpaced bool
		n       int
	}{
		{"default keeps the ceiling", false, 75},
		{"unpaced, for the emulator", true, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := fast()
			l.Rate, l.Unpaced = 1e6, tc.unpaced
			r := newRig(t, l, nil)
			msgs := make([]tandem.Outgoing, tc.n)
			for i := range msgs {
				msgs[i] = text(int64(1000+i), tandem.PriorityBulk, fmt.Sprint(i))
			}
			r.enqueue(msgs...)
			r.run()
			got := r.waitSent(tc.n)
			most := 0
			for i := range got {
				n := 0
				for j := i; j < len(got) && got[j].at.Sub(got[i].at) < time.Second; j++ {
					n++
				}
				most = max(most, n)
			}
			if !tc.unpaced && most > TelegramCeiling {
				t.Errorf("%d messages within one second; Telegram's ceiling is %d", most, TelegramCeiling)
			}
			if tc.unpaced && most <= TelegramCeiling {
				t.Errorf("at most %d messages within one second: Unpaced did not lift the ceiling", most)
			}
		})
	}
}

// TestDefaultLimitsArePaced: nothing built from the defaults (which is what the configuration
// builds) is unpaced, whatever rate is asked for.
func TestDefaultLimitsArePaced(t *testing.T) {
	for _, rate := range []float64{0, 1, 25, 30, 31, 1e6} {
		l := DefaultLimits(rate)
		if l.Unpaced || l.ceiling() != TelegramCeiling || l.Rate > TelegramCeiling {
			t.Errorf("DefaultLimits(%g) = rate %g, unpaced %v, ceiling %d; want the ceiling of %d", rate, l.Rate, l.Unpaced, l.ceiling(), TelegramCeiling)
		}
	}
}
