package content

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

// The lessons the issue asks for, in course order.
var wantLessons = []struct{ id, topic string }{
	{"recovery", "recovery"},
	{"psychosis", "psychosis"},
	{"warning_signs", "staying_well"},
	{"voices", "voices"},
	{"sleep", "sleep"},
	{"stress", "stress"},
	{"medication", "medication"},
	{"physical_health", "physical_health"},
	{"alcohol_drugs", "alcohol_drugs"},
	{"connection", "relationships"},
	{"values_goals", "values"},
	{"appointments", "appointments"},
	{"crisis_plan", "crisis"},
}

// TestDefaultLessons checks what a person would get: every lesson, in order, in chat-sized
// messages Telegram accepts, easy to read, ending with a question.
func TestDefaultLessons(t *testing.T) {
	p := Default()
	lessons := p.Lessons()
	if len(lessons) != len(wantLessons) {
		t.Fatalf("%d lessons, want %d", len(lessons), len(wantLessons))
	}
	t.Logf("%-3s %-16s %-6s %-5s %s", "#", "id", "grade", "msgs", "title")
	for i, l := range lessons {
		w := wantLessons[i]
		t.Logf("%-3d %-16s %-6.1f %-5d %s", l.Order, l.ID, l.Grade(), len(l.Messages), l.Title)
		if l.ID != w.id || l.Topic != w.topic {
			t.Errorf("lesson %d is %s (%s), want %s (%s)", i+1, l.ID, l.Topic, w.id, w.topic)
		}
		if i > 0 && l.Order <= lessons[i-1].Order {
			t.Errorf("%s: order %d does not come after %d", l.ID, l.Order, lessons[i-1].Order)
		}
		if n := len(l.Messages); n < MinLessonMessages || n > MaxLessonMessages {
			t.Errorf("%s has %d messages, want %d to %d", l.ID, n, MinLessonMessages, MaxLessonMessages)
		}
		if g := l.Grade(); g > MaxGrade {
			t.Errorf("%s reads at grade %.1f, want <= %d", l.ID, g, MaxGrade)
		}
		if title := []rune(l.Title); len(title) == 0 || len(title) > MaxLessonTitle {
			t.Errorf("%s: title %q is not a usable button label", l.ID, l.Title)
		}
		if !strings.HasSuffix(l.Reflection, "?") {
			t.Errorf("%s: reflection %q is not a question", l.ID, l.Reflection)
		}
		if len(l.Sources) == 0 {
			t.Errorf("%s cites no sources", l.ID)
		}
		if l.Language != DefaultLanguage || !strings.HasPrefix(l.File, "lessons/") {
			t.Errorf("%s: language %q, file %q", l.ID, l.Language, l.File)
		}
		for j, m := range append(slices.Clone(l.Messages), l.Reflection) {
			if err := CheckHTML(m); err != nil {
				t.Errorf("%s message %d: %v", l.ID, j+1, err)
			}
			// Telegram allows 4096; a chat-sized message is far shorter.
			if n := telegramLength(m); n > 1000 {
				t.Errorf("%s message %d is %d characters: too long to read comfortably on a phone", l.ID, j+1, n)
			}
		}
	}
}

// TestDefaultLessonWording guards what the lessons must never say, and what some must say.
func TestDefaultLessonWording(t *testing.T) {
	p := Default()
	// Recovery-oriented language: no promises of cure, no labels for people, no blame.
	never := regexp.MustCompile(`(?i)\b(cure[sd]?|schizophrenics?|psychotics?|sufferers?|suffering from|compliance|compliant|non-compliant|lunatic|crazy|mad|stop (taking )?your medic\w*)\b`)
	for _, l := range p.Lessons() {
		text := l.Title + "\n" + strings.Join(l.Messages, "\n") + "\n" + l.Reflection
		if m := never.FindString(text); m != "" {
			t.Errorf("%s says %q", l.ID, m)
		}
	}
	must := map[string][]string{
		"recovery":    {"Connection", "Hope", "Identity", "Meaning", "Empowerment"},
		"medication":  {"talk it through with your doctor or worker"},
		"crisis_plan": {"/crisis", "your plan"},
		"voices":      {"There is no one right way"},
	}
	for id, phrases := range must {
		l, ok := p.Lesson(id)
		if !ok {
			t.Fatalf("no lesson %q", id)
		}
		text := visibleText(strings.Join(l.Messages, "\n"))
		for _, s := range phrases {
			if !strings.Contains(text, s) {
				t.Errorf("%s does not say %q", id, s)
			}
		}
	}
}

