package telegram

import (
	"context"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tandemcare/tandem"
)

// SetMenu sets a command menu: for one chat, or (chatID 0) for every private chat whose app is
// in lang ("" for everyone else).
func (c *Client) SetMenu(ctx context.Context, chatID int64, lang string, cmds []tandem.Command) error {
	list := make([]models.BotCommand, 0, len(cmds))
	for _, cmd := range cmds {
		list = append(list, models.BotCommand{Command: cmd.Name, Description: cmd.Description})
	}
	params := &tgbot.SetMyCommandsParams{Commands: list, Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: lang}
	if chatID != 0 {
		params = &tgbot.SetMyCommandsParams{Commands: list, Scope: &models.BotCommandScopeChat{ChatID: chatID}}
	}
	if _, err := c.tg.SetMyCommands(ctx, params); err != nil {
		return fmt.Errorf("setMyCommands %q: %s", lang, c.redact(err.Error()))
	}
	return nil
}
