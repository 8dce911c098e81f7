package bot_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/app"
	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/outbox"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegram"
	"github.com/tandemcare/tandem/telegramtest"
)

// The cast of the bot's tests.
var (
	workerUser = telegramtest.User{ID: 1001, FirstName: "Jordan", LastName: "Reyes", LanguageCode: "en"}
	otherWorkr = telegramtest.User{ID: 1002, FirstName: "Priya", LastName: "Shah", LanguageCode: "en"}
	sam        = telegramtest.User{ID: 2001, FirstName: "Samantha", LanguageCode: "en"}
	alex       = telegramtest.User{ID: 2002, FirstName: "Alex", LanguageCode: "en"}
	stranger   = telegramtest.User{ID: 3001, FirstName: "Kim", LanguageCode: "en"}
)

// staffChannel is the emulated staff channel.
const staffChannel = -1001234567

var testCrisis = []tandem.CrisisContact{
	{Name: "Crisis team", Contact: "0800 000 111", When: "24 hours",
		In: map[string]tandem.CrisisWords{"es": {Name: "Equipo de crisis", When: "las 24 horas"}}},
	{Name: "Samaritans", Contact: "116 123", When: "any time"},
}

// harness runs the real bot, through go-telegram/bot over HTTP, against the emulator.
type harness struct {
	t       *testing.T
	limits  outbox.Limits
	emu     *telegramtest.Server
	st      *store.Store
	svc     *app.Service
	reg     *metrics.Registry
	webhook string // set for webhook mode
	secret  string
	// manual leaves the scheduler to h.tick; clock is the time the bot sees.
	manual bool
	clock  atomic.Pointer[time.Time]
	// messaging is the service's messaging mode ("" is the default, ask).
	messaging tandem.MessagingMode
	// language is the service's (config language); empty is English.
	language string
}

// newCheckinHarness starts a bot whose clock the test moves and whose scheduler runs only when
// the test calls tick, so each step of a check-in's life can be seen.
func newCheckinHarness(t *testing.T, start time.Time) *harness {
	t.Helper()
	t.Parallel()
	h := fastHarness(t)
	h.manual = true
	h.clock.Store(&start)
	return h.open()
}

// setNow moves the bot's clock.
func (h *harness) setNow(t time.Time) { h.clock.Store(&t) }

// tick moves the clock to t and runs the scheduler once, as its loop would at that moment.
func (h *harness) tick(t time.Time) {
	h.t.Helper()
	h.setNow(t)
	if err := h.svc.Scheduler.Tick(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	h.settle()
}

// newHarness starts a bot for a functional test. Chats are paced ten times faster than Telegram
// allows so the suite stays quick; the emulator enforces that faster pace just as strictly, and
// TestTelegramPaceCausesNo429s runs at Telegram's real limits.
func newHarness(t *testing.T) *harness {
	t.Helper()
	t.Parallel()
	return fastHarness(t).open()
}

// fastHarness is a harness not yet opened whose chats are paced ten times faster than Telegram
// allows, with an emulator that enforces that pace; set its fields, then open it.
func fastHarness(t *testing.T) *harness {
	emuLimits := telegramtest.DefaultLimits()
	emuLimits.ChatPerSecond, emuLimits.ChatBurst = 10, 3
	limits := outbox.DefaultLimits(25)
	limits.ChatInterval = 110 * time.Millisecond
	return &harness{t: t, emu: telegramtest.New(telegramtest.WithLimits(emuLimits)), limits: limits}
}

// newRealHarness starts a bot paced exactly as in production, against Telegram's limits.
func newRealHarness(t *testing.T) *harness {
	t.Helper()
	t.Parallel()
	return startHarness(t, outbox.DefaultLimits(25), telegramtest.WithLimits(telegramtest.DefaultLimits()))
}

func startHarness(t *testing.T, limits outbox.Limits, opts ...telegramtest.Option) *harness {
	t.Helper()
	h := &harness{t: t, emu: telegramtest.New(opts...), limits: limits}
	return h.open()
}

func (h *harness) open() *harness {
	t := h.t
	t.Helper()
	t.Cleanup(h.emu.Close)
	h.emu.AddChannel(staffChannel, "Riverside staff")
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "tandem.db"))
	if err != nil {
		t.Fatal(err)
	}
	h.st = st
	if h.manual {
		st.SetClock(func() time.Time { return *h.clock.Load() })
	}
	t.Cleanup(func() { st.Close() })
	for _, w := range []telegramtest.User{workerUser, otherWorkr} {
		if _, err := st.AddWorker(context.Background(), w.ID, w.FirstName+" "+w.LastName); err != nil {
			t.Fatal(err)
		}
	}
	h.start()
	return h
}

func (h *harness) config() app.Config {
	hours, err := tandem.ParseWorkingHours("Mon-Fri 09:00-17:00", time.UTC)
	if err != nil {
		h.t.Fatal(err)
	}
	h.reg = metrics.NewRegistry()
	return app.Config{
		Telegram: telegram.Config{Token: h.emu.Token(), APIURL: h.emu.URL(), MenuInterval: time.Millisecond},
		Bot: bot.Config{
			Store: h.st, Pack: content.Default(),
			CrisisContacts: testCrisis, WorkingHours: hours, ServiceName: "Riverside CMHT", StaffChannelID: staffChannel,
			Messaging: h.messaging,
			Location:  time.UTC, InviteTTL: 14 * 24 * time.Hour,
			Log:      slog.New(slog.NewTextHandler(testLogOut(), nil)),
			Metrics:  h.reg,
			Language: h.language,
		},
		Limits:          h.limits,
		WebhookURL:      h.webhook,
		WebhookSecret:   h.secret,
		ManualScheduler: h.manual,
	}
}

