package triage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

var day0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// answered is an answered check-in due n days after day0 with the given scale answers.
func answered(n int, scale map[string]int) Checkin {
	return Checkin{ID: int64(n + 1), At: day0.AddDate(0, 0, n), Status: StatusAnswered, Scale: scale}
}

// closed is a check-in with no answers: missed, not_now or open.
func closed(n int, status string) Checkin {
	return Checkin{ID: int64(n + 1), At: day0.AddDate(0, 0, n), Status: status}
}

// series makes answered check-ins on consecutive days, one answer to q each.
func series(q string, vals ...int) []Checkin {
	var cs []Checkin
	for i, v := range vals {
		cs = append(cs, answered(i, map[string]int{q: v}))
	}
	return cs
}

func keys(fs []Flag) []string {
	var ks []string
	for _, f := range fs {
		ks = append(ks, f.Key)
	}
	return ks
}

func find(fs []Flag, key string) *Flag {
	for i := range fs {
		if fs[i].Key == key {
			return &fs[i]
		}
	}
	return nil
}

// testRules are the rules these tests run on: the default pack's daily check-in (its scales, as
// TestRulesMatchContent checks) with rules like its flags.yaml. They are written out here, not
// read from the pack, so a service changing its pack's numbers changes no test of how rules work.
func testRules() Rules {
	return Rules{
		Scales: []Scale{
			{Question: "mood", Min: 1, Max: 5, Concern: ConcernLow, Label: "Mood"},
			{Question: "sleep", Min: 1, Max: 5, Concern: ConcernLow, Label: "Sleep"},
			{Question: "stress", Min: 1, Max: 5, Concern: ConcernHigh, Label: "Stress"},
			{Question: "voices_upset", Min: 1, Max: 5, Concern: ConcernHigh, Label: "Distress from voices"},
		},
		Thresholds: []Threshold{
			{Question: "voices_upset", Value: 5, Urgent: true},
			{Question: "stress", Value: 5},
			{Question: "mood", Value: 1},
		},
		Runs: []Run{
			{Question: "mood", Value: 2, Count: 3},
			{Question: "stress", Value: 4, Count: 3},
			{Question: "voices_upset", Value: 4, Count: 2},
		},
		Baseline:     Baseline{MinHistory: 7, Window: 28 * 24 * time.Hour, Delta: 2},
		SilenceAfter: DefaultSilence,
	}
}

// noBaseline is the test rules without the baseline rule, so threshold and run tests see
// only what they test.
func noBaseline() Rules {
	r := testRules()
	r.Baseline = Baseline{}
	return r
}

// TestRulesMatchContent checks the test rules against the daily check-in they stand for: every
// scale they describe is a scale question there, with the same range and worrying end. A rule
// with the wrong end would flag the good days and miss the bad ones.
func TestRulesMatchContent(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "content", "default", "checkins.yaml"))
	if err != nil {
		t.Fatalf("reading the default check-ins: %v", err)
	}
	var pack struct {
		Sets []struct {
			ID        string
			Questions []struct {
				ID, Kind, Concern string
				Min, Max          int
			}
		}
	}
	if err := yaml.Unmarshal(b, &pack); err != nil {
		t.Fatal(err)
	}
	daily := map[string]Scale{}
	for _, s := range pack.Sets {
		if s.ID != "daily" {
			continue
		}
		for _, q := range s.Questions {
			if q.Kind == "scale" {
				daily[q.ID] = Scale{Question: q.ID, Min: q.Min, Max: q.Max, Concern: q.Concern}
			}
		}
	}
	if len(daily) == 0 {
		t.Fatal("no daily scale questions found")
	}
	r := testRules()
	for _, s := range r.Scales {
		c, ok := daily[s.Question]
		if !ok {
			t.Errorf("rules describe %s, which the daily check-in does not ask", s.Question)
			continue
		}
		s.Label = ""
		if s != c {
			t.Errorf("rules describe %+v, the check-in asks %+v", s, c)
		}
	}
	for q := range daily {
		if _, ok := r.scale(q); !ok {
			t.Errorf("daily scale %s has no rules: it could never be compared with the person's usual", q)
		}
	}
}