func TestLessonLookupAndNext(t *testing.T) {
	p := Default()
	l, ok := p.NextLesson("")
	if !ok || l.ID != "recovery" {
		t.Fatalf(`NextLesson("") = %v, %v; want the first lesson`, l, ok)
	}
	var course []string
	for ok {
		course = append(course, l.ID)
		l, ok = p.NextLesson(l.ID)
	}
	var want []string
	for _, w := range wantLessons {
		want = append(want, w.id)
	}
	if !slices.Equal(course, want) {
		t.Errorf("following NextLesson gives %q, want %q", course, want)
	}
	if _, ok := p.NextLesson("no_such"); ok {
		t.Error("NextLesson of an unknown id found one")
	}
	if l, ok := p.Lesson("sleep"); !ok || l.Title != "Sleep" {
		t.Errorf("Lesson(sleep) = %v, %v", l, ok)
	}
	if _, ok := p.Lesson("nope"); ok {
		t.Error("Lesson(nope) found one")
	}
	if _, ok := p.LessonIn("nope", "en"); ok {
		t.Error("LessonIn(nope) found one")
	}
	all := p.Lessons()
	all[0] = nil
	if p.Lessons()[0] == nil {
		t.Error("Lessons returned the pack's own slice")
	}
}

// lessonPack is a copy of the default pack's files without its lesson translations, so that a
// case about one lesson is not also about its translation. With translated set, the pack has a
// second language, returned as lang, whose interface texts are a copy of the English ones: the
// default pack's own if it has one, otherwise "es", added to pack.yaml and checkins.yaml.
func lessonPack(t *testing.T, translated bool) (fsys fstest.MapFS, lang string) {
	t.Helper()
	fsys = defaultPack(t)
	for name := range fsys {
		if strings.HasPrefix(name, "lessons/") && strings.Count(path.Base(name), ".") > 1 {
			delete(fsys, name)
		}
	}
	if !translated {
		return fsys, ""
	}
	if languages := packLanguages(fsys); len(languages) > 1 {
		lang = languages[1]
	} else {
		lang = "es"
		meta := fmt.Sprintf("id: test\nconsent_version: \"1\"\nlanguages: [en, %s]\n", lang)
		fsys["pack.yaml"] = &fstest.MapFile{Data: []byte(meta)}
		fsys[checkinsFile] = &fstest.MapFile{Data: checkinsIn(t, fsys[checkinsFile].Data, lang)}
	}
	fsys["ui."+lang+".yaml"] = &fstest.MapFile{Data: fsys["ui.en.yaml"].Data}
	return fsys, lang
}

// checkinsIn copies every English text in checkins.yaml into the other languages, which a pack
// needs before pack.yaml may list them.
func checkinsIn(t *testing.T, raw []byte, lang string) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range n.Content {
			walk(c)
		}
		if n.Kind != yaml.MappingNode {
			return
		}
		has := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			has[n.Content[i].Value] = n.Content[i+1]
		}
		if has[DefaultLanguage] == nil {
			return
		}
		if has[lang] == nil {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: lang}, has[DefaultLanguage])
		}
	}
	walk(&doc)
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

const sleepES = `---
id: sleep
title: Dormir
reflection: "¿Qué pequeña cosa podrías probar para dormir mejor?"
---
Uno.

---

Dos.

---

Tres.

---

Cuatro.
`

