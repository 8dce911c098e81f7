package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestLibrarySendMessageHTMLAndKeyboard(t *testing.T) {
	s := newTestServer(t)
	b := newTestBot(t, s)
	ctx := testCtx(t)
	startChat(t, s, alice)

	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID:    alice.ID,
		Text:      "Hello <b>Alice</b> &amp; welcome",
		ParseMode: models.ParseModeHTML,
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "Yes", CallbackData: "consent:yes"}, {Text: "Read more", URL: "https://example.org/privacy"}},
		}},
	})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if msg.Text != "Hello Alice & welcome" || msg.From == nil || !msg.From.IsBot || msg.From.Username != "tandem_test_bot" {
		t.Fatalf("returned message = %+v (from %+v)", msg, msg.From)
	}
	if msg.Chat.ID != alice.ID || msg.Chat.Type != models.ChatTypePrivate || msg.Chat.FirstName != "Alice" {
		t.Errorf("chat = %+v", msg.Chat)
	}
	if len(msg.Entities) != 1 || msg.Entities[0].Type != models.MessageEntityTypeBold || msg.Entities[0].Offset != 6 || msg.Entities[0].Length != 5 {
		t.Errorf("entities = %+v", msg.Entities)
	}
	if msg.ReplyMarkup == nil || len(msg.ReplyMarkup.InlineKeyboard) != 1 || msg.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "consent:yes" {
		t.Errorf("reply markup = %+v", msg.ReplyMarkup)
	}
	if msg.Date == 0 {
		t.Error("date is zero")
	}

	got := s.BotMessages(alice.ID)
	if len(got) != 1 {
		t.Fatalf("BotMessages = %d", len(got))
	}
	m := got[0]
	if m.ID != msg.ID || m.Text != "Hello Alice & welcome" || m.HTML != "Hello <b>Alice</b> &amp; welcome" || m.ParseMode != "HTML" {
		t.Errorf("stored = %+v", m)
	}
	wantButtons := [][]Button{{{Text: "Yes", CallbackData: "consent:yes"}, {Text: "Read more", URL: "https://example.org/privacy"}}}
	if len(m.Buttons) != 1 || m.Buttons[0][0] != wantButtons[0][0] || m.Buttons[0][1] != wantButtons[0][1] {
		t.Errorf("buttons = %+v", m.Buttons)
	}
	if all := s.Messages(alice.ID); len(all) != 2 || all[0].FromBot || all[0].Text != "/start" || !all[1].FromBot {
		t.Errorf("Messages = %+v", all)
	}
}

func TestLibraryErrors(t *testing.T) {
	s := newTestServer(t, WithLimits(Limits{Disabled: true}))
	b := newTestBot(t, s)
	ctx := testCtx(t)
	startChat(t, s, alice)
	s.AddChannel(-100500, "Staff")

	tests := []struct {
		name    string
		params  *bot.SendMessageParams
		setup   func()
		wantIs  error
		wantMsg string
	}{
		{"stranger", &bot.SendMessageParams{ChatID: bob.ID, Text: "hi"}, nil, bot.ErrorForbidden, "Forbidden: bot can't initiate conversation with a user"},
		{"unknown channel", &bot.SendMessageParams{ChatID: int64(-42), Text: "hi"}, nil, bot.ErrorBadRequest, "Bad Request: chat not found"},
		{"empty", &bot.SendMessageParams{ChatID: alice.ID, Text: "  \n "}, nil, bot.ErrorBadRequest, "Bad Request: message text is empty"},
		{"br", &bot.SendMessageParams{ChatID: alice.ID, Text: "a<br>b", ParseMode: models.ParseModeHTML}, nil, bot.ErrorBadRequest,
			`Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 1`},
		{"markdown refused", &bot.SendMessageParams{ChatID: alice.ID, Text: "*a*", ParseMode: models.ParseModeMarkdown}, nil, bot.ErrorBadRequest, "not implemented by the telegramtest emulator"},
		{"text button", &bot.SendMessageParams{ChatID: alice.ID, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "inert"}}}}}, nil, bot.ErrorBadRequest,
			"Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"blocked", &bot.SendMessageParams{ChatID: alice.ID, Text: "hi"}, func() { s.BlockBot(alice.ID) }, bot.ErrorForbidden, "Forbidden: bot was blocked by the user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup()
			}
			_, err := b.SendMessage(ctx, tt.params)
			if !errors.Is(err, tt.wantIs) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.wantIs, tt.wantMsg)
			}
		})
	}
	if n := len(s.BotMessages(alice.ID)); n != 0 {
		t.Errorf("failed sends stored %d messages", n)
	}
	if st := s.Stats(); st.Errors[403] != 2 || st.Errors[400] != 5 || st.Requests["sendMessage"] != len(tests) {
		t.Errorf("stats = %+v", st)
	}
	// A blocked user's own messages do not reach the bot either.
	if _, err := s.SendMessage(alice, "hello?"); !errors.Is(err, ErrBlocked) {
		t.Errorf("SendMessage from blocked user: %v", err)
	}
	s.UnblockBot(alice.ID)
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "back"}); err != nil {
		t.Errorf("after unblock: %v", err)
	}
}

