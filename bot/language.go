package bot

import (
	"context"
	"slices"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// languagePrefix buttons carry "lang:<code>".
const languagePrefix = "lang:"

// languageNames are how each pack language names itself on its button.
var languageNames = map[string]string{"en": "English", "es": "Español"}

// handleLanguage lets a person choose the language Tandem writes to them in. Until they do, it
// follows their Telegram app's language.
func (b *Bot) handleLanguage(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "language", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		choice := strings.ToLower(strings.TrimSpace(ev.Args))
		if !a.enrolled() {
			return b.notForYou(ctx, tx, ev, a) // it answers a press itself
		}
		if ev.CallbackID != "" {
			choice = strings.TrimPrefix(ev.Data, languagePrefix)
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
		}
		if choice == "" {
			var row []tandem.Button
			for _, l := range b.pack.Languages {
				row = append(row, tandem.Button{Text: languageNames[l], Data: languagePrefix + l})
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "language.ask"), row)
		}
		if !slices.Contains(b.pack.Languages, choice) {
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "language.unknown"))
		}
		if err := tx.SetPersonLanguage(ctx, a.person.ID, choice); err != nil {
			return err
		}
		a.lang, a.person.Language = choice, choice
		return reply(tx, ctx, ev, b.pack.Text(choice, "language.set"))
	})
}
