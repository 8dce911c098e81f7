package bot

import (
	"strings"

	"github.com/tandemcare/tandem/store"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
)

// Workers read plain words in their language: a question's name rather than its id ("Distress
// from voices", "Angustia por las voces", not "voices_upset"), a check-in's state rather than its
// stored value ("not_now").

// statusWords says where a check-in stands, for a worker, in lang.
func (b *Bot) statusWords(lang string, s tandem.CheckinStatus) string {
	if key := "checkin.status." + string(s); b.pack.Has(key) {
		return b.plainText(lang, key)
	}
	return strings.ReplaceAll(string(s), "_", " ")
}

// questionWords names a question for a worker in lang: the pack's name for it
// ("question.name.<id>"), else the flag rules' label for a scale, else its id in words: the full
// wording is too long for a list.
func (b *Bot) questionWords(lang string, q content.Question) string {
	label := ""
	for _, s := range b.rules.Scales {
		if s.Question == q.ID {
			label = s.Label
		}
	}
	return b.scaleName(lang, q.ID, label)
}

// plainEvidence turns evidence stored in words before flags had codes ("voices_upset: 5 on 9
// Dec") into a worker's words ("Distress from voices: 5 on 9 Dec").
func (b *Bot) plainEvidence(lang, e string) string {
	id, rest, ok := strings.Cut(e, ":")
	if !ok || strings.ContainsAny(id, " \"“") {
		return e
	}
	for _, qs := range b.pack.QuestionSets() {
		if q, found := qs.Question(id); found {
			return b.questionWords(lang, *q) + ":" + rest
		}
	}
	for _, s := range b.rules.Scales {
		if s.Question == id && s.Label != "" {
			return s.Label + ":" + rest
		}
	}
	return e
}

// promptWords says, in lang, whether a check-in's prompt reached the person.
func (b *Bot) promptWords(lang string, st store.PartState) string {
	switch st.Status {
	case store.OutboxSent:
		return b.plainText(lang, "checkin.prompt.delivered")
	case store.OutboxHeld:
		return b.plainText(lang, "checkin.prompt.held")
	case store.OutboxFailed:
		return b.plainText(lang, "checkin.prompt.failed")
	}
	return b.plainText(lang, "checkin.prompt.waiting")
}
