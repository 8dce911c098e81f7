package bot_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// A message decided and committed, but not yet sent when the process dies, goes out exactly
// once after the restart.
func TestCrashBetweenDecidedAndSentSendsOnceAfterRestart(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	before := len(h.emu.BotMessages(sam.ID))

	// Telegram is down: every send fails, so the reply stays in the outbox.
	h.emu.FailNext("sendMessage", 1000, 502, "Bad Gateway", 0)
	h.send(sam, "/help")
	waitUntil(t, func() bool {
		rows, _ := h.st.OutboxForChat(context.Background(), sam.ID)
		last := rows[len(rows)-1]
		return last.Status == store.OutboxPending && last.Attempts >= 1
	})
	h.svc.Stop() // the process dies here

	h.emu.FailNext("sendMessage", 0, 0, "", 0) // Telegram is back
	h.start()
	msgs := h.waitFor(sam.ID, before+1)
	mustContain(t, "reply after restart", msgs[before].Text, "What I can do")
	h.settle()
	if got := len(h.emu.BotMessages(sam.ID)); got != before+1 {
		t.Errorf("after restart Sam got %d messages, want exactly one more: %s", got-before, dump(h.emu.BotMessages(sam.ID)[before:]))
	}
}

// Updates recorded but not handled when the process dies are handled after the restart, once.
func TestRestartHandlesEveryUpdateOnce(t *testing.T) {
	h := newHarness(t)
	h.openWorkerChat(workerUser)
	for range 3 {
		h.sendAndWait(stranger, "hello")
	}
	h.restart()
	h.sendAndWait(stranger, "/help")
	h.settle()
	if got := len(h.emu.BotMessages(stranger.ID)); got != 4 {
		t.Errorf("4 messages in, %d replies out: %s", got, dump(h.emu.BotMessages(stranger.ID)))
	}
}

func TestWebhookChecksSecretAndActsOnDuplicatesOnce(t *testing.T) {
	h := newHarness(t) // polling first, to enrol Sam
	h.join(sam, workerUser, "Sam")
	h.settle()
	if err := h.svc.Stop(); err != nil {
		t.Fatal(err)
	}

	// Webhook mode, behind a proxy that loses our first answer to each update, as a network
	// might: Telegram then delivers the same update again.
	var svc atomic.Pointer[app.Service]
	var seen seenBodies
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		svc.Load().WebhookHandler().ServeHTTP(rec, r)
		if rec.Code == http.StatusOK && seen.first(string(body)) {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(rec.Code)
	}))
	t.Cleanup(proxy.Close)
	h.webhook, h.secret = proxy.URL+"/telegram", "s3cret-token_ok"
	h.start()
	svc.Store(h.svc)

	before := len(h.emu.BotMessages(sam.ID))
	h.send(sam, "/help")
	h.waitFor(sam.ID, before+1)
	h.settle()
	if seen.count() < 1 {
		t.Fatal("the proxy saw no webhook delivery")
	}
	if got := len(h.emu.BotMessages(sam.ID)); got != before+1 {
		t.Errorf("one /help delivered twice got %d replies", got-before)
	}

	// The secret token: wrong or missing is 401 (the library's own handler would answer 200).
	upd := `{"update_id": 999999, "message": {"message_id": 1, "date": 0, "chat": {"id": 2001, "type": "private"}, "from": {"id": 2001, "is_bot": false, "first_name": "S"}, "text": "/help"}}`
	for _, tc := range []struct {
		secret string
		want   int
	}{{"", 401}, {"wrong", 401}, {h.secret, 200}, {h.secret, 200}} {
		req := httptest.NewRequest(http.MethodPost, "/telegram", strings.NewReader(upd))
		if tc.secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", tc.secret)
		}
		rec := httptest.NewRecorder()
		h.svc.WebhookHandler().ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("secret %q: HTTP %d, want %d", tc.secret, rec.Code, tc.want)
		}
	}
	h.waitFor(sam.ID, before+2)
	h.settle()
	if got := len(h.emu.BotMessages(sam.ID)); got != before+2 {
		t.Errorf("the same update POSTed twice got %d replies, want 1", got-before-1)
	}
}

// seenBodies remembers webhook bodies, reporting the first sight of each.
type seenBodies struct {
	mu sync.Mutex
	m  map[string]bool
}

func (s *seenBodies) first(body string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]bool{}
	}
	if s.m[body] {
		return false
	}
	s.m[body] = true
	return true
}

func (s *seenBodies) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

func TestRateLimitAndServerErrorsAreRetried(t *testing.T) {
	h := newHarness(t)
	h.openWorkerChat(workerUser)
	h.settle()
	h.emu.FailNext("sendMessage", 1, 429, "Too Many Requests: retry after 1", 1)
	start := time.Now()
	mustContain(t, "after 429", h.sendAndWait(stranger, "/help").Text, "invite")
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("sent again after %s; Telegram asked for 1s", waited)
	}
	h.emu.FailNext("sendMessage", 2, 500, "Internal Server Error", 0)
	mustContain(t, "after 500s", h.sendAndWait(stranger, "/crisis").Text, "If you need help now")
	h.settle()
	if got := len(h.emu.BotMessages(stranger.ID)); got != 2 {
		t.Errorf("got %d messages, want 2 (no duplicates from retries)", got)
	}
}

