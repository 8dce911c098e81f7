package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tandemcare/tandem/telegramtest"
)

// newTestSandbox is an emulator plus the sandbox page over it, with the
// default personas and a staff channel.
func newTestSandbox(t *testing.T) (*telegramtest.Server, *httptest.Server) {
	t.Helper()
	emu := telegramtest.New(telegramtest.WithLimits(telegramtest.Limits{Disabled: true}))
	t.Cleanup(emu.Close)
	emu.AddChannel(-100123, "Staff")
	page := httptest.NewServer(Handler(emu, DefaultPersonas()))
	t.Cleanup(page.Close)
	return emu, page
}

var (
	worker = DefaultPersonas()[0].User
	alex   = DefaultPersonas()[1].User
)

// botCall makes a Bot API call as the bot, with a JSON body.
func botCall(t *testing.T, emu *telegramtest.Server, method string, args map[string]any) json.RawMessage {
	t.Helper()
	body, _ := json.Marshal(args)
	resp, err := http.Post(emu.URL()+"/bot"+emu.Token()+"/"+method, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		Description string          `json:"description"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || !r.OK {
		t.Fatalf("%s: %v %s", method, err, r.Description)
	}
	return r.Result
}

func postJSON(t *testing.T, page *httptest.Server, path string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(page.URL+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func getState(t *testing.T, page *httptest.Server, since string) stateJSON {
	t.Helper()
	st, err := fetchState(page, since)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// fetchState is getState for goroutines, which must not call t.Fatal.
func fetchState(page *httptest.Server, since string) (stateJSON, error) {
	u := page.URL + "/api/state"
	if since != "" {
		u += "?since=" + since
	}
	resp, err := http.Get(u)
	if err != nil {
		return stateJSON{}, err
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		return stateJSON{}, fmt.Errorf("state content type %q", ct)
	}
	var st stateJSON
	err = json.NewDecoder(resp.Body).Decode(&st)
	return st, err
}

func findChat(t *testing.T, st stateJSON, id int64) chatJSON {
	t.Helper()
	for _, c := range st.Chats {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("chat %d not in state", id)
	return chatJSON{}
}

func TestPageIsServed(t *testing.T) {
	_, page := newTestSandbox(t)
	tests := []struct{ path, contentType, contains string }{
		{"/", "text/html; charset=utf-8", "<title>Tandem sandbox</title>"},
		{"/app.js", "text/javascript; charset=utf-8", "/api/state"},
	}
	for _, tt := range tests {
		resp, err := http.Get(page.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tt.contentType || !strings.Contains(string(body), tt.contains) {
			t.Errorf("%s: %d %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if strings.Contains(string(body), "http://") && tt.path == "/" {
			t.Errorf("page refers to an external asset")
		}
	}
	resp, _ := http.Get(page.URL + "/")
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
}

func TestStateListsPersonasChannelsAndMessages(t *testing.T) {
	emu, page := newTestSandbox(t)
	if _, err := emu.SendMessage(alex, "/start"); err != nil {
		t.Fatal(err)
	}
	botCall(t, emu, "sendMessage", map[string]any{"chat_id": alex.ID, "text": "Hi <b>Alex</b>", "parse_mode": "HTML",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "OK", "callback_data": "ok"}, {"text": "Info", "url": "https://example.org"}}}}})
	botCall(t, emu, "sendMessage", map[string]any{"chat_id": -100123, "text": "2 check-ins today"})

	st := getState(t, page, "")
	if st.BotUsername != "tandem_test_bot" || len(st.Personas) != 3 || st.Personas[0].Role != "worker" || st.Version == "" {
		t.Fatalf("state header = %+v", st)
	}
	c := findChat(t, st, alex.ID)
	if c.ReadOnly || c.Kind != "private" || len(c.Messages) != 2 || c.Messages[0].FromBot || !c.Messages[1].FromBot {
		t.Fatalf("alex chat = %+v", c)
	}
	m := c.Messages[1]
	if m.HTML != "Hi <b>Alex</b>" || len(m.Buttons) != 1 || m.Buttons[0][0].Data != "ok" || m.Buttons[0][1].URL != "https://example.org" {
		t.Errorf("bot message = %+v", m)
	}
	staff := findChat(t, st, -100123)
	if !staff.ReadOnly || staff.Kind != "channel" || staff.Title != "Staff" || len(staff.Messages) != 1 || staff.Messages[0].HTML != "2 check-ins today" {
		t.Errorf("staff channel = %+v", staff)
	}
	if w := findChat(t, st, worker.ID); len(w.Messages) != 0 || w.Role != "worker" {
		t.Errorf("worker chat = %+v", w)
	}
}

func TestSendReachesEmulator(t *testing.T) {
	emu, page := newTestSandbox(t)
	code, out := postJSON(t, page, "/api/send", map[string]any{"userId": worker.ID, "text": "/start"})
	if code != 200 || out["messageId"] == nil {
		t.Fatalf("send: %d %v", code, out)
	}
	if msgs := emu.Messages(worker.ID); len(msgs) != 1 || msgs[0].Text != "/start" || msgs[0].FromBot {
		t.Fatalf("emulator messages = %+v", msgs)
	}
	raw := botCall(t, emu, "getUpdates", nil)
	var ups []models.Update
	if err := json.Unmarshal(raw, &ups); err != nil || len(ups) != 1 || ups[0].Message.From.ID != worker.ID || ups[0].Message.Text != "/start" {
		t.Fatalf("updates = %s", raw)
	}
	if code, _ := postJSON(t, page, "/api/send", map[string]any{"userId": 42, "text": "x"}); code != http.StatusNotFound {
		t.Errorf("unknown persona: %d", code)
	}
	if code, _ := postJSON(t, page, "/api/send", map[string]any{"userId": worker.ID, "text": "   "}); code != http.StatusBadRequest {
		t.Errorf("empty text: %d", code)
	}
	postJSON(t, page, "/api/block", map[string]any{"userId": worker.ID, "blocked": true})
	if code, out := postJSON(t, page, "/api/send", map[string]any{"userId": worker.ID, "text": "hello"}); code != http.StatusConflict {
		t.Errorf("blocked send: %d %v", code, out)
	}
	if !findChat(t, getState(t, page, ""), worker.ID).Blocked {
		t.Error("blocked flag not shown")
	}
}

func TestPressButtonReachesBot(t *testing.T) {
	emu, page := newTestSandbox(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b, err := bot.New(emu.Token(), bot.WithServerURL(emu.URL()), bot.WithSkipGetMe(),
		bot.WithCallbackQueryDataHandler("mood:", bot.MatchTypePrefix, func(ctx context.Context, b *bot.Bot, u *models.Update) {
			_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "Saved " + u.CallbackQuery.Data})
		}))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	if _, err := emu.SendMessage(alex, "/start"); err != nil {
		t.Fatal(err)
	}
	msg, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alex.ID, Text: "How are you?",
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Good", CallbackData: "mood:good"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	code, out := postJSON(t, page, "/api/press", map[string]any{"userId": alex.ID, "chatId": alex.ID, "messageId": msg.ID, "data": "mood:good"})
	if code != 200 || out["answered"] != true || out["answer"] != "Saved mood:good" {
		t.Fatalf("press: %d %v", code, out)
	}
	if code, _ := postJSON(t, page, "/api/press", map[string]any{"userId": alex.ID, "chatId": alex.ID, "messageId": msg.ID, "data": "mood:forged"}); code != http.StatusBadRequest {
		t.Errorf("pressing a button that is not there: %d", code)
	}
}

func TestRenderingEscapes(t *testing.T) {
	emu, page := newTestSandbox(t)
	if _, err := emu.SendMessage(alex, `<script>alert("x")</script>`); err != nil {
		t.Fatal(err)
	}
	botCall(t, emu, "sendMessage", map[string]any{"chat_id": alex.ID, "parse_mode": "HTML",
		"text": `You wrote &lt;script&gt;alert(1)&lt;/script&gt; <a href="javascript:alert(1)">link</a> <b>ok</b>`})
	c := findChat(t, getState(t, page, ""), alex.ID)
	for _, m := range c.Messages {
		if strings.Contains(strings.ToLower(m.HTML), "<script") || strings.Contains(m.HTML, "javascript:") {
			t.Errorf("unsafe html: %s", m.HTML)
		}
	}
	if got := c.Messages[0].HTML; got != "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" {
		t.Errorf("user message html = %s", got)
	}
	if got := c.Messages[1].HTML; got != "You wrote &lt;script&gt;alert(1)&lt;/script&gt; link <b>ok</b>" {
		t.Errorf("bot message html = %s", got)
	}
}

func TestRenderHTML(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		entities []telegramtest.Entity
		want     string
	}{
		{"plain escaped", `a < b & "c"`, nil, "a &lt; b &amp; &#34;c&#34;"},
		{"nested", "abc", []telegramtest.Entity{{Type: "bold", Offset: 0, Length: 3}, {Type: "italic", Offset: 1, Length: 1}}, "<b>a<i>b</i>c</b>"},
		{"after emoji", "😀x", []telegramtest.Entity{{Type: "bold", Offset: 2, Length: 1}}, "😀<b>x</b>"},
		{"link", "go", []telegramtest.Entity{{Type: "text_link", Length: 2, URL: `https://x.org/?a="b"`}},
			`<a href="https://x.org/?a=&#34;b&#34;" target="_blank" rel="noopener noreferrer">go</a>`},
		{"script link dropped", "go", []telegramtest.Entity{{Type: "text_link", Length: 2, URL: "javascript:alert(1)"}}, "go"},
		{"crossing entities stay nested", "abcd", []telegramtest.Entity{{Type: "bold", Offset: 0, Length: 2}, {Type: "italic", Offset: 1, Length: 3}}, "<b>a<i>b</i></b>cd"},
		{"entity past end clipped", "ab", []telegramtest.Entity{{Type: "code", Offset: 1, Length: 9}}, "a<code>b</code>"},
		{"spoiler", "s", []telegramtest.Entity{{Type: "spoiler", Length: 1}}, `<span class="spoiler" title="spoiler">s</span>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderHTML(tt.text, tt.entities); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestInviteLinksGetOpenAs(t *testing.T) {
	emu, page := newTestSandbox(t)
	if _, err := emu.SendMessage(worker, "/invite"); err != nil {
		t.Fatal(err)
	}
	botCall(t, emu, "sendMessage", map[string]any{"chat_id": worker.ID, "parse_mode": "HTML",
		"text": `Share <a href="https://t.me/tandem_test_bot?start=Inv_123-x">this link</a> or https://t.me/tandem_test_bot?start=plain9 but not https://t.me/other_bot?start=zzz`})
	m := findChat(t, getState(t, page, ""), worker.ID).Messages[1]
	if len(m.StartCodes) != 2 || m.StartCodes[0] != "plain9" || m.StartCodes[1] != "Inv_123-x" {
		t.Fatalf("start codes = %v", m.StartCodes)
	}
	// "Open as" is the page sending /start <code> as that person.
	if code, _ := postJSON(t, page, "/api/send", map[string]any{"userId": alex.ID, "text": "/start " + m.StartCodes[0]}); code != 200 {
		t.Fatal(code)
	}
	if got := emu.Messages(alex.ID); len(got) != 1 || got[0].Text != "/start "+m.StartCodes[0] || got[0].Entities[0].Type != "bot_command" {
		t.Errorf("alex messages = %+v", got)
	}
}

func TestStateLongPoll(t *testing.T) {
	old := longPollWait
	longPollWait = 200 * time.Millisecond
	t.Cleanup(func() { longPollWait = old })
	emu, page := newTestSandbox(t)
	st := getState(t, page, "")
	start := time.Now()
	same := getState(t, page, st.Version)
	if same.Version != st.Version || time.Since(start) < 150*time.Millisecond {
		t.Fatalf("unchanged poll returned %s after %v", same.Version, time.Since(start))
	}
	longPollWait = 5 * time.Second
	got := make(chan stateJSON, 1)
	go func() {
		next, err := fetchState(page, st.Version)
		if err != nil {
			next.Version = "error: " + err.Error()
		}
		got <- next
	}()
	time.Sleep(50 * time.Millisecond)
	if _, err := emu.SendMessage(alex, "news"); err != nil {
		t.Fatal(err)
	}
	select {
	case next := <-got:
		if next.Version == st.Version || len(findChat(t, next, alex.ID).Messages) != 1 {
			t.Fatalf("poll after change: %+v", next)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("long poll did not return after a change")
	}
}

func TestAddPersonaAndFiles(t *testing.T) {
	emu, page := newTestSandbox(t)
	code, out := postJSON(t, page, "/api/personas", map[string]any{"name": "Riley Ann"})
	if code != 200 || out["role"] != "person" || out["name"] != "Riley Ann" {
		t.Fatalf("add persona: %d %v", code, out)
	}
	id := int64(out["id"].(float64))
	if code, _ := postJSON(t, page, "/api/send", map[string]any{"userId": id, "text": "hello"}); code != 200 {
		t.Fatalf("send as new persona: %d", code)
	}
	if code, _ := postJSON(t, page, "/api/personas", map[string]any{"name": "  "}); code != http.StatusBadRequest {
		t.Errorf("empty name: %d", code)
	}

	var img bytes.Buffer
	_ = png.Encode(&img, image.NewGray(image.Rect(0, 0, 3, 3)))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("chat_id", "6001")
	fw, _ := mw.CreateFormFile("photo", "qr.png")
	_, _ = fw.Write(img.Bytes())
	_ = mw.Close()
	if _, err := emu.SendMessage(alex, "/start"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(emu.URL()+"/bot"+emu.Token()+"/sendPhoto", mw.FormDataContentType(), &body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("sendPhoto: %v %v", err, resp.Status)
	}
	resp.Body.Close()
	st := getState(t, page, "")
	if findChat(t, st, id).Title != "Riley Ann" {
		t.Errorf("new persona chat missing")
	}
	photo := findChat(t, st, alex.ID).Messages[1].Photo
	resp, err = http.Get(page.URL + photo)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "image/png" || !bytes.Equal(got, img.Bytes()) {
		t.Errorf("photo endpoint: %q, %d bytes", resp.Header.Get("Content-Type"), len(got))
	}
}
