package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegram"
	"github.com/tandemcare/tandem/telegramtest"
)

// fuzzBot is the real bot with its handlers fed recorded updates directly, as the intake's
// Process loop does, with nothing sent: handlers only write to the outbox, so a fuzz run needs
// the network only for getMe at the start.
type fuzzBot struct {
	b    *bot.Bot
	tg   *telegram.Client
	st   *store.Store
	next int64
}

func newFuzzBot(tb testing.TB) *fuzzBot {
	tb.Helper()
	return newDirectBot(tb, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// newDirectBot is the bot fed directly, logging to log: updates are recorded in the store and
// handed over one at a time (telegram.Client.ProcessNext), with nothing sent.
func newDirectBot(tb testing.TB, log *slog.Logger) *fuzzBot {
	tb.Helper()
	emu := telegramtest.New()
	tb.Cleanup(emu.Close)
	st, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "tandem.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, err := st.AddWorker(context.Background(), workerUser.ID, "Jordan Reyes"); err != nil {
		tb.Fatal(err)
	}
	hours, _ := tandem.ParseWorkingHours("Mon-Fri 09:00-17:00", time.UTC)
	reg := metrics.NewRegistry()
	tg, err := telegram.New(context.Background(), telegram.Config{Token: emu.Token(), APIURL: emu.URL(), Store: st, Log: log, Metrics: reg})
	if err != nil {
		tb.Fatal(err)
	}
	b, err := bot.New(bot.Config{
		Store: st, Pack: content.Default(),
		CrisisContacts: testCrisis, WorkingHours: hours, ServiceName: "Riverside CMHT", StaffChannelID: staffChannel,
		Location: time.UTC, Log: log, Metrics: reg,
	}, bot.Deps{Username: tg.Username(), Menus: tg, Outbox: noWake{}, Scheduler: noWake{}})
	if err != nil {
		tb.Fatal(err)
	}
	fb := &fuzzBot{b: b, tg: tg, st: st, next: 1}
	// Sam joins through the handlers themselves, so the fuzz reaches an enrolled person's paths.
	fb.mustFeed(tb, message(workerUser, workerUser.ID, "private", "/start"))
	fb.mustFeed(tb, message(workerUser, workerUser.ID, "private", "/invite Sam 9am"))
	code := inviteLink.FindStringSubmatch(fb.lastText(tb, workerUser.ID))
	if code == nil {
		tb.Fatalf("no invite link in %q", fb.lastText(tb, workerUser.ID))
	}
	fb.mustFeed(tb, message(sam, sam.ID, "private", "/start "+code[1]))
	fb.mustFeed(tb, press(sam, sam.ID, bot.ConsentAgree))
	if p, err := st.PersonByTelegramID(context.Background(), sam.ID); err != nil || p.State != tandem.StateActive {
		tb.Fatalf("Sam did not join: %+v %v", p, err)
	}
	return fb
}

// noWake stands in for the outbox and scheduler, which a direct feed does not run.
type noWake struct{}

func (noWake) Wake() {}

func (fb *fuzzBot) lastText(tb testing.TB, chatID int64) string {
	rows, err := fb.st.OutboxForChat(context.Background(), chatID)
	if err != nil || len(rows) == 0 {
		tb.Fatalf("nothing queued for chat %d: %v", chatID, err)
	}
	return rows[len(rows)-1].Msg.Text
}

func message(from telegramtest.User, chatID int64, chatType, text string) map[string]any {
	m := map[string]any{
		"message_id": 1, "date": 1700000000,
		"from": map[string]any{"id": from.ID, "is_bot": false, "first_name": from.FirstName, "language_code": from.LanguageCode},
		"chat": map[string]any{"id": chatID, "type": chatType},
		"text": text,
	}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": len(cmd)}}
	}
	return map[string]any{"message": m}
}

func press(from telegramtest.User, chatID int64, data string) map[string]any {
	return map[string]any{"callback_query": map[string]any{
		"id": "q1", "chat_instance": "1", "data": data,
		"from":    map[string]any{"id": from.ID, "is_bot": false, "first_name": from.FirstName},
		"message": map[string]any{"message_id": 1, "date": 0, "chat": map[string]any{"id": chatID, "type": "private"}},
	}}
}