func TestLessonTranslationFallback(t *testing.T) {
	fsys, lang := lessonPack(t, true)
	base := Check(fsys)
	if !slices.Contains(base, Problem{"lessons/05-sleep.md", "no Spanish translation (05-sleep.es.md): Spanish readers get this lesson in English", Warning}) {
		t.Errorf("Check does not report the missing translation: %q", base)
	}
	fsys["lessons/05-sleep."+lang+".md"] = &fstest.MapFile{Data: []byte(sleepES)}
	p, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	en, _ := p.Lesson("sleep")
	es, ok := p.LessonIn("sleep", lang)
	if !ok || es.Title != "Dormir" || es.Language != lang || es.File != "lessons/05-sleep."+lang+".md" {
		t.Fatalf("LessonIn(sleep, %s) = %+v", lang, es)
	}
	if !slices.Equal(es.Messages, []string{"Uno.", "Dos.", "Tres.", "Cuatro."}) || !strings.HasPrefix(es.Reflection, "¿Qué") {
		t.Errorf("the Spanish lesson reads %q / %q", es.Messages, es.Reflection)
	}
	// What is not translated comes from the English lesson.
	if es.Topic != en.Topic || es.Order != en.Order || !slices.Equal(es.Sources, en.Sources) || es.ID != en.ID {
		t.Errorf("translation %+v does not carry the English topic, order, sources and id", es)
	}
	for _, tc := range []struct{ id, lang string }{{"recovery", lang}, {"sleep", "zz"}, {"sleep", "en"}, {"sleep", ""}} {
		l, ok := p.LessonIn(tc.id, tc.lang)
		if want, _ := p.Lesson(tc.id); !ok || l != want {
			t.Errorf("LessonIn(%s, %s) is not the English lesson", tc.id, tc.lang)
		}
	}
	// The English course is the same with or without translations.
	if len(p.Lessons()) != len(wantLessons) || p.Lessons()[4] != en {
		t.Error("a translation changed the English course")
	}
	// The translation is no longer reported missing, and nothing else changed.
	var want []Problem
	for _, p := range base {
		if p.Where != "lessons/05-sleep.md" {
			want = append(want, p)
		}
	}
	if got := Check(fsys); !slices.Equal(got, want) {
		t.Errorf("Check on a pack with a good translation: %q\nwant %q", got, want)
	}
}

func TestCheckDefaultPack(t *testing.T) {
	sub, err := fs.Sub(defaultFS, "default")
	if err != nil {
		t.Fatal(err)
	}
	if got := Check(sub); got != nil {
		t.Errorf("Check(default pack) = \n  %s", strings.Join(problemStrings(got), "\n  "))
	}
}

func TestPackWithoutLessonsLoads(t *testing.T) {
	fsys, _ := lessonPack(t, false)
	for name := range fsys {
		if strings.HasPrefix(name, "lessons/") {
			delete(fsys, name)
		}
	}
	p, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Lessons()) != 0 {
		t.Error("lessons from nowhere")
	}
	if _, ok := p.NextLesson(""); ok {
		t.Error("a first lesson in a pack with none")
	}
	if got := Check(fsys); !slices.ContainsFunc(got, func(p Problem) bool {
		return p.Where == "lessons/" && p.Severity == Warning && strings.HasPrefix(p.Message, "the pack has no lessons folder")
	}) {
		t.Errorf("Check = %q, want a note that there are no lessons", got)
	}
}

