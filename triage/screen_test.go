package triage

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// mustCatch are messages written for these tests (not taken from any evaluation set) that must
// reach at least their tier, in English and Spanish, as people type them.
var mustCatch = []struct {
	text string
	min  Tier
	lang string // the language the decisive match must come from, when set
}{
	// Preparation, means, place, imminence.
	{"I've sorted out who gets my cat", TierCrisis, "en"},
	{"wrote my letters last night, everything is ready", TierCrisis, ""},
	{"giving my things away to my brother this week", TierCrisis, ""},
	{"im on the roof of the car park", TierCrisis, ""},
	{"standing on the bridge right now", TierCrisis, ""},
	{"it all ends this weekend", TierCrisis, ""},
	{"tonight's the night, I'm done", TierCrisis, ""},
	{"been saving up my quetiapine for weeks", TierCrisis, ""},
	{"i have 40 sertraline hidden in my drawer", TierCrisis, ""},
	{"bought a rope today", TierCrisis, ""},
	// Overdose taken.
	{"took the whole box of my sertraline", TierCrisis, ""},
	{"I took 30 paracetamol an hour ago", TierCrisis, ""},
	{"necked a load of olanzapine with vodka", TierCrisis, ""},
	{"took all my lithium at once", TierCrisis, ""},
	{"took too many of my meds", TierCrisis, ""},
	// Command hallucinations.
	{"they keep telling me to step in front of the train", TierCrisis, ""},
	{"the voices say I should jump", TierCrisis, ""},
	{"Voices telling me to hurt my mum", TierCrisis, ""},
	{"the devil wants me to cut myself", TierCrisis, ""},
	// Slang, typing.
	{"gonna off myself", TierCrisis, ""},
	{"might kms tbh", TierCrisis, ""},
	{"thinking about unaliving", TierCrisis, ""},
	{"I WANT TO DIEEEE", TierCrisis, ""},
	{"i w4nt 2 d1e", TierCrisis, ""},
	{"wanna be ☠️", TierCrisis, ""},
	{"going to take all my 💊 tonight", TierCrisis, ""},
	{"sh again last night", TierCrisis, ""},
	// Passive wishes and burden.
	{"wish I wouldn't wake up", TierCrisis, ""},
	{"everyone would be better off without me", TierCrisis, ""},
	{"nobody would miss me if i was gone", TierCrisis, ""},
	// Self-harm, harm to others, abuse, exploitation.
	{"I cut again last night", TierCrisis, ""},
	{"I'm not ok, last night I cut again", TierCrisis, ""},
	{"I could hurt someone today", TierCrisis, ""},
	{"he hits me when he's drunk", TierCrisis, ""},
	{"he'll kill me if I'm late home", TierCrisis, ""},
	{"no quiero vivir en este mundo", TierCrisis, "es"},
	{"my boyfriend makes me have sex when I don't want to", TierCrisis, ""},
	{"they take my money and make me carry stuff for them", TierCrisis, ""},
	{"these lads have moved into my flat and won't leave", TierCrisis, ""},
	// Concern and relapse.
	{"no point in anything anymore", TierConcern, ""},
	{"I'm such a burden", TierConcern, ""},
	{"I don't want to die", TierConcern, ""},
	{"haven't slept in 4 days", TierRelapse, ""},
	{"stopped taking my olanzapine last week", TierRelapse, ""},
	{"the voices are back", TierRelapse, ""},
	{"I think they're poisoning my food", TierRelapse, ""},
	{"someone is watching me through the tv", TierRelapse, ""},

	// Spanish, Spain and Latin America.
	{"quiero morirme", TierCrisis, "es"},
	{"no quiero vivir mas", TierCrisis, "es"},
	{"ya no quiero seguir aqui", TierCrisis, "es"},
	{"quiero dormirme para siempre", TierCrisis, "es"},
	{"ojalá no despertar mañana", TierCrisis, "es"},
	{"todos estarían mejor sin mí", TierCrisis, "es"},
	{"me voy a matar", TierCrisis, "es"},
	{"kiero matarme", TierCrisis, "es"},
	{"estoy pensando en suicidarme", TierCrisis, "es"},
	{"dejé todo arreglado", TierCrisis, "es"},
	{"ya escribí las cartas", TierCrisis, "es"},
	{"estoy en las vías del tren", TierCrisis, "es"},
	{"esta noche se acaba todo", TierCrisis, "es"},
	{"me tomé toda la caja de clonazepam", TierCrisis, "es"},
	{"me tome 20 rivotril", TierCrisis, "es"},
	{"estoy juntando pastillas", TierCrisis, "es"},
	{"las voces me dicen que me mate", TierCrisis, "es"},
	{"las voces me mandan saltar", TierCrisis, "es"},
	{"me corté otra vez", TierCrisis, "es"},
	{"me hago daño cuando estoy mal", TierCrisis, "es"},
	{"mi marido me pega", TierCrisis, "es"},
	{"me obliga a tener sexo", TierCrisis, "es"},
	{"se quedaron en mi piso y no se van", TierCrisis, "es"},
	{"tengo ganas de matarlo", TierCrisis, "es"},
	{"no le veo sentido a nada", TierConcern, "es"},
	{"soy una carga para todos", TierConcern, "es"},
	{"no aguanto más", TierConcern, "es"},
	{"no quiero morir", TierConcern, "es"},
	{"llevo 3 noches sin dormir", TierRelapse, "es"},
	{"dejé la medicación", TierRelapse, "es"},
	{"volvieron las voces", TierRelapse, "es"},
	{"me están vigilando los vecinos", TierRelapse, "es"},
	// Mixed languages.
	{"honestly ya no puedo más, I want to die", TierCrisis, ""},
	{"bad day hoy, me quiero morir", TierCrisis, "es"},
	// Risk in the middle of a long message.
	{strings.Repeat("Went to the shops, got bread and milk, saw my sister. ", 30) + "I keep thinking about ending it. " + strings.Repeat("Then telly. ", 20), TierCrisis, "en"},
}

