package telegramtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

func TestRawEncodings(t *testing.T) {
	for _, enc := range []encoding{asJSON, asForm, asQuery, asMultipart} {
		t.Run(enc.String(), func(t *testing.T) {
			s := newTestServer(t, WithLimits(Limits{Disabled: true}))
			startChat(t, s, alice)
			r := call(t, s, "sendMessage", enc, map[string]any{
				"chat_id":      alice.ID,
				"text":         "<b>Hi</b> there",
				"parse_mode":   "HTML",
				"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "Go", "callback_data": "go", "copy_text": map[string]string{"text": ""}}}}},
			})
			mustOK(t, r)
			var m models.Message
			if err := json.Unmarshal(r.Result, &m); err != nil {
				t.Fatalf("decode as models.Message: %v", err)
			}
			if m.Text != "Hi there" || len(m.Entities) != 1 || m.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "go" {
				t.Errorf("message = %+v", m)
			}
			bad := call(t, s, "sendMessage", enc, map[string]any{"chat_id": alice.ID})
			if bad.ErrorCode != 400 || bad.Description != "Bad Request: message text is empty" {
				t.Errorf("missing text: %+v", bad)
			}
			bad = call(t, s, "sendMessage", enc, map[string]any{"text": "x"})
			if bad.ErrorCode != 400 || bad.Description != "Bad Request: chat_id is empty" {
				t.Errorf("missing chat_id: %+v", bad)
			}
		})
	}
}

func TestRawRouting(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name     string
		url      string
		wantCode int
		wantDesc string
	}{
		{"wrong token", s.URL() + "/bot1:nope/getMe", 401, "Unauthorized"},
		{"unknown method", s.URL() + "/bot" + s.Token() + "/sendSticker", 404, "Not Found"},
		{"no bot prefix", s.URL() + "/getMe", 404, "Not Found"},
		{"case-insensitive method", s.URL() + "/bot" + s.Token() + "/GETME", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := callURL(t, tt.url, asJSON, nil)
			if tt.wantCode == 0 {
				mustOK(t, r)
				return
			}
			if r.ErrorCode != tt.wantCode || r.Description != tt.wantDesc {
				t.Errorf("got %d %q", r.ErrorCode, r.Description)
			}
		})
	}
}

func TestFailNext(t *testing.T) {
	s := newTestServer(t)
	startChat(t, s, alice)
	s.FailNext("sendMessage", 2, 500, "Internal Server Error", 0)
	s.FailNext("getMe", 1, 429, "Too Many Requests: retry after 7", 7)
	for i := range 2 {
		r := call(t, s, "sendMessage", asJSON, map[string]any{"chat_id": alice.ID, "text": "x"})
		if r.ErrorCode != 500 || r.Description != "Internal Server Error" {
			t.Fatalf("call %d: %+v", i, r)
		}
	}
	mustOK(t, call(t, s, "sendMessage", asJSON, map[string]any{"chat_id": alice.ID, "text": "x"}))
	r := call(t, s, "getMe", asJSON, nil)
	if r.ErrorCode != 429 || r.Parameters.RetryAfter != 7 {
		t.Fatalf("injected 429: %+v", r)
	}
	mustOK(t, call(t, s, "getMe", asJSON, nil))
	if st := s.Stats(); st.Errors[500] != 2 || st.TooManyRequests != 1 || st.Requests["sendMessage"] != 3 || st.Requests["getMe"] != 2 {
		t.Errorf("stats = %+v", st)
	}
	if n := len(s.BotMessages(alice.ID)); n != 1 {
		t.Errorf("failed calls stored messages: %d", n)
	}
}

