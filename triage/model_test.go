package triage

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// tinyLists is a folder of lists with one crisis phrase and a small set of examples, enough
// for a model that is sure of the messages below.
func tinyLists(examples string) fstest.MapFS {
	return fstest.MapFS{
		"en/suicide.txt":        {Data: []byte("@tier crisis\nkill myself\n")},
		"examples/examples.tsv": {Data: []byte(examples)},
	}
}

// tinyExamples teaches that talk of bridges and ending it is risk, and talk of football,
// lunch and "kill myself laughing" at a film is not.
var tinyExamples = func() string {
	var b strings.Builder
	b.WriteString("# tier\tcategory\tlang\tkind\tmessage\n")
	risk := []string{"standing on the bridge tonight ending it", "on the bridge again ending it all", "going to the bridge to end it", "this bridge is where it ends tonight", "ending it tonight from the bridge"}
	safe := []string{"football tonight with my brother", "lunch with mum was nice", "watched football and had lunch", "film was so funny i could kill myself laughing", "the film made me kill myself laughing at lunch"}
	for range 6 {
		for _, r := range risk {
			b.WriteString("crisis\tsuicide_plan\ten\trisk\t" + r + "\n")
		}
		for _, s := range safe {
			b.WriteString("none\tordinary\ten\tordinary\t" + s + "\n")
		}
	}
	return b.String()
}()

func TestTheModelAddsSoftensAndStaysOut(t *testing.T) {
	s, err := NewScreener(tinyLists(tinyExamples))
	if err != nil {
		t.Fatal(err)
	}
	if s.model == nil {
		t.Fatal("no model from the examples")
	}
	tests := []struct {
		name    string
		text    string
		surface Surface
		want    Tier
		cat     Category
		context string
	}{
		{"no list word, the model sure of a crisis: a crisis", "off to the bridge tonight, ending it", SurfaceMessage, TierCrisis, CategoryUnlisted, ""},
		{"no list word, the model less sure: a concern", "on the bridge", SurfaceMessage, TierConcern, CategoryUnlisted, ""},
		{"a list crisis the model is sure is everyday talk: cleared, and said so", "the film made me kill myself laughing", SurfaceMessage, TierNone, "", ContextEveryday},
		{"the same words beside risk the model knows stay a crisis", "kill myself laughing at the film, then the bridge tonight, ending it all", SurfaceMessage, TierCrisis, Suicide, ""},
		{"a list crisis the model agrees with stays a crisis", "i will kill myself on the bridge tonight", SurfaceMessage, TierCrisis, Suicide, ""},
		{"ordinary words: nothing", "football and lunch with mum", SurfaceMessage, TierNone, "", ""},
		{"plan lines are the lists' alone", "off to the bridge tonight, ending it", SurfacePlan, TierNone, "", ""},
		{"goals are the lists' alone", "off to the bridge tonight, ending it", SurfaceGoal, TierNone, "", ""},
		{"check-in text is read", "off to the bridge tonight, ending it", SurfaceCheckin, TierCrisis, CategoryUnlisted, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := s.ScreenAs(tc.text, tc.surface)
			if r.Tier != tc.want {
				t.Fatalf("ScreenAs(%q, %s) = %s (model %+v), want %s", tc.text, tc.surface, r.Tier, r.Model, tc.want)
			}
			if tc.cat != "" && (len(r.Categories) == 0 || r.Categories[0] != tc.cat) {
				t.Errorf("categories %v, want %s first", r.Categories, tc.cat)
			}
			if tc.context != "" && !strings.Contains(strings.Join(r.Context, ","), tc.context) {
				t.Errorf("context %v, want %s", r.Context, tc.context)
			}
			if tc.want != TierNone && len(r.Matches) == 0 {
				t.Error("a flag with no match to quote to the worker")
			}
			if (tc.surface == SurfacePlan || tc.surface == SurfaceGoal) != (r.Model == nil) {
				t.Errorf("model asked on %s: %v", tc.surface, r.Model)
			}
		})
	}
	f := s.ScreenFlag(s.Screen("on the bridge"))
	if f.Urgent || !strings.Contains(f.Reason, "none of the screen's lists") {
		t.Errorf("the flag for what only the model heard: %+v", f)
	}
}

