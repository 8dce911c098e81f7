package content

import (
	"cmp"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCheckReportsWhatALanguageLacks takes the default pack, removes or breaks one Spanish text
// per case, and expects Check to say what is missing and where, as an error when Tandem would
// refuse the pack and as a warning when the bot would fall back to English; Coverage counts
// what is left.
func TestCheckReportsWhatALanguageLacks(t *testing.T) {
	const hard = "La intervención farmacológica individualizada requiere una consideración multidisciplinar de las complicaciones metabólicas y extrapiramidales."
	cases := []struct {
		name   string
		file   string   // the file to change; removed when edits is nil
		edits  []string // old, new...
		where  string
		want   string
		sev    Severity
		count  int    // problems Check reports, when not 1
		copyOf string // the file starts as a copy of this one, translated front matter kept
		uiLeft int    // interface texts Spanish has afterwards, as a difference from English's
		lessonsLeft,
		checkinsLeft int
	}{
		{name: "interface text", file: "ui.es.yaml", edits: []string{"\nbutton.not_now: \"Ahora no\"\n", "\n"},
			where: "ui.en.yaml:7", want: `"button.not_now" has no translation in ui.es.yaml: Spanish readers get the English text`, sev: Warning, uiLeft: -1},
		{name: "lesson", file: "lessons/05-sleep.es.md",
			where: "lessons/05-sleep.md", want: "no Spanish translation (05-sleep.es.md): Spanish readers get this lesson in English", sev: Warning, lessonsLeft: -1},
		{name: "interface text copied from English", file: "ui.es.yaml", edits: []string{`button.not_now: "Ahora no"`, `button.not_now: "Not now"`},
			where: "ui.es.yaml:9", want: `"button.not_now" is the English text, not yet translated: Spanish readers get it in English`, sev: Warning, uiLeft: -1},
		{name: "lesson copied from English", file: "lessons/05-sleep.es.md", copyOf: "lessons/05-sleep.md",
			where: "lessons/05-sleep.es.md", want: "the messages are the English lesson's, not yet translated: Spanish readers get it in English", sev: Warning, lessonsLeft: -1},
		{name: "key English lacks", file: "ui.es.yaml", edits: []string{"\nbutton.not_now:", "\nbutton.not_nwo:"},
			where: "ui.es.yaml:9", want: `"button.not_nwo" is not a key of ui.en.yaml, so the bot never shows it`, sev: Warning, uiLeft: -1, count: 2},
		{name: "hard Spanish", file: "lessons/05-sleep.es.md", edits: []string{"Dormir influye mucho", strings.Repeat(hard+" ", 4) + "\nDormir influye mucho"},
			where: "lessons/05-sleep.es.md:6", want: "the lesson reads at INFLESZ", sev: Warning},
		{name: "check-in question", file: "checkins.es.yaml", edits: []string{"daily.mood.text: \"¿Cómo ha estado tu ánimo hoy? 1 es muy bajo, 5 es muy bueno.\"\n", ""},
			where: "checkins.yaml", want: `text is missing in es: add "daily.mood.text" to checkins.es.yaml`, sev: Error},
		{name: "check-in choice", file: "checkins.es.yaml", edits: []string{"weekly.mattered.choices.rest: \"Descanso\"\n", ""},
			where: "checkins.yaml", want: `label is missing in es: add "weekly.mattered.choices.rest" to checkins.es.yaml`, sev: Error},
		{name: "empty translation", file: "ui.es.yaml", edits: []string{`button.not_now: "Ahora no"`, `button.not_now: ""`},
			where: "ui.es.yaml:9", want: `"button.not_now" is empty, which Telegram refuses`, sev: Error},
		{name: "no interface file", file: "ui.es.yaml",
			where: "ui.es.yaml", want: `pack.yaml lists "es" in languages, so the pack needs this file`, sev: Error},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fsys := defaultPack(t)
			switch {
			case tc.copyOf != "":
				// The translation's front matter with the English messages: a copied file whose
				// title and question were translated first.
				tr, en := string(fsys[tc.file].Data), string(fsys[tc.copyOf].Data)
				trEnd := strings.Index(tr[4:], "\n---\n") + 4
				enEnd := strings.Index(en[4:], "\n---\n") + 4
				fsys[tc.file] = &fstest.MapFile{Data: []byte(tr[:trEnd] + en[enEnd:])}
			case tc.edits == nil:
				delete(fsys, tc.file)
			default:
				text := string(fsys[tc.file].Data)
				for i := 0; i+1 < len(tc.edits); i += 2 {
					if !strings.Contains(text, tc.edits[i]) {
						t.Fatalf("%s has no %q", tc.file, tc.edits[i])
					}
					text = strings.Replace(text, tc.edits[i], tc.edits[i+1], 1)
				}
				fsys[tc.file] = &fstest.MapFile{Data: []byte(text)}
			}
			got := Check(fsys)
			i := slices.IndexFunc(got, func(p Problem) bool {
				return strings.HasPrefix(p.Where, tc.where) && strings.Contains(p.Message, tc.want)
			})
			if i < 0 {
				t.Fatalf("want %s: %s: %s\ngot:\n  %s", tc.where, tc.sev, tc.want, strings.Join(problemStrings(got), "\n  "))
			}
			if got[i].Severity != tc.sev {
				t.Errorf("%s is a %s, want a %s", got[i], got[i].Severity, tc.sev)
			}
			if len(got) != cmp.Or(tc.count, 1) {
				t.Errorf("want only that problem, got:\n  %s", strings.Join(problemStrings(got), "\n  "))
			}
			p, err := Load(fsys)
			if (err != nil) != (tc.sev == Error) {
				t.Fatalf("Load = %v for a %s", err, tc.sev)
			}
			if err != nil {
				return
			}
			cov := p.Coverage()
			if len(cov) != 2 || cov[0].Language != "en" || cov[1].Language != "es" || !cov[0].Complete() {
				t.Fatalf("Coverage = %+v", cov)
			}
			en, es := cov[0], cov[1]
			if es.UI != en.UI+tc.uiLeft || es.Lessons != en.Lessons+tc.lessonsLeft || es.CheckinTexts != en.CheckinTexts+tc.checkinsLeft {
				t.Errorf("Spanish coverage %+v against English %+v", es, en)
			}
			if complete := tc.uiLeft == 0 && tc.lessonsLeft == 0; es.Complete() != complete {
				t.Errorf("Spanish Complete() = %v: %s", es.Complete(), es)
			}
			if tc.name == "hard Spanish" && (es.Easy || !strings.Contains(es.String(), "INFLESZ")) {
				t.Errorf("coverage does not report the hard lesson: %s", es)
			}
		})
	}
}

