package content

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Severity says whether a problem Check finds stops Tandem from starting.
type Severity int

const (
	// Warning: Tandem starts, but a person would notice, such as English where they read Spanish.
	Warning Severity = iota
	// Error: Load refuses the pack, so Tandem will not start with it.
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Problem is one thing Check finds in a pack.
type Problem struct {
	Where    string // "file:line", or "file" when it is not on one line, or "" for the whole pack
	Message  string
	Severity Severity
}

// String reads "file:line: error: message", as compilers write it, so editors can jump to it.
func (p Problem) String() string {
	if p.Where == "" {
		return p.Severity.String() + ": " + p.Message
	}
	return p.Where + ": " + p.Severity.String() + ": " + p.Message
}

var problemWhereRE = regexp.MustCompile(`^([\w./-]+\.\w+(?::\d+)?|[\w./-]+/): `)

// parseProblem splits "file:line: message", as Load and the lesson reader write problems.
func parseProblem(s string, sev Severity) Problem {
	if m := problemWhereRE.FindStringSubmatch(s); m != nil {
		return Problem{Where: m[1], Message: s[len(m[0]):], Severity: sev}
	}
	return Problem{Message: s, Severity: sev}
}

// languageNames names the languages Tandem's own pack has, for messages to a pack's editor.
var languageNames = map[string]string{"en": "English", "es": "Spanish"}

func languageName(code string) string {
	if n, ok := languageNames[code]; ok {
		return n
	}
	return fmt.Sprintf("%q", code)
}

// missingLessons warns of each English lesson that a pack language has no translation of, or
// whose translation is still the English text (a copied file): the bot sends it in English,
// which a pack may mean to do, but which its editor should know.
func missingLessons(lessons []*Lesson, languages []string) []Problem {
	var out []Problem
	for _, lang := range languages {
		if lang == DefaultLanguage {
			continue
		}
		for _, l := range lessons {
			if t, ok := l.translations[lang]; ok {
				if slices.Equal(t.Messages, l.Messages) {
					out = append(out, Problem{Where: t.File, Message: fmt.Sprintf("the messages are the English lesson's, not yet translated: %s readers get it in English", languageName(lang)), Severity: Warning})
				}
				continue
			}
			want := strings.TrimSuffix(l.File, ".md") + "." + lang + ".md"
			out = append(out, Problem{
				Where:    l.File,
				Message:  fmt.Sprintf("no %s translation (%s): %s readers get this lesson in English", languageName(lang), path.Base(want), languageName(lang)),
				Severity: Warning,
			})
		}
	}
	return out
}

// Coverage is how much of a pack one language has: texts and lessons the bot would otherwise
// show in English. Check-in texts are all there or the pack does not load, so they are counted
// to show it, not to find gaps.
type Coverage struct {
	Language                        string
	UI, UITotal                     int // interface texts
	CheckinTexts, CheckinTextsTotal int // check-in titles, questions, labels and choices
	Lessons, LessonsTotal           int
	Readability                     string // the hardest lesson's score in words, or ""
	Easy                            bool   // every lesson in the language meets its reading target
}

// Coverage reports, for each of the pack's languages, how much of the pack it has.
func (p *Pack) Coverage() []Coverage {
	var out []Coverage
	for _, lang := range p.Languages {
		c := Coverage{Language: lang, Easy: true}
		for k := range p.ui[DefaultLanguage] {
			c.UITotal++
			if t, ok := p.ui[lang][k]; ok && (lang == DefaultLanguage || !untranslated(p.ui[DefaultLanguage][k], t)) {
				c.UI++
			}
		}
		count := func(has bool) {
			c.CheckinTextsTotal++
			if has {
				c.CheckinTexts++
			}
		}
		_, yes := p.checkins.yes[lang]
		_, no := p.checkins.no[lang]
		count(yes)
		count(no)
		for _, s := range p.checkins.sets {
			for _, m := range []map[string]string{s.Title, s.Intro, s.Outro} {
				if _, ok := m[DefaultLanguage]; ok {
					_, has := m[lang]
					count(has)
				}
			}
			for _, q := range s.Questions {
				_, has := q.Text[lang]
				count(has)
				if len(q.Labels) > 0 {
					count(len(q.Labels[lang]) > 0)
				}
				for _, ch := range q.Choices {
					_, has := ch.Label[lang]
					count(has)
				}
			}
		}
		var hardest *Readability
		for _, l := range p.lessons {
			c.LessonsTotal++
			t := l
			if lang != DefaultLanguage {
				var ok bool
				if t, ok = l.translations[lang]; !ok || slices.Equal(t.Messages, l.Messages) {
					continue
				}
			}
			c.Lessons++
			if r, ok := t.Readability(); ok {
				c.Easy = c.Easy && r.Easy
				if hardest == nil || r.Harder(r.Score, hardest.Score) {
					hardest = &r
				}
			}
		}
		if hardest != nil {
			c.Readability = fmt.Sprintf("hardest lesson %s %.1f (%s)", hardest.Measure, hardest.Score, hardest.Level)
		}
		out = append(out, c)
	}
	return out
}

// String reads "es (Spanish): 420 of 420 interface texts, ...".
func (c Coverage) String() string {
	s := fmt.Sprintf("%s (%s): %d of %d interface texts, %d of %d check-in texts, %d of %d lessons",
		c.Language, languageName(c.Language), c.UI, c.UITotal, c.CheckinTexts, c.CheckinTextsTotal, c.Lessons, c.LessonsTotal)
	if c.Readability != "" {
		s += "; " + c.Readability
	}
	if c.Complete() {
		s += ": complete"
	}
	return s
}

// Complete reports whether the language has everything: nothing falls back to English.
func (c Coverage) Complete() bool {
	return c.UI == c.UITotal && c.CheckinTexts == c.CheckinTextsTotal && c.Lessons == c.LessonsTotal
}

// untranslated reports whether a translation is still the English text, for a pack started from
// a copy of ui.en.yaml. A text with nothing to translate (only {placeholders}, /commands, tags,
// symbols) is not reported: "▶ {title}" reads the same in every language.
func untranslated(english, translation string) bool {
	if english != translation {
		return false
	}
	rest := commandRE.ReplaceAllString(visibleText(placeholder.ReplaceAllString(english, "")), "")
	return strings.IndexFunc(rest, unicode.IsLetter) >= 0
}

var commandRE = regexp.MustCompile(`/[a-z_]+`)

// unnamed warns of what a worker would read by an id or in English whatever their language:
// a scale question with no name of its own (question.name.<id>), whose flags and rules would
// name it by flags.yaml's labels or its id, and a category of the risk screen with no name
// (screen.category.<id>), which would be named by its list's English @name.
func unnamed(p *Pack) []Problem {
	var out []Problem
	done := map[string]bool{}
	for _, qs := range p.QuestionSets() {
		for _, q := range qs.Questions {
			if q.Kind != AnswerScale || q.Concern == "" || done[q.ID] || p.Has("question.name."+q.ID) {
				continue
			}
			done[q.ID] = true
			out = append(out, Problem{Where: "ui." + DefaultLanguage + ".yaml", Severity: Warning,
				Message: fmt.Sprintf("the question %q has no name for workers (question.name.%s, and question.keyword.%s for /rules): flags name it by its label in flags.yaml or its id, in every language", q.ID, q.ID, q.ID)})
		}
	}
	if p.screener != nil {
		for _, c := range p.screener.Categories() {
			if !p.Has("screen.category." + string(c)) {
				out = append(out, Problem{Where: "ui." + DefaultLanguage + ".yaml", Severity: Warning,
					Message: fmt.Sprintf("the risk screen's category %q has no name (screen.category.%s): flags name it by its list's @name, in English, in every language", c, c)})
			}
		}
	}
	return out
}
