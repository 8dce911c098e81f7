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

// personalKind says which kind of personal question an id names: "sign", "goal" or "".
func personalKind(questionID string) string {
	for kind, prefix := range map[string]string{"sign": content.SignQuestionPrefix, "goal": content.GoalQuestionPrefix} {
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
		return pack.SignQuestion(a.QuestionID, a.Subject), true
	case "goal":
		return pack.GoalQuestion(a.QuestionID, a.Subject), true
	}
	return content.Question{ID: a.QuestionID, Kind: content.AnswerText}, false
}

// label is the words on the button for value, "" for free text or a value the question does
// not know (content changed since).
func label(pack *content.Pack, q content.Question, value string) string {
	l, _ := pack.AnswerLabel(lang, q, value)
	return l
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
