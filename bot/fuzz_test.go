package bot

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
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/metrics"
	"github.com/tandemcare/tandem/reminders"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// fuzzBot is the real bot with its handlers fed recorded updates directly, as the intake's
// Process loop does, with nothing sent: handlers only write to the outbox, so a fuzz run needs
// the network only for getMe at the start.
type fuzzBot struct {
	b    *Bot
	st   *store.Store
	next int64
}

func newFuzzBot(tb testing.TB) *fuzzBot {
	tb.Helper()
	return newDirectBot(tb, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// newDirectBot is the bot fed directly, logging to log.
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
	b, err := New(context.Background(), Config{
		Token: emu.Token(), APIURL: emu.URL(), Store: st, Pack: content.Default(),
		CrisisContacts: testCrisis, WorkingHours: hours, ServiceName: "Riverside CMHT", StaffChannelID: staffChannel,
		Location: time.UTC, Log: log, Metrics: reg,
	})
	if err != nil {
		tb.Fatal(err)
	}
	b.sched = reminders.NewScheduler(st, b, b.cfg.Timing, time.UTC, log, reg, func() {})
	fb := &fuzzBot{b: b, st: st, next: 1}
	// Sam joins through the handlers themselves, so the fuzz reaches an enrolled person's paths.
	fb.mustFeed(tb, message(workerUser, workerUser.ID, "private", "/start"))
	fb.mustFeed(tb, message(workerUser, workerUser.ID, "private", "/invite Sam 9am"))
	code := inviteLink.FindStringSubmatch(fb.lastText(tb, workerUser.ID))
	if code == nil {
		tb.Fatalf("no invite link in %q", fb.lastText(tb, workerUser.ID))
	}
	fb.mustFeed(tb, message(sam, sam.ID, "private", "/start "+code[1]))
	fb.mustFeed(tb, press(sam, sam.ID, consentPrefix+"agree"))
	if p, err := st.PersonByTelegramID(context.Background(), sam.ID); err != nil || p.State != tandem.StateActive {
		tb.Fatalf("Sam did not join: %+v %v", p, err)
	}
	return fb
}

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
	pending, err := fb.st.NextUpdates(ctx, 1)
	if err != nil || len(pending) == 0 {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- fb.b.processOne(ctx, pending[0]) }()
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

// FuzzButtonData runs the button parsers on any data: no panic, and what parses is written
// back the same way.
func FuzzButtonData(f *testing.F) {
	for _, s := range []string{"ci:1:0:5", "ci:", "ci:1:2:", "fl:12:ack", "fl:x", "fl:1:reply:2", "ci:-1:-1:-1", "ci:99999999999999999999:0:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		if id, idx, value, ok := parseCheckinData(data); ok {
			again := checkinData(tandem.Checkin{ID: id}, idx, value)
			if id2, idx2, value2, ok2 := parseCheckinData(again); !ok2 || id2 != id || idx2 != idx || value2 != value {
				t.Errorf("%q parses to (%d, %d, %q), written again as %q", data, id, idx, value, again)
			}
		}
		parseFlagData(data)
	})
}

// FuzzCommandArguments runs the argument parsers commands use on any text.
func FuzzCommandArguments(f *testing.F) {
	for _, s := range []string{"Sam 9am", "Ⱥnna weekdays 9:30", "İpek", "\u212Aai 2027-01-05 10:00", "2027-01-05", "tomorrow 3pm",
		"Mon 10:00", "", " ", "ⱥ", "\xff", "Sam Lee"} {
		f.Add(s)
	}
	people := []tandem.Person{{ID: 1, Name: "Ⱥnna"}, {ID: 2, Name: "İpek"}, {ID: 3, Name: "Kai"}, {ID: 4, Name: "Sam"}, {ID: 5, Name: "Sam Lee"}}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	loc, _ := time.LoadLocation("Europe/London")
	f.Fuzz(func(t *testing.T, args string) {
		p, rest, problem := matchPerson(people, args)
		if problem == "" && (p.ID == 0 || len(rest) > len(args)) {
			t.Errorf("matchPerson(%q) = %+v, %q", args, p, rest)
		}
		for _, l := range []*time.Location{time.UTC, loc} {
			if at, ok := parseAppointment(args, l, now); ok && at.IsZero() {
				t.Errorf("parseAppointment(%q) = zero time", args)
			}
		}
		if got := echo(args); len([]rune(got)) > maxEcho+1 {
			t.Errorf("echo(%q) is %d runes", args, len([]rune(got)))
		}
	})
}
