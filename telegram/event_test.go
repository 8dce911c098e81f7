package telegram

import (
	"errors"
	"fmt"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tandemcare/tandem"
)

// Commands are read as go-telegram/bot's MatchTypeCommandStartOnly read them when its router
// chose Tandem's handlers: a bot_command entity at the start, the whole of it.
func TestCommandIsReadAsTheLibraryMatchedIt(t *testing.T) {
	cmd := func(offset, length int) []models.MessageEntity {
		return []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: offset, Length: length}}
	}
	tests := []struct {
		text     string
		entities []models.MessageEntity
		want     string
	}{
		{"/help", cmd(0, 5), "help"},
		{"/invite Sam", cmd(0, 7), "invite"},
		{"/invite@tandem_bot Sam", cmd(0, 18), "invite@tandem_bot"}, // addressed by name: no command of ours
		{"please /help", cmd(7, 5), ""},                             // not at the start
		{"/help", nil, ""},                                          // Telegram did not mark it
		{"/help", []models.MessageEntity{{Type: models.MessageEntityTypeBold, Offset: 0, Length: 5}}, ""},
		{"/x", cmd(0, 9), ""}, // an entity longer than the text is not trusted
	}
	for _, tt := range tests {
		upd := &models.Update{ID: 1, Message: &models.Message{Text: tt.text, Entities: tt.entities,
			Chat: models.Chat{ID: 5, Type: models.ChatTypePrivate}, From: &models.User{ID: 5, FirstName: "Sam", LanguageCode: "es"}}}
		ev := eventFrom(upd)
		if ev.Command != tt.want {
			t.Errorf("%q: command %q, want %q", tt.text, ev.Command, tt.want)
		}
		if ev.From != (tandem.User{ID: 5, FirstName: "Sam", LanguageCode: "es"}) || ev.Lang != "es" || !ev.Private {
			t.Errorf("%q: event %+v", tt.text, ev)
		}
	}
}

// The dispatcher acts on tandem's delivery errors, never on the library's.
func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"blocked", fmt.Errorf("%w, bot was blocked by the user", tgbot.ErrorForbidden), tandem.ErrUnreachable},
		{"chat gone", fmt.Errorf("%w, Bad Request: chat not found", tgbot.ErrorBadRequest), tandem.ErrUnreachable},
		{"unchanged", fmt.Errorf("%w, Bad Request: message is not modified", tgbot.ErrorBadRequest), tandem.ErrUnchanged},
		{"bad request", fmt.Errorf("%w, Bad Request: can't parse entities", tgbot.ErrorBadRequest), tandem.ErrRejected},
	}
	for _, tt := range tests {
		if got := classify(tt.err, "123:secret"); !errors.Is(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	var limited *tandem.RateLimitedError
	if got := classify(&tgbot.TooManyRequestsError{RetryAfter: 3}, ""); !errors.As(got, &limited) || limited.RetryAfter.Seconds() != 3 {
		t.Errorf("429: %v", got)
	}
	got := classify(errors.New("post https://api/bot123:secret/sendMessage: timeout"), "123:secret")
	if errors.Is(got, tandem.ErrRejected) || errors.Is(got, tandem.ErrUnreachable) || got.Error() != "post https://api/bot[token]/sendMessage: timeout" {
		t.Errorf("passing failure: %v (should be retried, with the token redacted)", got)
	}
}