// feed records one update and hands it to the handlers; a panic comes back as an error.
func (fb *fuzzBot) feed(upd map[string]any) error {
	upd["update_id"] = fb.next
	raw, err := json.Marshal(upd)
	if err != nil {
		return err
	}
	return fb.feedRaw(fb.next, raw)
}

func (fb *fuzzBot) feedRaw(id int64, raw []byte) error {
	fb.next = max(fb.next, id) + 1
	ctx := context.Background()
	if _, err := fb.st.RecordUpdate(ctx, id, raw); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { _, err := fb.tg.ProcessNext(ctx, fb.b); done <- err }()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		buf := make([]byte, 1<<20)
		return fmt.Errorf("panic: handling %q took over 20s:\n%s", raw, buf[:runtime.Stack(buf, true)])
	}
}

func (fb *fuzzBot) mustFeed(tb testing.TB, upd map[string]any) {
	tb.Helper()
	if err := fb.feed(upd); err != nil {
		tb.Fatal(err)
	}
}

var fuzzUsers = []telegramtest.User{sam, workerUser, otherWorkr, stranger}

// FuzzUpdateHandling feeds the real handlers messages and button presses from each role, in
// private chats and groups: none may panic.
func FuzzUpdateHandling(f *testing.F) {
	seeds := []string{"/start", "/start abc", "/help", "/crisis", "/checkin", "/schedule 9am", "/schedule Sam 9pm weekdays",
		"/timezone Europe/London", "/quiet 10pm-7am", "/pause 3", "/learn weekly mon 9am", "/plan", "/signs", "/goals",
		"/agenda talk about sleep", "/appointment Sam 2027-01-05 10:00", "/summary Sam", "/checkins Sam",
		"/rules Sam mood below 2", "/lesson Sam sleep", "/invite Ⱥnna 9am", "/language es", "/mydata", "/stop",
		"/delete", "/caseload", "hello", "I want to die", "ci:1:0:5", "fl:1:ack", "sch:d:0900", "pause:3", "lang:es",
		"ls:open:sleep", "plan:add:helps", "goal:new", "cl:1", "del:yes", "consent:agree", "stop:yes"}
	for i, s := range seeds {
		f.Add(uint8(i), s)
	}
	fb := newFuzzBot(f)
	f.Fuzz(func(t *testing.T, sel uint8, text string) {
		u := fuzzUsers[int(sel)%len(fuzzUsers)]
		var upd map[string]any
		switch sel / 4 % 4 {
		case 0, 1:
			upd = message(u, u.ID, "private", text)
		case 2:
			upd = press(u, u.ID, text)
		case 3:
			upd = message(u, -100999, "group", text)
		}
		if err := fb.feed(upd); err != nil && strings.HasPrefix(err.Error(), "panic:") {
			t.Fatalf("%s sending %q (kind %d): %v", u.FirstName, text, sel/4%4, err)
		}
	})
}

// FuzzRawUpdate feeds whatever bytes arrive as an update: a malformed one is refused, never a
// panic.
func FuzzRawUpdate(f *testing.F) {
	f.Add([]byte(`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":2001,"type":"private"},"from":{"id":2001,"is_bot":false,"first_name":"S"},"text":"/help"}}`))
	f.Add([]byte(`{"update_id":1,"callback_query":{"id":"1","chat_instance":"1","from":{"id":2001,"is_bot":false,"first_name":"S"},"data":"ci:1:0:5","message":{"message_id":1,"date":0,"chat":{"id":2001,"type":"private"}}}}`))
	f.Add([]byte(`{"update_id":1,"my_chat_member":{"chat":{"id":2001,"type":"private"},"from":{"id":2001,"is_bot":false,"first_name":"S"},"date":1,"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"B"}},"new_chat_member":{"status":"kicked","until_date":0,"user":{"id":1,"is_bot":true,"first_name":"B"}}}}`))
	f.Add([]byte(`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":2001,"type":"private"},"sticker":{"file_id":"x"}}}`))
	f.Add([]byte(`{"update_id":1,"edited_message":{"message_id":1,"date":1,"chat":{"id":-5,"type":"group"},"text":"/start"}}`))
	f.Add([]byte(`{}`))
	fb := newFuzzBot(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		id := fb.next
		if err := fb.feedRaw(id, raw); err != nil && strings.HasPrefix(err.Error(), "panic:") {
			t.Fatalf("update %q: %v", raw, err)
		}
	})
}