func TestThresholds(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scale  map[string]int
		want   []string
		urgent bool
		reason string
	}{
		{"voices distress at 5 is urgent", map[string]int{"voices_upset": 5}, []string{"threshold:voices_upset"}, true, "Distress from voices at 5 of 5"},
		{"voices distress at 4 is below", map[string]int{"voices_upset": 4}, nil, false, ""},
		{"stress at 5, the boundary", map[string]int{"stress": 5}, []string{"threshold:stress"}, false, "Stress at 5 of 5"},
		{"stress at 4", map[string]int{"stress": 4}, nil, false, ""},
		{"mood at 1, low is worrying", map[string]int{"mood": 1}, []string{"threshold:mood"}, false, "Mood at 1 of 5"},
		{"mood at 2", map[string]int{"mood": 2}, nil, false, ""},
		{"mood at 5 is the good end", map[string]int{"mood": 5}, nil, false, ""},
		{"sleep has no threshold", map[string]int{"sleep": 1}, nil, false, ""},
		{"skipped questions", map[string]int{}, nil, false, ""},
		{"two at once", map[string]int{"mood": 1, "stress": 5, "voices_upset": 2}, []string{"threshold:stress", "threshold:mood"}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Evaluate(noBaseline(), nil, answered(0, tc.scale))
			if strings.Join(keys(got), ",") != strings.Join(tc.want, ",") {
				t.Fatalf("keys %v, want %v", keys(got), tc.want)
			}
			if len(got) == 1 {
				f := got[0]
				if f.Kind != KindThreshold || f.Urgent != tc.urgent || f.Reason != tc.reason {
					t.Errorf("flag %+v, want urgent %v reason %q", f, tc.urgent, tc.reason)
				}
				if len(f.Evidence) != 1 || !strings.HasSuffix(f.Evidence[0], ": 5") && !strings.HasSuffix(f.Evidence[0], ": 1") {
					t.Errorf("evidence %q", f.Evidence)
				}
			}
		})
	}
}

func TestThresholdsOnOneQuestionMakeOneFlag(t *testing.T) {
	r := noBaseline()
	r.Thresholds = append(r.Thresholds, Threshold{Question: "stress", Value: 4}, Threshold{Question: "stress", Value: 5, Urgent: true})
	got := Evaluate(r, nil, answered(0, map[string]int{"stress": 5}))
	if len(got) != 1 || got[0].Key != "threshold:stress" || !got[0].Urgent {
		t.Errorf("flags %+v, want one urgent threshold:stress", got)
	}
	got = Evaluate(r, nil, answered(0, map[string]int{"stress": 4}))
	if len(got) != 1 || got[0].Urgent {
		t.Errorf("flags %+v, want one non-urgent threshold:stress", got)
	}
}

func TestThresholdUnknownQuestion(t *testing.T) {
	r := Rules{Thresholds: []Threshold{{Question: "pain", Value: 4}}}
	if err := r.Validate(); err == nil {
		t.Error("Validate accepted a threshold on a question no scale describes")
	}
	if got := Evaluate(r, nil, answered(0, map[string]int{"pain": 5})); len(got) != 0 {
		t.Errorf("flags %v: an undescribed scale has no known worrying end", got)
	}
}

