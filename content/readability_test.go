package content

import "testing"

func TestGradeReadsChatText(t *testing.T) {
	cases := []struct {
		name     string
		text     string
		min, max float64
	}{
		{"no words", "", 0, 0},
		{"only markup", "<b></b> &amp; 42", 0, 0},
		// A list with one item a line is read item by item, not as one long sentence.
		{"a list", "Things that help:\n• a walk\n• a chat with a friend\n• a warm drink\n• some music", -5, 2},
		{"entities are text", "Tea &amp; toast. Rest &amp; sleep.", -5, 1},
		{"jargon", "Pharmacological interventions necessitate individualised consideration of extrapyramidal adverse effects.", 15, 40},
	}
	for _, tc := range cases {
		if g := Grade(tc.text); g < tc.min || g > tc.max {
			t.Errorf("%s: Grade(%q) = %.1f, want %v..%v", tc.name, tc.text, g, tc.min, tc.max)
		}
	}
	// Splitting lines into sentences can only make a text read easier, never harder.
	joined, split := Grade("You can rest and you can walk and you can talk to a friend and you can sleep"), Grade("You can rest\nyou can walk\nyou can talk to a friend\nyou can sleep")
	if split >= joined {
		t.Errorf("grade with line breaks %.1f, without %.1f", split, joined)
	}
}