func TestLimitsOnTextAndButtons(t *testing.T) {
	s := newTestServer(t, WithLimits(Limits{Disabled: true}))
	b := newTestBot(t, s)
	ctx := testCtx(t)
	startChat(t, s, alice)
	button := func(data string) models.ReplyMarkup {
		return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "b", CallbackData: data}}}}
	}
	tests := []struct {
		name   string
		text   string
		mode   models.ParseMode
		markup models.ReplyMarkup
		want   string // "" means accepted
	}{
		{"4096 ascii", strings.Repeat("a", 4096), "", nil, ""},
		{"4097 ascii", strings.Repeat("a", 4097), "", nil, "Bad Request: message is too long"},
		{"4096 two-byte", strings.Repeat("é", 4096), "", nil, ""},
		{"4097 two-byte", strings.Repeat("é", 4097), "", nil, "Bad Request: message is too long"},
		{"4096 emoji (8192 UTF-16 units)", strings.Repeat("😀", 4096), "", nil, ""},
		{"4097 emoji", strings.Repeat("😀", 4097), "", nil, "Bad Request: message is too long"},
		{"tags do not count", "<b>" + strings.Repeat("a", 4096) + "</b>", models.ParseModeHTML, nil, ""},
		{"references count once", strings.Repeat("&amp;", 4096), models.ParseModeHTML, nil, ""},
		{"reference tips over", strings.Repeat("a", 4096) + "&amp;", models.ParseModeHTML, nil, "Bad Request: message is too long"},
		{"trailing space trimmed", strings.Repeat("a", 4096) + " \n ", "", nil, ""},
		{"only tags", "<b></b>", models.ParseModeHTML, nil, "Bad Request: message text is empty"},
		{"callback 64 bytes", "x", "", button(strings.Repeat("d", 64)), ""},
		{"callback 65 bytes", "x", "", button(strings.Repeat("d", 65)), "Bad Request: BUTTON_DATA_INVALID"},
		{"callback 64 bytes multi-byte", "x", "", button(strings.Repeat("é", 32)), ""},
		{"callback 66 bytes multi-byte", "x", "", button(strings.Repeat("é", 33)), "Bad Request: BUTTON_DATA_INVALID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: tt.text, ParseMode: tt.mode, ReplyMarkup: tt.markup})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestFloodControlThroughLibrary(t *testing.T) {
	clock := newFakeClock()
	s := newTestServer(t, WithClock(clock.Now))
	b := newTestBot(t, s)
	ctx := testCtx(t)
	startChat(t, s, alice)
	send := func() error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "tick"})
		return err
	}
	for i := range 3 { // the burst
		if err := send(); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	err := send()
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 1 || !strings.Contains(tooMany.Message, "Too Many Requests: retry after 1") {
		t.Fatalf("4th send: %v", err)
	}
	// Refused requests take no quota: hammering does not push the wait out.
	for range 5 {
		_ = send()
	}
	clock.Advance(time.Second)
	if err := send(); err != nil {
		t.Fatalf("after waiting retry_after: %v", err)
	}
	if err := send(); !errors.As(err, &tooMany) {
		t.Fatalf("bucket should be empty again: %v", err)
	}
	if st := s.Stats(); st.TooManyRequests != 7 || st.Errors[429] != 7 {
		t.Errorf("stats = %+v", st)
	}
	if n := len(s.BotMessages(alice.ID)); n != 4 {
		t.Errorf("delivered %d messages, want 4", n)
	}
}

