package bot

import (
	"context"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// handleRules shows or changes, for one person, the answer at which a check-in question tells
// the worker: "/rules Sam", "/rules Sam mood 2", "/rules Sam mood default". It is meant to be
// agreed with the person, and the person is told of every change.
func (b *Bot) handleRules(ctx context.Context, ev *tandem.Event) error {
	return b.aboutPerson(ctx, ev, "rules", "rules.how", nil,
		func(tx *store.Tx, w tandem.Worker, p tandem.Person, rest string, people []tandem.Person) error {
			fields := strings.Fields(rest)
			lang := b.workerLang(w)
			if len(fields) == 0 {
				summary, err := b.rulesSummary(ctx, tx, p, lang)
				if err != nil {
					return err
				}
				return reply(tx, ctx, ev, summary+"\n\n"+b.pack.Text(lang, "rules.how", "names", names(people)))
			}
			q, ok := b.questionByKeyword(fields[0])
			if !ok || q.Concern == "" || len(fields) != 2 {
				return reply(tx, ctx, ev, b.pack.Text(lang, "rules.bad", "questions", content.HTML(b.ruleQuestions(lang))))
			}
			// "default" in any of the pack's languages ("por defecto" is two words, so "defecto").
			clear := strings.EqualFold(fields[1], "default") || strings.EqualFold(fields[1], b.pack.Text(lang, "rules.default_word"))
			value, err := strconv.Atoi(fields[1])
			if !clear && (err != nil || value < q.Min || value > q.Max) {
				return reply(tx, ctx, ev, b.pack.Text(lang, "rules.bad_value", "question", b.questionWords(lang, q), "min", q.Min, "max", q.Max))
			}
			if err := tx.SetPersonRule(ctx, p.ID, q.ID, value, w.ID, clear); err != nil {
				return err
			}
			summary, err := b.rulesSummary(ctx, tx, p, lang)
			if err != nil {
				return err
			}
			theirs, err := b.rulesSummary(ctx, tx, p, p.Language)
			if err != nil {
				return err
			}
			if err := b.tellPerson(ctx, tx, p, tandem.PriorityConversation, "rules.person_told", "summary", content.HTML(theirs)); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.toldWorker(lang, p, "rules.saved", "person", p.Name)+"\n\n"+summary)
		})
}

// ruleQuestions lists, in lang, the questions whose threshold can be changed: each by its name
// and the word to type for it ("Ánimo (<code>animo</code>)").
func (b *Bot) ruleQuestions(lang string) string {
	var qs []string
	for _, s := range b.rules.Scales {
		q, ok := b.pack.ScaleQuestion(s.Question)
		if !ok {
			continue
		}
		qs = append(qs, html.EscapeString(b.questionWords(lang, q))+" (<code>"+html.EscapeString(b.questionKeyword(lang, q.ID))+"</code>)")
	}
	return strings.Join(qs, ", ")
}

// rulesSummary says, in words, when each answer tells the worker, for this person.
func (b *Bot) rulesSummary(ctx context.Context, tx *store.Tx, p tandem.Person, lang string) (string, error) {
	rules, err := b.personRules(ctx, tx, p)
	if err != nil {
		return "", err
	}
	own, err := tx.PersonRules(ctx, p.ID)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	sb.WriteString(b.pack.Text(lang, "rules.title", "person", p.Name))
	for _, t := range rules.Thresholds {
		q, ok := b.pack.ScaleQuestion(t.Question)
		if !ok {
			continue
		}
		end := b.pack.Text(lang, "rules.or_higher")
		if q.Concern == "low" {
			end = b.pack.Text(lang, "rules.or_lower")
		}
		// The question's name for the worker to read; the word to type for it in /rules, set apart.
		line := fmt.Sprintf("\n• %s (<code>%s</code>): %d %s", html.EscapeString(b.questionWords(lang, q)), html.EscapeString(b.questionKeyword(lang, q.ID)), t.Value, end)
		if t.Urgent {
			line += " " + b.pack.Text(lang, "rules.urgent")
		}
		if _, mine := own[t.Question]; mine {
			line += " — " + b.pack.Text(lang, "rules.set_for", "person", p.Name)
		}
		sb.WriteString(line)
	}
	return sb.String(), nil
}
