package telegramtest

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// apiSpec is the part of api.json (Bot API, machine-readable) we check against.
type apiSpec struct {
	Version string `json:"version"`
	Methods map[string]struct {
		Fields []specField `json:"fields"`
	} `json:"methods"`
	Types map[string]struct {
		Fields   []specField `json:"fields"`
		Subtypes []string    `json:"subtypes"`
	} `json:"types"`
}

type specField struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
}

// knownRequiredGaps are required parameters the emulator deliberately does
// not insist on, each for a documented reason.
var knownRequiredGaps = map[string]string{
	"setWebhook.url": "Telegram treats a missing url as empty, which removes the webhook",
}

func loadSpec(t *testing.T) *apiSpec {
	t.Helper()
	path := os.Getenv("TANDEM_BOTAPI_SPEC")
	if path == "" {
		path = "../../shared/telegram-bot-api/api.json"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("Bot API spec not available (%v); set TANDEM_BOTAPI_SPEC", err)
	}
	var spec apiSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	if len(spec.Methods) == 0 || len(spec.Types) == 0 {
		t.Fatalf("%s has no methods or types", path)
	}
	return &spec
}

func TestConformanceMethodsAndParams(t *testing.T) {
	spec := loadSpec(t)
	for _, d := range methods {
		m, ok := spec.Methods[d.name]
		if !ok {
			t.Errorf("method %s is served but not in the Bot API %s", d.name, spec.Version)
			continue
		}
		fields := map[string]bool{}
		for _, f := range m.Fields {
			fields[f.Name] = true
		}
		for _, p := range d.params {
			if !fields[p] {
				t.Errorf("%s reads parameter %q, which the spec does not define", d.name, p)
			}
		}
	}
}

// conformanceEnv is a server with an open chat, a bot message with a
// keyboard and a pending callback query, so that every method has something
// valid to act on.
type conformanceEnv struct {
	s        *Server
	botMsgID int
	queryID  string
}

func newConformanceEnv(t *testing.T) conformanceEnv {
	t.Helper()
	s := newTestServer(t, WithLimits(Limits{Disabled: true}))
	startChat(t, s, alice)
	r := call(t, s, "sendMessage", asJSON, map[string]any{"chat_id": alice.ID, "text": "q",
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "A", "callback_data": "a"}}}}})
	mustOK(t, r)
	var m struct {
		ID int `json:"message_id"`
	}
	_ = json.Unmarshal(r.Result, &m)
	qid, err := s.PressButton(alice, alice.ID, m.ID, "a")
	if err != nil {
		t.Fatal(err)
	}
	return conformanceEnv{s: s, botMsgID: m.ID, queryID: qid}
}

// validArgs is a valid call of every served method, using every parameter
// the emulator reads.
func validArgs(t *testing.T, e conformanceEnv, method string) map[string]any {
	keyboard := map[string]any{"inline_keyboard": [][]map[string]string{{{"text": "B", "callback_data": "b"}}}}
	scope := map[string]any{"type": "chat", "chat_id": alice.ID}
	switch method {
	case "getMe", "getWebhookInfo":
		return map[string]any{}
	case "getUpdates":
		return map[string]any{"offset": 0, "limit": 10, "timeout": 0, "allowed_updates": []string{"message", "callback_query"}}
	case "setWebhook":
		return map[string]any{"url": "http://127.0.0.1:9/hook", "secret_token": "tok", "drop_pending_updates": true, "max_connections": 5, "allowed_updates": []string{}}
	case "deleteWebhook":
		return map[string]any{"drop_pending_updates": false}
	case "sendMessage":
		return map[string]any{"chat_id": alice.ID, "text": "<b>x</b>", "parse_mode": "HTML", "reply_markup": keyboard}
	case "sendPhoto":
		return map[string]any{"chat_id": alice.ID, "photo": fileArg{"p.png", pngBytes(t, 2, 2)}, "caption": "c", "caption_entities": []map[string]any{{"type": "bold", "offset": 0, "length": 1}}, "reply_markup": keyboard}
	case "sendDocument":
		return map[string]any{"chat_id": alice.ID, "document": fileArg{"d.txt", []byte("d")}, "caption": "<i>c</i>", "parse_mode": "HTML"}
	case "copyMessage":
		return map[string]any{"chat_id": alice.ID, "from_chat_id": alice.ID, "message_id": e.botMsgID, "caption": "<b>c</b>", "parse_mode": "HTML"}
	case "editMessageText":
		return map[string]any{"chat_id": alice.ID, "message_id": e.botMsgID, "text": "edited", "entities": []map[string]any{{"type": "italic", "offset": 0, "length": 2}}, "reply_markup": keyboard}
	case "editMessageReplyMarkup":
		return map[string]any{"chat_id": alice.ID, "message_id": e.botMsgID, "reply_markup": keyboard}
	case "deleteMessage":
		return map[string]any{"chat_id": alice.ID, "message_id": e.botMsgID}
	case "answerCallbackQuery":
		return map[string]any{"callback_query_id": e.queryID, "text": "ok", "show_alert": true}
	case "setMyCommands":
		return map[string]any{"commands": []map[string]string{{"command": "start", "description": "Start"}}, "scope": scope, "language_code": "en"}
	case "getMyCommands", "deleteMyCommands":
		return map[string]any{"scope": scope, "language_code": "en"}
	case "getChat":
		return map[string]any{"chat_id": alice.ID}
	}
	t.Fatalf("no valid call for %s: add one to validArgs", method)
	return nil
}