func TestTrainingIsRepeatable(t *testing.T) {
	ex, problems, err := ReadExamples(tinyLists(tinyExamples), examplesDir)
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	a, b := TrainModel(ex), TrainModel(ex)
	for _, text := range []string{"bridge tonight", "lunch", "kill myself laughing", ""} {
		if pa, pb := a.Probs(text), b.Probs(text); pa != pb {
			t.Errorf("%q: %+v then %+v", text, pa, pb)
		}
	}
	if p := a.Probs("bridge tonight ending"); p.None+p.Crisis+p.Concern+p.Relapse < 0.999 || p.Risk() < 0.5 {
		t.Errorf("probabilities %+v", p)
	}
	if TrainModel(ex[:5]) != nil { // crisis examples only: nothing to tell them from
		t.Error("a model from one tier")
	}
}

func TestBadExamplesAreReportedWithTheirLine(t *testing.T) {
	_, err := NewScreener(tinyLists("# header\ncrisis\tx\ten\trisk\tfine line\nurgent\tx\ten\trisk\tbad tier\nnone\tonly three\tcolumns\n"))
	if err == nil {
		t.Fatal("bad examples loaded")
	}
	for _, want := range []string{"examples/examples.tsv:3", `"urgent" is not a tier`, "examples/examples.tsv:4", "five columns"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v: want %q", err, want)
		}
	}
}

// A crisis at the end of a long everyday message, with or without full stops, leaves the
// model sure the whole message is safe: the words around the match keep it a crisis. And a
// crisis phrase the model knows only from safe lines is not the model's to soften.
func TestACrisisAfterEverydayTalkStaysACrisis(t *testing.T) {
	s := fullScreener()
	for _, text := range []string{
		"the bus was late. i ate toast. it rained. the cat slept. i read a book. the kettle broke. i want to kill myself.",
		"the bus was late and i ate toast and it rained and the cat slept and i read a book and the kettle broke and i want to kill myself",
		"omg the bus was soooo late today and the driver was rude lol then i went to tesco got some bread milk and those biscuits u like and honestly i just want to kill myself",
		// The examples use "ending my life" only in safe lines ("I've never thought about
		// ending my life"): the model must not be trusted to soften it.
		"considering ending my life",
	} {
		if r := s.Screen(text); r.Tier != TierCrisis {
			t.Errorf("%q: %s %v (model %+v)", text, r.Tier, r.Context, r.Model)
		}
	}
}