// mustNotOverReact are hard ordinary messages: negations, recovered past, idioms, films, talk
// of others. Each must stay at or below its tier.
var mustNotOverReact = []struct {
	text string
	max  Tier
}{
	{"I'm not suicidal, just tired", TierNone},
	{"no dark thoughts today, just bored", TierNone},
	{"I used to self harm years ago but I'm doing well", TierNone},
	{"when I was a teenager I tried to kill myself", TierNone},
	{"this queue is murder", TierNone},
	{"I'm dying to see the new film", TierNone},
	{"killed it at work today", TierNone},
	{"this heat is killing me", TierNone},
	{"in the film the main character kills himself", TierNone},
	{"we watched a series about suicide", TierNone},
	{"my friend said she wanted to die when her dog died", TierNone},
	{"I took my meds today", TierNone},
	{"took 2 paracetamol for my headache", TierNone},
	{"I'm going to take my tablets now", TierNone},
	{"I cut my hair", TierNone},
	{"hanging out with friends tonight", TierNone},
	{"me muero de risa con este video", TierNone},
	{"me muero de hambre", TierNone},
	{"hace años me cortaba, ahora estoy bien", TierNone},
	{"en la serie el protagonista se suicida", TierNone},
	{"me corté el pelo", TierNone},
	{"no estoy seguro de ir mañana", TierNone},
	{"me tomé la pastilla de hoy", TierNone},
	{"I'm not going to kill myself, don't worry", TierConcern},
	{"no quiero morir", TierConcern},
	{"I don't hear voices any more", TierNone},
	{"my mum will kill me if I'm late", TierNone},
	{"I overdosed on coffee this morning", TierNone},
	{"I cut myself shaving", TierNone},
	{"ya no quiero vivir en este barrio", TierNone},
	{"mi jefa me va a matar, llegué tarde", TierNone},
	{"taking all my meds as prescribed this week", TierNone},
}

func TestScreenMustCatch(t *testing.T) {
	s := testScreener()
	for _, tc := range mustCatch {
		r := s.Screen(tc.text)
		if r.Tier.Rank() < tc.min.Rank() {
			t.Errorf("Screen(%q) = %s %v, want at least %s", short(tc.text), r.Tier, r.Matched, tc.min)
			continue
		}
		if tc.lang != "" && r.Lang != tc.lang {
			t.Errorf("Screen(%q) lang %s, want %s", short(tc.text), r.Lang, tc.lang)
		}
		if len(r.Categories) == 0 || len(r.Matches) != len(r.Categories) || r.Matches[0].Excerpt == "" {
			t.Errorf("Screen(%q) = %+v: a tier needs its categories and quotes", short(tc.text), r)
		}
	}
}

