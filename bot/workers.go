package bot

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// inviteBytes of randomness make a code of 24 base64url characters: 144 bits, far past
// guessing, and well inside Telegram's 64-character /start payload.
const inviteBytes = 18

// newInviteCode returns a fresh code; only its hash is ever stored.
func newInviteCode() (string, error) {
	buf := make([]byte, inviteBytes)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("bot: invite code: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(buf), nil
}

func hashCode(code string) []byte {
	h := sha256.Sum256([]byte(code))
	return h[:]
}

// inviteLink is the deep link that opens the bot with the code as /start's payload.
func (b *Bot) inviteLink(code string) string {
	return "https://t.me/" + b.username + "?start=" + code
}

func (b *Bot) handleInvite(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "invite", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.worker == nil {
			b.log.Info("bot: /invite from someone who is not a worker", "from", ev.From.ID)
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "invite.not_worker"))
		}
		name, proposed := splitInviteArgs(ev.Args)
		if len([]rune(name)) > 64 {
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "invite.name_too_long"))
		}
		code, err := newInviteCode()
		if err != nil {
			return err
		}
		inv, err := tx.CreateInvite(ctx, tandem.Invite{WorkerID: a.worker.ID, Name: name, Proposed: strings.Join(proposed, ";"),
			ExpiresAt: tx.Now().Add(b.cfg.InviteTTL)}, hashCode(code))
		if err != nil {
			return err
		}
		link := b.inviteLink(code)
		png, err := qrcode.Encode(link, qrcode.Medium, 512)
		if err != nil {
			return fmt.Errorf("bot: QR code: %w", err)
		}
		forName := ""
		if name != "" {
			forName = b.pack.Text(a.lang, "invite.for_name", "name", name)
		}
		if len(proposed) > 0 {
			forName += b.pack.Text(a.lang, "invite.suggesting", "when", b.describe(a.lang, proposed, b.cfg.Location))
		}
		b.log.Info("bot: invite made", "worker_id", a.worker.ID, "invite_id", inv.ID, "expires", inv.ExpiresAt)
		return tx.Enqueue(ctx, tandem.Outgoing{
			Kind: tandem.KindPhoto, ChatID: ev.ChatID, Priority: tandem.PriorityConversation,
			File: png, FileName: "tandem-invite.png",
			Text: b.pack.Text(a.lang, "invite.made", "for_name", content.HTML(forName), "expires", b.date(a.lang, inv.ExpiresAt)+" "+inv.ExpiresAt.In(b.cfg.Location).Format("15:04"), "link", link),
		})
	})
}

// splitInviteArgs reads "/invite Sam Taylor weekdays 9am" as a name and proposed check-in times:
// the shortest leading run of words after which the rest reads as times.
func splitInviteArgs(args string) (string, []string) {
	words := strings.Fields(args)
	for k := 0; k < len(words); k++ {
		if specs, err := schedule.ParseTimes(strings.Join(words[k:], " ")); err == nil {
			return strings.Join(words[:k], " "), specs
		}
	}
	return strings.TrimSpace(args), nil
}

// personCommands and workerCommands fill Telegram's command menus: people see what people can
// do, and each worker's chat gets the workers' menu.
var (
	personCommands = []string{"checkin", "goals", "learn", "plan", "signs", "agenda", "contact", "schedule", "pause", "resume", "help", "crisis", "privacy", "mydata", "language", "stop", "delete"}
	workerCommands = []string{"caseload", "message", "messages", "summary", "invite", "checkins", "schedule", "rules", "lesson", "signs", "goals", "appointment", "language", "help", "crisis"}
)

func (b *Bot) commandList(lang string, names []string) []tandem.Command {
	var out []tandem.Command
	for _, n := range names {
		out = append(out, tandem.Command{Name: commandIn(lang, n), Description: b.pack.Text(lang, "command."+n)})
	}
	return out
}

// SetCommands asks for the command menus: people's for every private chat, workers' for each
// worker who has opened a chat with the bot. Menus already set as they are cost nothing.
func (b *Bot) SetCommands(ctx context.Context) error {
	// One menu per pack language; Telegram shows each person the one for their app's language,
	// and the one without a language code to everyone else.
	for _, lang := range append([]string{""}, b.pack.Languages...) {
		if err := b.menus.SetMenu(ctx, 0, lang, b.commandList(cmp.Or(lang, content.DefaultLanguage), personCommands)); err != nil {
			return fmt.Errorf("bot: %w", err)
		}
	}
	workers, err := b.store.Workers(ctx)
	if err != nil {
		return err
	}
	for _, w := range workers {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if w.ChatOpen {
			b.setWorkerCommands(ctx, w.TelegramID, b.workerLang(w))
		}
	}
	return nil
}

// setWorkerCommands sets a worker's own menu, in their language.
func (b *Bot) setWorkerCommands(ctx context.Context, chatID int64, lang string) {
	if err := b.menus.SetMenu(ctx, chatID, "", b.commandList(lang, workerCommands)); err != nil {
		b.log.Warn("bot: could not set a worker's command menu", "chat_id", chatID, "err", err)
	}
}
