package content

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode"
)

// Readability: the default pack is written for people who may be reading on a bad day, so its
// tests hold the wording to about a 12-year-old's reading level, and `tandem content check`
// tells a service when its own wording reads harder than that. Each language has its own
// measure, because a formula fitted to English word and sentence lengths says little about
// Spanish, whose words are longer for the same ease of reading.

// MaxGrade is the hardest Flesch-Kincaid grade content should read at: US grade 8 is about the
// reading level of a 12- to 13-year-old.
const MaxGrade = 8

// MinINFLESZ is the lowest INFLESZ score Spanish content should have: 65 is where the scale's
// "bastante fácil" (fairly easy) starts (Barrio-Cantalejo et al., 2008), the band that
// Szigriszt-Pazos's own table gives to readers of about 12, like the English target. Texts for
// patients are usually asked to reach at least "normal" (55); people reading on a bad day get
// one band easier.
const MinINFLESZ = 65

var (
	gradeTagRE = regexp.MustCompile(`<[^>]*>`)
)

// Readability is how easily a text reads, by the measure used for its language.
type Readability struct {
	Measure string  // the formula: "Flesch-Kincaid grade" or "INFLESZ"
	Score   float64 // a grade (lower is easier) or a reading ease (higher is easier)
	Level   string  // the score in words, in the text's language
	Easy    bool    // whether it is at least as easy as the pack's target for the language
}

// Target says in words what Easy asks of a score, for messages to a pack's editor.
func (r Readability) Target() string {
	if r.Measure == measureINFLESZ {
		return fmt.Sprintf("%d or more (bastante fácil)", MinINFLESZ)
	}
	return fmt.Sprintf("%d or below (about age 12)", MaxGrade)
}

// Harder reports whether score a reads harder than score b on this measure.
func (r Readability) Harder(a, b float64) bool {
	if r.Measure == measureINFLESZ {
		return a < b
	}
	return a > b
}

const (
	measureFK      = "Flesch-Kincaid grade"
	measureINFLESZ = "INFLESZ"
)

// ReadabilityIn measures text in lang. It returns false for a language Tandem has no measure
// for: a pack may offer one, but its wording is then not checked for ease of reading.
func ReadabilityIn(text, lang string) (Readability, bool) {
	switch lang {
	case "en":
		g := Grade(text)
		// A US grade is read, roughly, at its number plus five years of age.
		return Readability{Measure: measureFK, Score: g, Level: fmt.Sprintf("reading age about %.0f", max(g, 1)+5), Easy: g <= MaxGrade}, true
	case "es":
		s := INFLESZ(text)
		return Readability{Measure: measureINFLESZ, Score: s, Level: INFLESZLevel(s), Easy: s >= MinINFLESZ}, true
	}
	return Readability{}, false
}

// counts returns the sentences, words and syllables in text, Telegram HTML with its tags ignored
// and entities decoded. A sentence ends at . ! ? or a line break, because in a chat message a
// line on its own (a list item, a heading) is read as one unit. isLetter says what a word is made
// of; an apostrophe between letters (don't) stays inside a word when joinApostrophe is set.
// It scans by hand rather than with regular expressions: Check measures every lesson each time it
// runs, and the tests run Check often.
func counts(text string, isLetter func(rune) bool, joinApostrophe bool, syllables func(string) int) (sentences, words, syl int) {
	text = html.UnescapeString(gradeTagRE.ReplaceAllString(text, ""))
	rs := []rune(text)
	inSentence := false // the current sentence has a word
	for i := 0; i < len(rs); {
		switch r := rs[i]; {
		case r == '.' || r == '!' || r == '?' || r == '\n':
			inSentence = false
			i++
		case isLetter(r):
			j := i
			for j < len(rs) && (isLetter(rs[j]) || joinApostrophe && rs[j] == '\'' && j+1 < len(rs) && isLetter(rs[j+1]) && j > i) {
				j++
			}
			if !inSentence {
				sentences++
				inSentence = true
			}
			words++
			syl += syllables(string(rs[i:j]))
			i = j
		default:
			i++
		}
	}
	return sentences, words, syl
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// Grade estimates the US school grade needed to read text, using the Flesch-Kincaid grade level
// (Kincaid et al., 1975): 0.39 × words per sentence + 11.8 × syllables per word − 15.59. Text may
// be Telegram HTML (see counts). Text with no words has grade 0.
func Grade(text string) float64 {
	sentences, words, syl := counts(text, isASCIILetter, true, Syllables)
	if words == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syl)/float64(words) - 15.59
}