func TestScreenDoesNotOverReact(t *testing.T) {
	s := testScreener()
	for _, tc := range mustNotOverReact {
		if r := s.Screen(tc.text); r.Tier.Rank() > tc.max.Rank() {
			t.Errorf("Screen(%q) = %s %v (context %v), want at most %s", tc.text, r.Tier, r.Matched, r.Context, tc.max)
		}
	}
	for _, text := range ordinaryTexts {
		if r := s.Screen(text); r.Tier != TierNone {
			t.Errorf("Screen(%q) = %s %v, want none", text, r.Tier, r.Matched)
		}
	}
}

// TestScreenContext pins what each kind of context does, and that it reaches only its clause.
func TestScreenContext(t *testing.T) {
	s := testScreener()
	for _, tc := range []struct {
		text string
		tier Tier
		ctx  string
	}{
		{"I don't want to die", TierConcern, "negation"},
		{"I'm not suicidal", TierNone, "negation"},
		{"no quiero vivir", TierCrisis, ""},
		{"no quiero morir", TierConcern, "negation"},
		{"I used to cut myself", TierNone, "past"},
		{"I used to cut myself and now I'm doing it again", TierCrisis, ""},
		{"years ago I took an overdose", TierNone, "past"},
		{"in the film he wants to die", TierNone, "media"},
		{"the film made me want to die now", TierCrisis, ""},
		{"my friend said she wants to die", TierNone, "reported"},
		{"she said i'm suicidal", TierCrisis, ""},
		{"kill it at work", TierNone, ""},
		{"me muero de risa", TierNone, ""},
		// Context before a full stop, a comma or "but" does not reach the next clause.
		{"I'm not ok. I want to die", TierCrisis, ""},
		{"I'm not ok, last night I cut again", TierCrisis, ""},
		{"years ago I was in hospital but I want to die now", TierCrisis, ""},
		{"I'm not sure but I want to die", TierCrisis, ""},
		// A plan line written in a message: a condition and what helps, in one sentence.
		{"When I want to die I ring my sister and go for a walk", TierNone, "plan"},
		{"when I want to die I take all my pills", TierCrisis, ""},
		{"when I'm alone I want to die", TierCrisis, ""},
		// The higher tier wins.
		{"I'm not suicidal. Took 20 paracetamol though", TierCrisis, ""},
		// A threat taken back at once is not meant; "I didn't" before another verb is another
		// statement, and a "but" after it says the threat goes on.
		{"I could happily strangle him, obviously I wouldn't", TierNone, "negation"},
		{"le dije a mi mamá lo voy a matar pero obvio que no", TierNone, "negation"},
		{"i want to stab him. i didn't sleep last night", TierCrisis, ""},
		{"i want to kill him, i won't but i keep thinking about it", TierCrisis, ""},
		// An idiom does not reach tablets that a match runs on to past its end.
		{"overdosed on tea and 20 paracetamol", TierCrisis, ""},
		{"i overdosed on coffee and my pills last night", TierCrisis, ""},
		{"i overdid it on the haribo big time", TierNone, "idiom"},
	} {
		r := s.Screen(tc.text)
		if r.Tier != tc.tier {
			t.Errorf("Screen(%q) = %s %v %v, want %s", tc.text, r.Tier, r.Matched, r.Context, tc.tier)
		}
		if tc.ctx != "" && !contains(r.Context, tc.ctx) {
			t.Errorf("Screen(%q) context %v, want %s", tc.text, r.Context, tc.ctx)
		}
	}
}

func TestScreenPlanLineIsContext(t *testing.T) {
	s := testScreener()
	line := "I want to die. I ring my sister and go for a walk"
	if r := s.Screen(line); r.Tier != TierCrisis {
		t.Fatalf("as a message: %s", r.Tier)
	}
	r := s.ScreenAs(line, SurfacePlan)
	if r.Tier != TierNone || !contains(r.Context, "plan") || len(r.Matched) == 0 {
		t.Errorf("as a plan line: %+v, want none, with what it matched and context plan", r)
	}
}

func TestScreenResultShape(t *testing.T) {
	s := testScreener()
	r := s.Screen("")
	if r.Tier != TierNone || r.Categories == nil || r.Matched == nil || r.Context == nil || r.Lang != "en" {
		t.Errorf("empty message: %+v", r)
	}
	if r := s.Screen("hoy fue un buen día con mi hermana"); r.Lang != "es" || r.Tier != TierNone {
		t.Errorf("a Spanish message with no match: %+v, want lang es", r)
	}
	var nilS *Screener
	if r := nilS.Screen("I want to die"); r.Tier != TierNone {
		t.Errorf("a nil screener: %+v", r)
	}
	r = s.Screen("I want to die and I cut myself. Haven't slept in 5 days")
	if r.Tier != TierCrisis || len(r.Categories) != 3 || r.Categories[2] != Relapse {
		t.Errorf("several categories: %+v, want crisis ones first, relapse last", r.Categories)
	}
}

