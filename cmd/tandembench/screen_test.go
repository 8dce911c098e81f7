package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/triage"
)

// The evaluation set in the repository parses: every line five columns, a known tier and
// language. The figures are for BENCHMARKS.md; nothing here holds the screen to a threshold.
func TestEvaluationSetParses(t *testing.T) {
	set, err := readSet(os.DirFS("../../content/default/screen/examples"))
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]int{}
	none := 0
	for _, s := range set {
		langs[s.Lang]++
		if !s.risk() {
			none++
		}
	}
	// The issue asks for at least 1,500 lines, a third Spanish and 40% hard non-risk; a set that
	// shrank below that would make the figures in BENCHMARKS.md mean something else.
	if len(set) < 1500 || 3*langs["es"] < len(set) || 10*none < 4*len(set) {
		t.Errorf("set has %d lines, %d Spanish, %d non-risk: want at least 1,500, a third Spanish, 40%% non-risk", len(set), langs["es"], none)
	}
}

// The held-out sets still held out parse too, and keep the make-up their READMEs describe:
// they are the only out-of-sample figures for the screen, so a broken line must fail here
// rather than make the report refuse to run on the day someone needs the figure. Their risk
// categories are the main set's, so the reports' per-category rows mean the same thing.
// Nothing here looks at how the screen does on them. (The older sets were retired into the
// examples in session 6; their folders keep only a README.)
func TestHeldOutSetsParse(t *testing.T) {
	dirs, err := filepath.Glob("../../evaluation/screen-fresh*")
	if err != nil {
		t.Fatal(err)
	}
	tuning, err := readSet(os.DirFS("../../content/default/screen/examples"))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, s := range tuning {
		if s.risk() {
			known[s.Category] = true
		}
	}
	checked := 0
	for _, dir := range dirs {
		if tsv, _ := filepath.Glob(filepath.Join(dir, "*.tsv")); len(tsv) == 0 {
			continue // retired into the examples
		}
		checked++
		held, err := readSet(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		langs := map[string]int{}
		hardNone := 0
		for _, s := range held {
			langs[s.Lang]++
			if !s.risk() && hard(s) {
				hardNone++
			}
			if s.risk() && !known[s.Category] {
				t.Errorf("%s: risk category %q is not one the main evaluation set uses", s.Where, s.Category)
			}
		}
		// At least 500 lines, a fifth or more Spanish, two fifths or more hard non-risk.
		if len(held) < 500 || 5*langs["es"] < len(held) || 10*hardNone < 4*len(held) {
			t.Errorf("%s has %d lines, %d Spanish, %d hard non-risk: want at least 500, 20%% Spanish, 40%% hard non-risk", dir, len(held), langs["es"], hardNone)
		}
	}
	if checked == 0 {
		t.Error("no held-out set left in evaluation/: the screen would have no out-of-sample figure")
	}
}

func TestParseSetRejectsMalformedLines(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // in the error; empty for a good file
		lines      int
	}{
		{"good", "# header\n\ncrisis\tself_harm\ten\trisk\tcut again\nnone\tordinary\tes\tordinary\thola\n", "", 2},
		{"crlf", "relapse\trelapse_sleep\tmixed\tmixed_lang\tno he dormido in days\r\n", "", 1},
		{"four columns", "crisis\tself_harm\ten\tcut again\n", "x.tsv:1: 4 columns", 0},
		{"six columns", "crisis\tself_harm\ten\trisk\tcut\tagain\n", "x.tsv:1: 6 columns", 0},
		{"unknown tier", "# c\nurgent\tself_harm\ten\trisk\tcut again\n", `x.tsv:2: tier "urgent"`, 0},
		{"unknown lang", "crisis\tself_harm\tfr\trisk\tje me coupe\n", `x.tsv:1: lang "fr"`, 0},
		{"empty message", "crisis\tself_harm\ten\trisk\t \n", "x.tsv:1: empty", 0},
		{"every problem named", "crisis\ten\trisk\tcut\nbad\tx\ten\trisk\tm\n", "x.tsv:1: 4 columns, want 5 (tier, category, lang, kind, message); x.tsv:2: tier", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := parseSet("x.tsv", strings.NewReader(tt.text))
			if tt.want == "" {
				if err != nil || len(set) != tt.lines {
					t.Fatalf("got %d lines, %v; want %d lines", len(set), err, tt.lines)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadSetNeedsMessages(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no files":    {"README.md": {Data: []byte("hi")}},
		"only header": {"en.tsv": {Data: []byte("# nothing yet\n")}},
	} {
		if _, err := readSet(fsys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// tiersByText is a screen whose answers the test decides.
type tiersByText map[string]triage.Tier

func (m tiersByText) Screen(text string) triage.Result { return triage.Result{Tier: m[text]} }

func TestEvaluateCounts(t *testing.T) {
	set := []sample{
		{Tier: "crisis", Category: "self_harm", Lang: "en", Kind: "risk", Text: "c1"},         // got crisis
		{Tier: "crisis", Category: "self_harm", Lang: "es", Kind: "risk", Text: "c2"},         // got concern
		{Tier: "crisis", Category: "overdose_taken", Lang: "en", Kind: "risk", Text: "c3"},    // missed
		{Tier: "concern", Category: "distress", Lang: "es", Kind: "risk", Text: "k1"},         // got crisis
		{Tier: "relapse", Category: "relapse_sleep", Lang: "mixed", Kind: "risk", Text: "r1"}, // got relapse
		{Tier: "none", Category: "self_harm", Lang: "en", Kind: "negation", Text: "n1"},       // got crisis
		{Tier: "none", Category: "distress", Lang: "es", Kind: "negation", Text: "n2"},        // got concern
		{Tier: "none", Category: "harm_others", Lang: "en", Kind: "idiom", Text: "n3"},        // got none
		{Tier: "none", Category: "ordinary", Lang: "en", Kind: "ordinary", Text: "n4"},        // got relapse, not hard
	}
	sc := tiersByText{"c1": "crisis", "c2": "concern", "k1": "crisis", "r1": "relapse", "n1": "crisis", "n2": "concern", "n4": "relapse"}
	r := evaluate(sc, set)

	all, en, es := r.Langs["all"], r.Langs["en"], r.Langs["es"]
	tests := []struct {
		what     string
		got      ratio
		n, total int
	}{
		{"recall, all", all.Recall, 4, 5},
		{"recall, en", en.Recall, 1, 2},
		{"recall, es", es.Recall, 2, 2},
		{"crisis exactly", all.Tiers["crisis"].Exact, 1, 3},
		{"crisis at least", all.Tiers["crisis"].AtLeast, 1, 3},
		{"crisis any", all.Tiers["crisis"].Any, 2, 3},
		{"concern exactly", all.Tiers["concern"].Exact, 0, 1},
		{"concern at least", all.Tiers["concern"].AtLeast, 1, 1},
		{"relapse exactly", all.Tiers["relapse"].Exact, 1, 1},
		{"self_harm any", r.Categories["self_harm"].Any, 2, 2},
		{"self_harm at least", r.Categories["self_harm"].AtLeast, 1, 2},
		{"overdose any", r.Categories["overdose_taken"].Any, 0, 1},
		{"hard false alarms, all", all.AnyFlag, 2, 3},
		{"hard crisis alarms, all", all.CrisisFlag, 1, 3},
		{"hard false alarms, es", es.AnyFlag, 1, 1},
		{"negation any flag", r.Kinds["negation"].AnyFlag, 2, 2},
		{"negation crisis", r.Kinds["negation"].CrisisFlag, 1, 2},
		{"idiom any flag", r.Kinds["idiom"].AnyFlag, 0, 1},
		{"ordinary any flag", r.Kinds["ordinary"].AnyFlag, 1, 1},
		{"plainly written risk flagged", *r.Writing["risk"], 4, 5},
	}
	for _, tt := range tests {
		if tt.got != (ratio{tt.n, tt.total}) {
			t.Errorf("%s: %v, want %d/%d", tt.what, tt.got, tt.n, tt.total)
		}
	}
	if r.Confusion["crisis"]["none"] != 1 || r.Confusion["none"]["crisis"] != 1 || r.Confusion["concern"]["crisis"] != 1 || r.Confusion["crisis"]["crisis"] != 1 {
		t.Errorf("confusion %v", r.Confusion)
	}
	if len(r.Misses) != 1 || r.Misses[0].Text != "c3" || len(r.FalseCrisis) != 1 || r.FalseCrisis[0].Text != "n1" {
		t.Errorf("misses %v, crisis false alarms %v", r.Misses, r.FalseCrisis)
	}
	if r.Risk != 5 || r.None != 4 || r.KindLines["ordinary"] != 1 {
		t.Errorf("%d risk, %d none, %d ordinary", r.Risk, r.None, r.KindLines["ordinary"])
	}

	var out bytes.Buffer
	r.print(&out, 0)
	for _, want := range []string{"80.0% (4/5)", "Missed risk lines (screened none): 1 (first 0", "Non-risk lines screened crisis: 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	rows := 0
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "overdose_taken") {
			rows++
			if strings.Count(line, "0.0% (0/1)") != 3 {
				t.Errorf("overdose_taken row: %q, want 0/1 three times", line)
			}
		}
	}
	if rows != 1 {
		t.Errorf("%d overdose_taken rows in the report, want 1", rows)
	}

	out.Reset()
	r.markdown(&out)
	for _, want := range []string{
		"| risk lines flagged, any tier (recall) | 50.0% | 100.0% | 100.0% | **80.0% (4/5)** |",
		"none 1 / 1 / 1 / 1.",
		"distress 100.0%, relapse_sleep 100.0%, self_harm 100.0%, overdose_taken 0.0%.",
		"negation 100.0% / 50.0%",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, out.String())
		}
	}
}

// The command reads the repository's set and screens it with the built-in pack; an unreadable
// set is the only failure.
func TestScreenCommand(t *testing.T) {
	for _, md := range []bool{false, true} {
		var out bytes.Buffer
		if err := screenSet(os.DirFS("../../content/default/screen/examples"), content.Default().Screener(), &out, 3, md); err != nil {
			t.Fatal(err)
		}
		want := "Evaluation set:"
		if md {
			want = "| risk lines flagged, any tier (recall) |"
		}
		if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "Confusion") {
			t.Errorf("markdown=%v, report lacks %q:\n%s", md, want, out.String())
		}
	}
	if err := screenSet(os.DirFS(t.TempDir()), content.Default().Screener(), io.Discard, 3, false); err == nil {
		t.Error("an empty folder screened without an error")
	}
}

// screen-cv screens each held file with a model that never saw it: the file is gone from the
// examples the screen trains on, and its lines, and only its lines, are the set.
func TestScreenCVHoldsEachFileOut(t *testing.T) {
	root := fstest.MapFS{
		"examples/a.tsv": {Data: []byte("# a\ncrisis\tself_harm\ten\trisk\tcut again\n")},
		"examples/b.tsv": {Data: []byte("none\tordinary\ten\tordinary\tnice walk\n")},
	}
	w := without{root, "examples/a.tsv"}
	names, err := fs.Glob(w, "examples/*.tsv")
	if err != nil || len(names) != 1 || names[0] != "examples/b.tsv" {
		t.Errorf("without a.tsv, examples are %v (%v); want only b.tsv", names, err)
	}
	if _, err := fs.ReadFile(w, "examples/a.tsv"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("reading the held file: %v, want not found", err)
	}
	set, err := readSet(only{root, "examples/a.tsv"})
	if err != nil || len(set) != 1 || set[0].Text != "cut again" || set[0].Where != "a.tsv:2" {
		t.Errorf("the held file as a set: %+v, %v; want its one line", set, err)
	}

	var out strings.Builder
	if err := run(context.Background(), []string{"screen-cv", "-pack", "../../content/default", "-hold", "s5-nevermind.tsv", "-misses", "0"}, &out); err != nil {
		t.Fatal(err)
	}
	want, err := readSet(only{os.DirFS("../../content/default/screen"), "examples/s5-nevermind.tsv"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "s5-nevermind.tsv") || !strings.Contains(out.String(), fmt.Sprintf("Evaluation set: %d messages", len(want))) {
		t.Errorf("report does not screen exactly the held file's %d lines:\n%s", len(want), out.String())
	}
	if err := run(context.Background(), []string{"screen-cv", "-pack", "../../content/default", "-hold", "nothing-*.tsv"}, io.Discard); err == nil {
		t.Error("a -hold that matches no file ran without an error")
	}
}

// screen-forms counts and lists the forms a context entry lowers below their list's tier.
func TestScreenFormsListsWhatContextLowers(t *testing.T) {
	s, err := triage.NewScreener(fstest.MapFS{
		"en/suicide.txt":    {Data: []byte("@tier crisis\nend|ending it all\nwant to die\n")},
		"context/idiom.txt": {Data: []byte("ending it all\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := screenForms(s, []string{"", "honestly"}, &out, 5); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"3 forms",
		"alone                          66.7% (2/3)",
		"33.3% (1/3)",
		"ending it all\tcrisis→none [idiom]",
		"honestly ending it all\tcrisis→none [idiom]",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "want to die\t") || strings.Contains(out.String(), "end it all\t") {
		t.Errorf("report lists a form screened at its tier:\n%s", out.String())
	}
}
