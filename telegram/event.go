package telegram

import (
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tandemcare/tandem"
)

// eventFrom turns an update into what the conversations see.
func eventFrom(upd *models.Update) *tandem.Event {
	ev := &tandem.Event{UpdateID: upd.ID}
	from := func(u models.User) tandem.User {
		return tandem.User{ID: u.ID, FirstName: u.FirstName, LanguageCode: u.LanguageCode}
	}
	switch {
	case upd.Message != nil || upd.EditedMessage != nil:
		m := upd.Message
		if m == nil {
			m, ev.Edited = upd.EditedMessage, true
		}
		if m.From != nil {
			ev.From = from(*m.From)
		}
		ev.ChatID, ev.Private, ev.Text, ev.MessageID = m.Chat.ID, m.Chat.Type == models.ChatTypePrivate, m.Text, m.ID
		if ev.Media = mediaKind(m); ev.Media != "" {
			// A caption is what the person wrote with a photo, voice note or file: it is read
			// like any other message, but never as a command.
			ev.Text = m.Caption
			break
		}
		if strings.HasPrefix(m.Text, "/") {
			if _, rest, ok := strings.Cut(m.Text, " "); ok {
				ev.Args = strings.TrimSpace(rest)
			}
		}
		if !ev.Edited {
			// An edited command is not run again: what it asked for has been done.
			ev.Command = command(m)
		}
	case upd.CallbackQuery != nil:
		q := upd.CallbackQuery
		ev.From, ev.CallbackID, ev.Data = from(q.From), q.ID, q.Data
		if msg := q.Message.Message; msg != nil {
			ev.ChatID, ev.MessageID, ev.Private = msg.Chat.ID, msg.ID, msg.Chat.Type == models.ChatTypePrivate
		} else if q.Message.InaccessibleMessage != nil {
			ev.ChatID, ev.MessageID = q.Message.InaccessibleMessage.Chat.ID, q.Message.InaccessibleMessage.MessageID
			ev.Private = ev.ChatID > 0
		}
	case upd.MyChatMember != nil:
		ev.From, ev.ChatID = from(upd.MyChatMember.From), upd.MyChatMember.Chat.ID
		ev.Private = upd.MyChatMember.Chat.Type == models.ChatTypePrivate
		ev.BotStatus = string(upd.MyChatMember.NewChatMember.Type)
	}
	ev.Lang = ev.From.LanguageCode
	return ev
}

// command is the bot command a message starts with, read as go-telegram/bot's
// MatchTypeCommandStartOnly read it (which Tandem routed on before it had its own route
// table): the text of a bot_command entity at offset 0, without the slash.
func command(m *models.Message) string {
	for _, e := range m.Entities {
		if e.Type == models.MessageEntityTypeBotCommand && e.Offset == 0 && e.Length >= 1 && e.Length <= len(m.Text) {
			return m.Text[1:e.Length]
		}
	}
	return ""
}

// mediaKind names what a message carries besides text, if anything.
func mediaKind(m *models.Message) string {
	switch {
	case len(m.Photo) > 0:
		return "photo"
	case m.Voice != nil:
		return "voice"
	case m.Audio != nil:
		return "audio"
	case m.VideoNote != nil:
		return "video_note"
	case m.Video != nil:
		return "video"
	case m.Document != nil:
		return "document"
	case m.Sticker != nil:
		return "sticker"
	}
	return ""
}