func TestRuns(t *testing.T) {
	mood := func(v int) Checkin { return Checkin{Status: StatusAnswered, Scale: map[string]int{"mood": v}} }
	missed := Checkin{Status: StatusMissed}
	notNow := Checkin{Status: StatusNotNow}
	skipped := Checkin{Status: StatusPartial, Scale: map[string]int{"stress": 2}}
	for _, tc := range []struct {
		name   string
		cs     []Checkin // oldest first; the last is the latest
		want   bool
		reason string
	}{
		{"three low in a row", []Checkin{mood(2), mood(2), mood(2)}, true, "Mood 2 or lower on 3 check-ins in a row"},
		{"lower still counts", []Checkin{mood(1), mood(2), mood(2)}, true, "Mood 2 or lower on 3 check-ins in a row"},
		{"only two", []Checkin{mood(4), mood(2), mood(2)}, false, ""},
		{"broken by a better day", []Checkin{mood(2), mood(3), mood(2), mood(2)}, false, ""},
		{"missed check-in neither counts nor breaks", []Checkin{mood(2), missed, mood(2), missed, mood(2)}, true, "Mood 2 or lower on 3 check-ins in a row"},
		{"missed does not count", []Checkin{mood(3), mood(2), missed, missed, mood(2)}, false, ""},
		{"not now neither counts nor breaks", []Checkin{mood(2), notNow, mood(2), mood(2)}, true, "Mood 2 or lower on 3 check-ins in a row"},
		{"skipped question neither counts nor breaks", []Checkin{mood(2), skipped, mood(2), mood(2)}, true, "Mood 2 or lower on 3 check-ins in a row"},
		{"longer run says how long", []Checkin{mood(2), mood(1), mood(2), mood(2), mood(2)}, true, "Mood 2 or lower on 5 check-ins in a row"},
		{"the latest must be low", []Checkin{mood(2), mood(2), mood(2), mood(3)}, false, ""},
		{"the latest skipped", []Checkin{mood(2), mood(2), mood(2), skipped}, false, ""},
		{"high end of a low scale", []Checkin{mood(5), mood(5), mood(5)}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := range tc.cs {
				tc.cs[i].At = day0.AddDate(0, 0, i)
			}
			n := len(tc.cs)
			got := find(Evaluate(noBaseline(), tc.cs[:n-1], tc.cs[n-1]), "run:mood")
			if (got != nil) != tc.want {
				t.Fatalf("run flag %+v, want %v", got, tc.want)
			}
			if got != nil {
				if got.Kind != KindRun || got.Urgent || got.Reason != tc.reason {
					t.Errorf("flag %+v, want reason %q, not urgent", got, tc.reason)
				}
				if !strings.HasPrefix(got.Evidence[len(got.Evidence)-1], "mood: ") {
					t.Errorf("evidence %q", got.Evidence)
				}
			}
		})
	}
}

func TestRunsHighConcern(t *testing.T) {
	cs := series("stress", 4, 5, 4)
	got := find(Evaluate(noBaseline(), cs[:2], cs[2]), "run:stress")
	if got == nil || got.Reason != "Stress 4 or higher on 3 check-ins in a row" {
		t.Fatalf("flag %+v", got)
	}
	if want := []string{"stress: 4 on 1 Mar", "stress: 5 on 2 Mar", "stress: 4 on 3 Mar"}; strings.Join(got.Evidence, "|") != strings.Join(want, "|") {
		t.Errorf("evidence %q, want %q", got.Evidence, want)
	}
	cs = series("voices_upset", 4, 4)
	if find(Evaluate(noBaseline(), cs[:1], cs[1]), "run:voices_upset") == nil {
		t.Error("distress from voices at 4 twice in a row should flag")
	}
	cs = series("voices_upset", 4, 3, 4)
	if find(Evaluate(noBaseline(), cs[:2], cs[2]), "run:voices_upset") != nil {
		t.Error("a 3 between breaks the run")
	}
}

func TestBaseline(t *testing.T) {
	r := testRules()
	r.Thresholds, r.Runs = nil, nil
	flat := func(q string, v, n int) []Checkin {
		vals := make([]int, n)
		for i := range vals {
			vals[i] = v
		}
		return series(q, vals...)
	}
	latest := func(hist []Checkin, q string, v int) Checkin {
		return Checkin{Status: StatusAnswered, At: hist[len(hist)-1].At.AddDate(0, 0, 1), Scale: map[string]int{q: v}}
	}
	for _, tc := range []struct {
		name   string
		hist   []Checkin
		q      string
		v      int
		reason string // "" for no flag
	}{
		{"too little history", flat("stress", 2, 6), "stress", 5, ""},
		{"just enough history", flat("stress", 2, 7), "stress", 5, "Stress well above their usual (usually 2, today 5)"},
		{"flat history, clearly raised", flat("stress", 2, 10), "stress", 4, "Stress well above their usual (usually 2, today 4)"},
		{"flat history, one point up is not well above", flat("stress", 2, 10), "stress", 3, ""},
		{"wide-ranging history, same answer as usual highs", series("stress", 1, 5, 1, 5, 1, 5, 1, 5), "stress", 5, ""},
		{"low concern, clearly lowered", flat("mood", 4, 10), "mood", 1, "Mood well below their usual (usually 4, today 1)"},
		{"low concern, raised is good news", flat("mood", 2, 10), "mood", 5, ""},
		{"mean with a decimal", series("sleep", 4, 4, 4, 5, 4, 4, 4, 5, 4, 4), "sleep", 1, "Sleep well below their usual (usually 4.2, today 1)"},
		{"question skipped today", flat("stress", 2, 10), "mood", 3, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := Evaluate(r, tc.hist, latest(tc.hist, tc.q, tc.v))
			f := find(fs, "baseline:"+tc.q)
			if tc.reason == "" {
				if len(fs) != 0 {
					t.Fatalf("flags %+v, want none", fs)
				}
				return
			}
			if f == nil || f.Kind != KindBaseline || f.Urgent || f.Reason != tc.reason {
				t.Fatalf("flags %+v, want reason %q", fs, tc.reason)
			}
			if len(f.Evidence) == 0 || f.Evidence[0] != tc.q+": "+string(rune('0'+tc.v)) {
				t.Errorf("evidence %q", f.Evidence)
			}
		})
	}
}

