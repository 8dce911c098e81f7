package bot

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// crisisHTML lists the service's crisis contacts, named in lang where the service gave their
// names in it. They come from configuration, so they are escaped like anything else that is
// not our own markup.
func (b *Bot) crisisHTML(lang string) content.HTML {
	var sb strings.Builder
	for i, c := range b.cfg.CrisisContacts {
		c = c.For(lang)
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

// serviceName is the service's name, or in lang words for a service that gave none.
func (b *Bot) serviceName(lang string) string {
	if b.cfg.ServiceName != "" {
		return b.cfg.ServiceName
	}
	return b.plainText(lang, "words.your_team")
}

// hours are when a worker usually reads messages: their own hours, or the service's.
func (b *Bot) hours(w *tandem.Worker) tandem.WorkingHours {
	if w != nil && w.Hours != "" {
		if h, err := tandem.ParseWorkingHours(w.Hours, b.cfg.Location); err == nil {
			return h
		}
	}
	return b.cfg.WorkingHours
}

// textFor renders key with the placeholders most messages share, for a person whose worker is
// w (nil when they have none yet).
func (b *Bot) textFor(lang string, w *tandem.Worker, key string, extra ...any) string {
	name := b.plainText(lang, "words.your_worker")
	if w != nil {
		name = w.FirstName()
	}
	args := append([]any{
		"worker", name,
		"crisis", b.crisisHTML(lang),
		"hours", hoursFor(lang, b.hours(w)),
		"service", b.serviceName(lang),
		// How messaging works here, said at consent: it depends on the service's option.
		"messaging", content.HTML(b.pack.Text(lang, "consent.messaging."+string(b.messaging()), "worker", name)),
	}, extra...)
	return b.pack.Text(lang, key, args...)
}

// text renders key for an actor, naming their worker when they have one.
func (b *Bot) text(tx *store.Tx, ctx context.Context, a actor, key string, extra ...any) string {
	return b.textFor(a.lang, b.workerOf(ctx, tx, a.person), key, extra...)
}

// workerOf is a person's worker, or nil.
func (b *Bot) workerOf(ctx context.Context, tx *store.Tx, p *tandem.Person) *tandem.Worker {
	if p == nil {
		return nil
	}
	w, err := tx.WorkerByID(ctx, p.WorkerID)
	if err != nil {
		return nil
	}
	return &w
}

// date shows a day the way people say it, in lang and the service's time zone.
func (b *Bot) date(lang string, t time.Time) string {
	return dateFor(lang, t.In(b.cfg.Location))
}

// workerLangOf is the language p's worker is written to in.
func (b *Bot) workerLangOf(ctx context.Context, tx *store.Tx, p tandem.Person) string {
	if w := b.workerOf(ctx, tx, &p); w != nil {
		return b.workerLang(*w)
	}
	return b.staffLang()
}