func TestConformanceRequiredFieldsEnforced(t *testing.T) {
	spec := loadSpec(t)
	var names []string
	for _, d := range methods {
		names = append(names, d.name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			e := newConformanceEnv(t)
			mustOK(t, call(t, e.s, name, asMultipart, validArgs(t, e, name)))
			// Every parameter read was declared (and so checked against the spec).
			e.s.mu.Lock()
			for k := range e.s.undeclared {
				t.Errorf("handler read undeclared parameter %s", k)
			}
			e.s.mu.Unlock()
			for _, f := range spec.Methods[name].Fields {
				if !f.Required {
					continue
				}
				if reason, ok := knownRequiredGaps[name+"."+f.Name]; ok {
					t.Logf("%s.%s not enforced: %s", name, f.Name, reason)
					continue
				}
				e := newConformanceEnv(t)
				args := validArgs(t, e, name)
				delete(args, f.Name)
				if r := call(t, e.s, name, asMultipart, args); r.OK || r.ErrorCode != 400 || !strings.HasPrefix(r.Description, "Bad Request: ") {
					t.Errorf("%s without required %s: got ok=%v %d %q, want 400", name, f.Name, r.OK, r.ErrorCode, r.Description)
				}
			}
		})
	}
}

func TestConformanceEmittedFields(t *testing.T) {
	spec := loadSpec(t)
	types := []struct {
		v        any
		specType []string // the value may be any of these (a union such as ChatMember)
	}{
		{wireUpdate{}, []string{"Update"}},
		{wireMessage{}, []string{"Message"}},
		{wireInaccessibleMessage{}, []string{"InaccessibleMessage"}},
		{wireUser{}, []string{"User"}},
		{wireChat{}, []string{"Chat"}},
		{wireChatFullInfo{}, []string{"ChatFullInfo"}},
		{wireAcceptedGiftTypes{}, []string{"AcceptedGiftTypes"}},
		{wireCallbackQuery{}, []string{"CallbackQuery"}},
		{wirePhotoSize{}, []string{"PhotoSize"}},
		{wireDocument{}, []string{"Document"}},
		{wireWebhookInfo{}, []string{"WebhookInfo"}},
		{wireBotCommand{}, []string{"BotCommand"}},
		{wireEntity{}, []string{"MessageEntity"}},
		{wireInlineKeyboard{}, []string{"InlineKeyboardMarkup"}},
		{wireButton{}, []string{"InlineKeyboardButton"}},
		{wireCopyText{}, []string{"CopyTextButton"}},
		{wireChatMemberUpdated{}, []string{"ChatMemberUpdated"}},
		{wireChatMember{}, []string{"ChatMemberMember", "ChatMemberBanned"}},
		{apiParameters{}, []string{"ResponseParameters"}},
		{wireMessageID{}, []string{"MessageId"}},
	}
	for _, tt := range types {
		rt := reflect.TypeOf(tt.v)
		known := map[string]bool{}
		required := map[string]bool{}
		for _, name := range tt.specType {
			st, ok := spec.Types[name]
			if !ok {
				t.Fatalf("type %s not in spec", name)
			}
			for _, f := range st.Fields {
				known[f.Name] = true
				if len(tt.specType) == 1 && f.Required {
					required[f.Name] = true
				}
			}
		}
		emitted := map[string]bool{}
		for i := range rt.NumField() {
			tag := rt.Field(i).Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" || name == "-" {
				continue
			}
			emitted[name] = true
			if !known[name] {
				t.Errorf("%s emits %q, not a field of %v", rt.Name(), name, tt.specType)
			}
			if required[name] && strings.Contains(opts, "omitempty") {
				t.Errorf("%s may omit %q, which %v requires", rt.Name(), name, tt.specType)
			}
		}
		for name := range required {
			if !emitted[name] {
				t.Errorf("%s never emits required field %q of %v", rt.Name(), name, tt.specType)
			}
		}
	}
}