func TestUserMessageUpdateShape(t *testing.T) {
	s := newTestServer(t)
	if _, err := s.SendMessage(alice, "/start@tandem_test_bot abc"); err != nil {
		t.Fatal(err)
	}
	r := call(t, s, "getUpdates", asJSON, nil)
	mustOK(t, r)
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatal(err)
	}
	if len(ups) != 1 || ups[0].Message == nil {
		t.Fatalf("updates = %+v", ups)
	}
	m := ups[0].Message
	if m.From.ID != alice.ID || m.From.IsBot || m.From.LanguageCode != "en" || m.Chat.Type != models.ChatTypePrivate || m.Chat.ID != alice.ID {
		t.Errorf("message = %+v from %+v", m, m.From)
	}
	if len(m.Entities) != 1 || m.Entities[0].Type != models.MessageEntityTypeBotCommand || m.Entities[0].Offset != 0 || m.Entities[0].Length != len("/start@tandem_test_bot") {
		t.Errorf("entities = %+v", m.Entities)
	}
	if _, err := s.SendMessage(alice, "no command /here"); err != nil {
		t.Fatal(err)
	}
	var plain []models.Update
	r = call(t, s, "getUpdates", asJSON, map[string]any{"offset": ups[0].ID + 1})
	_ = json.Unmarshal(r.Result, &plain)
	if len(plain) != 1 || len(plain[0].Message.Entities) != 0 {
		t.Errorf("plain message: %+v", plain)
	}
}

