package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultQuestionSets(t *testing.T) {
	p := Default()
	type want struct {
		id      string
		kind    AnswerKind
		concern string
	}
	for setID, questions := range map[string][]want{
		"daily": {
			{"mood", AnswerScale, ConcernLow},
			{"sleep", AnswerScale, ConcernLow},
			{"stress", AnswerScale, ConcernHigh},
			{"voices", AnswerChoice, ""},
			{"voices_upset", AnswerScale, ConcernHigh},
			{"note", AnswerText, ""},
		},
		"weekly": {
			{"mattered", AnswerChoice, ""},
			{"week", AnswerScale, ConcernLow},
			{"remember", AnswerText, ""},
		},
	} {
		s, ok := p.QuestionSet(setID)
		if !ok {
			t.Fatalf("no %q set", setID)
		}
		if s.TitleIn("en") == "" || s.IntroIn("en") == "" || s.OutroIn("en") == "" {
			t.Errorf("%s: title, intro and outro should all be set", setID)
		}
		if len(s.Questions) != len(questions) {
			t.Fatalf("%s has %d questions, want %d", setID, len(s.Questions), len(questions))
		}
		for i, w := range questions {
			q := s.Questions[i]
			if q.ID != w.id || q.Kind != w.kind || q.Concern != w.concern {
				t.Errorf("%s question %d = %s/%s/concern %q, want %s/%s/concern %q", setID, i, q.ID, q.Kind, q.Concern, w.id, w.kind, w.concern)
			}
			if q.Line == 0 {
				t.Errorf("%s/%s: no line number", setID, q.ID)
			}
			if q.Kind == AnswerScale && (q.Min != 1 || q.Max != 5 || len(q.LabelsIn("en")) != 5) {
				t.Errorf("%s/%s: scale %d-%d with labels %q, want 1-5 with 5 labels", setID, q.ID, q.Min, q.Max, q.LabelsIn("en"))
			}
		}
	}
	if got := len(p.QuestionSets()); got != 2 {
		t.Errorf("QuestionSets() has %d sets, want 2", got)
	}
	if yes, no := p.YesNo("en"); yes != "Yes" || no != "No" {
		t.Errorf("YesNo(en) = %q, %q", yes, no)
	}
	// The follow-up about voices is only asked after an answer other than "not today".
	daily, _ := p.QuestionSet("daily")
	upset, _ := daily.Question("voices_upset")
	if upset.AskIf == nil || upset.AskIf.Question != "voices" || !slices.Equal(upset.AskIf.Not, []string{"none"}) {
		t.Errorf("voices_upset.AskIf = %+v", upset.AskIf)
	}
	// Changing the sets a clinician cannot see through the API: the caller gets a copy.
	sets := p.QuestionSets()
	sets[0] = nil
	if p.QuestionSets()[0] == nil {
		t.Error("QuestionSets returned the pack's own slice")
	}
}

func TestShouldAsk(t *testing.T) {
	p := Default()
	daily, _ := p.QuestionSet("daily")
	upset, _ := daily.Question("voices_upset")
	mood, _ := daily.Question("mood")
	cases := []struct {
		name    string
		q       *Question
		answers map[string]string
		want    bool
	}{
		{"unconditional, nothing answered", mood, nil, true},
		{"unconditional, others answered", mood, map[string]string{"voices": "none"}, true},
		{"voices: not today", upset, map[string]string{"mood": "3", "voices": "none"}, false},
		{"voices: a little", upset, map[string]string{"voices": "little"}, true},
		{"voices: a lot", upset, map[string]string{"voices": "lot"}, true},
		{"voices skipped", upset, map[string]string{"mood": "3"}, false},
		{"nothing answered", upset, map[string]string{}, false},
		{"nil answers", upset, nil, false},
	}
	for _, tc := range cases {
		if got := tc.q.ShouldAsk(tc.answers); got != tc.want {
			t.Errorf("%s: ShouldAsk(%v) = %v, want %v", tc.name, tc.answers, got, tc.want)
		}
	}
}

