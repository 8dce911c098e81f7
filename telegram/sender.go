package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tandemcare/tandem"
)

// Send delivers one outgoing message through go-telegram/bot; it is the outbox dispatcher's
// Sender. Failures are translated into tandem's delivery errors so the dispatcher can decide
// what to do without knowing Telegram.
func (c *Client) Send(ctx context.Context, m tandem.Outgoing) (int, error) {
	var msg *models.Message
	var err error
	switch m.Kind {
	case tandem.KindText:
		msg, err = c.tg.SendMessage(ctx, &tgbot.SendMessageParams{
			ChatID: m.ChatID, Text: m.Text, ParseMode: models.ParseModeHTML,
			ReplyMarkup:        keyboard(m.Buttons),
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
			AllowPaidBroadcast: m.PaidBroadcast,
		})
	case tandem.KindPhoto:
		msg, err = c.tg.SendPhoto(ctx, &tgbot.SendPhotoParams{
			ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML,
			Photo:              &models.InputFileUpload{Filename: fileName(m, "image.png"), Data: bytes.NewReader(m.File)},
			ReplyMarkup:        keyboard(m.Buttons),
			AllowPaidBroadcast: m.PaidBroadcast,
		})
	case tandem.KindDocument:
		msg, err = c.tg.SendDocument(ctx, &tgbot.SendDocumentParams{
			ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML,
			Document:           &models.InputFileUpload{Filename: fileName(m, "file"), Data: bytes.NewReader(m.File)},
			AllowPaidBroadcast: m.PaidBroadcast,
		})
	case tandem.KindEditText:
		msg, err = c.tg.EditMessageText(ctx, &tgbot.EditMessageTextParams{
			ChatID: m.ChatID, MessageID: m.MessageID, Text: m.Text, ParseMode: models.ParseModeHTML,
			ReplyMarkup:        keyboard(m.Buttons),
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
		})
	case tandem.KindEditButtons:
		msg, err = c.tg.EditMessageReplyMarkup(ctx, &tgbot.EditMessageReplyMarkupParams{
			ChatID: m.ChatID, MessageID: m.MessageID, ReplyMarkup: keyboardOrEmpty(m.Buttons),
		})
	case tandem.KindCopy:
		var id *models.MessageID
		id, err = c.tg.CopyMessage(ctx, &tgbot.CopyMessageParams{
			ChatID: m.ChatID, FromChatID: m.FromChatID, MessageID: m.MessageID,
			Caption: m.Text, ParseMode: models.ParseModeHTML, ReplyMarkup: keyboard(m.Buttons),
		})
		if err == nil {
			return id.ID, nil
		}
	case tandem.KindAnswerCallback:
		_, err = c.tg.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{
			CallbackQueryID: m.CallbackID, Text: m.Text, ShowAlert: m.Alert,
		})
	default:
		return 0, fmt.Errorf("%w: unknown kind %q", tandem.ErrRejected, m.Kind)
	}
	if err != nil {
		return 0, classify(err, c.cfg.Token)
	}
	if msg != nil {
		return msg.ID, nil
	}
	return 0, nil
}

func fileName(m tandem.Outgoing, def string) string {
	if m.FileName != "" {
		return m.FileName
	}
	return def
}

// classify maps go-telegram/bot's errors onto what the dispatcher acts on.
func classify(err error, token string) error {
	msg := redact(err.Error(), token)
	var tooMany *tgbot.TooManyRequestsError
	switch {
	case errors.As(err, &tooMany):
		return &tandem.RateLimitedError{RetryAfter: time.Duration(tooMany.RetryAfter) * time.Second}
	case errors.Is(err, tgbot.ErrorForbidden):
		return fmt.Errorf("%w: %s", tandem.ErrUnreachable, msg)
	case errors.Is(err, tgbot.ErrorBadRequest):
		switch {
		case strings.Contains(msg, "message is not modified"):
			return fmt.Errorf("%w: %s", tandem.ErrUnchanged, msg)
		case strings.Contains(msg, "chat not found"), strings.Contains(msg, "user is deactivated"):
			return fmt.Errorf("%w: %s", tandem.ErrUnreachable, msg)
		}
		return fmt.Errorf("%w: %s", tandem.ErrRejected, msg)
	case errors.Is(err, tgbot.ErrorNotFound), errors.Is(err, tgbot.ErrorUnauthorized):
		// A wrong token or API URL: every send fails until an operator fixes it, so keep
		// retrying (with backoff) rather than throw messages away.
		return errors.New(msg)
	}
	if maybeDelivered(err) {
		return fmt.Errorf("%w: %s", tandem.ErrMaybeDelivered, msg)
	}
	return errors.New(msg)
}

// maybeDelivered says whether a request that got no answer may still have reached Telegram:
// anything but a failure to connect, which certainly sent nothing.
func maybeDelivered(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return false
	}
	var ue *url.Error
	return errors.As(err, &ue) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded)
}

func keyboard(rows [][]tandem.Button) models.ReplyMarkup {
	if len(rows) == 0 {
		return nil
	}
	return keyboardOrEmpty(rows)
}

// keyboardOrEmpty returns an inline keyboard, empty when rows is: editing a message to an empty
// keyboard is how buttons are taken away.
func keyboardOrEmpty(rows [][]tandem.Button) *models.InlineKeyboardMarkup {
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{}}
	for _, row := range rows {
		var r []models.InlineKeyboardButton
		for _, btn := range row {
			r = append(r, models.InlineKeyboardButton{Text: btn.Text, CallbackData: btn.Data, URL: btn.URL})
		}
		kb.InlineKeyboard = append(kb.InlineKeyboard, r)
	}
	return kb
}
