package telegramtest

import (
	"net/http"
	"strconv"
	"strings"
)

// wireMessageID is Telegram's MessageId: what copyMessage returns.
type wireMessageID struct {
	MessageID int `json:"message_id"`
}

// copyMessage copies a message, a user's voice note or photo say, into another chat without a
// link to the original, as Telegram does: a new caption (parsed like any caption) replaces the
// original's on a message that can carry one; a text message keeps its text and ignores it.
func (s *Server) copyMessage(_ *http.Request, p *params) (any, string, *apiError) {
	chatID, err := chatIDParam(p)
	if err != nil {
		return nil, "", err
	}
	fromID, ferr := strconv.ParseInt(strings.TrimSpace(p.str("from_chat_id")), 10, 64)
	if ferr != nil || fromID == 0 {
		return nil, "", badRequest("chat not found")
	}
	msgID, err := messageIDParam(p)
	if err != nil {
		return nil, "", err
	}
	_, newCaption := p.get("caption")
	var f formatted
	if newCaption {
		if f, err = formatText(p.str("caption"), p.str("parse_mode"), p.str("caption_entities"), true); err != nil {
			return nil, "", err
		}
	}
	markup, err := parseMarkup(p.str("reply_markup"), false)
	if err != nil {
		return nil, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	from, err := s.knownChatLocked(fromID)
	if err != nil {
		return nil, "", err
	}
	orig := from.find(msgID)
	if orig == nil {
		return nil, "", badRequest("message to copy not found")
	}
	c, err := s.sendTargetLocked(chatID)
	if err != nil {
		return nil, "", err
	}
	if err := s.floodLocked(chatID, false); err != nil {
		return nil, "", err
	}
	m := &msgState{text: orig.text, entities: orig.entities, html: orig.html, parseMode: orig.parseMode, caption: orig.caption,
		photo: orig.photo, document: orig.document, voice: orig.voice, sticker: orig.sticker, markup: markup}
	media := orig.photo != nil || orig.document != nil || orig.voice != nil
	if newCaption && media {
		m.text, m.entities, m.html, m.parseMode, m.caption = f.text, f.entities, f.html, f.parseMode, f.text != ""
	}
	w := s.postLocked(c, m)
	return wireMessageID{MessageID: w.MessageID}, "", nil
}