func TestFloodControlGlobalAndChannel(t *testing.T) {
	clock := newFakeClock()
	s := newTestServer(t, WithClock(clock.Now), WithLimits(Limits{GlobalPerSecond: 4, ChatBurst: 10, ChatPerSecond: 10, GroupPerMinute: 2}))
	ctx := testCtx(t)
	b := newTestBot(t, s)
	users := []User{alice, bob, {ID: 1003, FirstName: "C"}, {ID: 1004, FirstName: "D"}, {ID: 1005, FirstName: "E"}}
	for _, u := range users {
		startChat(t, s, u)
	}
	for i, u := range users[:4] {
		if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.ID, Text: "hi"}); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		clock.Advance(100 * time.Millisecond)
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: users[4].ID, Text: "hi"})
	var tooMany *bot.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 1 {
		t.Fatalf("5th send across chats: %v", err)
	}
	clock.Advance(700 * time.Millisecond) // the first send leaves the 1s window
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: users[4].ID, Text: "hi"}); err != nil {
		t.Fatalf("after window: %v", err)
	}

	s.AddChannel(-100777, "Staff")
	clock.Advance(2 * time.Second)
	for i := range 2 {
		if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(-100777), Text: "count"}); err != nil {
			t.Fatalf("channel send %d: %v", i, err)
		}
	}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: int64(-100777), Text: "count"})
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 30 {
		t.Fatalf("3rd channel send with 2/minute: %v", err)
	}
}