func (h *harness) start() {
	h.t.Helper()
	svc, err := app.Start(context.Background(), h.config())
	if err != nil {
		h.t.Fatal(err)
	}
	h.svc = svc
	h.t.Cleanup(func() { svc.Stop() })
}

// restart stops the bot as a crash or deploy would and starts a new one on the same database.
func (h *harness) restart() {
	h.t.Helper()
	if err := h.svc.Stop(); err != nil {
		h.t.Fatal(err)
	}
	h.start()
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	h.t.Cleanup(cancel)
	return ctx
}

func (h *harness) send(u telegramtest.User, text string) {
	h.t.Helper()
	if _, err := h.emu.SendMessage(u, text); err != nil {
		h.t.Fatalf("%s sends %q: %v", u.FirstName, text, err)
	}
}

// waitFor waits until the chat has n bot messages and returns them all.
func (h *harness) waitFor(chatID int64, n int) []telegramtest.Message {
	h.t.Helper()
	msgs, err := h.emu.WaitBotMessages(h.ctx(), chatID, n)
	if err != nil {
		h.t.Fatalf("chat %d: waiting for %d bot messages: %v; got %d: %s", chatID, n, err, len(h.emu.BotMessages(chatID)), dump(h.emu.BotMessages(chatID)))
	}
	return msgs
}

// sendAndWait sends text and returns the bot's next message in that chat.
func (h *harness) sendAndWait(u telegramtest.User, text string) telegramtest.Message {
	h.t.Helper()
	before := len(h.emu.BotMessages(u.ID))
	h.send(u, text)
	return h.waitFor(u.ID, before+1)[before]
}

// press presses a button on a bot message, found by its label.
func (h *harness) press(u telegramtest.User, m telegramtest.Message, label string) string {
	h.t.Helper()
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == label {
				id, err := h.emu.PressButton(u, m.ChatID, m.ID, b.CallbackData)
				if err != nil {
					h.t.Fatalf("press %q: %v", label, err)
				}
				return id
			}
		}
	}
	h.t.Fatalf("no button %q on message %q", label, m.Text)
	return ""
}

// settle waits until the outbox is empty and every update is handled, so a test can assert
// that nothing more was said.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		counts, _, err := h.st.OutboxCounts(context.Background())
		if err != nil {
			h.t.Fatal(err)
		}
		pending, err := h.st.NextUpdates(context.Background(), 1)
		if err != nil {
			h.t.Fatal(err)
		}
		if counts[store.OutboxPending] == 0 && len(pending) == 0 && h.emu.PendingUpdates() == 0 && h.svc.Dispatcher.InFlight() == 0 && h.svc.MenusSettled() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.t.Fatal("the bot did not settle within 10s")
}

var inviteLink = regexp.MustCompile(`https://t\.me/[A-Za-z0-9_]+\?start=([A-Za-z0-9_-]+)`)

// invite has the worker make an invite and returns its code.
func (h *harness) invite(w telegramtest.User, args string) (string, telegramtest.Message) {
	h.t.Helper()
	m := h.sendAndWait(w, strings.TrimSpace("/invite "+args))
	match := inviteLink.FindStringSubmatch(m.Text)
	if match == nil {
		h.t.Fatalf("no invite link in %q", m.Text)
	}
	return match[1], m
}

// join takes a person from invite to agreed consent and returns the worker's "joined" message.
func (h *harness) join(u telegramtest.User, w telegramtest.User, name string) telegramtest.Message {
	h.t.Helper()
	return h.joinAs(u, w, name, "I agree")
}

// joinAs is join for someone whose app is in another language: agree is the consent button's label.
func (h *harness) joinAs(u telegramtest.User, w telegramtest.User, name, agree string) telegramtest.Message {
	h.t.Helper()
	h.openWorkerChat(w)
	code, _ := h.invite(w, name)
	before := len(h.emu.BotMessages(u.ID))
	h.send(u, "/start "+code)
	msgs := h.waitFor(u.ID, before+2)
	workerBefore := len(h.emu.BotMessages(w.ID))
	h.press(u, msgs[before+1], agree)
	// Consent is followed by the question of when check-ins should come.
	offer := h.waitFor(u.ID, before+4)[before+3]
	if len(offer.Buttons) == 0 {
		h.t.Fatalf("after consent, no check-in times offered: %q", offer.Text)
	}
	return h.waitFor(w.ID, workerBefore+1)[workerBefore]
}

func (h *harness) openWorkerChat(w telegramtest.User) {
	h.t.Helper()
	for _, m := range h.emu.Messages(w.ID) {
		if !m.FromBot && m.Text == "/start" {
			return
		}
	}
	h.sendAndWait(w, "/start")
}

func dump(msgs []telegramtest.Message) string {
	var sb strings.Builder
	for _, m := range msgs {
		sb.WriteString("\n  - " + strings.ReplaceAll(m.Text, "\n", " / "))
	}
	return sb.String()
}

func mustContain(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: want %q in:\n%s", what, w, got)
		}
	}
}

// testLogOut is where the bot under test logs: nowhere, unless TANDEM_TEST_LOG=1 asks for
// stderr when a test needs explaining.
func testLogOut() io.Writer {
	if os.Getenv("TANDEM_TEST_LOG") == "1" {
		return os.Stderr
	}
	return io.Discard
}
