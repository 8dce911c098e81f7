package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tandemcare/tandem/triage"
)

func TestDefaultPackLoadsAndIsComplete(t *testing.T) {
	p := Default()
	if p.ConsentVersion == "" || p.ID == "" {
		t.Fatalf("pack = %+v", p)
	}
	for _, k := range requiredKeys {
		if strings.TrimSpace(p.ui[DefaultLanguage][k]) == "" {
			t.Errorf("missing %q", k)
		}
	}
	for k, v := range p.ui[DefaultLanguage] {
		if strings.HasPrefix(k, "command.") && len(v) > 256 {
			t.Errorf("%s is %d characters; Telegram allows 256 for a command description", k, len(v))
		}
		if strings.HasPrefix(k, "button.") && len(v) > 64 {
			t.Errorf("%s is too long for a button", k)
		}
		if strings.HasPrefix(k, "callback.") && len([]rune(v)) > 200 {
			t.Errorf("%s is %d characters; a callback answer allows 200", k, len([]rune(v)))
		}
	}
}

func TestTextEscapesWhatPeopleWrite(t *testing.T) {
	p := Default()
	got := p.Text("en", "worker.person_joined", "person", `<script>&"`, "version", "v1", "date", "today")
	if !strings.Contains(got, "&lt;script&gt;&amp;&#34;") || strings.Contains(got, "<script>") {
		t.Errorf("a person's name was not escaped: %q", got)
	}
	if err := CheckHTML(got); err != nil {
		t.Errorf("rendered text is not valid Telegram HTML: %v", err)
	}
	trusted := p.Text("en", "crisis", "crisis", HTML("<b>Team</b>: 0800"))
	if !strings.Contains(trusted, "<b>Team</b>") {
		t.Errorf("trusted HTML was escaped: %q", trusted)
	}
}

