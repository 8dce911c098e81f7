package bot

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// crisisHTML lists the service's crisis contacts. They come from configuration, so they are
// escaped like anything else that is not our own markup.
func (b *Bot) crisisHTML() content.HTML {
	var sb strings.Builder
	for i, c := range b.cfg.CrisisContacts {
		if i > 0 {
			sb.WriteString("\n")
		}
		fmt.Fprintf(&sb, "• <b>%s</b>: %s", html.EscapeString(c.Name), html.EscapeString(c.Contact))
		if c.When != "" {
			fmt.Fprintf(&sb, " (%s)", html.EscapeString(c.When))
		}
	}
	return content.HTML(sb.String())
}

func (b *Bot) serviceName() string {
	if b.cfg.ServiceName != "" {
		return b.cfg.ServiceName
	}
	return "your mental health team"
}

// textFor renders key with the placeholders most messages share.
func (b *Bot) textFor(lang, workerName, key string, extra ...any) string {
	args := append([]any{
		"worker", workerName,
		"crisis", b.crisisHTML(),
		"hours", hoursFor(lang, b.cfg.WorkingHours),
		"service", b.serviceName(),
	}, extra...)
	return b.pack.Text(lang, key, args...)
}

// text renders key for an actor, naming their worker when they have one.
func (b *Bot) text(tx *store.Tx, ctx context.Context, a actor, key string, extra ...any) string {
	name := "your worker"
	if a.person != nil {
		if w, err := tx.WorkerByID(ctx, a.person.WorkerID); err == nil {
			name = w.FirstName()
		}
	}
	return b.textFor(a.lang, name, key, extra...)
}

// date shows a day the way people say it, in lang and the service's time zone.
func (b *Bot) date(lang string, t time.Time) string {
	return dateFor(lang, t.In(b.cfg.Location))
}
