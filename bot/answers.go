package bot

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// tags matches Telegram HTML tags, to show a question's words as plain text.
var tags = regexp.MustCompile(`<[^>]*>`)

// recentForWorker is how many check-ins /checkins shows: about a week of daily ones.
const recentForWorker = 8

// noteLimit keeps one long note from crowding the rest out of a 4096-character message.
const noteLimit = 300

// handleCheckins shows a worker one of their people's recent check-ins and answers: what the
// person agreed, at consent, their worker would see.
func (b *Bot) handleCheckins(ctx context.Context, ev *tandem.Event) error {
	return b.aboutPerson(ctx, ev, "checkins", "worker.checkins_how", nil,
		func(tx *store.Tx, w tandem.Worker, p tandem.Person, _ string, _ []tandem.Person) error {
			text, err := b.checkinReport(ctx, tx, p, b.workerLang(w))
			if err != nil {
				return err
			}
			return reply(tx, ctx, ev, text)
		})
}

// checkinReport renders a person's recent check-ins for their worker, in lang, newest first.
func (b *Bot) checkinReport(ctx context.Context, tx *store.Tx, p tandem.Person, lang string) (string, error) {
	all, err := tx.AllCheckins(ctx, p.ID)
	if err != nil {
		return "", err
	}
	loc := b.sched.Location(p)
	var sb strings.Builder
	sb.WriteString(b.pack.Text(lang, "worker.checkins_title", "person", p.Name))
	if len(all) == 0 {
		sb.WriteString("\n" + b.pack.Text(lang, "worker.checkins_none"))
	}
	for i := len(all) - 1; i >= 0 && i >= len(all)-recentForWorker; i-- {
		c := all[i]
		answers, err := tx.Answers(ctx, c.ID)
		if err != nil {
			return "", err
		}
		status := b.pack.Text(lang, "checkin.status."+string(c.Status))
		if c.Late {
			status += ", " + b.pack.Text(lang, "checkin.status.late")
		}
		if st, ok, err := tx.PromptState(ctx, c.ID); err != nil {
			return "", err
		} else if ok {
			status += ", " + html.EscapeString(b.promptWords(lang, st))
		}
		fmt.Fprintf(&sb, "\n\n<b>%s</b> (%s)", shortMomentFor(lang, c.DueAt.In(loc)), status)
		qs, err := b.questionSet(ctx, tx, p, c.SetID)
		ok := err == nil
		for _, ans := range answers {
			label, value := ans.QuestionID, ans.Value
			if ok {
				if q, found := qs.Question(ans.QuestionID); found {
					label = b.questionWords(lang, *q)
					if strings.HasPrefix(q.ID, "sign_") || strings.HasPrefix(q.ID, "goal_") {
						// The person's own sign or goal: its words say more than an id.
						label = html.UnescapeString(tags.ReplaceAllString(q.TextIn(lang), ""))
					}
					if q.Kind == content.AnswerText {
						if r := []rune(value); len(r) > noteLimit {
							value = string(r[:noteLimit]) + "…"
						}
						value = "“" + value + "”"
					} else if !ans.Skipped {
						value = b.answerLabel(lang, *q, value)
					}
				}
			}
			if ans.Skipped {
				value = b.plainText(lang, "checkin.status.skipped")
			}
			fmt.Fprintf(&sb, "\n• %s: %s", html.EscapeString(label), html.EscapeString(value))
		}
	}
	return sb.String(), nil
}