func TestTextPanicsOnProgrammingErrors(t *testing.T) {
	p := Default()
	for name, f := range map[string]func(){
		"unknown key":         func() { p.Text("en", "no.such.key") },
		"missing placeholder": func() { p.Text("en", "worker.person_joined", "person", "Sam") },
		//lint:ignore SA5012 odd arguments are the programming error this case checks panics
		"odd arguments": func() { p.Text("en", "crisis", "crisis") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestConsentFitsInOneMessage(t *testing.T) {
	p := Default()
	long := HTML(strings.Repeat("• <b>A crisis line with a long name</b>: 0800 000 000 (24 hours, every day)\n", 8))
	for _, key := range []string{"consent.summary", "help.person", "join.how"} {
		// The longest of the messaging sentences, as the bot fills it in.
		messaging := HTML(p.Text("en", "consent.messaging.ask", "worker", strings.Repeat("W", 64)))
		got := p.Text("en", key, "worker", strings.Repeat("W", 64), "crisis", long, "hours", "Monday to Friday, 9am to 5pm", "service", "the Riverside Community Mental Health Team", "messaging", messaging)
		if n := len([]rune(got)); n > 4096 {
			t.Errorf("%s is %d characters with eight crisis contacts; Telegram allows 4096", key, n)
		}
	}
}

func TestCheckHTML(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"plain {worker}", true},
		{"<b>bold</b> and <i>it</i>", true},
		{`<a href="https://example.org">x</a>`, true},
		{"<blockquote>q</blockquote>", true},
		{"line<br>break", false},
		{"a < b", false},
		{"<name>", false},
		{"<b>unclosed", false},
		{"<b><i>crossed</b></i>", false},
		{"&amp; &lt; & alone", true},
	}
	for _, tc := range cases {
		if err := CheckHTML(tc.in); (err == nil) != tc.ok {
			t.Errorf("CheckHTML(%q) = %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

func TestLoadRejectsBadPacks(t *testing.T) {
	good := string(mustRead(t, "pack.yaml"))
	ui := string(mustRead(t, "ui.en.yaml"))
	cases := map[string]fstest.MapFS{
		"no pack.yaml":            {"ui.en.yaml": {Data: []byte(ui)}},
		"no consent":              {"pack.yaml": {Data: []byte("id: x\nlanguages: [en]\n")}, "ui.en.yaml": {Data: []byte(ui)}},
		"missing key":             {"pack.yaml": {Data: []byte(good)}, "ui.en.yaml": {Data: []byte(strings.Replace(ui, "welcome:", "welcomes:", 1))}},
		"markup Telegram refuses": {"pack.yaml": {Data: []byte(good)}, "ui.en.yaml": {Data: []byte(ui + "\nextra: \"line<br>break\"\n")}},
	}
	for name, fsys := range cases {
		if _, err := Load(fsys); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := defaultFS.ReadFile("default/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLanguage(t *testing.T) {
	p := Default()
	for code, want := range map[string]string{"en": "en", "en-GB": "en", "": "en", "zz": "en"} {
		if got := p.Language(code); got != want {
			t.Errorf("Language(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestFlagRulesLoadAndAreChecked(t *testing.T) {
	r := Default().FlagRules()
	if len(r.Thresholds) == 0 || len(r.Runs) == 0 || r.SilenceAfter != 3 {
		t.Fatalf("default flag rules = %+v", r)
	}
	base := map[string][]byte{}
	for _, f := range []string{"pack.yaml", "ui.en.yaml", "ui.es.yaml", "checkins.yaml", "checkins.es.yaml", "flags.yaml"} {
		base[f] = mustRead(t, f)
	}
	cases := map[string]string{
		"unknown question":   "thresholds:\n  - {question: nope, value: 3}\nsilence_after: 3\nbaseline: {min_history: 7, window_days: 28, delta: 2}\n",
		"off the scale":      "thresholds:\n  - {question: mood, value: 9}\nsilence_after: 3\nbaseline: {min_history: 7, window_days: 28, delta: 2}\n",
		"not a scale":        "thresholds:\n  - {question: voices, value: 1}\nsilence_after: 3\nbaseline: {min_history: 7, window_days: 28, delta: 2}\n",
		"run of one":         "runs:\n  - {question: mood, value: 2, count: 1}\nsilence_after: 3\nbaseline: {min_history: 7, window_days: 28, delta: 2}\n",
		"no silence":         "silence_after: 0\nbaseline: {min_history: 7, window_days: 28, delta: 2}\n",
		"misspelt field":     "treshold: []\nsilence_after: 3\nbaseline: {min_history: 7, window_days: 28, delta: 2}\n",
		"baseline too short": "silence_after: 3\nbaseline: {min_history: 1, window_days: 28, delta: 2}\n",
		"label for no scale": "labels: {moood: Mood}\nsilence_after: 3\nbaseline: {min_history: 7, window_days: 28, delta: 2}\n",
	}
	for name, flags := range cases {
		fsys := fstest.MapFS{}
		for f, data := range base {
			fsys[f] = &fstest.MapFile{Data: data}
		}
		fsys["flags.yaml"] = &fstest.MapFile{Data: []byte(flags)}
		if _, err := Load(fsys); err == nil || !strings.Contains(err.Error(), "flags.yaml") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestPackScreener(t *testing.T) {
	p := Default()
	s := p.Screener()
	if s == nil || p.Screener() != s {
		t.Fatal("the default pack's screener should be compiled once, at Load")
	}
	if r := s.Screen("quiero dormirme para siempre"); r.Tier != triage.TierCrisis || r.Lang != "es" {
		t.Errorf("default screener: %+v", r)
	}
	// A pack without a screen folder screens with the built-in lists, never with none.
	own := fstest.MapFS{}
	for _, f := range []string{"pack.yaml", "ui.en.yaml", "ui.es.yaml", "checkins.yaml", "checkins.es.yaml", "flags.yaml"} {
		own[f] = &fstest.MapFile{Data: mustRead(t, f)}
	}
	q, err := Load(own)
	if err != nil {
		t.Fatal(err)
	}
	if r := q.Screener().Screen("I want to die"); r.Tier != triage.TierCrisis {
		t.Errorf("a pack without lists: %+v", r)
	}
	// A bad list stops Load, naming the file and line.
	own["screen/en/suicide.txt"] = &fstest.MapFile{Data: []byte("@tier crisis\nwant to die\nki*\n")}
	if _, err := Load(own); err == nil || !strings.Contains(err.Error(), "screen/en/suicide.txt:3:") {
		t.Errorf("Load with a bad list: %v", err)
	}
	own["screen/en/suicide.txt"] = &fstest.MapFile{Data: []byte("@tier crisis\nwant to die\n")}
	r, err := Load(own)
	if err != nil {
		t.Fatal(err)
	}
	if res := r.Screener().Screen("I want to die"); res.Tier != triage.TierCrisis {
		t.Errorf("a pack's own list: %+v", res)
	}
	if res := r.Screener().Screen("kms"); res.Tier != triage.TierNone {
		t.Errorf("a pack's own lists replace the built-in ones: %+v", res)
	}
}
