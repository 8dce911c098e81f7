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

func TestSyllablesES(t *testing.T) {
	cases := []struct {
		word string
		want int
		why  string
	}{
		{"sol", 1, "one vowel"},
		{"casa", 2, "open syllables"},
		{"y", 1, "y alone is a vowel"},
		{"hoy", 1, "final y closes a diphthong"},
		{"muy", 1, "u and final y"},
		{"mayo", 2, "y before a vowel is a consonant"},
		{"cielo", 2, "ie diphthong"},
		{"cuidado", 3, "ui diphthong"},
		{"baile", 2, "ai diphthong"},
		{"ciudad", 2, "iu diphthong"},
		{"buey", 1, "triphthong"},
		{"Uruguay", 3, "triphthong at the end"},
		{"estudiáis", 3, "triphthong with a written accent on the strong vowel"},
		{"poeta", 3, "oe hiatus"},
		{"creer", 2, "ee hiatus"},
		{"leer", 2, "ee hiatus"},
		{"día", 2, "stressed í makes a hiatus"},
		{"reír", 2, "stressed í after a strong vowel"},
		{"baúl", 2, "stressed ú"},
		{"oía", 3, "hiatus on both sides of í"},
		{"chiita", 3, "doubled i"},
		{"queso", 2, "silent u in qu"},
		{"aquí", 2, "silent u before a stressed í"},
		{"guitarra", 3, "silent u in gui"},
		{"guía", 2, "silent u, then a hiatus"},
		{"agua", 2, "sounded u before a"},
		{"pingüino", 3, "ü is sounded and joins the i"},
		{"ahumado", 3, "h does not split a diphthong"},
		{"ahí", 2, "h between a hiatus"},
		{"Psicosis", 3, "capitals"},
		{"recuperación", 5, "ión at the end"},
		{"individualizada", 7, "ua diphthong in a long word"},
		{"tratamiento", 4, "ie diphthong in the middle"},
		{"sueño", 2, "ue diphthong"},
		{"reúne", 3, "stressed ú after e"},
	}
	for _, tc := range cases {
		if got := SyllablesES(tc.word); got != tc.want {
			t.Errorf("SyllablesES(%q) = %d, want %d (%s)", tc.word, got, tc.want, tc.why)
		}
	}
}

func TestINFLESZ(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		want  float64
		level string
	}{
		// 3 words, 5 syllables, 1 sentence: 206.835 − 62.3 × 5/3 − 3.
		{"short words", "El gato come.", 100.00167, "muy fácil"},
		// 4 words (qué, día, es, hoy), 5 syllables: 206.835 − 62.3 × 5/4 − 4.
		{"accents and a final y", "¿Qué día es hoy?", 124.96, "muy fácil"},
		// Two sentences (the line break ends one); tags ignored: 5 words, 10 syllables.
		{"chat text", "<b>Hola</b> y adiós.\nHasta mañana", 79.735, "bastante fácil"},
		// 7 words, 28 syllables, 1 sentence: 206.835 − 62.3 × 4 − 7.
		{"jargon", "La intervención farmacológica requiere una consideración individualizada.", -49.365, "muy difícil"},
		// & is decoded and is not a word: 4 words of one syllable in 2 sentences.
		{"entities decoded", "Té &amp; pan. Sal &amp; sol.", 206.835 - 62.3 - 2, "muy fácil"},
		{"no words", "<i></i> 42", 100, "muy fácil"},
	}
	for _, tc := range cases {
		got := INFLESZ(tc.text)
		if d := got - tc.want; d > 0.001 || d < -0.001 {
			t.Errorf("%s: INFLESZ(%q) = %.3f, want %.3f", tc.name, tc.text, got, tc.want)
		}
		if l := INFLESZLevel(got); l != tc.level {
			t.Errorf("%s: level %q, want %q", tc.name, l, tc.level)
		}
	}
}

func TestINFLESZLevels(t *testing.T) {
	cases := []struct {
		score float64
		want  string
	}{
		{-10, "muy difícil"}, {39.9, "muy difícil"}, {40, "algo difícil"}, {54.9, "algo difícil"},
		{55, "normal"}, {64.9, "normal"}, {65, "bastante fácil"}, {79.9, "bastante fácil"},
		{80, "muy fácil"}, {120, "muy fácil"},
	}
	for _, tc := range cases {
		if got := INFLESZLevel(tc.score); got != tc.want {
			t.Errorf("INFLESZLevel(%v) = %q, want %q", tc.score, got, tc.want)
		}
	}
}

func TestReadabilityIn(t *testing.T) {
	text := "Dormir bien ayuda. Sal a caminar por la mañana."
	cases := []struct {
		lang    string
		ok      bool
		measure string
		easy    bool
	}{
		{"en", true, "Flesch-Kincaid grade", true},
		{"es", true, "INFLESZ", true},
		{"fr", false, "", false},
	}
	for _, tc := range cases {
		r, ok := ReadabilityIn(text, tc.lang)
		if ok != tc.ok || r.Measure != tc.measure || r.Easy != tc.easy {
			t.Errorf("ReadabilityIn(%s) = %+v, %v", tc.lang, r, ok)
		}
	}
	es, _ := ReadabilityIn("La intervención farmacológica requiere una consideración individualizada.", "es")
	if es.Easy || es.Level != "muy difícil" || !es.Harder(10, 70) || es.Harder(70, 10) {
		t.Errorf("hard Spanish reads %+v", es)
	}
	en, _ := ReadabilityIn("x", "en")
	if !en.Harder(12, 5) || en.Harder(5, 12) {
		t.Error("a higher grade is harder")
	}
}
