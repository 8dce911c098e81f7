package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	_ "image/gif" // photos are decoded for their size, as Telegram does
	_ "image/jpeg"
	_ "image/png"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// methodDef is one Bot API method the emulator serves. params lists every
// parameter the handler reads; the conformance test checks the list against
// api.json and the handler's actual reads against the list.
type methodDef struct {
	name   string
	params []string
	fn     func(s *Server, r *http.Request, p *params) (result any, description string, err *apiError)
}

func (d *methodDef) declared(name string) bool {
	for _, p := range d.params {
		if p == name {
			return true
		}
	}
	return false
}

// methods is keyed by lower-case name: Telegram ignores the case of method names.
var methods = map[string]*methodDef{}

func init() {
	for _, d := range []*methodDef{
		{"getMe", nil, (*Server).getMe},
		{"getUpdates", []string{"offset", "limit", "timeout", "allowed_updates"}, (*Server).getUpdates},
		{"setWebhook", []string{"url", "drop_pending_updates", "secret_token", "max_connections", "allowed_updates"}, (*Server).setWebhook},
		{"deleteWebhook", []string{"drop_pending_updates"}, (*Server).deleteWebhook},
		{"getWebhookInfo", nil, (*Server).getWebhookInfo},
		{"sendMessage", []string{"chat_id", "text", "parse_mode", "entities", "reply_markup", "allow_paid_broadcast"}, (*Server).sendMessage},
		{"sendPhoto", []string{"chat_id", "photo", "caption", "parse_mode", "caption_entities", "reply_markup", "allow_paid_broadcast"}, (*Server).sendPhoto},
		{"sendDocument", []string{"chat_id", "document", "caption", "parse_mode", "caption_entities", "reply_markup", "allow_paid_broadcast"}, (*Server).sendDocument},
		{"copyMessage", []string{"chat_id", "from_chat_id", "message_id", "caption", "parse_mode", "caption_entities", "reply_markup"}, (*Server).copyMessage},
		{"editMessageText", []string{"chat_id", "message_id", "inline_message_id", "text", "parse_mode", "entities", "reply_markup"}, (*Server).editMessageText},
		{"editMessageReplyMarkup", []string{"chat_id", "message_id", "inline_message_id", "reply_markup"}, (*Server).editMessageReplyMarkup},
		{"deleteMessage", []string{"chat_id", "message_id"}, (*Server).deleteMessage},
		{"answerCallbackQuery", []string{"callback_query_id", "text", "show_alert"}, (*Server).answerCallbackQuery},
		{"setMyCommands", []string{"commands", "scope", "language_code"}, (*Server).setMyCommands},
		{"getMyCommands", []string{"scope", "language_code"}, (*Server).getMyCommands},
		{"deleteMyCommands", []string{"scope", "language_code"}, (*Server).deleteMyCommands},
		{"getChat", []string{"chat_id"}, (*Server).getChat},
	} {
		methods[strings.ToLower(d.name)] = d
	}
}

const (
	textLimit    = 4096
	captionLimit = 1024
	photoMaxSize = 10 << 20
	docMaxSize   = 50 << 20
)

var errNotModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

func (s *Server) getMe(_ *http.Request, _ *params) (any, string, *apiError) {
	f := false
	u := wireUserOf(s.botUser, true)
	u.CanJoinGroups, u.CanReadAllGroupMessages, u.SupportsInlineQueries = &f, &f, &f
	u.CanConnectToBusiness, u.HasMainWebApp = &f, &f
	return u, "", nil
}

