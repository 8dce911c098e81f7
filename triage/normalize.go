package triage

import (
	"strings"
	"unicode"
)

// token is one word of a person's message as the lexicon sees it: norm is the folded form,
// start and end are rune offsets into the original message, so excerpts quote what was typed.
type token struct {
	norm       string
	start, end int
}

// apostrophes are dropped rather than treated as spaces, so that "don't", "don’t" and "dont"
// all read as "dont", and "I'm" as "im".
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2018', '\u2019', '\u201B', '\u02BC', '\u02B9', '`', '\u00B4', '\u2032', '\uFF07':
		return true
	}
	return false
}

// foldAccent maps common accented Latin letters to their plain letter ("café" is "cafe"), so a
// phone keyboard's autocorrect does not hide a word.
func foldAccent(r rune) rune {
	switch {
	case strings.ContainsRune("àáâãäåā", r):
		return 'a'
	case strings.ContainsRune("èéêëē", r):
		return 'e'
	case strings.ContainsRune("ìíîïī", r):
		return 'i'
	case strings.ContainsRune("òóôõöøō", r):
		return 'o'
	case strings.ContainsRune("ùúûüū", r):
		return 'u'
	case r == 'ñ':
		return 'n'
	case r == 'ç':
		return 'c'
	case r == 'ý' || r == 'ÿ':
		return 'y'
	}
	return r
}

// leet maps the digits people use for letters ("k1ll", "su1c1de") when a word mixes letters and
// digits. A word of digits alone ("999", "24") is left as it is.
var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't'}

// tokenize splits text into words: runs of letters and digits, with everything else — spaces,
// newlines, punctuation, hyphens, emoji — between them. Each word is folded by foldWord.
func tokenize(text string) []token {
	var toks []token
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start >= 0 && b.Len() > 0 {
			toks = append(toks, token{norm: foldWord(b.String()), start: start, end: end})
		}
		b.Reset()
		start = -1
	}
	i := 0
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
			b.WriteRune(foldAccent(unicode.ToLower(r)))
		case isApostrophe(r) || unicode.Is(unicode.Mn, r):
			// Dropped inside a word: "can't" reads "cant". Combining marks (a decomposed
			// accent) are dropped too.
		default:
			flush(i)
		}
		i++
	}
	flush(i)
	return toks
}

// foldWord brings one lower-case word to the form both messages and list entries are compared
// in: digits standing for letters are read as letters when the word has letters too, and any
// letter repeated is written once ("sooo" is "so", "killl" and "kill" are both "kil"), which
// also forgives a missing or doubled letter ("cuting", "cutting"); and a word longer than four
// letters ending in "ing" loses its g, so "cuttin" and "cutting" are the same word.
func foldWord(w string) string {
	hasLetter, hasDigit := false, false
	for _, r := range w {
		if unicode.IsLetter(r) {
			hasLetter = true
		} else if unicode.IsDigit(r) {
			hasDigit = true
		}
	}
	var b strings.Builder
	var prev rune = -1
	for _, r := range w {
		if hasLetter && hasDigit {
			if l, ok := leet[r]; ok {
				r = l
			}
		}
		if r == prev && unicode.IsLetter(r) {
			continue
		}
		b.WriteRune(r)
		prev = r
	}
	out := b.String()
	// A dropped g ("cuttin", "killin") reads as the full word: both become "cutin", "kilin".
	if len(out) > 4 && strings.HasSuffix(out, "ing") {
		out = strings.TrimSuffix(out, "g")
	}
	return out
}
