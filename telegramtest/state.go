package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// User is a Telegram user taking part in the emulation.
type User struct {
	ID                                          int64
	FirstName, LastName, Username, LanguageCode string
}

// Button is one inline keyboard button as the person sees it.
type Button struct {
	Text, CallbackData, URL string
}

// Message is a message in a chat, in its current state (after edits).
type Message struct {
	ID           int
	ChatID       int64
	FromBot      bool
	From         User     // the sender; the bot itself for bot messages
	Text         string   // plain text after entity parsing (what the person sees); caption for photos/documents
	Entities     []Entity // entities of Text (or of the caption)
	HTML         string   // the raw text/caption as sent when parse_mode was HTML, for rendering
	ParseMode    string
	Buttons      [][]Button // current inline keyboard, nil if none
	Photo        []byte     // uploaded photo bytes (sendPhoto), nil otherwise
	PhotoURL     string     // photo given by URL (not fetched)
	Document     []byte
	DocumentName string
	DocumentMIME string
	Voice        []byte // a voice note's bytes
	Sticker      string // a sticker's emoji
	Date         time.Time
	Edits        int // how many times edited
}

// Chat is a chat the emulator knows: a private chat with a user, or a channel.
type Chat struct {
	ID      int64
	Type    string // "private" or "channel"
	Title   string // channels
	User    User   // private chats: the person
	Blocked bool   // private chats: the person has blocked the bot
	Started bool   // private chats: the person has written to the bot, so it may write back
}

// Command is a bot command as stored by setMyCommands.
type Command struct{ Command, Description string }

type storedFile struct {
	id, uniqueID  string
	data          []byte
	name, mime    string
	width, height int
	url           string
}

type chatState struct {
	id        int64
	typ       string
	title     string
	user      User
	blocked   bool
	started   bool
	messages  []*msgState
	nextMsgID int
}

type msgState struct {
	id        int
	fromBot   bool
	from      User
	date      time.Time
	editDate  time.Time
	text      string
	entities  []Entity
	html      string
	parseMode string
	caption   bool // text is a caption (photo/document message)
	photo     *storedFile
	document  *storedFile
	voice     *storedFile // a user's voice note
	sticker   string      // a user's sticker: its emoji
	markup    [][]wireButton
	edits     int
}

type queuedUpdate struct {
	id   int64
	kind string // "message", "callback_query", "my_chat_member"
	raw  json.RawMessage
}

type queryState struct {
	created  time.Time
	answered bool
	text     string
}

type commandKey struct {
	scope  string
	chatID int64
	userID int64
	lang   string
}

func (s *Server) now() time.Time { return s.cfg.now() }

// ErrBlocked is returned by SendMessage for a user who has blocked the bot:
// Telegram does not deliver their messages to it either.
var ErrBlocked = errors.New("telegramtest: the user has blocked the bot")

var commandRE = regexp.MustCompile(`^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?`)

// privateChatLocked returns (creating if needed) the private chat with u,
// refreshing the names Telegram would show.
func (s *Server) privateChatLocked(u User) *chatState {
	c := s.chats[u.ID]
	if c == nil {
		c = &chatState{id: u.ID, typ: "private"}
		s.chats[u.ID] = c
		s.chatOrder = append(s.chatOrder, u.ID)
	}
	if u.FirstName != "" {
		c.user = u
	}
	return c
}

func (c *chatState) add(m *msgState) *msgState {
	c.nextMsgID++
	m.id = c.nextMsgID
	c.messages = append(c.messages, m)
	return m
}

func (c *chatState) find(id int) *msgState {
	for _, m := range c.messages {
		if m.id == id {
			return m
		}
	}
	return nil
}

