package triage

import (
	"strings"
	"testing"
	"testing/fstest"
)

// signLists holds two files of often-innocent signs that add up, and one that does not.
func signLists() fstest.MapFS {
	return fstest.MapFS{
		"en/possible.txt":      {Data: []byte("@tier concern\n@together crisis\nmade a will\nrehomed my cat\n")},
		"en/warning.txt":       {Data: []byte("@tier concern\n@together crisis\nso nobody has to deal with it\nrehomed my cat\n")},
		"en/distress.txt":      {Data: []byte("@tier concern\nso tired\n")},
		"context/negation.txt": {Data: []byte("havent\nnot\n")},
	}
}

func TestSignsAddUp(t *testing.T) {
	s, err := NewScreener(signLists())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		want       Tier
	}{
		{"one sign is a concern", "i made a will today", TierConcern},
		{"two signs of one file add up", "made a will and rehomed my cat", TierCrisis},
		{"two signs of two files add up", "made a will so nobody has to deal with it", TierCrisis},
		{"one phrase in two files is one sign", "i rehomed my cat", TierConcern},
		{"a sign and a concern of another kind do not", "made a will, so tired", TierConcern},
		{"a negated sign does not count", "i haven't made a will, and rehomed my cat", TierConcern},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := s.Screen(tc.text); r.Tier != tc.want {
				t.Errorf("Screen(%q) = %s %v, want %s", tc.text, r.Tier, r.Context, tc.want)
			}
		})
	}
}

func TestTogetherMustBeATier(t *testing.T) {
	_, err := NewScreener(fstest.MapFS{"en/possible.txt": {Data: []byte("@tier concern\n@together soon\nmade a will\n")}})
	if err == nil || !strings.Contains(err.Error(), "en/possible.txt:2") {
		t.Errorf("err = %v, want the bad @together line named", err)
	}
}

func TestTheModelConfirmsASignOnlyWhenUntouched(t *testing.T) {
	lists := signLists()
	lists["en/suicide.txt"] = &fstest.MapFile{Data: []byte("@tier crisis\nkill myself\n")}
	s, err := NewScreener(lists)
	if err != nil {
		t.Fatal(err)
	}
	sure := Probs{Crisis: 0.95, None: 0.05}
	unsure := Probs{Crisis: 0.6, None: 0.4}
	sign := s.Screen("made a will")
	distress := s.Screen("so tired")
	lowered := sign
	lowered.Context = []string{"negation"}
	for _, tc := range []struct {
		name string
		r    Result
		p    Probs
		want Tier
	}{
		{"a sign the model reads as a plan: crisis", sign, sure, TierCrisis},
		{"a sign the model is unsure of: concern", sign, unsure, TierConcern},
		{"a concern that is not a sign: concern", distress, sure, TierConcern},
		{"a sign beside lowered context: concern", lowered, sure, TierConcern},
		// A sign is listed because it looks like everyday life, so the model reading it so
		// is no reason to clear it.
		{"a sign the model reads as everyday talk: still a concern", sign, Probs{None: 0.999}, TierConcern},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.modelSay(tc.r, tc.p, true, "text", tokenize("text"))
			if got.Tier != tc.want {
				t.Errorf("modelSay = %s, want %s", got.Tier, tc.want)
			}
			if tc.want == TierCrisis && (got.Matches[0].Tier != TierCrisis || !strings.Contains(strings.Join(got.Context, ","), ContextConfirmed)) {
				t.Errorf("a confirmed crisis must say so: %+v", got)
			}
			if tc.r.Tier != TierConcern {
				t.Error("modelSay changed the result it was given")
			}
		})
	}
}