// TestCheckReportsLessonProblems edits one file of the default pack per case and expects Check to
// report the problem on the right line of the right file, and Load to refuse the pack with the
// same message unless the problem is only advice (lint).
func TestCheckReportsLessonProblems(t *testing.T) {
	const sleepSources = "sources:\n  - \"NHS (nhs.uk). Insomnia: things you can do to help you sleep (public information page).\"\n  - \"Freeman D, Sheaves B, Goodwin GM, et al. (2017). The effects of improving sleep on mental health (OASIS): a randomised controlled trial with mediation analysis. Lancet Psychiatry 4(10):749-758.\"\n"
	jargon := strings.Repeat("Antipsychotic pharmacological interventions necessitate individualised consideration of extrapyramidal adverse effects, metabolic complications and therapeutic effectiveness. ", 4)
	cases := []struct {
		name       string
		file       string   // the file to edit; a file the pack lacks, or one whose first edit replaces "", starts empty
		edits      []string // old, new, old, new...; each old must be in the file
		at         string   // the problem is on the first line of `in` that contains this
		in         string   // the file the problem is reported in, when not `file`
		want       string
		lint       bool // advice only: Load accepts the pack
		translated bool // the pack has a second language, {L} in file names and messages
		others     bool // other problems may be reported too
	}{
		{name: "unknown topic", file: "lessons/05-sleep.md",
			edits: []string{"topic: sleep", "topic: dreams"}, at: "topic: dreams",
			want: `unknown topic "dreams" (use one of recovery, psychosis,`},
		{name: "duplicate id", file: "lessons/06-stress.md",
			edits: []string{"id: stress", "id: sleep"}, at: "id: sleep",
			want: `lesson id "sleep" is already used by lessons/05-sleep.md`},
		{name: "duplicate order", file: "lessons/06-stress.md",
			edits: []string{"order: 6", "order: 5"}, at: "order: 5",
			want: `order 5 is already used by lessons/05-sleep.md`},
		{name: "bad id", file: "lessons/05-sleep.md",
			edits: []string{"id: sleep", "id: Sleep-well"}, at: "id: Sleep-well",
			want: `id "Sleep-well" should be 1 to 16 of a-z, 0-9 and _`},
		{name: "order not a number", file: "lessons/05-sleep.md",
			edits: []string{"order: 5", "order: fifth"}, at: "order: fifth",
			want: `order should be a whole number from 1, not "fifth"`},
		{name: "misspelt field", file: "lessons/05-sleep.md",
			edits: []string{"topic: sleep", "topic: sleep\ntitel: Sleep"}, at: "titel:",
			want: `unknown field "titel"`},
		{name: "field given twice", file: "lessons/05-sleep.md",
			edits: []string{"topic: sleep", "topic: sleep\ntitle: Sleep well"}, at: "title: Sleep well",
			want: `title is given twice`},
		{name: "no reflection", file: "lessons/05-sleep.md",
			edits: []string{"reflection: \"What is one small thing you could try to help you sleep?\"\n", ""}, at: "---",
			want: `reflection is missing from the front matter`},
		{name: "empty reflection", file: "lessons/05-sleep.md",
			edits: []string{`reflection: "What is one small thing you could try to help you sleep?"`, `reflection: " "`}, at: "reflection:",
			want: `reflection is empty`},
		{name: "title too long for a button", file: "lessons/05-sleep.md",
			edits: []string{"title: Sleep", "title: " + strings.Repeat("Sleep ", 10) + "z"}, at: "title:",
			want: `title is 61 characters, but it is a button label: at most 60`},
		{name: "markup in a title", file: "lessons/05-sleep.md",
			edits: []string{"title: Sleep", "title: <b>Sleep</b>"}, at: "title:",
			want: `title is a button label, which shows markup as typed`},
		{name: "seven messages", file: "lessons/05-sleep.md",
			edits: []string{"you don't have to put up with it.\n", "you don't have to put up with it.\n\n---\nMore.\n---\nMore.\n---\nMore.\n"}, at: "Sleep makes a big difference",
			want: `the lesson has 7 messages, but a lesson has 3 to 6`},
		{name: "two messages", file: "lessons/13-crisis-plan.md",
			edits: []string{"\n---\n\nA crisis plan often says", "\nA crisis plan often says", "\n---\n\nIt is best to make", "\nIt is best to make"}, at: "A crisis is a time",
			want: `the lesson has 2 messages, but a lesson has 3 to 6`},
		{name: "no messages", file: "lessons/14-new.md",
			edits: []string{"", "---\nid: new\ntitle: New\ntopic: sleep\norder: 14\nsources: [NHS]\nreflection: \"Why?\"\n--- \n"}, at: "--- ",
			want: `the lesson has no messages: write them after this ---`, others: true},
		{name: "empty message", file: "lessons/05-sleep.md",
			edits: []string{"\n---\n\nSome things that help", "\n---\n\n--- \n\nSome things that help"}, at: "--- ",
			want: `an empty message: there is nothing between this --- and the one before it`},
		{name: "rule at the end", file: "lessons/05-sleep.md",
			edits: []string{"you don't have to put up with it.\n", "you don't have to put up with it.\n\n--- \n"}, at: "--- ",
			want: `nothing comes after this ---`},
		{name: "message over Telegram's limit", file: "lessons/05-sleep.md",
			edits: []string{"Sleep makes a big difference", strings.Repeat("Sleep well. ", 350) + "Sleep makes a big difference"}, at: "Sleep well.",
			want: `message 1 is 4401 characters once sent, over Telegram's limit of 4096`},
		{name: "markup Telegram refuses", file: "lessons/05-sleep.md",
			edits: []string{"Some things that help many people sleep:", "Some things that help many people sleep:<br>"}, at: "<br>",
			want: `message 2: <br> is not a tag Telegram allows`},
		{name: "less-than sign", file: "lessons/05-sleep.md",
			edits: []string{"keep your room dark", "keep your room < 18C and dark"}, at: "Some things that help",
			want: `message 2: unclosed '<'`},
		{name: "unclosed tag in a reflection", file: "lessons/05-sleep.md",
			edits: []string{`reflection: "What`, `reflection: "<b>What`}, at: "reflection:",
			want: `reflection: <b> is never closed`},
		{name: "entity Telegram does not know", file: "lessons/05-sleep.md",
			edits: []string{"Sleep makes a big", "Sleep&nbsp;makes a big"}, at: "Sleep&nbsp;",
			want: `message 1: Telegram knows only &lt; &gt; &amp; and &quot;, and would show &nbsp; as typed`},
		{name: "no front matter", file: "lessons/05-sleep.md",
			edits: []string{"---\nid: sleep", "id: sleep"}, at: "id: sleep",
			want: `a lesson starts with a line of three dashes (---)`},
		{name: "front matter never closed", file: "lessons/14-new.md",
			edits: []string{"", "---\nid: new\ntitle: New\n"}, at: "---",
			want: `the front matter is never closed`},
		{name: "front matter not YAML", file: "lessons/05-sleep.md",
			edits: []string{"title: Sleep", "title: Sleep\n  - not: [yaml"}, at: "  - not",
			want: `the front matter is not valid YAML`},
		{name: "sources not a list", file: "lessons/05-sleep.md",
			edits: []string{sleepSources, "sources: NHS\n"}, at: "sources: NHS",
			want: `sources should be a list`},
		{name: "English lesson named as a translation", file: "lessons/14-new.en.md",
			edits: []string{"", "---\n"}, at: "---",
			want: `an English lesson's file name has no language in it: call it 14-new.md`},

		// Advice that Check gives but Load does not enforce.
		{name: "hard to read", file: "lessons/05-sleep.md", lint: true,
			edits: []string{"Some things that help many people sleep:", jargon + "\nSome things that help many people sleep:"}, at: "Antipsychotic",
			want: `the lesson reads at Flesch-Kincaid grade`},
		{name: "Markdown instead of HTML", file: "lessons/05-sleep.md", lint: true,
			edits: []string{"Sleep makes a big difference", "Sleep makes a **big** difference"}, at: "**big**",
			want: `message 1: "**big**" is Markdown, which Telegram shows as typed here`},
		{name: "no sources", file: "lessons/05-sleep.md", lint: true,
			edits: []string{sleepSources, "sources: []\n"}, at: "sources: []",
			want: `no sources: list the public sources the lesson draws on`},
		{name: "not a lesson file", file: "lessons/notes.txt", lint: true,
			edits: []string{"", "to do"}, at: "",
			want: `not read: lesson files end in .md`},

		// Translations.
		{name: "translation with another id", file: "lessons/05-sleep.{L}.md", translated: true,
			edits: []string{"", strings.Replace(sleepES, "id: sleep", "id: rest", 1)}, at: "id: rest",
			want: `id "rest" should be "sleep", the id of lessons/05-sleep.md`},
		{name: "translation with fewer messages", file: "lessons/05-sleep.{L}.md", translated: true,
			edits: []string{"", strings.Replace(sleepES, "\n---\n\nCuatro.", "\nCuatro.", 1)}, at: "Uno.",
			want: `3 messages, but lessons/05-sleep.md has 4: a translation has the same messages`},
		{name: "translation sets its own order", file: "lessons/05-sleep.{L}.md", translated: true,
			edits: []string{"", strings.Replace(sleepES, "title: Dormir", "title: Dormir\norder: 2", 1)}, at: "order: 2",
			want: `order is set in the English lesson only: remove it here`},
		{name: "translation without its title", file: "lessons/05-sleep.{L}.md", translated: true,
			edits: []string{"", strings.Replace(sleepES, "title: Dormir\n", "", 1)}, at: "---",
			want: `title is missing from the front matter`},
		{name: "translation into a language the pack lacks", file: "lessons/05-sleep.zz.md",
			edits: []string{"", sleepES}, at: "---",
			want: `a translation into "zz", which pack.yaml does not list in languages`},
		{name: "translation of no lesson", file: "lessons/15-dreams.{L}.md", translated: true,
			edits: []string{"", sleepES}, at: "---",
			want: `a translation of lessons/15-dreams.md, which does not exist`},

		// The interface must be complete in every language; lessons need not be.
		{name: "interface text not translated", file: "ui.{L}.yaml", translated: true, lint: true,
			edits: []string{"\nwelcome: |-", "\nwelcome_typo: |-"}, in: "ui.en.yaml", at: "welcome: |-",
			want: `"welcome" has no translation in ui.{L}.yaml`, others: true},
		{name: "interface key English lacks", file: "ui.{L}.yaml", translated: true, lint: true,
			edits: []string{"\nwelcome: |-", "\nwelcome_typo: |-"}, at: "welcome_typo",
			want: `"welcome_typo" is not a key of ui.en.yaml`, others: true},
		{name: "placeholder the bot does not fill", file: "ui.{L}.yaml", translated: true,
			edits: []string{"{worker} has invited you", "{trabajador} has invited you"}, at: "welcome: |-",
			want: `"welcome" uses {trabajador}, which the English text does not, so the bot has nothing to fill it in with`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fsys, lang := lessonPack(t, tc.translated)
			// What is wrong with the pack before the edit (other work in progress, say) is not
			// what this case is about.
			before := Check(fsys)
			_, loadBefore := Load(fsys)
			subst := func(s string) string { return strings.ReplaceAll(s, "{L}", lang) }
			file, in := subst(tc.file), subst(cmp.Or(tc.in, tc.file))
			var text string
			if f, ok := fsys[file]; ok && tc.edits[0] != "" {
				text = string(f.Data)
			}
			for i := 0; i+1 < len(tc.edits); i += 2 {
				if !strings.Contains(text, tc.edits[i]) {
					t.Fatalf("%s has no %q to edit", file, tc.edits[i])
				}
				text = strings.Replace(text, tc.edits[i], tc.edits[i+1], 1)
			}
			fsys[file] = &fstest.MapFile{Data: []byte(text)}
			where := in
			if tc.at != "" {
				line := lineOf(string(fsys[in].Data), tc.at)
				if line == 0 {
					t.Fatalf("%s has no %q", in, tc.at)
				}
				where = fmt.Sprintf("%s:%d", in, line)
			}
			want, sev := subst(tc.want), Error
			if tc.lint {
				sev = Warning
			}

			var problems []Problem
			for _, p := range Check(fsys) {
				if !slices.Contains(before, p) {
					problems = append(problems, p)
				}
			}
			i := slices.IndexFunc(problems, func(p Problem) bool {
				return p.Where == where && strings.Contains(p.Message, want)
			})
			if i < 0 {
				t.Fatalf("want %s: %s: ...%s\ngot:\n  %s", where, sev, want, strings.Join(problemStrings(problems), "\n  "))
			}
			if problems[i].Severity != sev {
				t.Errorf("%s is an %s, want an %s", problems[i].Message, problems[i].Severity, sev)
			}
			if !tc.others && len(problems) != 1 {
				t.Errorf("want only that problem, got:\n  %s", strings.Join(problemStrings(problems), "\n  "))
			}
			found := problems[i].Where + ": " + problems[i].Message

			_, err := Load(fsys)
			switch {
			case loadBefore != nil:
				t.Logf("the pack did not load before the edit either, so Load is not checked: %v", loadBefore)
			case tc.lint && err != nil:
				t.Errorf("Load refused the pack for advice only: %v", err)
			case !tc.lint && err == nil:
				t.Errorf("Load accepted the pack; Check says %s", problems[i])
			case !tc.lint && !strings.Contains(err.Error(), found):
				t.Errorf("Load's error does not say what Check does:\n  Load:  %v\n  Check: %s", err, found)
			}
		})
	}
}