func TestAroundIsTheMatchsOwnWords(t *testing.T) {
	tests := []struct {
		text  string
		match string
		want  string
	}{
		{"i ate toast. then i want to kill myself now. the cat slept", "kill myself", "then i want to kill myself now"},
		{"kill myself", "kill myself", "kill myself"},
		{"one two three four five six seven eight nine ten eleven twelve thirteen kill myself a b", "kill myself", "two three four five six seven eight nine ten eleven twelve thirteen kill myself a b"},
		{"lol\nkill myself\nxx", "kill myself", "kill myself"},
	}
	for _, tc := range tests {
		i := strings.Index(tc.text, tc.match)
		if got := around(tc.text, [2]int{i, i + len(tc.match)}); got != tc.want {
			t.Errorf("around(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := around("abc", [2]int{0, 0}); got != "abc" {
		t.Errorf("no place: %q, want the whole text", got)
	}
}

// A crisis in the middle of a long everyday message can leave the model sure the whole
// message is safe; the words around each match are read too. Where they read as risk the
// crisis stays; where every match's words are everyday talk the flag is cleared; where the
// crisis's own words are everyday but another match's are not, the crisis is only softened.
func TestTheModelClearsOnlyWhereTheWordsAroundEveryMatchAreSafe(t *testing.T) {
	s, err := NewScreener(tinyLists(tinyExamples))
	if err != nil {
		t.Fatal(err)
	}
	sure := Probs{None: 0.9999}
	const (
		risky    = "on the bridge again ending it all"
		everyday = "the film made me kill myself laughing"
	)
	for _, tc := range []struct {
		name     string
		words    string
		concern  string // the words of a second, concern-tier match, if any
		want     Tier
		cleared  bool
		softened bool
	}{
		{"a crisis said in risky words stays", risky, "", TierCrisis, false, false},
		{"a crisis in everyday talk is cleared", everyday, "", TierNone, true, false},
		{"beside a risky concern it is softened, not cleared", everyday + ". " + risky, "ending it", TierConcern, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := "a long message about lunch and football. " + tc.words
			var match string
			if strings.Contains(tc.words, "kill myself") {
				match = "kill myself"
			} else {
				match = "ending it"
			}
			i := strings.Index(text, match)
			r := Result{Tier: TierCrisis, Categories: []Category{Suicide}, Matched: []string{match},
				Matches: []Match{{Category: Suicide, Tier: TierCrisis, Excerpt: tc.words, at: [2]int{i, i + len(match)}}}}
			if tc.concern != "" {
				j := strings.Index(text, tc.concern)
				r.Categories = append(r.Categories, Hopelessness)
				r.Matched = append(r.Matched, tc.concern)
				r.Matches = append(r.Matches, Match{Category: Hopelessness, Tier: TierConcern, Excerpt: risky, at: [2]int{j, j + len(tc.concern)}})
			}
			got := s.modelSay(r, sure, true, text, tokenize(text))
			if got.Tier != tc.want {
				t.Fatalf("%s: want %s", got.Tier, tc.want)
			}
			if everyday := slices.Contains(got.Context, ContextEveryday); everyday != (tc.cleared || tc.softened) {
				t.Errorf("context %v: want %q only where the model cleared or softened", got.Context, ContextEveryday)
			}
			if tc.cleared && (len(got.Matches) != 0 || len(got.Categories) != 0 || len(got.Matched) == 0) {
				t.Errorf("cleared: matches %v, categories %v, matched %v; want no match or category, and the list entries still named", got.Matches, got.Categories, got.Matched)
			}
			if r.Matches[0].Tier != TierCrisis {
				t.Error("modelSay changed the lists' result it was given")
			}
		})
	}
}

// A message that is little more than the phrase is never cleared, however sure the model is:
// with next to nothing around the match, its "everyday" is a reading of the wording alone.
func TestTheModelDoesNotClearAMessageThatIsLittleMoreThanThePhrase(t *testing.T) {
	s, err := NewScreener(tinyLists(tinyExamples))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text    string
		cleared bool
	}{
		{"i kill myself", false},
		{"honestly i kill myself", false},
		{"the film made me kill myself laughing", true},
	} {
		r := s.WithoutModel().Screen(tc.text)
		if r.Tier != TierCrisis {
			t.Fatalf("%q: the lists found %s, want crisis", tc.text, r.Tier)
		}
		got := s.modelSay(r, Probs{None: 0.9999}, true, tc.text, tokenize(tc.text))
		if cleared := got.Tier == TierNone; cleared != tc.cleared {
			t.Errorf("%q (%d words outside the match): cleared %v, want %v", tc.text, wordsOutside(tokenize(tc.text), r.Matches), cleared, tc.cleared)
		}
	}
}

// Unlisted risk in the middle of a long everyday message is heard in its own sentence, and
// the worker is quoted the words around it.
// Without a cue word the model adds a flag only when it is all but sure: a middling reading of
// everyday words is not enough.
func TestTheModelAddsWithoutACueOnlyWhenSure(t *testing.T) {
	for _, tc := range []struct {
		risk float64
		cue  bool
		want bool
	}{
		{modelAdds, true, true},
		{modelAdds - 0.01, true, false},
		{modelAdds, false, false},
		{modelAddsUncued - 0.001, false, false},
		{modelAddsUncued, false, true},
	} {
		p := Probs{None: 1 - tc.risk, Concern: tc.risk}
		if got := adds(p, tc.cue); got != tc.want {
			t.Errorf("risk %.3f, cue %v: adds %v, want %v", tc.risk, tc.cue, got, tc.want)
		}
	}
}