// Syllables estimates the syllables in an English word by counting vowel groups (a, e, i, o, u
// and y, two at most to a group) after dropping a silent final e, -es or -ed. It is close enough
// to rank wording, not to scan verse.
func Syllables(word string) int {
	w := strings.ToLower(strings.ReplaceAll(word, "'", ""))
	if len(w) <= 3 {
		return 1
	}
	notVowelOrL := func(b byte) bool { return strings.IndexByte("laeiouy", b) < 0 }
	switch n := len(w); {
	case strings.HasSuffix(w, "es") && notVowelOrL(w[n-3]):
		w = w[:n-3] // with the consonant before it, as the count always has
	case strings.HasSuffix(w, "ed"):
		w = w[:n-2]
	case strings.HasSuffix(w, "e") && notVowelOrL(w[n-2]):
		w = w[:n-2]
	}
	w = strings.TrimPrefix(w, "y")
	groups, run := 0, 0
	for i := 0; i <= len(w); i++ {
		if i < len(w) && strings.IndexByte("aeiouy", w[i]) >= 0 {
			run++
			continue
		}
		groups += (run + 1) / 2 // a run of three or four vowels is two groups
		run = 0
	}
	return max(1, groups)
}

// INFLESZ scores how easily a Spanish text reads, from 0 (very hard) to about 100 (very easy),
// with the Szigriszt-Pazos perspicuity formula (Szigriszt-Pazos, 1993):
//
//	206.835 − 62.3 × syllables / words − words / sentences
//
// read on the INFLESZ scale (Barrio-Cantalejo et al., 2008), which was validated on texts for
// patients in Spain: see INFLESZLevel. Text may be Telegram HTML (see counts); text with no
// words scores 100.
//
// It was chosen over Fernández-Huerta (1959) because its scale was fitted to health information
// read by today's Spanish adults, and because Fernández-Huerta's formula circulates in two
// versions that give different scores (its sentence term is often misprinted).
func INFLESZ(text string) float64 {
	sentences, words, syl := counts(text, unicode.IsLetter, false, SyllablesES)
	if words == 0 {
		return 100
	}
	return 206.835 - 62.3*float64(syl)/float64(words) - float64(words)/float64(sentences)
}

// INFLESZLevel names a score's band on the INFLESZ scale, in Spanish as the scale does.
func INFLESZLevel(score float64) string {
	switch {
	case score < 40:
		return "muy difícil"
	case score < 55:
		return "algo difícil"
	case score < 65:
		return "normal"
	case score < 80:
		return "bastante fácil"
	}
	return "muy fácil"
}

// SyllablesES counts the syllables in a Spanish word by its written vowels, following the
// spelling rules of the Real Academia Española (Ortografía, 2010):
//
//   - an unstressed i or u (or ü, or a final y) next to another vowel joins it in one syllable,
//     a diphthong (cie-lo, cui-da-do, hoy) or triphthong (buey);
//   - two of a, e and o are two syllables, a hiatus (po-e-ta, cre-er), and so is a written
//     stressed í or ú beside a vowel (dí-a, re-ír, ba-úl), or a doubled i or u (chi-i-ta);
//   - the u of qu, and of gu before e or i, is not sounded (que-so, a-quí, gui-ta-rra), while ü
//     is (pin-güi-no);
//   - an h between vowels does not separate them (ahu-ma-do, pro-hi-bir), as the RAE says.
//
// y is a vowel only when no vowel follows it (rey, muy, y). Like the rules it follows, it counts
// what is written: a word someone says with a hiatus (pi-a-no) still counts as a diphthong.
func SyllablesES(word string) int {
	w := []rune(strings.ToLower(word))
	vowel := func(i int) bool {
		if i < 0 || i >= len(w) {
			return false
		}
		switch w[i] {
		case 'a', 'e', 'i', 'o', 'u', 'á', 'é', 'í', 'ó', 'ú', 'ü', 'à', 'è', 'ì', 'ò', 'ù':
			return true
		case 'y':
			return !vowelAfterY(w, i)
		}
		return false
	}
	weak := func(r rune) bool { return r == 'i' || r == 'u' || r == 'ü' || r == 'y' }
	n := 0
	prev := rune(0) // the previous sounded vowel, when nothing but h came between
	for i, r := range w {
		if r == 'u' && i > 0 && (w[i-1] == 'q' || w[i-1] == 'g' && i+1 < len(w) && strings.ContainsRune("eiéí", w[i+1])) {
			continue // silent: que, aquí, guerra, guitarra
		}
		if !vowel(i) {
			if r != 'h' {
				prev = 0
			}
			continue
		}
		joins := prev != 0 && (weak(prev) || weak(r)) && !(weak(prev) && weak(r) && unaccent(prev) == unaccent(r))
		if !joins {
			n++
		}
		prev = r
	}
	return max(1, n)
}

// vowelAfterY reports whether a vowel follows the y at w[i], making it a consonant (yo, mayo).
func vowelAfterY(w []rune, i int) bool {
	if i+1 >= len(w) {
		return false
	}
	switch w[i+1] {
	case 'a', 'e', 'i', 'o', 'u', 'á', 'é', 'í', 'ó', 'ú':
		return true
	}
	return false
}

func unaccent(r rune) rune {
	switch r {
	case 'ü':
		return 'u'
	case 'y':
		return 'i'
	}
	return r
}