// SendMessage is the user typing text in their private chat with the bot. A
// leading /command gets a bot_command entity, as Telegram adds one. It queues
// a message update and returns the user's message.
func (s *Server) SendMessage(from User, text string) (Message, error) {
	if from.ID <= 0 || from.FirstName == "" {
		return Message{}, errors.New("telegramtest: a user needs a positive ID and a first name")
	}
	text = strings.TrimFunc(text, unicode.IsSpace)
	if text == "" {
		return Message{}, errors.New("telegramtest: message text is empty")
	}
	if utf8.RuneCountInString(text) > 4096 {
		return Message{}, errors.New("telegramtest: message is too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.privateChatLocked(from)
	if c.blocked {
		return Message{}, ErrBlocked
	}
	c.started = true
	m := &msgState{from: from, date: s.now(), text: text, entities: commandEntities(text)}
	return s.userPostLocked(c, m), nil
}

// Media kinds a user can send with SendMedia.
const (
	MediaPhoto    = "photo"
	MediaVoice    = "voice"
	MediaDocument = "document"
	MediaSticker  = "sticker"
)

// SendMedia is the user sending a photo, voice note, document or sticker in
// their private chat with the bot, with an optional caption (not for
// stickers). It queues a message update and returns the user's message.
func (s *Server) SendMedia(from User, kind, caption string) (Message, error) {
	if from.ID <= 0 || from.FirstName == "" {
		return Message{}, errors.New("telegramtest: a user needs a positive ID and a first name")
	}
	if utf8.RuneCountInString(caption) > captionLimit {
		return Message{}, errors.New("telegramtest: caption is too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.privateChatLocked(from)
	if c.blocked {
		return Message{}, ErrBlocked
	}
	c.started = true
	m := &msgState{from: from, date: s.now()}
	data := []byte(fmt.Sprintf("%s from %d at %d", kind, from.ID, s.nextUpdateID))
	switch kind {
	case MediaPhoto:
		m.photo = s.storeFileLocked(&storedFile{data: data, name: "photo.jpg", mime: "image/jpeg", width: 640, height: 480})
	case MediaVoice:
		m.voice = s.storeFileLocked(&storedFile{data: data, name: "voice.ogg", mime: "audio/ogg"})
	case MediaDocument:
		m.document = s.storeFileLocked(&storedFile{data: data, name: "notes.pdf", mime: "application/pdf"})
	case MediaSticker:
		m.sticker, caption = "🙂", "" // a sticker carries no caption

	default:
		return Message{}, fmt.Errorf("telegramtest: unknown media kind %q", kind)
	}
	if caption != "" {
		m.text, m.caption = caption, true
	}
	return s.userPostLocked(c, m), nil
}

// EditMessage is the user editing one of their own messages in their private
// chat with the bot: the text (or caption) changes and an edited_message
// update is queued, as Telegram sends one.
func (s *Server) EditMessage(from User, messageID int, text string) (Message, error) {
	text = strings.TrimFunc(text, unicode.IsSpace)
	if text == "" || utf8.RuneCountInString(text) > textLimit {
		return Message{}, errors.New("telegramtest: edited text must be 1-4096 characters")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[from.ID]
	if c == nil {
		return Message{}, fmt.Errorf("telegramtest: no chat with user %d", from.ID)
	}
	m := c.find(messageID)
	if m == nil || m.fromBot || m.from.ID != from.ID {
		return Message{}, fmt.Errorf("telegramtest: user %d has no message %d to edit", from.ID, messageID)
	}
	m.text, m.editDate = text, s.now()
	m.edits++
	m.entities = commandEntities(text)
	w := s.wireMessageLocked(c, m)
	s.enqueueLocked("edited_message", func(id int64) any { return wireUpdate{UpdateID: id, EditedMessage: &w} })
	s.changedLocked()
	return s.publicMessage(c, m), nil
}

// PressButton is the user pressing an inline button on a bot message. It
// fails, queueing nothing, unless that bot message exists in that chat and
// currently has a button with exactly that callback_data, and (in a private
// chat) the presser is the chat's user.
func (s *Server) PressButton(from User, chatID int64, messageID int, data string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return "", fmt.Errorf("telegramtest: chat %d not found", chatID)
	}
	if c.typ == "private" && from.ID != chatID {
		return "", fmt.Errorf("telegramtest: user %d cannot see private chat %d", from.ID, chatID)
	}
	m := c.find(messageID)
	if m == nil {
		return "", fmt.Errorf("telegramtest: message %d not found in chat %d", messageID, chatID)
	}
	if !m.fromBot {
		return "", fmt.Errorf("telegramtest: message %d in chat %d was not sent by the bot", messageID, chatID)
	}
	found := false
	for _, row := range m.markup {
		for _, b := range row {
			if b.CallbackData != "" && b.CallbackData == data {
				found = true
			}
		}
	}
	if !found {
		return "", fmt.Errorf("telegramtest: message %d in chat %d has no button with callback_data %q", messageID, chatID, data)
	}
	if c.typ == "private" {
		s.privateChatLocked(from)
	}
	return s.queueCallbackLocked(from, c, chatID, messageID, data), nil
}

// PressForged queues a callback_query with arbitrary data and no checks, as a
// crafted client (or another user) could send. It returns the query ID.
func (s *Server) PressForged(from User, chatID int64, messageID int, data string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queueCallbackLocked(from, s.chats[chatID], chatID, messageID, data)
}

func (s *Server) queueCallbackLocked(from User, c *chatState, chatID int64, messageID int, data string) string {
	id := strconv.FormatInt(s.nextQuery, 10)
	s.nextQuery++
	s.queries[id] = &queryState{created: s.now()}
	q := wireCallbackQuery{ID: id, From: wireUserOf(from, false), ChatInstance: chatInstance(chatID), Data: data}
	var m *msgState
	if c != nil {
		m = c.find(messageID)
	}
	if m != nil {
		q.Message = s.wireMessageLocked(c, m)
	} else {
		wc := wireChat{ID: chatID, Type: "private"}
		if c != nil {
			wc = wireChatOf(c)
		} else if chatID < 0 {
			wc.Type = "channel"
		}
		q.Message = wireInaccessibleMessage{Chat: wc, MessageID: messageID, Date: 0}
	}
	s.enqueueLocked("callback_query", func(uid int64) any { return wireUpdate{UpdateID: uid, CallbackQuery: &q} })
	s.changedLocked()
	return id
}

// chatInstance is a stable opaque identifier per chat, like Telegram's.
func chatInstance(chatID int64) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "chat-instance-%d", chatID)
	return strconv.FormatInt(int64(h.Sum64()>>1)*-1, 10)
}

// BlockBot is the user blocking the bot: sends to them fail with 403 and the
// bot gets a my_chat_member update (member -> kicked), as on Telegram.
func (s *Server) BlockBot(userID int64) { s.setBlocked(userID, true) }

// UnblockBot undoes BlockBot (my_chat_member kicked -> member).
func (s *Server) UnblockBot(userID int64) { s.setBlocked(userID, false) }

func (s *Server) setBlocked(userID int64, blocked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[userID]
	if c == nil {
		c = s.privateChatLocked(User{ID: userID})
	}
	if c.blocked == blocked {
		return
	}
	c.blocked = blocked
	if c.started {
		member := wireChatMember{Status: "member", User: wireUserOf(s.botUser, true)}
		zero := int64(0)
		kicked := wireChatMember{Status: "kicked", User: wireUserOf(s.botUser, true), UntilDate: &zero}
		upd := wireChatMemberUpdated{Chat: wireChatOf(c), From: wireUserOf(c.user, false), Date: s.now().Unix(),
			OldChatMember: member, NewChatMember: kicked}
		if !blocked {
			upd.OldChatMember, upd.NewChatMember = kicked, member
		}
		s.enqueueLocked("my_chat_member", func(id int64) any { return wireUpdate{UpdateID: id, MyChatMember: &upd} })
	}
	s.changedLocked()
}

// AddChannel adds a channel (negative id) where the bot is an administrator
// and may post.
func (s *Server) AddChannel(chatID int64, title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if chatID >= 0 {
		panic("telegramtest: channel ids are negative")
	}
	c := s.chats[chatID]
	if c == nil {
		c = &chatState{id: chatID}
		s.chats[chatID] = c
		s.chatOrder = append(s.chatOrder, chatID)
	}
	c.typ, c.title, c.started = "channel", title, true
	s.changedLocked()
}

// Messages returns every message in the chat (the user's and the bot's), in
// order, as they are now; deleted messages are gone.
func (s *Server) Messages(chatID int64) []Message {
	return s.messages(chatID, false)
}

// BotMessages returns only the bot's messages in the chat.
func (s *Server) BotMessages(chatID int64) []Message {
	return s.messages(chatID, true)
}

func (s *Server) messages(chatID int64, botOnly bool) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	var out []Message
	for _, m := range c.messages {
		if !botOnly || m.fromBot {
			out = append(out, s.publicMessage(c, m))
		}
	}
	return out
}

// WaitBotMessages blocks until the chat has at least n bot messages (or ctx
// ends) and returns them.
func (s *Server) WaitBotMessages(ctx context.Context, chatID int64, n int) ([]Message, error) {
	var got []Message
	err := s.WaitUntil(ctx, func() bool {
		got = s.BotMessages(chatID)
		return len(got) >= n
	})
	if err != nil {
		return got, fmt.Errorf("telegramtest: waiting for %d bot messages in chat %d (have %d): %w", n, chatID, len(got), err)
	}
	return got, nil
}

// CallbackAnswer reports whether the bot answered a callback query, and with
// what text.
func (s *Server) CallbackAnswer(queryID string) (text string, answered bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.queries[queryID]
	if q == nil {
		return "", false
	}
	return q.text, q.answered
}

// Commands returns what setMyCommands stored for exactly that scope type
// ("default", "all_private_chats", "chat", ...), chat (for chat scopes) and
// language code.
func (s *Server) Commands(scopeType string, chatID int64, languageCode string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	if scopeType == "" {
		scopeType = "default"
	}
	k := commandKey{scope: scopeType, lang: languageCode}
	if strings.HasPrefix(scopeType, "chat") {
		k.chatID = chatID
	}
	return append([]Command(nil), s.commands[k]...)
}

// PendingUpdates is how many updates wait to be confirmed (getUpdates) or
// delivered (webhook).
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// Chats lists every chat known, in the order they appeared.
func (s *Server) Chats() []Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Chat
	for _, id := range s.chatOrder {
		c := s.chats[id]
		out = append(out, Chat{ID: c.id, Type: c.typ, Title: c.title, User: c.user, Blocked: c.blocked, Started: c.started})
	}
	return out
}