func TestBlockedPersonIsHeldAndWorkerTold(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	workerBefore := len(h.emu.BotMessages(workerUser.ID))
	samBefore := len(h.emu.BotMessages(sam.ID))

	h.emu.BlockBot(sam.ID)
	// Something scheduled for Sam, as a check-in prompt would be.
	err := h.st.Update(context.Background(), func(tx *store.Tx) error {
		return tx.Enqueue(context.Background(), tandem.Outgoing{Kind: tandem.KindText, ChatID: sam.ID, Priority: tandem.PriorityBulk, Text: "How are you today?"})
	})
	if err != nil {
		t.Fatal(err)
	}
	h.svc.Dispatcher.Wake()
	told := h.waitFor(workerUser.ID, workerBefore+1)[workerBefore]
	mustContain(t, "worker told", told.Text, "can't reach", "Sam")
	p, _ := h.st.PersonByTelegramID(context.Background(), sam.ID)
	if p.State != tandem.StateUnreachable {
		t.Errorf("state = %s, want unreachable", p.State)
	}
	rows, _ := h.st.OutboxForChat(context.Background(), sam.ID)
	if last := rows[len(rows)-1]; last.Status != store.OutboxHeld {
		t.Errorf("the prompt is %s, want held", last.Status)
	}

	// Sam unblocks and writes: the held prompt goes, and so does the reply. Unblocking is an
	// update of its own that releases the prompt, so which arrives first depends on whether the
	// prompt went before /help was read: both must arrive, once each.
	h.emu.UnblockBot(sam.ID)
	h.send(sam, "/help")
	msgs := h.waitFor(sam.ID, samBefore+2)[samBefore:]
	both := msgs[0].Text + "\n---\n" + msgs[1].Text
	mustContain(t, "reply and held prompt", both, "What I can do", "How are you today?")
	h.settle()
	if got := len(h.emu.BotMessages(workerUser.ID)); got != workerBefore+1 {
		t.Errorf("the worker was told %d times", got-workerBefore)
	}
}

func TestPanicInHandlerIsAnsweredKindly(t *testing.T) {
	h := newHarness(t)
	h.svc.Bot.HandleCommand("boom", func(context.Context, *tandem.Event) error { panic("boom") })
	sorry := h.sendAndWait(stranger, "/boom")
	mustContain(t, "after panic", sorry.Text, "something went wrong", "/crisis")
	mustContain(t, "still serving", h.sendAndWait(stranger, "/crisis").Text, "Crisis team")
	h.settle()
	if got := len(h.emu.BotMessages(stranger.ID)); got != 2 {
		t.Errorf("got %d messages, want one apology and one reply", got)
	}
	var out bytes.Buffer
	h.reg.WriteTo(&out)
	if !strings.Contains(out.String(), "tandem_handler_panics_total 3") {
		t.Errorf("panics not counted (3 attempts):\n%s", grep(out.String(), "panic"))
	}
}

func TestForgedButtonsChangeNothing(t *testing.T) {
	h := newHarness(t)
	h.openWorkerChat(workerUser)
	code, _ := h.invite(workerUser, "")
	h.send(sam, "/start "+code)
	summary := h.waitFor(sam.ID, 2)[1]

	// Alex forges Sam's "I agree": nothing is enrolled, and Sam's invite stays Sam's.
	qid := h.emu.PressForged(alex, alex.ID, summary.ID, bot.ConsentAgree)
	h.emu.PressForged(stranger, stranger.ID, 1, "stop:yes")
	h.emu.PressForged(stranger, stranger.ID, 1, strings.Repeat("x", 64))
	h.settle()
	if _, err := h.st.PersonByTelegramID(context.Background(), alex.ID); err == nil {
		t.Error("a forged press enrolled Alex")
	}
	if text, ok := h.emu.CallbackAnswer(qid); !ok || !strings.Contains(text, "no longer does anything") {
		t.Errorf("forged press answered %v %q", ok, text)
	}
	h.press(sam, summary, "I agree")
	h.waitFor(workerUser.ID, 3)
}

// At Telegram's real limits, a burst of replies to one person and a fan-out to many arrive
// without a single 429: the dispatcher paces itself rather than relying on retries.
func TestTelegramPaceCausesNo429s(t *testing.T) {
	h := newRealHarness(t)
	h.openWorkerChat(workerUser)
	for _, u := range []telegramtest.User{sam, alex, stranger} {
		h.send(u, "/crisis")
		h.send(u, "/help")
		h.send(u, "hello")
	}
	for _, u := range []telegramtest.User{sam, alex, stranger} {
		h.waitFor(u.ID, 3)
	}
	h.settle()
	if st := h.emu.Stats(); st.TooManyRequests != 0 {
		t.Errorf("the emulator answered %d requests with 429", st.TooManyRequests)
	}
	// Crisis contacts come first even when asked for in the same breath as other things.
	for _, u := range []telegramtest.User{sam, alex, stranger} {
		mustContain(t, "first reply", h.emu.BotMessages(u.ID)[0].Text, "If you need help now")
	}
}

func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func grep(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