// TestCheckFindsEverythingAtOnce: a broken lesson stops Load before it checks flags.yaml and the
// interface texts, but Check still reports what is wrong with them.
func TestCheckFindsEverythingAtOnce(t *testing.T) {
	fsys, _ := lessonPack(t, false)
	sleep := string(fsys["lessons/05-sleep.md"].Data)
	fsys["lessons/05-sleep.md"] = &fstest.MapFile{Data: []byte(strings.Replace(sleep, "topic: sleep", "topic: dreams", 1))}
	fsys["flags.yaml"] = &fstest.MapFile{Data: []byte("silence_after: 0\nbaseline: {min_history: 1, window_days: 28, delta: 2}\n")}
	fsys["ui.en.yaml"] = &fstest.MapFile{Data: append(slices.Clone(fsys["ui.en.yaml"].Data), "\nextra: \"line<br>break\"\n"...)}

	_, err := Load(fsys)
	if err == nil || strings.Contains(err.Error(), "flags.yaml") {
		t.Fatalf("Load = %v; want it to stop at the lesson", err)
	}
	got := strings.Join(problemStrings(Check(fsys)), "\n")
	for _, want := range []string{
		"lessons/05-sleep.md:4: error: unknown topic \"dreams\"",
		"ui.en.yaml: error: extra: <br> is not a tag Telegram allows",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Check does not report %q; got:\n%s", want, got)
		}
	}

	// With the interface fixed, Load gets as far as flags.yaml, which names its file once for
	// several problems: Check gives each its own line, with the file.
	fsys["ui.en.yaml"] = &fstest.MapFile{Data: mustRead(t, "ui.en.yaml")}
	got = strings.Join(problemStrings(Check(fsys)), "\n")
	for _, want := range []string{
		"flags.yaml: error: silence_after must be at least 1",
		"flags.yaml: error: baseline needs min_history >= 3",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Check does not report %q; got:\n%s", want, got)
		}
	}
}