func TestBaselineWindow(t *testing.T) {
	r := testRules()
	r.Thresholds, r.Runs = nil, nil
	// Ten answers of 2, but the latest comes 40 days after the first: only those within 28
	// days count, and there are 4 of them, fewer than the 7 needed.
	hist := series("stress", 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)
	latest := Checkin{Status: StatusAnswered, At: day0.AddDate(0, 0, 33), Scale: map[string]int{"stress": 5}}
	if fs := Evaluate(r, hist, latest); len(fs) != 0 {
		t.Errorf("flags %+v: answers older than the window should not count", fs)
	}
	// Old high answers outside the window do not raise the usual: a person who was struggling
	// two months ago and has been settled since is compared with the settled weeks.
	old := series("stress", 5, 5, 5, 5, 5, 5, 5)
	var recent []Checkin
	for i := 0; i < 8; i++ {
		recent = append(recent, Checkin{Status: StatusAnswered, At: day0.AddDate(0, 0, 60+i), Scale: map[string]int{"stress": 1}})
	}
	latest = Checkin{Status: StatusAnswered, At: day0.AddDate(0, 0, 70), Scale: map[string]int{"stress": 4}}
	f := find(Evaluate(r, append(old, recent...), latest), "baseline:stress")
	if f == nil || f.Reason != "Stress well above their usual (usually 1, today 4)" {
		t.Errorf("flag %+v, want a departure from the recent usual of 1", f)
	}
	// With no window, every answer counts.
	r.Baseline.Window = 0
	if fs := Evaluate(r, hist, Checkin{Status: StatusAnswered, At: day0.AddDate(0, 0, 33), Scale: map[string]int{"stress": 5}}); find(fs, "baseline:stress") == nil {
		t.Errorf("flags %+v, want a baseline flag with no window", fs)
	}
}

func TestBaselineOffAndFloor(t *testing.T) {
	hist := series("stress", 2, 2, 2, 2, 2, 2, 2, 2)
	latest := Checkin{Status: StatusAnswered, At: day0.AddDate(0, 0, 9), Scale: map[string]int{"stress": 4}}
	r := Rules{Scales: testRules().Scales}
	if fs := Evaluate(r, hist, latest); len(fs) != 0 {
		t.Errorf("flags %+v with the baseline off", fs)
	}
	// A bigger floor asks for a bigger change from a flat history.
	r.Baseline = Baseline{MinHistory: 7, Delta: 2, Floor: 1}
	if fs := Evaluate(r, hist, latest); len(fs) != 0 {
		t.Errorf("flags %+v: 2 points is not more than 2 × 1", fs)
	}
	latest.Scale["stress"] = 5
	if fs := Evaluate(r, hist, latest); find(fs, "baseline:stress") == nil {
		t.Errorf("flags %+v, want 5 to be well above 2", fs)
	}
}

