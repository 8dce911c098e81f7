package telegramtest

import (
	"errors"
	"unicode/utf8"
)

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
	m := &msgState{from: from, date: s.now(), text: text, entities: commandEntities(text)}
	return s.userPostLocked(c, m), nil
}