// enqueueLocked adds an update unless allowed_updates excludes its kind.
func (s *Server) enqueueLocked(kind string, build func(id int64) any) {
	if !s.updateAllowedLocked(kind) {
		return
	}
	id := s.nextUpdateID
	s.nextUpdateID++
	raw, err := json.Marshal(build(id))
	if err != nil {
		panic("telegramtest: marshal update: " + err.Error())
	}
	s.updates = append(s.updates, queuedUpdate{id: id, kind: kind, raw: raw})
}

// defaultExcluded are the update kinds Telegram leaves out unless asked for.
var defaultExcluded = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

func (s *Server) updateAllowedLocked(kind string) bool {
	if s.allowed == nil {
		return !defaultExcluded[kind]
	}
	return s.allowed[kind]
}

func wireUserOf(u User, isBot bool) wireUser {
	return wireUser{ID: u.ID, IsBot: isBot, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, LanguageCode: u.LanguageCode}
}

func wireChatOf(c *chatState) wireChat {
	if c.typ == "private" {
		return wireChat{ID: c.id, Type: "private", FirstName: c.user.FirstName, LastName: c.user.LastName, Username: c.user.Username}
	}
	return wireChat{ID: c.id, Type: c.typ, Title: c.title}
}

func wireEntities(es []Entity) []wireEntity {
	var out []wireEntity
	for _, e := range es {
		out = append(out, wireEntity(e))
	}
	return out
}