// TestDefaultPackCoverage: the default pack is complete in Spanish, and says so.
func TestDefaultPackCoverage(t *testing.T) {
	cov := Default().Coverage()
	if len(cov) != 2 {
		t.Fatalf("Coverage = %+v", cov)
	}
	for _, c := range cov {
		if !c.Complete() || !c.Easy || c.UITotal == 0 || c.CheckinTextsTotal == 0 || c.LessonsTotal != len(wantLessons) {
			t.Errorf("%s", c)
		}
		if !strings.HasSuffix(c.String(), ": complete") {
			t.Errorf("%q does not say it is complete", c)
		}
	}
	t.Log(cov[1])
}

func TestProblemString(t *testing.T) {
	cases := []struct {
		in   string
		sev  Severity
		want Problem
	}{
		{"ui.es.yaml:12: text", Error, Problem{"ui.es.yaml:12", "text", Error}},
		{"lessons/05-sleep.md: no translation: x", Warning, Problem{"lessons/05-sleep.md", "no translation: x", Warning}},
		{"lessons/: no folder", Warning, Problem{"lessons/", "no folder", Warning}},
		{"lessons/notes.txt: not read", Warning, Problem{"lessons/notes.txt", "not read", Warning}},
		{"sets is missing", Error, Problem{"", "sets is missing", Error}},
	}
	for _, tc := range cases {
		got := parseProblem(tc.in, tc.sev)
		if got != tc.want {
			t.Errorf("parseProblem(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if s := (Problem{"a.md:3", "m", Warning}).String(); s != "a.md:3: warning: m" {
		t.Errorf("String = %q", s)
	}
	if s := (Problem{"", "m", Error}).String(); s != "error: m" {
		t.Errorf("String = %q", s)
	}
}

// defaultPack is a copy of the default pack's files, translations and all.
func defaultPack(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(defaultFS, "default", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := defaultFS.ReadFile(name)
		fsys[strings.TrimPrefix(name, "default/")] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

func TestUntranslated(t *testing.T) {
	cases := []struct {
		en, tr string
		want   bool
	}{
		{"Not now", "Ahora no", false},
		{"Not now", "Not now", true},
		{"<b>{worker}</b> says:", "<b>{worker}</b> says:", true},
		{"▶ {title}", "▶ {title}", false},
		{"{name}: /crisis", "{name}: /crisis", false},
		{"&lt;3 {n}", "&lt;3 {n}", false},
		{"OK", "OK", true}, // a pack may mean it; a warning costs nothing
	}
	for _, tc := range cases {
		if got := untranslated(tc.en, tc.tr); got != tc.want {
			t.Errorf("untranslated(%q, %q) = %v", tc.en, tc.tr, got)
		}
	}
}

// A question or a category of the risk screen with no name of its own would reach every worker
// by its id or in English: Check says so, and the default pack has none.
func TestCheckWarnsOfUnnamedQuestionsAndCategories(t *testing.T) {
	for _, p := range Check(defaultFiles(t)) {
		if strings.Contains(p.Message, "has no name") {
			t.Errorf("the default pack: %s", p)
		}
	}
	fsys := defaultFiles(t)
	var kept []string
	for _, line := range strings.Split(string(fsys["ui.en.yaml"].Data), "\n") {
		if !strings.HasPrefix(line, "question.name.stress:") && !strings.HasPrefix(line, "screen.category.overdose:") {
			kept = append(kept, line)
		}
	}
	fsys["ui.en.yaml"] = &fstest.MapFile{Data: []byte(strings.Join(kept, "\n"))}
	var got []string
	for _, p := range Check(fsys) {
		if strings.Contains(p.Message, "has no name") && p.Severity == Warning {
			got = append(got, p.Message)
		}
	}
	if len(got) != 2 || !strings.Contains(got[0], `"stress"`) || !strings.Contains(got[1], `"overdose"`) {
		t.Errorf("warnings %q, want one for stress and one for overdose", got)
	}
}
