package bot

import (
	"strings"

	"github.com/tandemcare/tandem/store"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
)

// Workers read plain words: a question's name rather than its id ("Distress from voices", not
// "voices_upset"), a check-in's state in English rather than its stored value ("not_now").

// statusWords says where a check-in stands, for a worker.
func statusWords(s tandem.CheckinStatus) string {
	switch s {
	case tandem.CheckinOpen:
		return "waiting for answers"
	case tandem.CheckinAnswered:
		return "answered"
	case tandem.CheckinPartial:
		return "partly answered"
	case tandem.CheckinMissed:
		return "missed"
	case tandem.CheckinNotNow:
		return "they chose not now"
	}
	return strings.ReplaceAll(string(s), "_", " ")
}

// questionWords names a question for a worker: the flag rules' label for a scale ("Distress
// from voices"), else its id in words ("Voices"): the full wording is too long for a list.
func (b *Bot) questionWords(q content.Question) string {
	for _, s := range b.rules.Scales {
		if s.Question == q.ID && s.Label != "" {
			return s.Label
		}
	}
	w := strings.ReplaceAll(q.ID, "_", " ")
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// plainEvidence turns a rule's evidence ("voices_upset: 5 on 9 Dec") into a worker's words
// ("Distress from voices: 5 on 9 Dec").
func (b *Bot) plainEvidence(e string) string {
	id, rest, ok := strings.Cut(e, ":")
	if !ok || strings.ContainsAny(id, " \"“") {
		return e
	}
	for _, qs := range b.pack.QuestionSets() {
		if q, found := qs.Question(id); found {
			return b.questionWords(*q) + ":" + rest
		}
	}
	for _, s := range b.rules.Scales {
		if s.Question == id && s.Label != "" {
			return s.Label + ":" + rest
		}
	}
	return e
}

// promptWords says whether a check-in's prompt reached the person.
func promptWords(st store.PartState) string {
	switch st.Status {
	case store.OutboxSent:
		return "prompt delivered"
	case store.OutboxHeld:
		return "prompt not delivered: they can't be reached"
	case store.OutboxFailed:
		return "prompt not delivered"
	}
	return "prompt not sent yet"
}