func TestScreenFlagPlainWords(t *testing.T) {
	s := testScreener()
	for _, tc := range []struct {
		text    string
		urgent  bool
		kind    Kind
		reason  string
		context string
	}{
		{"I want to die and I cut myself", true, KindWords, "Words about suicide and self-harm in a message", ""},
		{"I don't want to die", false, KindWords, "Words that may be about suicide in a message (said with a no or not)", ""},
		{"no point in anything anymore", false, KindWords, "Words that may be about hopelessness in a message", ""},
		{"haven't slept in 4 days", false, KindSign, "Words that may be an early warning sign: early warning signs", ""},
		{"took 20 sertraline", true, KindWords, "Words about an overdose in a message", ""},
	} {
		f := s.ScreenFlag(s.Screen(tc.text))
		if f.Urgent != tc.urgent || f.Kind != tc.kind || f.Reason != tc.reason {
			t.Errorf("ScreenFlag(%q) = %+v, want urgent %v kind %s reason %q", tc.text, f, tc.urgent, tc.kind, tc.reason)
		}
		for _, e := range f.Evidence {
			if strings.Contains(e, "_") || !strings.HasPrefix(e, `"`) {
				t.Errorf("evidence %q: plain words, the person's words quoted first", e)
			}
		}
	}
	if f := s.ScreenFlag(s.Screen("nice day")); f.Kind != "" {
		t.Errorf("tier none flagged: %+v", f)
	}
}