// wireMessageLocked renders a message the way the Bot API returns it.
func (s *Server) wireMessageLocked(c *chatState, m *msgState) wireMessage {
	w := wireMessage{MessageID: m.id, Date: m.date.Unix(), Chat: wireChatOf(c)}
	switch {
	case m.fromBot && c.typ == "channel":
		sc := wireChatOf(c)
		w.SenderChat = &sc // channel posts are sent on behalf of the channel
	case m.fromBot:
		u := wireUserOf(s.botUser, true)
		w.From = &u
	default:
		u := wireUserOf(m.from, false)
		w.From = &u
	}
	if !m.editDate.IsZero() {
		w.EditDate = m.editDate.Unix()
	}
	if m.caption {
		w.Caption, w.CaptionEntities = m.text, wireEntities(m.entities)
	} else {
		w.Text, w.Entities = m.text, wireEntities(m.entities)
	}
	if f := m.photo; f != nil {
		w.Photo = []wirePhotoSize{{FileID: f.id, FileUniqueID: f.uniqueID, Width: f.width, Height: f.height, FileSize: len(f.data)}}
	}
	if f := m.document; f != nil {
		w.Document = &wireDocument{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: len(f.data)}
	}
	if f := m.voice; f != nil {
		w.Voice = &wireVoice{FileID: f.id, FileUniqueID: f.uniqueID, Duration: 3, MimeType: f.mime, FileSize: len(f.data)}
	}
	if m.sticker != "" {
		w.Sticker = &wireSticker{FileID: "sticker-" + m.sticker, FileUniqueID: "st-" + m.sticker, Type: "regular", Width: 512, Height: 512, Emoji: m.sticker}
	}
	if m.markup != nil {
		w.ReplyMarkup = &wireInlineKeyboard{InlineKeyboard: m.markup}
	}
	return w
}