func TestGetUpdatesOffsetLimit(t *testing.T) {
	s := newTestServer(t)
	for i := range 5 {
		if _, err := s.SendMessage(alice, "m"+string(rune('0'+i))); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(r rawResponse) []int64 {
		t.Helper()
		mustOK(t, r)
		var ups []models.Update
		if err := json.Unmarshal(r.Result, &ups); err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, u := range ups {
			out = append(out, u.ID)
		}
		return out
	}
	all := ids(call(t, s, "getUpdates", asJSON, map[string]any{"limit": 2}))
	if len(all) != 2 || all[1] != all[0]+1 {
		t.Fatalf("limit 2: %v", all)
	}
	first := all[0]
	if again := ids(call(t, s, "getUpdates", asForm, nil)); len(again) != 5 || again[0] != first {
		t.Fatalf("unconfirmed updates must come again: %v", again)
	}
	if got := ids(call(t, s, "getUpdates", asQuery, map[string]any{"offset": first + 2})); len(got) != 3 || got[0] != first+2 {
		t.Fatalf("offset confirms earlier: %v", got)
	}
	if s.PendingUpdates() != 3 {
		t.Errorf("pending = %d", s.PendingUpdates())
	}
	if got := ids(call(t, s, "getUpdates", asJSON, map[string]any{"offset": -1})); len(got) != 1 || got[0] != first+4 {
		t.Fatalf("negative offset keeps the last: %v", got)
	}
	if got := ids(call(t, s, "getUpdates", asJSON, map[string]any{"offset": first + 5, "limit": 500})); len(got) != 0 {
		t.Fatalf("all confirmed: %v", got)
	}
}

func TestGetUpdatesLongPollAndConflict(t *testing.T) {
	s := newTestServer(t)
	start := time.Now()
	r := call(t, s, "getUpdates", asJSON, map[string]any{"timeout": 1})
	if el := time.Since(start); !r.OK || string(r.Result) != "[]" || el < 900*time.Millisecond {
		t.Fatalf("empty long poll returned %s after %v", r.Result, el)
	}

	// A waiting poll returns as soon as an update arrives.
	got := make(chan rawResponse, 1)
	go func() {
		r, err := doCall(s.URL()+"/bot"+s.Token()+"/getUpdates", asJSON, map[string]any{"timeout": 10})
		if err != nil {
			r.Description = err.Error()
		}
		got <- r
	}()
	waitPolling(t, s)
	if _, err := s.SendMessage(alice, "wake up"); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-got:
		if !r.OK || !strings.Contains(string(r.Result), "wake up") {
			t.Fatalf("long poll answer: %+v", r)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("long poll did not wake")
	}

	// A second getUpdates ends the first with 409, and itself goes on.
	s2 := newTestServer(t)
	first := make(chan rawResponse, 1)
	go func() {
		r, err := doCall(s2.URL()+"/bot"+s2.Token()+"/getUpdates", asJSON, map[string]any{"timeout": 10})
		if err != nil {
			r.Description = err.Error()
		}
		first <- r
	}()
	waitPolling(t, s2)
	second := call(t, s2, "getUpdates", asJSON, map[string]any{"timeout": 0})
	mustOK(t, second)
	select {
	case r := <-first:
		if r.ErrorCode != 409 || r.Description != "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" {
			t.Fatalf("first poll: %+v", r)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("first poll was not terminated")
	}
}

// waitPolling waits until a getUpdates is parked in the emulator.
func waitPolling(t *testing.T, s *Server) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		p := s.poller
		s.mu.Unlock()
		if p != nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("no getUpdates is waiting")
}

func TestWebhookDeliveryAndRetry(t *testing.T) {
	var (
		mu       sync.Mutex
		bodies   []string
		secrets  []string
		failLeft = 2
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		secrets = append(secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if failLeft > 0 {
			failLeft--
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		bodies = append(bodies, string(body))
	}))
	defer hook.Close()
	s := newTestServer(t)
	if r := call(t, s, "setWebhook", asJSON, map[string]any{"url": hook.URL, "secret_token": "bad secret!"}); r.Description != "Bad Request: secret token contains unallowed characters" {
		t.Fatalf("bad secret: %+v", r)
	}
	mustOK(t, call(t, s, "setWebhook", asForm, map[string]any{"url": hook.URL, "secret_token": "s3cret_-X"}))
	if r := call(t, s, "getUpdates", asJSON, nil); r.ErrorCode != 409 || !strings.Contains(r.Description, "can't use getUpdates method while webhook is active") {
		t.Fatalf("getUpdates with webhook: %+v", r)
	}
	if _, err := s.SendMessage(alice, "first"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendMessage(alice, "second"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.WaitUntil(ctx, func() bool { return s.PendingUpdates() == 0 }); err != nil {
		t.Fatalf("updates not delivered: %v (webhook %+v)", err, s.Webhook())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 || !strings.Contains(bodies[0], `"text":"first"`) || !strings.Contains(bodies[1], `"text":"second"`) {
		t.Fatalf("delivered = %v", bodies)
	}
	var u models.Update
	if err := json.Unmarshal([]byte(bodies[0]), &u); err != nil || u.Message.From.ID != alice.ID {
		t.Fatalf("webhook body decode: %v", err)
	}
	for _, sec := range secrets {
		if sec != "s3cret_-X" {
			t.Fatalf("secret header = %q", sec)
		}
	}
	if len(secrets) != 4 {
		t.Errorf("attempts = %d, want 2 failures + 2 deliveries", len(secrets))
	}
	r := call(t, s, "getWebhookInfo", asJSON, nil)
	var info models.WebhookInfo
	if err := json.Unmarshal(r.Result, &info); err != nil || info.URL != hook.URL || info.PendingUpdateCount != 0 ||
		info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" || info.LastErrorDate == 0 {
		t.Errorf("webhook info = %+v (%v)", info, err)
	}
	mustOK(t, call(t, s, "deleteWebhook", asJSON, nil))
	mustOK(t, call(t, s, "getUpdates", asJSON, nil))
}

func TestButtonsAndCallbackQueries(t *testing.T) {
	clock := newFakeClock()
	s := newTestServer(t, WithClock(clock.Now), WithCallbackTimeout(15*time.Second))
	startChat(t, s, alice)
	startChat(t, s, bob)
	r := call(t, s, "sendMessage", asJSON, map[string]any{"chat_id": alice.ID, "text": "Mood?",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "Good", "callback_data": "mood:good"}}}}})
	mustOK(t, r)
	var sent models.Message
	_ = json.Unmarshal(r.Result, &sent)

	tests := []struct {
		name   string
		from   User
		chat   int64
		msgID  int
		data   string
		wantOK bool
	}{
		{"valid press", alice, alice.ID, sent.ID, "mood:good", true},
		{"data not on the message", alice, alice.ID, sent.ID, "mood:bad", false},
		{"unknown message", alice, alice.ID, 999, "mood:good", false},
		{"user's own message", alice, alice.ID, 1, "mood:good", false},
		{"someone else's chat", bob, alice.ID, sent.ID, "mood:good", false},
		{"unknown chat", alice, 5555, sent.ID, "mood:good", false},
	}
	var queryID string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.PendingUpdates()
			id, err := s.PressButton(tt.from, tt.chat, tt.msgID, tt.data)
			if (err == nil) != tt.wantOK {
				t.Fatalf("err = %v, want ok %v", err, tt.wantOK)
			}
			wantPending := before
			if tt.wantOK {
				wantPending++
				queryID = id
			}
			if s.PendingUpdates() != wantPending {
				t.Errorf("pending = %d, want %d", s.PendingUpdates(), wantPending)
			}
		})
	}
	forged := s.PressForged(bob, alice.ID, 999, "admin:delete")

	r = call(t, s, "getUpdates", asJSON, nil)
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatal(err)
	}
	var cbs []*models.CallbackQuery
	for _, u := range ups {
		if u.CallbackQuery != nil {
			cbs = append(cbs, u.CallbackQuery)
		}
	}
	if len(cbs) != 2 {
		t.Fatalf("callback updates = %d", len(cbs))
	}
	if q := cbs[0]; q.ID != queryID || q.Data != "mood:good" || q.From.ID != alice.ID || q.ChatInstance == "" ||
		q.Message.Message == nil || q.Message.Message.ID != sent.ID || q.Message.Message.ReplyMarkup.InlineKeyboard[0][0].Text != "Good" {
		t.Errorf("genuine press = %+v", q)
	}
	if q := cbs[1]; q.ID != forged || q.Message.InaccessibleMessage == nil || q.Message.InaccessibleMessage.MessageID != 999 {
		t.Errorf("forged press = %+v", q)
	}

	answer := func(id, text string) rawResponse {
		return call(t, s, "answerCallbackQuery", asJSON, map[string]any{"callback_query_id": id, "text": text})
	}
	mustOK(t, answer(queryID, "Noted"))
	if text, ok := s.CallbackAnswer(queryID); !ok || text != "Noted" {
		t.Errorf("CallbackAnswer = %q %v", text, ok)
	}
	tooOld := "Bad Request: query is too old and response timeout expired or query ID is invalid"
	if r := answer(queryID, "again"); r.Description != tooOld {
		t.Errorf("second answer: %+v", r)
	}
	if r := answer("123", ""); r.Description != tooOld {
		t.Errorf("unknown id: %+v", r)
	}
	clock.Advance(16 * time.Second)
	if r := answer(forged, ""); r.Description != tooOld {
		t.Errorf("expired: %+v", r)
	}
	if _, ok := s.CallbackAnswer(forged); ok {
		t.Error("expired query marked answered")
	}
}

func TestBlockSendsMyChatMember(t *testing.T) {
	s := newTestServer(t)
	startChat(t, s, alice)
	s.BlockBot(alice.ID)
	r := call(t, s, "getUpdates", asJSON, nil)
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil {
		t.Fatal(err)
	}
	last := ups[len(ups)-1]
	if last.MyChatMember == nil || last.MyChatMember.NewChatMember.Type != models.ChatMemberTypeBanned ||
		last.MyChatMember.OldChatMember.Type != models.ChatMemberTypeMember || last.MyChatMember.From.ID != alice.ID {
		t.Fatalf("my_chat_member = %+v", last.MyChatMember)
	}
	chats := s.Chats()
	if len(chats) != 1 || !chats[0].Blocked || !chats[0].Started {
		t.Errorf("chats = %+v", chats)
	}
}

func TestSubscribeSignalsChanges(t *testing.T) {
	s := newTestServer(t)
	ch, cancel := s.Subscribe()
	defer cancel()
	if _, err := s.SendMessage(alice, "hi"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("no change signalled")
	}
	cancel()
	if _, err := s.SendMessage(alice, "again"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
		t.Fatal("signalled after cancel")
	default:
	}
}
