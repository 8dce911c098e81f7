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
	// brk is set when a clause ends before this word: a full stop, comma, question or
	// exclamation mark, semicolon, colon, dash, ellipsis or line break. Context such as a
	// negation or "years ago" reaches only as far as its clause.
	brk bool
}

// isClauseBreak reports punctuation that ends a clause for context.
func isClauseBreak(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '\n', '\r', '\u2026', '\u2013', '\u2014', '(', ')', '"', '\u201C', '\u201D', '¿', '¡':
		return true
	}
	return false
}

// emojiWords reads the emoji people put in place of a word of danger as that word, so a list
// entry "take all my pills" also matches "take all my 💊". Other emoji separate words.
var emojiWords = map[rune]string{
	'💊': "pills", '🔪': "knife", '🗡': "knife", '🪢': "rope", '🔫': "gun", '☠': "dead",
	'⚰': "coffin", '🪦': "grave", '🩸': "blood", '🪒': "razor", '🌉': "bridge",
	'🚆': "train", '🚂': "train", '🚄': "train", '🚇': "train",
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
	toks := make([]token, 0, len(text)/5+1)
	var b strings.Builder
	start := -1
	brk := false
	flush := func(end int) {
		if start >= 0 && b.Len() > 0 {
			toks = append(toks, token{norm: foldWord(b.String()), start: start, end: end, brk: brk})
			brk = false
		}
		b.Reset()
		start = -1
	}
	i := 0
	for _, r := range text {
		if w, ok := emojiWords[r]; ok {
			flush(i)
			toks = append(toks, token{norm: w, start: i, end: i + 1, brk: brk})
			brk = false
			i++
			continue
		}
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
			if isClauseBreak(r) && len(toks) > 0 {
				brk = true
			}
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