// chatIDParam reads chat_id. "@username" is accepted but, since emulated
// chats have no usernames, never found.
func chatIDParam(p *params) (int64, *apiError) {
	v := strings.TrimSpace(p.str("chat_id"))
	if v == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

// messageIDParam reads message_id.
func messageIDParam(p *params) (int, *apiError) {
	id, present, valid := p.integer("message_id")
	if !present || !valid || id <= 0 || id > 1<<31-1 {
		return 0, badRequest("message identifier is not specified")
	}
	return int(id), nil
}

// sendTargetLocked checks that the bot may post in chat id, in the order
// Telegram reports problems.
func (s *Server) sendTargetLocked(id int64) (*chatState, *apiError) {
	c := s.chats[id]
	if id > 0 {
		if c == nil || !c.started {
			return nil, forbidden("bot can't initiate conversation with a user")
		}
		if c.blocked {
			return nil, forbidden("bot was blocked by the user")
		}
		return c, nil
	}
	if c == nil {
		return nil, badRequest("chat not found")
	}
	return c, nil
}

// knownChatLocked is a chat the bot can see (for edits, deletes, getChat).
func (s *Server) knownChatLocked(id int64) (*chatState, *apiError) {
	c := s.chats[id]
	if c == nil || !c.started {
		return nil, badRequest("chat not found")
	}
	return c, nil
}

// floodLocked applies the flood limits to one more send or edit in chatID. A send with
// allow_paid_broadcast is held to the paid limit instead of the free one, and counted.
func (s *Server) floodLocked(chatID int64, paid bool) *apiError {
	now := s.now()
	if retry, ok := s.limiter.allow(chatID, paid, now); !ok {
		return &apiError{code: http.StatusTooManyRequests, description: fmt.Sprintf("Too Many Requests: retry after %d", retry), retryAfter: retry}
	}
	s.limiter.take(chatID, paid, now)
	if paid {
		s.stats.PaidBroadcasts++
	}
	return nil
}

// formatted is a text or caption after parse_mode handling and trimming.
type formatted struct {
	text      string
	entities  []Entity
	html      string
	parseMode string
}

// formatText parses and checks a text or caption. Only HTML is implemented:
// Tandem writes HTML, and a half-right MarkdownV2 parser would accept what
// Telegram rejects, which is worse than refusing plainly.
func formatText(raw, parseMode, entitiesJSON string, caption bool) (formatted, *apiError) {
	if !utf8.ValidString(raw) {
		return formatted{}, badRequest("text must be encoded in UTF-8")
	}
	f := formatted{parseMode: parseMode}
	switch strings.ToLower(parseMode) {
	case "":
		f.text = raw
		if strings.TrimSpace(entitiesJSON) != "" {
			var ws []wireEntity
			if err := json.Unmarshal([]byte(entitiesJSON), &ws); err != nil {
				return formatted{}, badRequest("can't parse entities JSON object")
			}
			for _, w := range ws {
				f.entities = append(f.entities, Entity(w))
			}
		}
	case "html":
		text, es, err := parseHTML(raw)
		if err != nil {
			return formatted{}, badRequest("can't parse entities: " + err.Error())
		}
		f.text, f.entities, f.html = text, es, raw
	case "markdown", "markdownv2":
		return formatted{}, badRequest(fmt.Sprintf("can't parse entities: parse_mode %q is not implemented by the telegramtest emulator; use HTML", parseMode))
	default:
		return formatted{}, badRequest("unsupported parse_mode")
	}
	f.text, f.entities = trimFormatted(f.text, f.entities)
	n := utf8.RuneCountInString(f.text)
	switch {
	case caption && n > captionLimit:
		return formatted{}, badRequest("message caption is too long")
	case !caption && f.text == "":
		return formatted{}, badRequest("message text is empty")
	case !caption && n > textLimit:
		return formatted{}, badRequest("message is too long")
	}
	return f, nil
}

// parseMarkup reads reply_markup. Only inline keyboards are kept; reply
// keyboards and their removal are accepted and ignored, since the emulated
// person only ever types.
func parseMarkup(raw string, inlineOnly bool) ([][]wireButton, *apiError) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &obj); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	kb, ok := obj["inline_keyboard"]
	if !ok {
		_, k := obj["keyboard"]
		_, rk := obj["remove_keyboard"]
		_, fr := obj["force_reply"]
		if inlineOnly || !(k || rk || fr) {
			return nil, badRequest("can't parse reply keyboard markup JSON object")
		}
		return nil, nil
	}
	var rows [][]map[string]json.RawMessage
	if err := json.Unmarshal(kb, &rows); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	var out [][]wireButton
	for _, row := range rows {
		var r []wireButton
		for _, fields := range row {
			b, err := parseButton(fields)
			if err != nil {
				return nil, err
			}
			r = append(r, b)
		}
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

func parseButton(fields map[string]json.RawMessage) (wireButton, *apiError) {
	str := func(name string) (string, bool, *apiError) {
		raw, ok := fields[name]
		if !ok || string(raw) == "null" {
			return "", false, nil
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", false, badRequest(fmt.Sprintf("can't parse inline keyboard button: Field \"%s\" must be of type String", name))
		}
		return v, true, nil
	}
	var b wireButton
	text, ok, err := str("text")
	if err != nil {
		return b, err
	}
	if !ok {
		return b, badRequest("can't parse inline keyboard button: Field \"text\" must be of type String")
	}
	if strings.TrimSpace(text) == "" {
		return b, badRequest("BUTTON_TEXT_INVALID")
	}
	b.Text = text
	if data, _, err := str("callback_data"); err != nil {
		return b, err
	} else if data != "" {
		if len(data) > 64 {
			return b, badRequest("BUTTON_DATA_INVALID")
		}
		b.CallbackData = data
		return b, nil
	}
	if u, _, err := str("url"); err != nil {
		return b, err
	} else if u != "" {
		pu, perr := url.Parse(u)
		if perr != nil || (pu.Scheme != "http" && pu.Scheme != "https" && pu.Scheme != "tg") || (pu.Scheme != "tg" && pu.Host == "") {
			return b, badRequest("BUTTON_URL_INVALID")
		}
		b.URL = u
		return b, nil
	}
	if raw, ok := fields["copy_text"]; ok {
		var ct wireCopyText
		if json.Unmarshal(raw, &ct) == nil && ct.Text != "" {
			b.CopyText = &ct
			return b, nil
		}
	}
	for _, other := range []string{"web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
		"switch_inline_query_chosen_chat", "callback_game", "pay"} {
		if raw, ok := fields[other]; ok && string(raw) != "false" && string(raw) != "null" {
			return b, badRequest(fmt.Sprintf("can't parse inline keyboard button: %s buttons are not implemented by the telegramtest emulator", other))
		}
	}
	return b, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
}

func markupEqual(a, b [][]wireButton) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func entitiesEqual(a, b []Entity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// postLocked stores a new bot message and returns it as the API answers.
func (s *Server) postLocked(c *chatState, m *msgState) wireMessage {
	m.fromBot = true
	m.date = s.now()
	c.add(m)
	s.changedLocked()
	return s.wireMessageLocked(c, m)
}

func (s *Server) sendMessage(_ *http.Request, p *params) (any, string, *apiError) {
	f, err := formatText(p.str("text"), p.str("parse_mode"), p.str("entities"), false)
	if err != nil {
		return nil, "", err
	}
	markup, err := parseMarkup(p.str("reply_markup"), false)
	if err != nil {
		return nil, "", err
	}
	chatID, err := chatIDParam(p)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.sendTargetLocked(chatID)
	if err != nil {
		return nil, "", err
	}
	if err := s.floodLocked(chatID, p.boolean("allow_paid_broadcast")); err != nil {
		return nil, "", err
	}
	m := &msgState{text: f.text, entities: f.entities, html: f.html, parseMode: f.parseMode, markup: markup}
	return s.postLocked(c, m), "", nil
}

// mediaParam resolves a photo or document given as an upload, "attach://"
// name, URL or earlier file_id.
func (s *Server) mediaParam(p *params, field string) (*storedFile, *upload, *apiError) {
	if up := p.file(field); up != nil {
		return nil, up, nil
	}
	v := strings.TrimSpace(p.str(field))
	switch {
	case v == "":
		return nil, nil, badRequest(fmt.Sprintf("there is no %s in the request", field))
	case strings.HasPrefix(v, "attach://"):
		if up := p.files[strings.TrimPrefix(v, "attach://")]; up != nil {
			return nil, up, nil
		}
		return nil, nil, badRequest(fmt.Sprintf("there is no %s in the request", field))
	case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
		// The emulator cannot fetch the web; the URL is recorded as sent.
		return &storedFile{url: v, name: path.Base(v)}, nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.files[v]; f != nil {
		return f, nil, nil
	}
	return nil, nil, badRequest("wrong file identifier/HTTP URL specified")
}

func (s *Server) storeFileLocked(f *storedFile) *storedFile {
	s.nextFile++
	f.id = fmt.Sprintf("EMU-%d-%d", s.cfg.botID, s.nextFile)
	f.uniqueID = fmt.Sprintf("EMUU%d", s.nextFile)
	s.files[f.id] = f
	return f
}

// mediaRequest reads what sendPhoto and sendDocument share: the caption, the keyboard and the
// file (an upload, which must not be empty, or a file already sent).
func (s *Server) mediaRequest(p *params, field string) (formatted, [][]wireButton, *storedFile, *upload, *apiError) {
	f, err := formatText(p.str("caption"), p.str("parse_mode"), p.str("caption_entities"), true)
	if err != nil {
		return f, nil, nil, nil, err
	}
	markup, err := parseMarkup(p.str("reply_markup"), false)
	if err != nil {
		return f, nil, nil, nil, err
	}
	stored, up, err := s.mediaParam(p, field)
	if err != nil {
		return f, nil, nil, nil, err
	}
	if up != nil && len(up.data) == 0 {
		return f, nil, nil, nil, badRequest("file must be non-empty")
	}
	return f, markup, stored, up, nil
}

func (s *Server) sendPhoto(_ *http.Request, p *params) (any, string, *apiError) {
	f, markup, stored, up, err := s.mediaRequest(p, "photo")
	if err != nil {
		return nil, "", err
	}
	if up != nil {
		if len(up.data) > photoMaxSize {
			return nil, "", badRequest("file is too big")
		}
		cfg, format, derr := image.DecodeConfig(bytes.NewReader(up.data))
		if derr != nil {
			return nil, "", badRequest("IMAGE_PROCESS_FAILED")
		}
		w, h := cfg.Width, cfg.Height
		if w+h > 10000 || w == 0 || h == 0 || max(w, h) > 20*min(w, h) {
			return nil, "", badRequest("PHOTO_INVALID_DIMENSIONS")
		}
		stored = &storedFile{data: up.data, name: up.name, mime: "image/" + format, width: w, height: h}
	}
	m := &msgState{text: f.text, entities: f.entities, html: f.html, parseMode: f.parseMode, markup: markup, caption: true, photo: stored}
	return s.postMedia(p, m, stored, "image/jpeg")
}

func (s *Server) sendDocument(_ *http.Request, p *params) (any, string, *apiError) {
	f, markup, stored, up, err := s.mediaRequest(p, "document")
	if err != nil {
		return nil, "", err
	}
	if up != nil {
		if len(up.data) > docMaxSize {
			return nil, "", &apiError{code: http.StatusRequestEntityTooLarge, description: "Request Entity Too Large"}
		}
		mt := mime.TypeByExtension(path.Ext(up.name))
		if mt == "" {
			mt = up.contentType
		}
		if i := strings.IndexByte(mt, ';'); i >= 0 {
			mt = mt[:i]
		}
		stored = &storedFile{data: up.data, name: up.name, mime: mt}
	}
	m := &msgState{text: f.text, entities: f.entities, html: f.html, parseMode: f.parseMode, markup: markup, caption: true, document: stored}
	return s.postMedia(p, m, stored, "application/octet-stream")
}

// postMedia posts a photo or document message to the chat named in p, within the limits, storing
// a newly uploaded file (with defaultMIME when the upload did not say) so it can be sent again.
func (s *Server) postMedia(p *params, m *msgState, stored *storedFile, defaultMIME string) (any, string, *apiError) {
	chatID, err := chatIDParam(p)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.sendTargetLocked(chatID)
	if err != nil {
		return nil, "", err
	}
	if err := s.floodLocked(chatID, p.boolean("allow_paid_broadcast")); err != nil {
		return nil, "", err
	}
	if stored.id == "" {
		if stored.mime == "" {
			stored.mime = defaultMIME
		}
		s.storeFileLocked(stored)
	}
	return s.postLocked(c, m), "", nil
}

// editTargetLocked finds the bot message an edit refers to.
func (s *Server) editTargetLocked(p *params) (*chatState, *msgState, *apiError) {
	if v := p.str("inline_message_id"); v != "" {
		// Inline messages do not exist in the emulator.
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	chatID, err := chatIDParam(p)
	if err != nil {
		return nil, nil, err
	}
	msgID, err := messageIDParam(p)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.knownChatLocked(chatID)
	if err != nil {
		return nil, nil, err
	}
	m := c.find(msgID)
	if m == nil {
		return nil, nil, badRequest("message to edit not found")
	}
	if !m.fromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return c, m, nil
}

func (s *Server) editMessageText(_ *http.Request, p *params) (any, string, *apiError) {
	f, err := formatText(p.str("text"), p.str("parse_mode"), p.str("entities"), false)
	if err != nil {
		return nil, "", err
	}
	markup, err := parseMarkup(p.str("reply_markup"), true)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, err := s.editTargetLocked(p)
	if err != nil {
		return nil, "", err
	}
	if m.caption {
		return nil, "", badRequest("there is no text in the message to edit")
	}
	// Leaving reply_markup out removes the keyboard, so it is part of the comparison.
	if m.text == f.text && entitiesEqual(m.entities, f.entities) && markupEqual(m.markup, markup) {
		return nil, "", errNotModified
	}
	if err := s.floodLocked(c.id, false); err != nil {
		return nil, "", err
	}
	m.text, m.entities, m.html, m.parseMode, m.markup = f.text, f.entities, f.html, f.parseMode, markup
	m.edits++
	m.editDate = s.now()
	s.changedLocked()
	return s.wireMessageLocked(c, m), "", nil
}

func (s *Server) editMessageReplyMarkup(_ *http.Request, p *params) (any, string, *apiError) {
	markup, err := parseMarkup(p.str("reply_markup"), true)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, err := s.editTargetLocked(p)
	if err != nil {
		return nil, "", err
	}
	if markupEqual(m.markup, markup) {
		return nil, "", errNotModified
	}
	if err := s.floodLocked(c.id, false); err != nil {
		return nil, "", err
	}
	m.markup = markup
	m.edits++
	m.editDate = s.now()
	s.changedLocked()
	return s.wireMessageLocked(c, m), "", nil
}

func (s *Server) deleteMessage(_ *http.Request, p *params) (any, string, *apiError) {
	chatID, err := chatIDParam(p)
	if err != nil {
		return nil, "", err
	}
	msgID, err := messageIDParam(p)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.knownChatLocked(chatID)
	if err != nil {
		return nil, "", err
	}
	for i, m := range c.messages {
		if m.id == msgID {
			c.messages = append(c.messages[:i], c.messages[i+1:]...)
			s.changedLocked()
			return true, "", nil
		}
	}
	return nil, "", badRequest("message to delete not found")
}

var errQueryTooOld = badRequest("query is too old and response timeout expired or query ID is invalid")

func (s *Server) answerCallbackQuery(_ *http.Request, p *params) (any, string, *apiError) {
	id := strings.TrimSpace(p.str("callback_query_id"))
	text := p.str("text")
	_ = p.boolean("show_alert") // accepted; an alert and a toast look the same here
	if utf8.RuneCountInString(text) > 200 {
		return nil, "", badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queries[id]
	if q == nil || q.answered || s.now().Sub(q.created) > s.cfg.callbackTimeout {
		return nil, "", errQueryTooOld
	}
	q.answered, q.text = true, text
	s.changedLocked()
	return true, "", nil
}

var (
	botCommandRE = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	langCodeRE   = regexp.MustCompile(`^[a-z]{2}$`)
)

// commandScope reads scope and language_code into a storage key.
func (s *Server) commandScope(p *params) (commandKey, *apiError) {
	k := commandKey{scope: "default", lang: p.str("language_code")}
	if k.lang != "" && !langCodeRE.MatchString(k.lang) {
		return k, badRequest("invalid language code specified")
	}
	raw := strings.TrimSpace(p.str("scope"))
	if raw == "" {
		return k, nil
	}
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID int64           `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(raw), &sc); err != nil {
		return k, badRequest("can't parse BotCommandScope JSON object")
	}
	k.scope = sc.Type
	switch sc.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
	case "chat", "chat_administrators", "chat_member":
		id, err := strconv.ParseInt(strings.Trim(string(sc.ChatID), `"`), 10, 64)
		if err != nil || id == 0 {
			return k, badRequest("chat not found")
		}
		k.chatID = id
		if sc.Type == "chat_member" {
			if sc.UserID <= 0 {
				return k, badRequest("user not found")
			}
			k.userID = sc.UserID
		}
	default:
		return k, badRequest("unsupported bot command scope type")
	}
	return k, nil
}

func (s *Server) setMyCommands(_ *http.Request, p *params) (any, string, *apiError) {
	raw, ok := p.get("commands")
	if !ok {
		return nil, "", badRequest("parameter \"commands\" is required")
	}
	var cmds []wireBotCommand
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		return nil, "", badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, "", badRequest("too many commands specified")
	}
	var out []Command
	for _, c := range cmds {
		if !botCommandRE.MatchString(c.Command) {
			return nil, "", badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(c.Description)); n < 1 || n > 256 {
			return nil, "", badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
		out = append(out, Command(c))
	}
	k, err := s.commandScope(p)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(out) == 0 {
		delete(s.commands, k)
	} else {
		s.commands[k] = out
	}
	s.changedLocked()
	return true, "", nil
}

func (s *Server) getMyCommands(_ *http.Request, p *params) (any, string, *apiError) {
	k, err := s.commandScope(p)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []wireBotCommand{}
	for _, c := range s.commands[k] {
		out = append(out, wireBotCommand(c))
	}
	return out, "", nil
}

func (s *Server) deleteMyCommands(_ *http.Request, p *params) (any, string, *apiError) {
	k, err := s.commandScope(p)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, k)
	s.changedLocked()
	return true, "", nil
}

func (s *Server) getChat(_ *http.Request, p *params) (any, string, *apiError) {
	chatID, err := chatIDParam(p)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.knownChatLocked(chatID)
	if err != nil {
		return nil, "", err
	}
	w := wireChatOf(c)
	return wireChatFullInfo{ID: w.ID, Type: w.Type, Title: w.Title, Username: w.Username, FirstName: w.FirstName,
		LastName: w.LastName, MaxReactionCount: 11}, "", nil
}