func TestSigns(t *testing.T) {
	r := Rules{
		Scales:   []Scale{{Question: "sign_2", Min: 1, Max: 5, Concern: ConcernLow, Label: "Not sleeping"}},
		Baseline: Baseline{MinHistory: 7, Window: 28 * 24 * time.Hour, Delta: 2},
		Signs:    []string{"sign_1", "sign_2", "sign_1"},
	}
	var hist []Checkin
	for i := 0; i < 8; i++ {
		hist = append(hist, answered(i, map[string]int{"sign_1": 1, "sign_2": 1}))
	}
	latest := answered(8, map[string]int{"sign_1": 4, "sign_2": 4})
	fs := Evaluate(r, hist, latest)
	if got := strings.Join(keys(fs), ","); got != "sign:sign_1,sign:sign_2" {
		t.Fatalf("keys %s, want one sign flag each, none as a plain baseline", got)
	}
	if fs[0].Kind != KindSign || fs[0].Reason != `Early warning sign "Sign 1" well above their usual (usually 1, today 4)` {
		t.Errorf("flag %+v", fs[0])
	}
	// A sign rises to worry even if its Scale was written with concern low.
	if fs[1].Reason != `Early warning sign "Not sleeping" well above their usual (usually 1, today 4)` {
		t.Errorf("flag %+v", fs[1])
	}
	// A fall in a sign is not a worry.
	if fs := Evaluate(r, series("sign_1", 4, 4, 4, 4, 4, 4, 4, 4), answered(9, map[string]int{"sign_1": 1})); len(fs) != 0 {
		t.Errorf("flags %+v for a sign going down", fs)
	}
}

func TestEvaluateWords(t *testing.T) {
	latest := answered(0, map[string]int{"mood": 1})
	latest.Texts = []string{"had a rough day", "honestly i dont want to be here anymore", "i want to die"}
	withWords := testRules()
	withWords.Words = testScreener()
	fs := Evaluate(withWords, nil, latest)
	if len(fs) != 2 || fs[0].Key != "words" || !fs[0].Urgent || fs[1].Key != "threshold:mood" {
		t.Fatalf("flags %+v, want the urgent words flag first, then the mood threshold", fs)
	}
	if fs[0].Reason != "Words about suicide in a message" || len(fs[0].Evidence) != 1 || !strings.Contains(fs[0].Evidence[0], "dont want to be here") {
		t.Errorf("words flag %+v: one category, quoted where first seen", fs[0])
	}
	r := testRules()
	r.Words = nil
	if fs := Evaluate(r, nil, latest); find(fs, "words") != nil {
		t.Errorf("flags %+v: no lexicon, no words flag", fs)
	}
	// Words in a check-in that was otherwise not answered still count.
	partial := Checkin{Status: StatusPartial, Texts: []string{"they're going to kill me"}}
	if fs := Evaluate(withWords, nil, partial); len(fs) != 1 || fs[0].Reason != "Words about not feeling safe in a message" {
		t.Errorf("flags %+v", fs)
	}
}

func TestEvaluateKeysUniqueUrgentFirst(t *testing.T) {
	hist := series("voices_upset", 1, 1, 1, 1, 1, 1, 1, 4)
	latest := answered(9, map[string]int{"voices_upset": 5, "stress": 5, "mood": 1})
	latest.Texts = []string{"I'm fine"}
	fs := Evaluate(testRules(), hist, latest)
	seen := map[string]bool{}
	for i, f := range fs {
		if seen[f.Key] {
			t.Errorf("key %s twice", f.Key)
		}
		seen[f.Key] = true
		if i > 0 && f.Urgent && !fs[i-1].Urgent {
			t.Errorf("urgent %s after a non-urgent flag", f.Key)
		}
		if f.Reason == "" || len(f.Evidence) == 0 {
			t.Errorf("flag %+v lacks a reason or evidence", f)
		}
	}
	for _, k := range []string{"threshold:voices_upset", "threshold:stress", "threshold:mood", "run:voices_upset", "baseline:voices_upset"} {
		if !seen[k] {
			t.Errorf("no %s flag in %v", k, keys(fs))
		}
	}
	if fs[0].Key != "threshold:voices_upset" {
		t.Errorf("first flag %s, want the urgent one", fs[0].Key)
	}
	// The same answers a day later give the same keys, so the open flags gather evidence.
	again := Evaluate(testRules(), append(hist, latest), answered(10, map[string]int{"voices_upset": 5, "stress": 5, "mood": 1}))
	for _, k := range []string{"threshold:voices_upset", "run:voices_upset"} {
		if find(again, k) == nil {
			t.Errorf("next day: no %s in %v", k, keys(again))
		}
	}
}