func TestValues(t *testing.T) {
	cases := []struct {
		q    Question
		want []string
	}{
		{Question{Kind: AnswerScale, Min: 1, Max: 5}, []string{"1", "2", "3", "4", "5"}},
		{Question{Kind: AnswerScale, Min: 0, Max: 2}, []string{"0", "1", "2"}},
		{Question{Kind: AnswerYesNo}, []string{"yes", "no"}},
		{Question{Kind: AnswerChoice, Choices: []Choice{{ID: "a"}, {ID: "b"}}}, []string{"a", "b"}},
		{Question{Kind: AnswerText}, nil},
	}
	for _, tc := range cases {
		if got := tc.q.Values(); !slices.Equal(got, tc.want) {
			t.Errorf("%s %d-%d: Values() = %q, want %q", tc.q.Kind, tc.q.Min, tc.q.Max, got, tc.want)
		}
	}
}

func TestLanguageFallback(t *testing.T) {
	q := Question{
		Text:   map[string]string{"en": "How are you?", "es": "¿Cómo estás?", "fr": "  "},
		Labels: map[string][]string{"en": {"Low", "High"}, "es": {"Bajo", "Alto"}},
	}
	c := Choice{Label: map[string]string{"en": "Rest", "es": "Descanso"}}
	s := &QuestionSet{
		Title: map[string]string{"en": "Check-in", "es": "Revisión"},
		Intro: map[string]string{"en": "Hello"},
		Outro: map[string]string{"en": "Thanks", "es": "Gracias"},
	}
	cases := []struct {
		name, got, want string
	}{
		{"text in es", q.TextIn("es"), "¿Cómo estás?"},
		{"text in a language the pack lacks", q.TextIn("de"), "How are you?"},
		{"blank text falls back", q.TextIn("fr"), "How are you?"},
		{"labels in es", strings.Join(q.LabelsIn("es"), ","), "Bajo,Alto"},
		{"labels fall back", strings.Join(q.LabelsIn("de"), ","), "Low,High"},
		{"choice in es", c.LabelIn("es"), "Descanso"},
		{"choice falls back", c.LabelIn("de"), "Rest"},
		{"title in es", s.TitleIn("es"), "Revisión"},
		{"intro falls back", s.IntroIn("es"), "Hello"},
		{"outro in es", s.OutroIn("es"), "Gracias"},
	}
	p := Default()
	yes, no := p.YesNo("zz")
	cases = append(cases,
		struct{ name, got, want string }{"yes falls back", yes, "Yes"},
		struct{ name, got, want string }{"no falls back", no, "No"},
	)
	for _, tc := range cases {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

// TestCheckinTextFitsOnAPhone checks what the bot will send: messages Telegram accepts, buttons a
// phone can show, and callback data within Telegram's 64 bytes.
func TestCheckinTextFitsOnAPhone(t *testing.T) {
	p := Default()
	for _, lang := range p.Languages {
		yes, no := p.YesNo(lang)
		for _, l := range []string{yes, no} {
			if l == "" || len([]rune(l)) > MaxLabel {
				t.Errorf("yes/no label %q in %s", l, lang)
			}
		}
		for _, s := range p.QuestionSets() {
			for _, m := range []string{s.TitleIn(lang), s.IntroIn(lang), s.OutroIn(lang)} {
				if err := CheckHTML(m); err != nil || len([]rune(m)) > MaxQuestionText {
					t.Errorf("%s in %s: %q (%v)", s.ID, lang, m, err)
				}
			}
			for i, q := range s.Questions {
				// The longest message the bot could send for a question: the set's title, a
				// progress count and the question itself.
				msg := fmt.Sprintf("<b>%s</b> (%d/%d)\n\n%s", s.TitleIn(lang), i+1, len(s.Questions), q.TextIn(lang))
				if err := CheckHTML(msg); err != nil {
					t.Errorf("%s/%s in %s: %v", s.ID, q.ID, lang, err)
				}
				if n := len([]rune(msg)); n > 4096 || len([]rune(q.TextIn(lang))) > MaxQuestionText {
					t.Errorf("%s/%s in %s is %d characters", s.ID, q.ID, lang, n)
				}
				var labels []string
				switch q.Kind {
				case AnswerScale:
					labels = q.LabelsIn(lang)
					if len(labels) != len(q.Values()) {
						t.Errorf("%s/%s: %d labels for %d points", s.ID, q.ID, len(labels), len(q.Values()))
					}
				case AnswerChoice:
					for _, c := range q.Choices {
						labels = append(labels, c.LabelIn(lang))
					}
				}
				for _, l := range labels {
					if strings.TrimSpace(l) == "" || len([]rune(l)) > MaxLabel {
						t.Errorf("%s/%s: button label %q in %s", s.ID, q.ID, l, lang)
					}
				}
				for _, v := range q.Values() {
					// e.g. "ci:<20-digit check-in id>:<set>:<question>:<answer>"
					if data := fmt.Sprintf("ci:%020d:%s:%s:%s", 0, s.ID, q.ID, v); len(data) > 64 {
						t.Errorf("callback data %q is %d bytes; Telegram allows 64", data, len(data))
					}
				}
			}
		}
	}
}

// TestCheckinWordingIsEasyToRead keeps the default wording at about a 12-year-old's reading
// level: people may be reading it on a bad day.
func TestCheckinWordingIsEasyToRead(t *testing.T) {
	const maxGrade = 8
	p := Default()
	for _, s := range p.QuestionSets() {
		texts := map[string]string{"intro": s.IntroIn("en"), "outro": s.OutroIn("en")}
		for _, q := range s.Questions {
			texts[q.ID] = q.TextIn("en")
		}
		for name, text := range texts {
			g := Grade(text)
			t.Logf("%s/%s: grade %.1f", s.ID, name, g)
			if g > maxGrade {
				t.Errorf("%s/%s reads at grade %.1f (want <= %d): %q", s.ID, name, g, maxGrade, text)
			}
		}
	}
}

func TestFleschKincaid(t *testing.T) {
	syl := []struct {
		word string
		want int
	}{
		{"mood", 1}, {"the", 1}, {"sleep", 1}, {"people", 2}, {"happened", 2}, {"worry", 2},
		{"today", 2}, {"anything", 3}, {"overall", 3}, {"remember", 3}, {"minute", 2},
		{"question", 2}, {"distressing", 3}, {"hallucination", 5}, {"don't", 1},
	}
	for _, tc := range syl {
		if got := Syllables(tc.word); got != tc.want {
			t.Errorf("Syllables(%q) = %d, want %d", tc.word, got, tc.want)
		}
	}
	grades := []struct {
		text     string
		min, max float64
	}{
		{"How did you sleep?", -5, 2},
		{"<b>How</b> did you sleep? Was it good?", -5, 2},
		// Jargon in a long sentence is what the check exists to catch.
		{"Have you experienced any perceptual abnormalities, such as auditory hallucinations, or intrusive cognitions associated with significant psychological distress?", 12, 40},
	}
	for _, tc := range grades {
		if g := Grade(tc.text); g < tc.min || g > tc.max {
			t.Errorf("grade(%q) = %.1f, want %v..%v", tc.text, g, tc.min, tc.max)
		}
	}
}

// packWith builds a pack from the default files with checkins.yaml replaced, and, when languages
// is given, pack.yaml listing them (each with a copy of the English interface texts).
func packWith(t *testing.T, checkins string, languages ...string) fstest.MapFS {
	t.Helper()
	ui := mustRead(t, "ui.en.yaml")
	fsys := fstest.MapFS{
		"pack.yaml":  {Data: mustRead(t, "pack.yaml")},
		"ui.en.yaml": {Data: ui},
		"flags.yaml": {Data: mustRead(t, "flags.yaml")},
	}
	if len(languages) == 0 {
		// Structure checks run on an English-only pack; the default pack's Spanish is
		// checked by loading the default pack itself.
		languages = []string{"en"}
	}
	if checkins != "" {
		fsys[checkinsFile] = &fstest.MapFile{Data: []byte(checkins)}
	}
	if len(languages) > 0 {
		meta := fmt.Sprintf("id: test\nconsent_version: \"1\"\nlanguages: [%s]\n", strings.Join(languages, ", "))
		fsys["pack.yaml"] = &fstest.MapFile{Data: []byte(meta)}
		for _, l := range languages {
			fsys["ui."+l+".yaml"] = &fstest.MapFile{Data: ui}
		}
	}
	return fsys
}

func TestLoadReportsCheckinProblemsWithTheirLine(t *testing.T) {
	base := string(mustRead(t, checkinsFile))
	if _, err := Load(packWith(t, base)); err != nil {
		t.Fatalf("the default checkins.yaml does not load: %v", err)
	}
	// Each case edits the default file. "#HERE" (a YAML comment) marks the line the problem
	// should be reported on. Unless others is set, it must be the only problem reported.
	cases := []struct {
		name      string
		edits     []string // old, new, old, new...: each old must occur in the file
		languages []string // pack.yaml languages, when not just en
		want      string
		others    bool
	}{
		{name: "unknown kind",
			edits: []string{"- id: sleep\n        kind: scale", "- id: sleep\n        kind: slider #HERE"},
			want:  `question "sleep": unknown kind "slider"`},
		{name: "kind missing",
			edits: []string{"- id: note\n        kind: text\n", "- id: note #HERE\n"},
			want:  `question "note": kind is missing (scale, yesno, choice or text)`},
		{name: "duplicate set",
			edits:  []string{"- id: weekly", "- id: daily #HERE"},
			want:   `set "daily" is defined twice`,
			others: true},
		{name: "duplicate question",
			edits: []string{"- id: sleep", "- id: mood #HERE"},
			want:  `question "mood" is in set "daily" twice`},
		{name: "bad question id",
			edits: []string{"- id: stress", "- id: Stress! #HERE"},
			want:  `question: id "Stress!" should be 1 to 16 of a-z, 0-9 and _`},
		{name: "question id too long",
			edits: []string{"- id: stress", "- id: stress_or_worry_today #HERE"},
			want:  `id "stress_or_worry_today" should be 1 to 16`},
		{name: "bad set id",
			edits:  []string{"- id: weekly", "- id: Weekly #HERE"},
			want:   `set: id "Weekly"`,
			others: true},
		{name: "scale too long",
			edits: []string{"        min: 1\n        max: 5\n        labels:\n          en: [\"Very low\"", "        min: 1 #HERE\n        max: 12\n        labels:\n          en: [\"Very low\""},
			want:  `question "mood": scale 1 to 12 should run upwards from 0 or more, with 2 to 10 points`},
		{name: "scale upside down",
			edits: []string{"        min: 1\n        max: 5\n        labels:\n          en: [\"Very low\"", "        min: 5 #HERE\n        max: 1\n        labels:\n          en: [\"Very low\""},
			want:  `question "mood": scale 5 to 1`},
		{name: "scale bound not a number",
			edits: []string{"        max: 5\n        labels:\n          en: [\"Very low\"", "        max: five #HERE\n        labels:\n          en: [\"Very low\""},
			want:  `question "mood": max should be a whole number, not "five"`},
		{name: "scale without labels",
			edits: []string{"        labels:\n          en: [\"Very low\", \"Low\", \"OK\", \"Good\", \"Very good\"]\n", "", "- id: mood", "- id: mood #HERE"},
			want:  `question "mood": a scale needs labels, one for each point`},
		{name: "labels not by language",
			edits: []string{"        labels:\n          en: [\"Very low\", \"Low\", \"OK\", \"Good\", \"Very good\"]", "        labels: [\"Very low\", \"Low\", \"OK\", \"Good\", \"Very good\"] #HERE"},
			want:  `question "mood": labels should be given by language`},
		{name: "too few labels",
			edits: []string{`en: ["Very low", "Low", "OK", "Good", "Very good"]`, `en: ["Very low", "Low", "OK", "Good"] #HERE`},
			want:  `question "mood": scale has 5 points but 4 labels in en`},
		{name: "label too long for a button",
			edits: []string{`en: ["Very poorly", "Poorly", "OK", "Well", "Very well"]`, `en: ["Very poorly indeed, sadly", "Poorly", "OK", "Well", "Very well"] #HERE`},
			want:  `question "sleep": label "Very poorly indeed, sadly" in en is 25 characters, but a button takes at most 20`},
		{name: "concern not high or low",
			edits: []string{"concern: low", "concern: middle #HERE"},
			want:  `question "mood": concern should be high or low, not "middle"`},
		{name: "field for another kind",
			edits: []string{"- id: note\n        kind: text", "- id: note\n        kind: text\n        concern: high #HERE"},
			want:  `question "note": concern is only for scale questions, and this is text`},
		{name: "misspelt field",
			edits: []string{"concern: high", "conern: high #HERE"},
			want:  `question: unknown field "conern"`},
		{name: "one choice",
			edits: []string{
				"choices:\n          - id: none", "choices: #HERE\n          - id: none",
				"          - id: little\n            label:\n              en: \"A little\"\n          - id: lot\n            label:\n              en: \"A lot\"\n", ""},
			want: `question "voices": has 1 choices, but needs 2 to 8`},
		{name: "nine choices",
			edits: []string{
				"choices:\n          - id: people", "choices: #HERE\n          - id: people",
				"          - id: other\n", "          - id: a\n            label: {en: A}\n          - id: b\n            label: {en: B}\n          - id: c\n            label: {en: C}\n          - id: other\n"},
			want: `question "mattered": has 9 choices, but needs 2 to 8`},
		{name: "duplicate choice",
			edits: []string{"- id: rest", "- id: people #HERE"},
			want:  `question "mattered": choice "people" is given twice`},
		{name: "bad choice id",
			edits: []string{"- id: rest", "- id: rest-day #HERE"},
			want:  `question "mattered": choice: id "rest-day"`},
		{name: "choice label too long",
			edits: []string{`en: "Work or study"`, `en: "Work, school or college" #HERE`},
			want:  `question "mattered": choice "work": label "Work, school or college" in en is 23 characters`},
		{name: "missing English text",
			edits: []string{"        text:\n          en: \"How has your mood been today? 1 is very low, 5 is very good.\"", "        text: {} #HERE"},
			want:  `question "mood": text is missing in en`},
		{name: "language pack.yaml does not list",
			edits: []string{`en: "How has your mood been today? 1 is very low, 5 is very good."`, `en: "How has your mood been today? 1 is very low, 5 is very good."` + "\n          fr: \"Comment ça va ?\" #HERE"},
			want:  `question "mood": text has language "fr", which pack.yaml does not list`},
		{name: "missing translation",
			languages: []string{"en", "es"},
			edits:     []string{"- id: sleep\n        kind: scale\n        text:", "- id: sleep\n        kind: scale\n        text: #HERE"},
			want:      `question "sleep": text is missing in es`,
			others:    true},
		{name: "missing translation of yes",
			languages: []string{"en", "es"},
			edits:     []string{"yes:\n", "yes: #HERE\n"},
			want:      `button label: yes is missing in es`,
			others:    true},
		{name: "text too long",
			edits: []string{`en: "How has your mood been today? 1 is very low, 5 is very good."`, `en: "` + strings.Repeat("How are you? ", 77) + `" #HERE`},
			want:  `question "mood": text in en is 1001 characters, over the limit of 1000`},
		{name: "markup Telegram refuses",
			edits: []string{`en: "How has your mood been today? 1 is very low, 5 is very good."`, `en: "How is your <mood> today?" #HERE`},
			want:  `question "mood": text in en: <mood> is not a tag Telegram allows`},
		{name: "unclosed tag in an intro",
			edits: []string{`en: "Here's your weekly check-in. It's three questions. You can skip any of them."`, `en: "<b>Here's your weekly check-in. It's three questions. You can skip any of them." #HERE`},
			want:  `set "weekly": intro in en: <b> is never closed`},
		{name: "set without title",
			edits: []string{"    title:\n      en: \"Weekly check-in\"\n", "", "- id: weekly", "- id: weekly #HERE"},
			want:  `set "weekly": title is missing`},
		{name: "no daily set",
			edits:  []string{"- id: daily", "- id: day", "sets:", "sets: #HERE"},
			want:   `set "daily" is required`,
			others: true},
		{name: "no weekly set",
			edits: []string{"- id: weekly", "- id: week_end", "sets:", "sets: #HERE"},
			want:  `set "weekly" is required`},
		{name: "ask_if names an unknown question",
			edits: []string{"question: voices", "question: voice #HERE"},
			want:  `question "voices_upset": ask_if refers to "voice", which is not an earlier question in set "daily"`},
		{name: "ask_if names a later question",
			edits: []string{"question: voices", "question: note #HERE"},
			want:  `ask_if refers to "note", which is not an earlier question`},
		{name: "ask_if names a text question",
			edits: []string{"type /crisis.\n\n  - id: weekly", "type /crisis.\n\n      - id: more\n        kind: yesno\n        text: {en: \"Anything else?\"}\n        ask_if: {question: note, not: [x]} #HERE\n\n  - id: weekly"},
			want:  `question "more": ask_if cannot depend on "note", a text question`},
		{name: "ask_if answer that cannot be given",
			edits: []string{"not: [none]", "not: [nope] #HERE"},
			want:  `question "voices_upset": ask_if: "nope" is not an answer to "voices" (answers: none, little, lot)`},
		{name: "missing yes label",
			edits: []string{"yes:\n  en: \"Yes\"\n", "", "\nno:", "\nno: #HERE"},
			want:  "yes (the label of the yes button) is missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := base
			for i := 0; i+1 < len(tc.edits); i += 2 {
				if !strings.Contains(text, tc.edits[i]) {
					t.Fatalf("the default file has no %q to edit", tc.edits[i])
				}
				text = strings.Replace(text, tc.edits[i], tc.edits[i+1], 1)
			}
			line := lineOf(text, "#HERE")
			_, err := Load(packWith(t, text, tc.languages...))
			if err == nil {
				t.Fatal("loaded")
			}
			problems := strings.Split(strings.TrimPrefix(err.Error(), "content: "), "; ")
			prefix := fmt.Sprintf("%s:%d: ", checkinsFile, line)
			found := slices.ContainsFunc(problems, func(p string) bool {
				return strings.HasPrefix(p, prefix) && strings.Contains(p, tc.want)
			})
			if !found {
				t.Errorf("want %s%s\ngot:\n  %s", prefix, tc.want, strings.Join(problems, "\n  "))
			}
			if !tc.others && len(problems) != 1 {
				t.Errorf("want only that problem, got:\n  %s", strings.Join(problems, "\n  "))
			}
		})
	}
}

// lineOf returns the 1-based line of the first occurrence of marker, or 0 if there is none.
func lineOf(text, marker string) int {
	i := strings.Index(text, marker)
	if i < 0 {
		return 0
	}
	return strings.Count(text[:i], "\n") + 1
}

func TestLoadRejectsBrokenCheckinFiles(t *testing.T) {
	cases := []struct {
		name, checkins, want string
	}{
		{"no file", "", "checkins.yaml"},
		{"empty file", "\n", "checkins.yaml:1: the file is empty"},
		{"not YAML", "sets: [\n", "checkins.yaml: yaml:"},
		{"sets not a list", "yes: {en: Yes}\nno: {en: No}\nsets: daily\n", "checkins.yaml:3: sets should be a list"},
		{"no sets", "yes: {en: Yes}\nno: {en: No}\n", "checkins.yaml:1: sets is missing"},
		{"no yes", "no: {en: No}\nsets: []\n", "checkins.yaml:1: yes (the label of the yes button) is missing"},
	}
	for _, tc := range cases {
		_, err := Load(packWith(t, tc.checkins))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

// A check-in mixes scales where higher is better (mood) with ones where higher is harder
// (stress), so every scale question of the default pack says, in every language, what its
// lowest and highest numbers mean, in the words of those buttons.
func TestDefaultScalesSayWhatTheirEndsMean(t *testing.T) {
	p := Default()
	for _, set := range p.QuestionSets() {
		for _, q := range set.Questions {
			if q.Kind != AnswerScale {
				continue
			}
			for _, lang := range p.Languages {
				text, labels := strings.ToLower(q.TextIn(lang)), q.LabelsIn(lang)
				low := fmt.Sprintf("%d %s", q.Min, map[string]string{"en": "is", "es": "es"}[lang])
				high := fmt.Sprintf("%d %s", q.Max, map[string]string{"en": "is", "es": "es"}[lang])
				if !strings.Contains(text, low+" "+strings.ToLower(labels[0])) || !strings.Contains(text, high+" "+strings.ToLower(labels[len(labels)-1])) {
					t.Errorf("%s.%s (%s): %q does not say that %d is %q and %d is %q", set.ID, q.ID, lang, q.TextIn(lang), q.Min, labels[0], q.Max, labels[len(labels)-1])
				}
			}
		}
	}
}