// TestLessonSourcesAreListed keeps SOURCES.md, which a clinician reviewing the pack reads, in step
// with what the lessons cite.
func TestLessonSourcesAreListed(t *testing.T) {
	list := string(mustRead(t, "SOURCES.md"))
	i := strings.Index(list, "## Lessons")
	if i < 0 {
		t.Fatal("SOURCES.md has no Lessons section")
	}
	for _, l := range Default().Lessons() {
		for _, s := range l.Sources {
			if !strings.Contains(list[i:], s) {
				t.Errorf("%s cites %q, which the Lessons section of SOURCES.md does not list", l.File, s)
			}
		}
	}
}

func problemStrings(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// TestDefaultSpanishLessons checks what a Spanish reader gets: every lesson in Spanish, as many
// messages as the English, fairly easy to read, with a question to end, in neutral Spanish that
// reads the same in Latin America and Spain, and recovery-oriented.
func TestDefaultSpanishLessons(t *testing.T) {
	p := Default()
	// Recovery-oriented: no cure, no labels for people, no blame. Neutral: tú for the reader,
	// ustedes for more than one person, never the vosotros forms only Spain uses.
	// Go's \b knows only ASCII letters, so words are bounded by anything not a letter.
	never := regexp.MustCompile(`(?i)(?:^|\P{L})(cura[rs]?|curación|esquizofrénic[oa]s?|psicótic[oa]s?|enfermos? mentales|locos?|locura|sufre[ns]? de|padece[ns]? de|cumplimiento|incumplimiento|deja (?:de tomar )?tu medicación|vosotr[oa]s|vuestr[oa]s?|os|sois|tenéis|podéis|habéis|queréis|usted)(?:\P{L}|$)`)
	must := map[string][]string{
		"recovery":    {"Conexión", "Esperanza", "Identidad", "Sentido", "Empoderamiento", "CHIME"},
		"medication":  {"háblalo antes con tu médico o tu profesional"},
		"crisis_plan": {"/crisis", "tu plan"},
		"voices":      {"No hay una sola forma correcta", "/crisis"},
	}
	t.Logf("%-3s %-16s %-8s %-15s %s", "#", "id", "INFLESZ", "level", "title")
	for _, en := range p.Lessons() {
		es, ok := p.LessonIn(en.ID, "es")
		if !ok || es.Language != "es" || es == en {
			t.Errorf("%s has no Spanish translation", en.ID)
			continue
		}
		r, ok := es.Readability()
		t.Logf("%-3d %-16s %-8.1f %-15s %s", es.Order, es.ID, r.Score, r.Level, es.Title)
		if !ok || r.Measure != "INFLESZ" || !r.Easy {
			t.Errorf("%s reads at %+v, want INFLESZ %d or more", es.File, r, MinINFLESZ)
		}
		if len(es.Messages) != len(en.Messages) {
			t.Errorf("%s has %d messages, the English %d", es.File, len(es.Messages), len(en.Messages))
		}
		if title := []rune(es.Title); len(title) == 0 || len(title) > MaxLessonTitle || es.Title == en.Title {
			t.Errorf("%s: title %q", es.File, es.Title)
		}
		if !strings.HasPrefix(es.Reflection, "¿") || !strings.HasSuffix(es.Reflection, "?") {
			t.Errorf("%s: reflection %q is not a question written in Spanish", es.File, es.Reflection)
		}
		text := es.Title + "\n" + strings.Join(es.Messages, "\n") + "\n" + es.Reflection
		if m := never.FindStringSubmatch(text); m != nil {
			t.Errorf("%s says %q", es.File, m[1])
		}
		for j, m := range append(slices.Clone(es.Messages), es.Reflection) {
			if err := CheckHTML(m); err != nil {
				t.Errorf("%s message %d: %v", es.File, j+1, err)
			}
			if n := telegramLength(m); n > 1000 {
				t.Errorf("%s message %d is %d characters: too long to read comfortably on a phone", es.File, j+1, n)
			}
			// Commands stay as the bot reads them.
			for _, c := range regexp.MustCompile(`/[a-z]+`).FindAllString(visibleText(m), -1) {
				if c != "/crisis" {
					t.Errorf("%s message %d names %s, which the lesson in English does not", es.File, j+1, c)
				}
			}
		}
		for _, s := range must[es.ID] {
			if !strings.Contains(visibleText(text), s) {
				t.Errorf("%s does not say %q", es.File, s)
			}
		}
	}
}

// TestReadabilityFiguresInSources keeps the table of Spanish lesson scores in SOURCES.md, which a
// reviewer reads instead of running the tool, in step with the lessons.
func TestReadabilityFiguresInSources(t *testing.T) {
	list := string(mustRead(t, "SOURCES.md"))
	p := Default()
	for _, en := range p.Lessons() {
		es, _ := p.LessonIn(en.ID, "es")
		r, _ := es.Readability()
		row := fmt.Sprintf("| %d | %s | %.1f | %s | %.1f |", es.Order, es.Title, r.Score, r.Level, en.Grade())
		if !strings.Contains(list, row) {
			t.Errorf("SOURCES.md does not have the row %s (run tandem content readability content/default)", row)
		}
	}
}
