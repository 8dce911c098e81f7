package triage

import (
	"reflect"
	"testing"
)

// Each flag carries its reason and evidence as codes with the values the bot words them from,
// in the reader's language; the English Reason and Evidence say the same.
func TestFlagsCarryCodes(t *testing.T) {
	r := noBaseline()
	stress := series("stress", 4, 5, 4)
	voices := answered(0, map[string]int{"voices_upset": 5})
	missed := []Checkin{closed(0, StatusMissed), closed(1, StatusMissed), closed(2, StatusMissed)}
	base := testRules()
	calm := series("mood", 4, 4, 4, 4, 4, 4, 4, 1)
	for _, tc := range []struct {
		name      string
		flag      *Flag
		why       Wording
		facts     []Wording
		factCount int
	}{
		{"threshold", find(Evaluate(r, nil, voices), "threshold:voices_upset"),
			Wording{WhyThreshold, map[string]string{"question": "voices_upset", "label": "Distress from voices", "value": "5", "max": "5"}},
			[]Wording{{FactAnswer, map[string]string{"question": "voices_upset", "label": "Distress from voices", "value": "5"}}}, 1},
		{"run, oldest answer first", find(Evaluate(r, stress[:2], stress[2]), "run:stress"),
			Wording{WhyRunHigh, map[string]string{"question": "stress", "label": "Stress", "value": "4", "count": "3"}},
			[]Wording{{FactAnswerOn, map[string]string{"question": "stress", "label": "Stress", "value": "4", "date": "2026-03-01"}}}, 3},
		{"baseline", find(Evaluate(base, calm[:7], calm[7]), "baseline:mood"),
			Wording{WhyBaselineLow, map[string]string{"question": "mood", "label": "Mood", "usual": "4", "value": "1"}}, nil, 2},
		{"silence", Silence(r, missed),
			Wording{WhySilence, map[string]string{"count": "3"}},
			[]Wording{{FactMissed, map[string]string{"at": "2026-03-01T09:00:00Z"}}}, 3},
		{"asked", ptr(Asked("ring me", nil)), Wording{Code: WhyAsked},
			[]Wording{{FactNote, map[string]string{"text": "ring me"}}}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.flag == nil {
				t.Fatal("no flag")
			}
			if !reflect.DeepEqual(tc.flag.Why, tc.why) {
				t.Errorf("why %+v, want %+v", tc.flag.Why, tc.why)
			}
			if len(tc.flag.Facts) != tc.factCount || len(tc.flag.Facts) != len(tc.flag.Evidence) {
				t.Fatalf("%d facts for %d lines of evidence, want %d: %+v", len(tc.flag.Facts), len(tc.flag.Evidence), tc.factCount, tc.flag.Facts)
			}
			for i, want := range tc.facts {
				if !reflect.DeepEqual(tc.flag.Facts[i], want) {
					t.Errorf("fact %d: %+v, want %+v", i, tc.flag.Facts[i], want)
				}
			}
		})
	}
}

func ptr(f Flag) *Flag { return &f }

// What the risk screen found is carried by category and context ids, never by English names.
func TestScreenFlagCarriesCodes(t *testing.T) {
	s := testScreener()
	for _, tc := range []struct {
		text string
		why  string
		cats string
	}{
		{"ya no quiero vivir", WhyWordsCrisis, "suicide"},
		{"I haven't slept for days", WhyWordsRelapse, "relapse"},
	} {
		f := s.Flag(s.Screen(tc.text))
		if f.Why.Code != tc.why || f.Why.Args["categories"] != tc.cats {
			t.Errorf("%q: why %+v, want %s about %s", tc.text, f.Why, tc.why, tc.cats)
		}
		if len(f.Facts) == 0 || f.Facts[0].Code != FactQuote || f.Facts[0].Args["text"] == "" || f.Facts[0].Args["categories"] != tc.cats {
			t.Errorf("%q: facts %+v", tc.text, f.Facts)
		}
	}
	if f := s.Flag(Result{Tier: TierNone}); f.Kind != "" || f.Why.Code != "" {
		t.Errorf("nothing found, but a flag: %+v", f)
	}
}