func TestEditsThroughLibrary(t *testing.T) {
	s := newTestServer(t, WithLimits(Limits{Disabled: true}))
	b := newTestBot(t, s)
	ctx := testCtx(t)
	startChat(t, s, alice)
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "OK", CallbackData: "ok"}}}}
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "<i>Question</i>", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: msg.ID, Text: "<i>Question</i>", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message") {
		t.Fatalf("identical edit: %v", err)
	}
	// Same text, no keyboard: that is a change (the keyboard goes).
	edited, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: msg.ID, Text: "<i>Question</i>", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Fatalf("edit dropping keyboard: %v", err)
	}
	if edited.ReplyMarkup != nil && len(edited.ReplyMarkup.InlineKeyboard) != 0 || edited.EditDate == 0 {
		t.Errorf("edited = %+v", edited)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: alice.ID, MessageID: msg.ID, ReplyMarkup: kb}); err != nil {
		t.Fatalf("EditMessageReplyMarkup: %v", err)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: alice.ID, MessageID: msg.ID, ReplyMarkup: kb}); err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Fatalf("identical markup edit: %v", err)
	}
	m := s.BotMessages(alice.ID)[0]
	if m.Edits != 2 || len(m.Buttons) != 1 || m.Text != "Question" {
		t.Errorf("after edits: %+v", m)
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: 999, Text: "x"}); err == nil || !strings.Contains(err.Error(), "Bad Request: message to edit not found") {
		t.Errorf("unknown message: %v", err)
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: 1, Text: "x"}); err == nil || !strings.Contains(err.Error(), "Bad Request: message can't be edited") {
		t.Errorf("user's message: %v", err)
	}
	ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: alice.ID, MessageID: msg.ID})
	if err != nil || !ok {
		t.Fatalf("DeleteMessage: %v", err)
	}
	if len(s.BotMessages(alice.ID)) != 0 {
		t.Error("deleted message still listed")
	}
	if _, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: alice.ID, MessageID: msg.ID}); err == nil || !strings.Contains(err.Error(), "message to delete not found") {
		t.Errorf("second delete: %v", err)
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestLibraryPhotoAndDocument(t *testing.T) {
	s := newTestServer(t, WithLimits(Limits{Disabled: true}))
	b := newTestBot(t, s)
	ctx := testCtx(t)
	startChat(t, s, alice)
	img := pngBytes(t, 40, 30)
	msg, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: alice.ID, Photo: &models.InputFileUpload{Filename: "qr.png", Data: bytes.NewReader(img)},
		Caption: "Scan <b>me</b>", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Fatalf("SendPhoto: %v", err)
	}
	if len(msg.Photo) != 1 || msg.Photo[0].Width != 40 || msg.Photo[0].Height != 30 || msg.Photo[0].FileID == "" || msg.Caption != "Scan me" || len(msg.CaptionEntities) != 1 {
		t.Fatalf("photo message = %+v", msg)
	}
	stored := s.BotMessages(alice.ID)[0]
	if !bytes.Equal(stored.Photo, img) || stored.Text != "Scan me" {
		t.Errorf("stored photo message = %+v", stored)
	}
	// The file_id can be sent again, like on Telegram.
	again, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: alice.ID, Photo: &models.InputFileString{Data: msg.Photo[0].FileID}})
	if err != nil || again.Photo[0].FileID != msg.Photo[0].FileID {
		t.Fatalf("resend by file_id: %v", err)
	}
	if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: alice.ID, Photo: &models.InputFileUpload{Filename: "x.png", Data: strings.NewReader("not an image")}}); err == nil || !strings.Contains(err.Error(), "IMAGE_PROCESS_FAILED") {
		t.Errorf("garbage photo: %v", err)
	}
	if _, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: alice.ID, Photo: &models.InputFileUpload{Filename: "x.png", Data: bytes.NewReader(img)}, Caption: strings.Repeat("c", 1025)}); err == nil || !strings.Contains(err.Error(), "Bad Request: message caption is too long") {
		t.Errorf("long caption: %v", err)
	}
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: msg.ID, Text: "x"}); err == nil || !strings.Contains(err.Error(), "there is no text in the message to edit") {
		t.Errorf("editing a photo's text: %v", err)
	}

	doc, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileUpload{Filename: "export.json", Data: strings.NewReader(`{"a":1}`)}, Caption: "Your data"})
	if err != nil {
		t.Fatalf("SendDocument: %v", err)
	}
	if doc.Document == nil || doc.Document.FileName != "export.json" || doc.Document.MimeType != "application/json" || doc.Document.FileSize != 7 {
		t.Fatalf("document = %+v", doc.Document)
	}
	last := s.BotMessages(alice.ID)
	if d := last[len(last)-1]; string(d.Document) != `{"a":1}` || d.DocumentName != "export.json" || d.Text != "Your data" {
		t.Errorf("stored document = %+v", d)
	}
}

func TestCommandsThroughLibrary(t *testing.T) {
	s := newTestServer(t)
	b := newTestBot(t, s)
	ctx := testCtx(t)
	cmds := []models.BotCommand{{Command: "start", Description: "Begin"}, {Command: "help", Description: "Crisis contacts"}}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds, Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "en"}); err != nil {
		t.Fatalf("SetMyCommands: %v", err)
	}
	if got := s.Commands("all_private_chats", 0, "en"); len(got) != 2 || got[1] != (Command{"help", "Crisis contacts"}) {
		t.Errorf("stored = %+v", got)
	}
	if got := s.Commands("default", 0, ""); len(got) != 0 {
		t.Errorf("default scope should be empty, got %+v", got)
	}
	got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "en"})
	if err != nil || len(got) != 2 || got[0].Command != "start" {
		t.Fatalf("GetMyCommands = %+v, %v", got, err)
	}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Start!", Description: "x"}}}); err == nil || !strings.Contains(err.Error(), "BOT_COMMAND_INVALID") {
		t.Errorf("invalid command: %v", err)
	}
	if _, err := b.DeleteMyCommands(ctx, &bot.DeleteMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "en"}); err != nil {
		t.Fatal(err)
	}
	if got := s.Commands("all_private_chats", 0, "en"); len(got) != 0 {
		t.Errorf("after delete: %+v", got)
	}
}