func TestNewScreenerReportsEveryBadLine(t *testing.T) {
	_, err := NewScreener(fstest.MapFS{
		"en/suicide.txt":     {Data: []byte("@tier crisis\nwant to die\nki*\n\n... die\nkill me|i-will|my-self\nend my my-life\n")},
		"en/other.txt":       {Data: []byte("no tier line\n")},
		"es/suicide.txt":     {Data: []byte("@tier urgent\nquiero morir\n<nope> pills\n")},
		"slots/medicine.txt": {Data: []byte("paracetamol\n[bad]\n")},
		"context/vibes.txt":  {Data: []byte("whatever\n")},
	})
	var le *ListError
	if !errors.As(err, &le) {
		t.Fatalf("err %v, want a ListError", err)
	}
	// Line 7 reads "end my my life": the choice repeats the word before it and can never
	// match. Line 6 is fine ("kill me", "kill i will", "kill my self").
	for _, want := range []string{"en/suicide.txt:3:", "en/suicide.txt:5:", "en/suicide.txt:7:", "en/other.txt:1:", "es/suicide.txt:1:", "es/suicide.txt:3:", "slots/medicine.txt:2:", "context/vibes.txt:1:"} {
		found := false
		for _, p := range le.Problems {
			if strings.HasPrefix(p, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem at %s in %q", want, le.Problems)
		}
	}
	for _, p := range le.Problems {
		if strings.HasPrefix(p, "en/suicide.txt:6:") {
			t.Errorf("a choice that does not repeat the word before it is a problem: %s", p)
		}
		if strings.HasPrefix(p, "en/suicide.txt:7:") && !strings.Contains(p, `"life"`) {
			t.Errorf("the problem does not say what to write: %s", p)
		}
	}
	if _, err := NewScreener(fstest.MapFS{"slots/x.txt": {Data: []byte("a\n")}}); err == nil {
		t.Error("lists with no language folder accepted")
	}
}

func TestNewScreenerSlotsAndOwnCategory(t *testing.T) {
	s, err := NewScreener(fstest.MapFS{
		"en/gambling.txt":    {Data: []byte("@tier concern\n@name gambling\nlost all my money on <game>\n")},
		"en/suicide.txt":     {Data: []byte("@tier crisis\ntook <many> <medicine>\n! took <many> <medicine> over a month\n")},
		"slots/game.txt":     {Data: []byte("# games\nslots|slot-machines\nfixed odds\n")},
		"slots/medicine.txt": {Data: []byte("paracetamol*\nsertraline\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		tier Tier
	}{
		{"LOST ALL MY MONEY ON THE SLOTS", TierNone}, // "the" is not in the phrase
		{"lost all my money on slot machines", TierConcern},
		{"lost all my money on fixed odds", TierConcern},
		{"took 12 paracetamols", TierCrisis},
		{"took 2 paracetamol", TierNone},
		{"took 60 sertraline over a month", TierNone},
	} {
		if r := s.Screen(tc.text); r.Tier != tc.tier {
			t.Errorf("Screen(%q) = %s, want %s", tc.text, r.Tier, tc.tier)
		}
	}
	if got := s.Categories(); len(got) != 2 || got[0] != Suicide || got[1] != "gambling" {
		t.Errorf("categories %v", got)
	}
	if f := s.ScreenFlag(s.Screen("lost all my money on slots")); !strings.Contains(f.Reason, "gambling") {
		t.Errorf("reason %q should use the list's @name", f.Reason)
	}
}

func TestScreenConcurrent(t *testing.T) {
	s := testScreener()
	var wg sync.WaitGroup
	want := make([]Tier, len(mustCatch))
	for i, tc := range mustCatch {
		want[i] = s.Screen(tc.text).Tier
	}
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, tc := range mustCatch {
				if got := s.Screen(tc.text).Tier; got != want[i] {
					t.Errorf("concurrent Screen(%q) = %s, want %s", short(tc.text), got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}

func TestDefaultListsBothLanguages(t *testing.T) {
	s := testScreener()
	langs := map[string]map[Category]int{}
	for _, e := range s.entries {
		if e.role != roleRisk {
			continue
		}
		if langs[e.lang] == nil {
			langs[e.lang] = map[Category]int{}
		}
		langs[e.lang][e.cat]++
	}
	var missing []string
	for c := range langs["en"] {
		if langs["es"][c] == 0 {
			missing = append(missing, string(c))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("categories with English phrases and no Spanish ones: %v", missing)
	}
	for _, lang := range []string{"en", "es"} {
		n := 0
		for _, k := range langs[lang] {
			n += k
		}
		if n < 200 {
			t.Errorf("%s lists have %d phrases", lang, n)
		}
	}
}

// longMessage is a 4,096-character message with worrying words near its end, for the benchmark.
func longMessage() string {
	var b strings.Builder
	filler := []string{
		"Went to the shops this morning and the bus was late again, so I walked. ",
		"Fui a ver a mi hermana y comimos juntas, luego vimos una serie. ",
		"My worker rang about the appointment next week and I said yes. ",
		"The voices were quiet for most of the day which was nice. ",
	}
	tail := " But honestly I keep thinking about ending it all."
	for i := 0; b.Len() < 4096; i++ {
		b.WriteString(filler[i%len(filler)])
	}
	return b.String()[:4096-len(tail)] + tail
}

func BenchmarkScreen4096(b *testing.B) {
	s := testScreener()
	msg := longMessage()
	if r := s.Screen(msg); r.Tier != TierCrisis {
		b.Fatalf("the benchmark message screens as %s", r.Tier)
	}
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		s.Screen(msg)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func short(s string) string {
	if len(s) > 80 {
		return s[:60] + "…" + s[len(s)-15:]
	}
	return s
}

// readTiered reads a testdata file of "tier<TAB>message" lines.
func readTiered(t *testing.T, name string) [][2]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for i, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		tier, text, ok := strings.Cut(line, "\t")
		if !ok || Tier(tier).Rank() == 0 && Tier(tier) != TierNone {
			t.Fatalf("%s:%d: want tier<TAB>message, got %q", name, i+1, line)
		}
		out = append(out, [2]string{tier, text})
	}
	return out
}

// TestScreenRegression holds the screen to the must-catch lines in testdata: each reaches at
// least its tier, and each hard ordinary line stays at or below its tier.
func TestScreenRegression(t *testing.T) {
	s := testScreener()
	for _, tc := range readTiered(t, "must_catch.tsv") {
		if r := s.Screen(tc[1]); r.Tier.Rank() < Tier(tc[0]).Rank() {
			t.Errorf("Screen(%q) = %s, want at least %s", tc[1], r.Tier, tc[0])
		}
	}
	for _, tc := range readTiered(t, "hard_ordinary.tsv") {
		if r := s.Screen(tc[1]); r.Tier.Rank() > Tier(tc[0]).Rank() {
			t.Errorf("Screen(%q) = %s %v, want at most %s", tc[1], r.Tier, r.Matched, tc[0])
		}
	}
}