func TestSilence(t *testing.T) {
	m, a, p, n, o := StatusMissed, StatusAnswered, StatusPartial, StatusNotNow, StatusOpen
	for _, tc := range []struct {
		name     string
		statuses []string
		after    int
		want     int // missed in a row reported; 0 for no flag
	}{
		{"three missed", []string{a, m, m, m}, 0, 3},
		{"two missed", []string{a, a, m, m}, 0, 0},
		{"four missed says four", []string{m, m, m, m}, 0, 4},
		{"only the most recent run counts", []string{m, m, m, a, m, m}, 0, 0},
		{"an answer at the end ends it", []string{m, m, m, a}, 0, 0},
		{"a partial answer ends it", []string{m, m, m, p}, 0, 0},
		{"not now is a choice, not silence", []string{m, m, n, m}, 0, 0},
		{"not now at the end", []string{m, m, m, n}, 0, 0},
		{"an open check-in is not judged yet", []string{a, m, m, m, o}, 0, 3},
		{"open only", []string{o}, 0, 0},
		{"nothing", nil, 0, 0},
		{"rule of two", []string{a, m, m}, 2, 2},
		{"rule of five", []string{m, m, m, m}, 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cs []Checkin
			for i, s := range tc.statuses {
				cs = append(cs, closed(i, s))
			}
			f := Silence(Rules{SilenceAfter: tc.after}, cs)
			if tc.want == 0 {
				if f != nil {
					t.Errorf("flag %+v, want none", f)
				}
				return
			}
			if f == nil {
				t.Fatal("no flag")
			}
			reason := strings.Replace("N check-ins missed in a row", "N", string(rune('0'+tc.want)), 1)
			if f.Kind != KindSilence || f.Key != "silence" || f.Urgent || f.Reason != reason || len(f.Evidence) != tc.want {
				t.Errorf("flag %+v, want reason %q", f, reason)
			}
		})
	}
	if f := Silence(testRules(), []Checkin{closed(0, m), closed(1, m), closed(2, m)}); f == nil || f.Evidence[0] != "missed: Sun 1 Mar 09:00" {
		t.Errorf("flag %+v: evidence should date each, oldest first", f)
	}
}

func TestAsked(t *testing.T) {
	f := Asked("", testScreener())
	if f.Kind != KindAsked || f.Key != "asked" || f.Urgent || f.Reason != "Asked their worker to get in touch" || len(f.Evidence) != 0 {
		t.Errorf("Asked(\"\") = %+v", f)
	}
	f = Asked("  can you ring me\nabout my PIP  ", testScreener())
	if f.Urgent || len(f.Evidence) != 1 || f.Evidence[0] != `"can you ring me about my PIP"` {
		t.Errorf("Asked(note) = %+v", f)
	}
	f = Asked("please call, i dont feel safe", testScreener())
	if !f.Urgent || f.Reason != "Asked their worker to get in touch, with words about not feeling safe" {
		t.Errorf("Asked(worrying note) = %+v, want urgent", f)
	}
	f = Asked(strings.Repeat("a long note ", 50), testScreener())
	if n := len([]rune(f.Evidence[0])); n > maxNote+2 {
		t.Errorf("evidence is %d characters", n)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Rules)
	}{
		{"unknown concern", func(r *Rules) { r.Scales[0].Concern = "middle" }},
		{"empty range", func(r *Rules) { r.Scales[0].Max = r.Scales[0].Min }},
		{"twice", func(r *Rules) { r.Scales = append(r.Scales, r.Scales[0]) }},
		{"no id", func(r *Rules) { r.Scales[0].Question = "" }},
		{"threshold out of range", func(r *Rules) { r.Thresholds[0].Value = 9 }},
		{"run on unknown question", func(r *Rules) { r.Runs[0].Question = "nope" }},
		{"run of one", func(r *Rules) { r.Runs[0].Count = 1 }},
		{"negative floor", func(r *Rules) { r.Baseline.Floor = -1 }},
		{"empty sign", func(r *Rules) { r.Signs = []string{""} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := testRules()
			tc.edit(&r)
			if r.Validate() == nil {
				t.Error("Validate accepted it")
			}
		})
	}
}