func TestGetMeAndGetChat(t *testing.T) {
	s := newTestServer(t, WithBot(777, "care_bot", "Care"), WithToken("777:abc"))
	b, err := bot.New("777:abc", bot.WithServerURL(s.URL())) // bot.New itself calls getMe
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	ctx := testCtx(t)
	me, err := b.GetMe(ctx)
	if err != nil || me.ID != 777 || !me.IsBot || me.Username != "care_bot" || me.FirstName != "Care" {
		t.Fatalf("GetMe = %+v, %v", me, err)
	}
	startChat(t, s, alice)
	chat, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: alice.ID})
	if err != nil || chat.ID != alice.ID || chat.Type != models.ChatTypePrivate || chat.Username != "alice" {
		t.Fatalf("GetChat = %+v, %v", chat, err)
	}
	if _, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: bob.ID}); err == nil || !strings.Contains(err.Error(), "chat not found") {
		t.Errorf("GetChat stranger: %v", err)
	}
	if _, err := bot.New("777:wrong", bot.WithServerURL(s.URL())); !errors.Is(err, bot.ErrorUnauthorized) {
		t.Errorf("wrong token: %v", err)
	}
}

// TestBotRoundTrip runs the real bot's polling loop: a /start reaches its
// handler, its reply and keyboard reach the chat, a press reaches the
// callback handler, and the answer is recorded.
func TestBotRoundTrip(t *testing.T) {
	s := newTestServer(t)
	ctx, cancel := context.WithCancel(testCtx(t))
	defer cancel()
	b := newTestBot(t, s,
		bot.WithMessageTextHandler("/start", bot.MatchTypePrefix, func(ctx context.Context, b *bot.Bot, u *models.Update) {
			_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "Welcome. Continue?",
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Continue", CallbackData: "go:" + u.Message.Text[len("/start "):]}}}}})
		}),
		bot.WithCallbackQueryDataHandler("go:", bot.MatchTypePrefix, func(ctx context.Context, b *bot.Bot, u *models.Update) {
			_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "got " + u.CallbackQuery.Data})
		}),
	)
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	if _, err := s.SendMessage(alice, "/start inv123"); err != nil {
		t.Fatal(err)
	}
	msgs, err := s.WaitBotMessages(ctx, alice.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if msgs[0].Buttons[0][0].CallbackData != "go:inv123" {
		t.Fatalf("reply = %+v", msgs[0])
	}
	qid, err := s.PressButton(alice, alice.ID, msgs[0].ID, "go:inv123")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitUntil(ctx, func() bool { _, ok := s.CallbackAnswer(qid); return ok }); err != nil {
		t.Fatal(err)
	}
	if text, _ := s.CallbackAnswer(qid); text != "got go:inv123" {
		t.Errorf("answer = %q", text)
	}
	if err := s.WaitUntil(ctx, func() bool { return s.PendingUpdates() == 0 }); err != nil {
		t.Errorf("updates never confirmed: %v", err)
	}
}

func TestPaidBroadcastHasItsOwnLimit(t *testing.T) {
	clock := newFakeClock()
	s := newTestServer(t, WithClock(clock.Now), WithLimits(Limits{GlobalPerSecond: 2, ChatBurst: 10, ChatPerSecond: 10, PaidPerSecond: 3}))
	ctx := testCtx(t)
	b := newTestBot(t, s)
	startChat(t, s, alice)
	send := func(paid bool) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "prompt", AllowPaidBroadcast: paid})
		return err
	}
	var tooMany *bot.TooManyRequestsError
	for i := range 2 {
		if err := send(false); err != nil {
			t.Fatalf("free send %d: %v", i, err)
		}
	}
	if err := send(false); !errors.As(err, &tooMany) {
		t.Fatalf("3rd free send in a second with a limit of 2: %v, want 429", err)
	}
	for i := range 3 {
		if err := send(true); err != nil {
			t.Fatalf("paid send %d past the free limit: %v", i, err)
		}
	}
	if err := send(true); !errors.As(err, &tooMany) {
		t.Fatalf("4th paid send in a second with a paid limit of 3: %v, want 429", err)
	}
	st := s.Stats()
	if st.PaidBroadcasts != 3 {
		t.Errorf("counted %d paid broadcasts, want 3 (each costs Stars)", st.PaidBroadcasts)
	}
	if n := len(s.BotMessages(alice.ID)); n != 5 {
		t.Errorf("%d messages delivered, want 5", n)
	}
}
