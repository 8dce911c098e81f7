package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// SendMedia is the user sending something that is not text in their private chat: kind is
// "sticker", "photo", "voice" or "document", with an optional caption (ignored for stickers and
// voice notes as Telegram's apps do not offer one there). It queues a message update and
// returns the user's message.
func (s *Server) SendMedia(from User, kind, caption string) (Message, error) {
	if from.ID <= 0 || from.FirstName == "" {
		return Message{}, errors.New("telegramtest: a user needs a positive ID and a first name")
	}
	if utf8.RuneCountInString(caption) > 1024 {
		return Message{}, errors.New("telegramtest: message caption is too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.privateChatLocked(from)
	if c.blocked {
		return Message{}, ErrBlocked
	}
	c.started = true
	n := strconv.FormatInt(int64(s.nextUpdateID), 10)
	file := map[string]any{"file_id": "user-" + kind + "-" + n, "file_unique_id": "u" + kind + n}
	var media any
	switch kind {
	case "sticker":
		file["type"], file["width"], file["height"], file["is_animated"], file["is_video"], file["emoji"] = "regular", 512, 512, false, false, "🙂"
		media, caption = file, ""
	case "photo":
		file["width"], file["height"] = 640, 480
		media = []any{file}
	case "voice":
		file["duration"], file["mime_type"] = 3, "audio/ogg"
		media, caption = file, ""
	case "document":
		file["file_name"], file["mime_type"] = "notes.pdf", "application/pdf"
		media = file
	default:
		return Message{}, fmt.Errorf("telegramtest: unknown media kind %q", kind)
	}
	m := &msgState{from: from, date: s.now(), text: caption, caption: caption != ""}
	c.add(m)
	msg, err := withField(s.wireMessageLocked(c, m), kind, media)
	if err != nil {
		return Message{}, err
	}
	s.enqueueLocked("message", func(id int64) any { return map[string]any{"update_id": id, "message": msg} })
	s.changedLocked()
	return s.publicMessage(c, m), nil
}

// EditMessage is the user editing the text of a message they sent in their private chat:
// Telegram sends the bot an edited_message update (which a bot that asked only for other kinds
// of update never sees).
func (s *Server) EditMessage(from User, messageID int, text string) error {
	if text == "" || utf8.RuneCountInString(text) > 4096 {
		return errors.New("telegramtest: message text is empty or too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[from.ID]
	if c == nil {
		return fmt.Errorf("telegramtest: no chat with user %d", from.ID)
	}
	m := c.find(messageID)
	if m == nil || m.fromBot || m.caption || m.text == "" {
		return fmt.Errorf("telegramtest: user %d has no text message %d to edit", from.ID, messageID)
	}
	m.text, m.editDate, m.entities = text, s.now(), nil
	m.edits++
	if cmd := commandRE.FindString(text); cmd != "" {
		m.entities = []Entity{{Type: "bot_command", Offset: 0, Length: utf16Count(cmd)}}
	}
	w := s.wireMessageLocked(c, m)
	s.enqueueLocked("edited_message", func(id int64) any { return map[string]any{"update_id": id, "edited_message": w} })
	s.changedLocked()
	return nil
}

// SendGroupMessage is the user writing text in a group (negative groupID) that the bot was
// added to; the group is created on first use.
func (s *Server) SendGroupMessage(from User, groupID int64, title, text string) (Message, error) {
	if groupID >= 0 {
		return Message{}, errors.New("telegramtest: group ids are negative")
	}
	if text == "" || utf8.RuneCountInString(text) > 4096 {
		return Message{}, errors.New("telegramtest: message text is empty or too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[groupID]
	if c == nil {
		c = &chatState{id: groupID, typ: "group", title: title, started: true}
		s.chats[groupID] = c
		s.chatOrder = append(s.chatOrder, groupID)
	}
	m := &msgState{from: from, date: s.now(), text: text}
	if cmd := commandRE.FindString(text); cmd != "" {
		m.entities = []Entity{{Type: "bot_command", Offset: 0, Length: utf16Count(cmd)}}
	}
	c.add(m)
	w := s.wireMessageLocked(c, m)
	s.enqueueLocked("message", func(id int64) any { return wireUpdate{UpdateID: id, Message: &w} })
	s.changedLocked()
	return s.publicMessage(c, m), nil
}

// withField adds one field to a message as the Bot API renders it.
func withField(w wireMessage, field string, value any) (map[string]json.RawMessage, error) {
	raw, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	if out[field], err = json.Marshal(value); err != nil {
		return nil, err
	}
	return out, nil
}
