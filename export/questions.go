// Package export writes what Tandem holds about people (check-ins, flags, goals) in forms a
// service's records system can take in: CSV for spreadsheets and bulk loaders, and FHIR R4 JSON
// (a Bundle of Questionnaires, Patients, QuestionnaireResponses and Goals) for clinical systems.
//
// It reads nothing itself: the store's Export* queries fetch the rows, and this package only
// shapes them, so the same rows can be written in either form and tests need no database.
package export

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// lang is the language exports are written in. Records are read by the service's staff, so
// question wording and answer labels are the pack's default language whatever the person
// used; the answer codes are the same in every language.
const lang = content.DefaultLanguage

// Personal questions are built by the bot per person (bot.signQuestion, bot.goalQuestions)
// and are not in the content pack; their ids carry these prefixes and the id of the sign or goal.
const (
	signPrefix = "sign_"
	goalPrefix = "goal_"
)

// goalChoices are the answers to "how did it go?" for a goal, in button order. They mirror the
// bot's own list (bot/goals.go), which is not exported; the codes are stored in answers, so they
// cannot change without a migration anyway.
var goalChoices = []string{"well", "some", "not_yet", "not_tried"}

// personalKind says which kind of personal question an id names: "sign", "goal" or "".
func personalKind(questionID string) string {
	for kind, prefix := range map[string]string{"sign": signPrefix, "goal": goalPrefix} {
		rest, ok := strings.CutPrefix(questionID, prefix)
		if !ok {
			continue
		}
		if _, err := strconv.ParseInt(rest, 10, 64); err == nil {
			return kind
		}
	}
	return ""
}

// question finds what was asked: the pack's question, or the personal question rebuilt the way
// the bot builds it. ok is false for a question the pack no longer has (content changed since
// the answer was given): its answer is still exported, as plain text.
func question(pack *content.Pack, setID string, a store.ExportAnswer) (q content.Question, ok bool) {
	if qs, found := pack.QuestionSet(setID); found {
		if q, found := qs.Question(a.QuestionID); found {
			return *q, true
		}
	}
	switch personalKind(a.QuestionID) {
	case "sign":
		return signQuestion(pack, a.QuestionID, a.Subject), true
	case "goal":
		return goalQuestion(pack, a.QuestionID, a.Subject), true
	}
	return content.Question{ID: a.QuestionID, Kind: content.AnswerText}, false
}

// signQuestion is the 1-5 question the bot asks about one early warning sign.
func signQuestion(pack *content.Pack, id, sign string) content.Question {
	return content.Question{
		ID: id, Kind: content.AnswerScale, Min: 1, Max: 5, Concern: content.ConcernHigh,
		Text:   map[string]string{lang: pack.Text(lang, "signs.question", "sign", sign)},
		Labels: map[string][]string{lang: splitList(pack.Text(lang, "signs.labels"))},
	}
}

// goalQuestion is the "how did it go?" question the bot asks about one goal.
func goalQuestion(pack *content.Pack, id, goal string) content.Question {
	q := content.Question{ID: id, Kind: content.AnswerChoice, Text: map[string]string{lang: pack.Text(lang, "goals.question", "goal", goal)}}
	for _, c := range goalChoices {
		q.Choices = append(q.Choices, content.Choice{ID: c, Label: map[string]string{lang: pack.Text(lang, "goals.went."+c)}})
	}
	return q
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// label is the words on the button for value, "" for free text or a value the question does
// not know (content changed since).
func label(pack *content.Pack, q content.Question, value string) string {
	switch q.Kind {
	case content.AnswerScale:
		n, err := strconv.Atoi(value)
		labels := q.LabelsIn(lang)
		if err == nil && n >= q.Min && n-q.Min < len(labels) {
			return labels[n-q.Min]
		}
	case content.AnswerYesNo:
		yes, no := pack.YesNo(lang)
		switch value {
		case "yes":
			return yes
		case "no":
			return no
		}
	case content.AnswerChoice:
		for _, c := range q.Choices {
			if c.ID == value {
				return c.LabelIn(lang)
			}
		}
	}
	return ""
}

var tag = regexp.MustCompile(`<[^>]*>`)

// plain turns the pack's Telegram HTML into plain text: a records system would show "<b>" as
// it is, and the bold was only ever for the chat.
func plain(s string) string {
	return strings.TrimSpace(html.UnescapeString(tag.ReplaceAllString(s, "")))
}

// timestamp writes an instant as RFC 3339 in UTC (valid as a FHIR dateTime and instant, and
// sortable as text), or "" for none.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
