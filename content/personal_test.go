package content

import "testing"

func TestAnswerLabel(t *testing.T) {
	p := Default()
	scale := Question{ID: "mood", Kind: AnswerScale, Min: 1, Max: 3, Labels: map[string][]string{"en": {"Low", "OK", "Good"}}}
	choice := Question{ID: "c", Kind: AnswerChoice, Choices: []Choice{{ID: "a", Label: map[string]string{"en": "Apples"}}}}
	yes, no := p.YesNo("en")
	tests := []struct {
		q      Question
		value  string
		want   string
		wantOK bool
	}{
		{scale, "1", "Low", true},
		{scale, "3", "Good", true},
		{scale, "4", "", false},
		{scale, "x", "", false},
		{Question{Kind: AnswerYesNo}, "yes", yes, true},
		{Question{Kind: AnswerYesNo}, "no", no, true},
		{Question{Kind: AnswerYesNo}, "maybe", "", false},
		{choice, "a", "Apples", true},
		{choice, "b", "", false},
		{Question{Kind: AnswerText}, "anything", "", false},
	}
	for _, tt := range tests {
		got, ok := p.AnswerLabel("en", tt.q, tt.value)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s %q: got %q %v, want %q %v", tt.q.Kind, tt.value, got, ok, tt.want, tt.wantOK)
		}
	}
}

// The bot asks personal questions and the exports describe them from the same place; both
// need them worded in every language the pack offers.
func TestPersonalQuestionsInEveryLanguage(t *testing.T) {
	p := Default()
	sign := p.SignQuestion(SignQuestionID(7), "Sleeping less")
	goal := p.GoalQuestion(GoalQuestionID(9), "Walk to the park")
	if sign.ID != "sign_7" || goal.ID != "goal_9" {
		t.Fatalf("ids %q %q", sign.ID, goal.ID)
	}
	if sign.Kind != AnswerScale || sign.Min != 1 || sign.Max != 5 || sign.Concern != ConcernHigh {
		t.Errorf("sign question %+v", sign)
	}
	if len(goal.Choices) != len(GoalChoices) {
		t.Fatalf("goal choices %+v", goal.Choices)
	}
	for _, lang := range p.Languages {
		if sign.Text[lang] == "" || len(sign.Labels[lang]) != 5 {
			t.Errorf("%s: sign question %q with labels %q", lang, sign.Text[lang], sign.Labels[lang])
		}
		if goal.Text[lang] == "" || goal.Choices[0].Label[lang] == "" {
			t.Errorf("%s: goal question %q, first choice %q", lang, goal.Text[lang], goal.Choices[0].Label[lang])
		}
	}
}
