package content

import (
	"html"
	"regexp"
	"strings"
)

// Readability: the default pack is written for people who may be reading on a bad day, so its
// tests hold the wording to about a 12-year-old's reading level, and `tandem content check`
// tells a service when its own wording reads harder than that.

// MaxGrade is the hardest Flesch-Kincaid grade content should read at: US grade 8 is about the
// reading level of a 12- to 13-year-old.
const MaxGrade = 8

var (
	gradeTagRE     = regexp.MustCompile(`<[^>]*>`)
	gradeWordRE    = regexp.MustCompile(`[A-Za-z]+(?:'[A-Za-z]+)?`)
	sentenceEndRE  = regexp.MustCompile(`[.!?]+|\n`)
	silentEndingRE = regexp.MustCompile(`(?:[^laeiouy]es|ed|[^laeiouy]e)$`)
	vowelGroupRE   = regexp.MustCompile(`[aeiouy]{1,2}`)
)

// Grade estimates the US school grade needed to read text, using the Flesch-Kincaid grade level
// (Kincaid et al., 1975): 0.39 × words per sentence + 11.8 × syllables per word − 15.59. Text may
// be Telegram HTML: tags are ignored and entities decoded. A sentence ends at . ! ? or a line
// break, because in a chat message a line on its own (a list item, a heading) is read as one unit.
// Text with no words has grade 0.
func Grade(text string) float64 {
	text = html.UnescapeString(gradeTagRE.ReplaceAllString(text, ""))
	var words, sentences, syl int
	for _, s := range sentenceEndRE.Split(text, -1) {
		ws := gradeWordRE.FindAllString(s, -1)
		if len(ws) == 0 {
			continue
		}
		sentences++
		words += len(ws)
		for _, w := range ws {
			syl += Syllables(w)
		}
	}
	if words == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syl)/float64(words) - 15.59
}

// Syllables estimates the syllables in an English word by counting vowel groups after dropping a
// silent final e or -ed. It is close enough to rank wording, not to scan verse.
func Syllables(word string) int {
	w := strings.ToLower(strings.ReplaceAll(word, "'", ""))
	if len(w) <= 3 {
		return 1
	}
	w = silentEndingRE.ReplaceAllString(w, "")
	w = strings.TrimPrefix(w, "y")
	return max(1, len(vowelGroupRE.FindAllString(w, -1)))
}
