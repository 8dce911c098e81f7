package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/triage"
)

func wordsBot() *Bot {
	pack := content.Default()
	return &Bot{Deliveries: &Deliveries{pack: pack}, screener: pack.Screener(), rules: rulesFromPack(pack)}
}

// Every reason and line of evidence triage can give is worded in every language, with each
// value in its place and the question, categories and dates in the reader's words: a flag reads
// the same to a Spanish and an English worker, each in their own language.
func TestFlagWordingInEveryLanguage(t *testing.T) {
	b := wordsBot()
	args := map[string]string{
		"question": "voices_upset", "label": "Distress from voices", "value": "4", "max": "5", "count": "3",
		"usual": "1.5", "mean": "1.5", "spread": "0.75", "categories": "suicide,self_harm", "context": "negation,past",
		"text": "no puedo más", "date": "2026-12-09", "at": "2026-12-09T09:00:00Z",
	}
	wants := map[string][2]string{ // code: a piece of the English and of the Spanish
		triage.WhyThreshold:    {"Distress from voices at 4 of 5", "Angustia por las voces: 4 de 5"},
		triage.WhyRunLow:       {"4 or lower on 3 check-ins in a row", "4 o menos en 3 registros seguidos"},
		triage.WhyBaselineHigh: {"(usually 1.5, today 4)", "(suele ser 1,5; hoy, 4)"},
		triage.WhyWordsSoft:    {"suicide and self-harm", "suicidio y autolesiones"},
		triage.WhySilence:      {"3 check-ins missed", "3 registros seguidos sin responder"},
	}
	factWants := map[string][2]string{
		triage.FactAnswerOn: {"Distress from voices: 4 on 9 Dec", "Angustia por las voces: 4 el 9 dic"},
		triage.FactUsual:    {"mean 1.5, spread 0.75", "media 1,5, dispersión 0,75"},
		triage.FactMissed:   {"Wed 9 Dec 09:00", "mié 9 dic 09:00"},
		triage.FactQuote:    {"“no puedo más” (suicide and self-harm)", "«no puedo más» (suicidio y autolesiones)"},
	}
	check := func(kind, code, en, es string, want [2]string) {
		t.Helper()
		for _, got := range []string{en, es} {
			if got == "" || strings.ContainsAny(got, "{}") || strings.Contains(got, "voices_upset") {
				t.Errorf("%s %s is not worded: %q", kind, code, got)
			}
		}
		if en == es {
			t.Errorf("%s %s reads the same in Spanish as in English: %q", kind, code, es)
		}
		if want[0] != "" && (!strings.Contains(en, want[0]) || !strings.Contains(es, want[1])) {
			t.Errorf("%s %s: got %q and %q, want %q and %q", kind, code, en, es, want[0], want[1])
		}
	}
	for _, code := range triage.WhyCodes {
		w := tandem.Wording{Code: code, Args: args}
		check("reason", code, b.why("en", w), b.why("es", w), wants[code])
	}
	for _, code := range triage.FactCodes {
		w := tandem.Wording{Code: code, Args: args}
		check("evidence", code, b.fact("en", time.UTC, w), b.fact("es", time.UTC, w), factWants[code])
	}
	for _, c := range b.screener.Categories() {
		en, es := b.categoryNames("en", string(c)), b.categoryNames("es", string(c))
		if !b.pack.Has("screen.category."+string(c)) || en == es {
			t.Errorf("the screen's category %s has no Spanish name of its own: %q, %q", c, en, es)
		}
	}
	for _, c := range triage.ContextCodes {
		if !b.pack.Has("screen.context." + c) {
			t.Errorf("the context %s is not worded", c)
		}
	}
	for _, s := range b.rules.Scales {
		if en, es := b.scaleName("en", s.Question, s.Label), b.scaleName("es", s.Question, s.Label); en == es {
			t.Errorf("the question %s has no Spanish name: %q", s.Question, es)
		}
	}
	// A flag raised before reasons had codes still reads as it was worded then.
	if got := b.flagWhy("es", tandem.Flag{Reason: "Mood at 1 of 5"}); got != "Mood at 1 of 5" {
		t.Errorf("an old flag's reason: %q", got)
	}
}

// A worker names a question in /rules by its word in their language, accents aside, or its id.
func TestRulesQuestionByKeyword(t *testing.T) {
	b := wordsBot()
	for typed, want := range map[string]string{"ánimo": "mood", "animo": "mood", "ÁNIMO": "mood", "mood": "mood",
		"estres": "stress", "voces": "voices_upset", "voices_upset": "voices_upset", "sueño": "sleep", "semana": "week"} {
		if q, ok := b.questionByKeyword(typed); !ok || q.ID != want {
			t.Errorf("%q found %q (%v), want %q", typed, q.ID, ok, want)
		}
	}
	for _, typed := range []string{"humor", "voices", "note", ""} {
		if q, ok := b.questionByKeyword(typed); ok {
			t.Errorf("%q found %q", typed, q.ID)
		}
	}
}