func (s *Server) publicMessage(c *chatState, m *msgState) Message {
	out := Message{ID: m.id, ChatID: c.id, FromBot: m.fromBot, From: m.from, Text: m.text,
		Entities: append([]Entity(nil), m.entities...), ParseMode: m.parseMode, Date: m.date, Edits: m.edits}
	if m.fromBot {
		out.From = s.botUser
	}
	if strings.EqualFold(m.parseMode, "HTML") {
		out.HTML = m.html
	}
	for _, row := range m.markup {
		var r []Button
		for _, b := range row {
			r = append(r, Button{Text: b.Text, CallbackData: b.CallbackData, URL: b.URL})
		}
		out.Buttons = append(out.Buttons, r)
	}
	if f := m.photo; f != nil {
		out.Photo = f.data
		out.PhotoURL = f.url
	}
	if f := m.document; f != nil {
		out.Document, out.DocumentName, out.DocumentMIME = f.data, f.name, f.mime
	}
	if f := m.voice; f != nil {
		out.Voice = f.data
	}
	out.Sticker = m.sticker
	return out
}

// commandEntities marks a leading /command as Telegram does, with a bot_command entity.
func commandEntities(text string) []Entity {
	if cmd := commandRE.FindString(text); cmd != "" {
		return []Entity{{Type: "bot_command", Offset: 0, Length: utf16Count(cmd)}}
	}
	return nil
}

// userPostLocked adds a user's message to its chat, queues the message update for the bot and
// returns the message as a test sees it (postLocked is the bot's side). Caller holds mu.
func (s *Server) userPostLocked(c *chatState, m *msgState) Message {
	c.add(m)
	w := s.wireMessageLocked(c, m)
	s.enqueueLocked("message", func(id int64) any { return wireUpdate{UpdateID: id, Message: &w} })
	s.changedLocked()
	return s.publicMessage(c, m)
}