func TestTheModelHearsTheLoudestSentence(t *testing.T) {
	s, err := NewScreener(tinyLists(tinyExamples))
	if err != nil {
		t.Fatal(err)
	}
	everyday := "football tonight with my brother. lunch with mum was nice. watched football and had lunch. "
	text := everyday + "off to the bridge tonight, ending it. " + everyday + everyday
	if p := s.model.Probs(text); p.Risk() >= modelAdds {
		t.Fatalf("the whole message already reads as risk (%+v): the test shows nothing", p)
	}
	r := s.Screen(text)
	if r.Tier == TierNone || len(r.Matches) != 1 || !strings.Contains(r.Matches[0].Excerpt, "bridge") {
		t.Errorf("%s %+v", r.Tier, r.Matches)
	}
	if r := s.Screen(everyday + everyday); r.Tier != TierNone {
		t.Errorf("everyday sentences: %s", r.Tier)
	}
}

func TestALetterAloneIsNeverACue(t *testing.T) {
	var ex []Example
	for range 5 {
		ex = append(ex, Example{Tier: TierCrisis, Text: "pills n vodka tonight and i said yes"}, Example{Tier: TierNone, Text: "lunch with mum"})
	}
	cue := cueWords(ex)
	for _, w := range []string{"pills", "vodka"} {
		if !cue[tokenize(w)[0].norm] {
			t.Errorf("%q, only ever in risk, is not a cue", w)
		}
	}
	if cue["n"] {
		t.Error(`"n" is a cue: a person who answers "n" would be flagged`)
	}
	for _, w := range []string{"and", "i", "said", "yes"} {
		if cue[tokenize(w)[0].norm] {
			t.Errorf("%q is a cue: 'my worker rang and I said yes' would be flagged", w)
		}
	}
}

// When in doubt between two tiers, the higher: what the model is sure is a crisis is one,
// and so is a concern the lists found with nothing that lowered it.
func TestTheModelRaisesWhatItIsSureOf(t *testing.T) {
	lists := tinyLists(tinyExamples)
	lists["en/hopeless.txt"] = &fstest.MapFile{Data: []byte("@tier concern\nending it\n")}
	lists["context/negation.txt"] = &fstest.MapFile{Data: []byte("not\n")}
	s, err := NewScreener(lists)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text   string
		want   Tier
		urgent bool
	}{
		{"off to the bridge tonight, ending it", TierCrisis, true}, // a list concern the model is sure of
		{"off to the bridge, not ending it", TierNone, false},      // lowered by a negation: the model's sureness does not raise it
		{"on the bridge", TierConcern, false},                      // the model less sure
	} {
		r := s.Screen(tc.text)
		if r.Tier != tc.want {
			t.Errorf("%q: %s %v (model %+v), want %s", tc.text, r.Tier, r.Context, r.Model, tc.want)
			continue
		}
		if tc.want != TierNone && s.ScreenFlag(r).Urgent != tc.urgent {
			t.Errorf("%q: urgent %v, want %v", tc.text, !tc.urgent, tc.urgent)
		}
	}
}

func TestAPhraseWrittenOut(t *testing.T) {
	say := map[string]string{"medicine": "sertraline", "empty": ""}
	tests := []struct {
		src, want string
		ok        bool
	}{
		{"end|ending my [own] life", "end my life", true},
		{"took|swallowed <many> <medicine>", "took 30 sertraline", true},
		{"voices ... telling me to jump", "voices telling me to jump", true},
		{"it-all ends tonight", "it all ends tonight", true},
		{"since <year>", "since 2019", true},
		{"suicid*", "", false},
		{"took <nothing>", "", false},
		{"took <empty>", "", false},
	}
	for _, tc := range tests {
		got, ok := writtenOut(tc.src, say)
		if got != tc.want || ok != tc.ok {
			t.Errorf("writtenOut(%q) = %q, %v; want %q, %v", tc.src, got, ok, tc.want, tc.ok)
		}
	}
	if got := plainFirst(strings.Fields("took|taken the|my whole-box")); got != "took the whole box" {
		t.Errorf("plainFirst = %q", got)
	}
}
