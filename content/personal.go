package content

import (
	"strconv"
	"strings"
)

// Personal questions are built for each person from their own warning signs and goals, so they
// are not in the check-in files; they are worded from the pack's ui texts. The bot asks them and
// the exports describe them, both from here, so the two cannot drift apart.

// Question ids of personal questions are these prefixes and the id of the sign or goal. The ids
// are stored with every answer.
const (
	SignQuestionPrefix = "sign_"
	GoalQuestionPrefix = "goal_"
)

// GoalChoices are the answers to "how did it go?" for a goal, in button order. The codes are
// stored in answers, so they cannot change without a migration.
var GoalChoices = []string{"well", "some", "not_yet", "not_tried"}

// SignQuestionID and GoalQuestionID are the question ids for a sign and a goal.
func SignQuestionID(signID int64) string { return SignQuestionPrefix + strconv.FormatInt(signID, 10) }

// GoalQuestionID is the question id for a goal.
func GoalQuestionID(goalID int64) string { return GoalQuestionPrefix + strconv.FormatInt(goalID, 10) }

// SignQuestion is how one early warning sign is asked in a check-in, in every language the
// pack offers: how much of it today, 1 to 5, where more is the concern.
func (p *Pack) SignQuestion(id, sign string) Question {
	q := Question{ID: id, Kind: AnswerScale, Min: 1, Max: 5, Concern: ConcernHigh,
		Text: map[string]string{}, Labels: map[string][]string{}}
	for _, lang := range p.Languages {
		q.Text[lang] = p.Text(lang, "signs.question", "sign", sign)
		q.Labels[lang] = SplitList(p.Text(lang, "signs.labels"))
	}
	return q
}

// GoalQuestion is how one goal is asked in the weekly check-in, in every language the pack
// offers: how did it go, with GoalChoices as the answers.
func (p *Pack) GoalQuestion(id, goal string) Question {
	q := Question{ID: id, Kind: AnswerChoice, Text: map[string]string{}}
	for _, c := range GoalChoices {
		ch := Choice{ID: c, Label: map[string]string{}}
		for _, lang := range p.Languages {
			ch.Label[lang] = p.Text(lang, "goals.went."+c)
		}
		q.Choices = append(q.Choices, ch)
	}
	for _, lang := range p.Languages {
		q.Text[lang] = p.Text(lang, "goals.question", "goal", goal)
	}
	return q
}

// SplitList reads a ui text that is a list ("Not at all; A little; ..."): its items, trimmed,
// without empty ones.
func SplitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// AnswerLabel is the words on the button for value in lang: a scale's label, yes or no, or a
// choice's label. ok is false for free text, and for a value the question does not know (the
// content changed since it was given). The bot reads answers back with it and the exports
// describe them with it, so the two say the same.
func (p *Pack) AnswerLabel(lang string, q Question, value string) (label string, ok bool) {
	switch q.Kind {
	case AnswerScale:
		n, err := strconv.Atoi(value)
		labels := q.LabelsIn(lang)
		if err == nil && n >= q.Min && n-q.Min < len(labels) {
			return labels[n-q.Min], true
		}
	case AnswerYesNo:
		yes, no := p.YesNo(lang)
		switch value {
		case "yes":
			return yes, true
		case "no":
			return no, true
		}
	case AnswerChoice:
		for _, c := range q.Choices {
			if c.ID == value {
				return c.LabelIn(lang), true
			}
		}
	}
	return "", false
}
