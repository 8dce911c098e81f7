package triage

import (
	"slices"
	"testing"
)

// TestStoryAndIdiomReach pins how far a story word and an idiom reach: a story lowers what is
// about someone in it, never the person's own words beside it; an idiom lowers only the words
// it covers.
func TestStoryAndIdiomReach(t *testing.T) {
	s := testScreener()
	for _, tc := range []struct {
		text    string
		want    Tier
		context string // a label the result must carry; "" for none required
	}{
		// The nearest word naming someone decides whose words they are.
		{"in the show the dad hangs himself in the garage", TierNone, ""},
		{"that film made me want to die", TierCrisis, ""},
		{"la peli me dio ganas de matarme", TierCrisis, ""},
		{"the protagonist wants to kill himself in chapter 3", TierNone, ""},
		// A word of saying hands the line to the song.
		{"the lyrics go i want to die but its a banger", TierNone, "media"},
		{"the song is about me wanting to end it", TierCrisis, ""},
		// "and" with no one named between: the person.
		{"watching netflix and wanna die", TierCrisis, ""},
		// A story in an earlier clause reaches a clause about someone else, not one about the person.
		{"watched a film last night, the guy kills himself at the end", TierNone, ""},
		{"watched a film last night, made me want to die", TierCrisis, ""},
		// In a game the "I" is the player's, unless joined to it by "and".
		{"i keep killing myself by accident in minecraft", TierNone, "media"},
		{"playing fortnite and thinking about killing myself", TierCrisis, ""},
		// The person's own family is never a story's.
		{"watching a film, my dad hit my mum again", TierCrisis, ""},
		// An idiom covers only its own words.
		{"im dead serious i want to die", TierCrisis, ""},
		{"im dead tired of living", TierCrisis, ""},
		{"me quiero morir de la vergüenza jajaja", TierNone, "idiom"},
		{"ugh kill me now another team meeting", TierNone, "idiom"},
	} {
		r := s.Screen(tc.text)
		if r.Tier != tc.want {
			t.Errorf("Screen(%q) = %s %v %v, want %s", tc.text, r.Tier, r.Matched, r.Context, tc.want)
		}
		if tc.context != "" && !slices.Contains(r.Context, tc.context) {
			t.Errorf("Screen(%q).Context = %v, want it to hold %q", tc.text, r.Context, tc.context)
		}
	}
}
