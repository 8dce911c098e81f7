package triage

import (
	"unicode"
	"unicode/utf8"
)

// token is one word of a person's message as the lexicon sees it: norm is the folded form,
// start and end are byte offsets into the original message, so excerpts quote what was typed.
type token struct {
	norm       string
	start, end int
	// brk is set when a clause ends before this word: a full stop, comma, question or
	// exclamation mark, semicolon, colon, dash, ellipsis or line break. Context such as a
	// negation or "years ago" reaches only as far as its clause.
	brk bool
	// sent is set when a sentence ends before this word: . ! ? … or a line break. What helps
	// ("I ring my sister") reaches the whole sentence of a "when I feel like ..." line.
	sent bool
	// quote is, for a word between quotation marks, 1 + the index of the first quoted word:
	// "my son said 'I want to die'" quotes someone else, whose "I" is not the person's.
	quote int32
}

// Quotation marks. Straight double quotes open and close by turns; a straight or curly single
// quote is a quotation mark only at the edge of a word (an opener before a letter, a closer
// after one), never inside it ("I'll" stays one word). A quote is closed in its own line or not
// at all: an opener with no closer quotes nothing.
func quoteOpener(r rune) rune {
	switch r {
	case '\u201C', '\u201E':
		return '\u201D'
	case '\u00AB':
		return '\u00BB'
	}
	return 0
}

func isSingleQuote(r rune) bool { return r == '\'' || r == '\u2018' || r == '\u2019' }

// startsWord reports whether text at byte i begins with a letter or a digit.
func startsWord(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isSentenceBreak reports punctuation that ends a sentence.
func isSentenceBreak(r rune) bool {
	switch r {
	case '.', '!', '?', '\n', '\u2026':
		return true
	}
	return false
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
	'🚆': "train", '🚂': "train", '🚄': "train", '🚇': "train", '🛤': "tracks", '🪓': "axe",
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
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā':
		return 'a'
	case 'è', 'é', 'ê', 'ë', 'ē':
		return 'e'
	case 'ì', 'í', 'î', 'ï', 'ī':
		return 'i'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō':
		return 'o'
	case 'ù', 'ú', 'û', 'ü', 'ū':
		return 'u'
	case 'ñ':
		return 'n'
	case 'ç':
		return 'c'
	case 'ý', 'ÿ':
		return 'y'
	}
	return r
}

// leet maps the digits people use for letters ("k1ll", "su1c1de") when a word mixes letters and
// digits. A word of digits alone ("999", "24") is left as it is.
var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't'}

// tokenize splits text into words: runs of letters and digits, with everything else — spaces,
// newlines, punctuation, hyphens, emoji — between them. Each word is folded as foldWord folds
// it. Plain ASCII, most of what people type, takes a quick path.
func tokenize(text string) []token {
	return tokenizeInto(nil, text)
}

// tokenizeInto is tokenize with the working memory of sc, which may be nil, reused and kept
// there for the next message.
func tokenizeInto(sc *scratch, text string) []token {
	t := tokenizer{start: -1}
	if sc != nil {
		t.toks, t.arena, t.spans = sc.toks[:0], sc.arena[:0], sc.spans[:0]
		defer func() { sc.toks, sc.arena, sc.spans = t.toks, t.arena, t.spans }()
	}
	if cap(t.toks) < len(text)/4+1 {
		t.toks = make([]token, 0, len(text)/4+1)
		t.spans = make([][2]int32, 0, len(text)/4+1)
	}
	// Every folded word is written into one arena and the words are cut from a single
	// string of it at the end: one allocation for all the words of a message.
	if cap(t.arena) < len(text)+16 {
		t.arena = make([]byte, 0, len(text)+16)
	}
	var rbuf [32]rune
	t.buf = rbuf[:0]
	for i, r := range text {
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				if t.start < 0 {
					t.start = i
				}
				t.buf = append(t.buf, r)
			case 'A' <= r && r <= 'Z':
				if t.start < 0 {
					t.start = i
				}
				t.buf = append(t.buf, r+'a'-'A')
			case r == '\'':
				t.single(text, i, 1)
			case r == '`':
			case r == '"':
				t.flush(i)
				if t.qclose != 0 {
					t.closeQuote()
				} else {
					t.openQuote('"')
				}
				t.clauseBreak(r)
			default:
				t.flush(i)
				if r == '\n' {
					t.qclose = 0 // a quote does not run past its line
				}
				t.clauseBreak(r)
			}
			continue
		}
		if r >= 0x2600 {
			if w, ok := emojiWords[r]; ok {
				t.flush(i)
				t.word([]rune(w), i, i+utf8.RuneLen(r))
				continue
			}
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if t.start < 0 {
				t.start = i
			}
			t.buf = append(t.buf, foldAccent(unicode.ToLower(r)))
		case isSingleQuote(r):
			t.single(text, i, utf8.RuneLen(r))
		case isApostrophe(r) || unicode.Is(unicode.Mn, r):
			// Dropped inside a word: "can't" reads "cant". Combining marks (a decomposed
			// accent) are dropped too.
		default:
			t.flush(i)
			if closer := quoteOpener(r); closer != 0 && t.qclose == 0 {
				t.openQuote(closer)
			} else if t.qclose != 0 && r == t.qclose {
				t.closeQuote()
			}
			t.clauseBreak(r)
		}
	}
	t.flush(len(text))
	all := string(t.arena)
	for n := range t.toks {
		t.toks[n].norm = all[t.spans[n][0]:t.spans[n][1]]
	}
	return t.toks
}

// tokenizer is tokenize's state between words.
type tokenizer struct {
	toks  []token
	arena []byte
	spans [][2]int32
	buf   []rune
	start int
	brk   bool
	sent  bool
	// qclose is the mark that closes the open quote (0: none open), qfrom the index of its
	// first word.
	qclose rune
	qfrom  int
}

func (t *tokenizer) clauseBreak(r rune) {
	if isClauseBreak(r) && len(t.toks) > 0 {
		t.brk = true
		t.sent = t.sent || isSentenceBreak(r)
	}
}

func (t *tokenizer) openQuote(closer rune) {
	t.qclose, t.qfrom = closer, len(t.toks)
}

// closeQuote marks the words since the quote opened as quoted.
func (t *tokenizer) closeQuote() {
	for n := t.qfrom; n < len(t.toks); n++ {
		t.toks[n].quote = int32(t.qfrom) + 1
	}
	t.qclose = 0
}

// single reads a single quote of size bytes at byte i: an apostrophe inside a word, dropped as
// before; or, at the edge of a word, a quotation mark.
func (t *tokenizer) single(text string, i, size int) {
	next := startsWord(text, i+size)
	switch {
	case t.start >= 0 && next:
		// "I'll", "don’t": an apostrophe.
	case t.start < 0 && next && t.qclose == 0:
		t.openQuote('\'')
	case !next && t.qclose == '\'':
		t.flush(i)
		t.closeQuote()
	}
}

func (t *tokenizer) word(w []rune, start, end int) {
	a := len(t.arena)
	t.arena = appendFolded(t.arena, w)
	if w := t.arena[a:]; maybeTextism(w) {
		if plain, ok := textisms[string(w)]; ok {
			t.arena = append(t.arena[:a], plain...)
		}
	}
	t.spans = append(t.spans, [2]int32{int32(a), int32(len(t.arena))})
	t.toks = append(t.toks, token{start: start, end: end, brk: t.brk, sent: t.sent})
	t.brk, t.sent = false, false
}

func (t *tokenizer) flush(end int) {
	if t.start >= 0 && len(t.buf) > 0 {
		if n := numberGlued(t.buf); n > 0 {
			// Digits are one byte each, so the number ends n bytes in.
			t.word(t.buf[:n], t.start, t.start+n)
			t.word(t.buf[n:], t.start+n, end)
		} else {
			t.word(t.buf, t.start, end)
		}
	}
	t.buf = t.buf[:0]
	t.start = -1
}

// numberGlued is the length of the number at the start of w when w is a number typed against
// the word after it ("20pills", "50mg", "30x", "3days", "48hrs"), and 0 otherwise. Read as
// one word, its digits became letters ("2opills") and the overdose it told went unseen. The
// short forms that start with a digit ("2nite", "4ever") and ordinals ("3rd") stay whole.
func numberGlued(w []rune) int {
	n := 0
	for n < len(w) && '0' <= w[n] && w[n] <= '9' {
		n++
	}
	if n == 0 || n == len(w) || len(w)-n == 1 && w[n] != 'x' {
		return 0
	}
	for _, r := range w[n:] {
		if !unicode.IsLetter(r) {
			return 0
		}
	}
	if wholeWithDigits[string(w)] || ordinalEnds[string(w[n:])] || unitsWhole[string(w[n:])] {
		return 0
	}
	if _, ok := textisms[foldWord(string(w))]; ok {
		return 0
	}
	return n
}

// wholeWithDigits are the short forms that start with a digit and stand for one word, beside
// the textisms ("2moro").
var wholeWithDigits = map[string]bool{
	"2nite": true, "2night": true, "2moro": true, "2morrow": true, "2morro": true, "2day": true,
	"2dy": true, "4ever": true, "4eva": true, "2gether": true, "2b": true, "2nights": true,
}

// unitsWhole are the ends that make a number one word in the lists ("3am", "100mph", "9mm"):
// an alternative in a list is a single word, and a time read as "3 am" would be "3" and "am".
var unitsWhole = map[string]bool{"am": true, "pm": true, "mph": true, "mm": true}

// ordinalEnds make a number an ordinal ("1st", "23rd", "4th", "2do", "3ra"), one word.
var ordinalEnds = map[string]bool{"st": true, "nd": true, "rd": true, "th": true, "er": true, "ro": true, "do": true, "to": true, "vo": true, "no": true, "mo": true, "ra": true, "da": true, "ta": true, "va": true, "na": true, "ma": true}

// textisms are the short forms people type on phones, read as the word they stand for ("voices
// r back", "hearin voices agen", "not bin takin my tablets"), in messages and list entries alike
// since both are tokenized the same way. None is a Spanish word: "u" and "ya" are left alone for
// that reason ("siete u ocho", "ya no"). Keys and values are folded as foldWord folds them.
var textisms = func() map[string]string {
	m := map[string]string{}
	for _, p := range [][2]string{
		{"r", "are"}, {"ur", "your"}, {"ure", "youre"}, {"wen", "when"},
		{"agen", "again"}, {"agin", "again"}, {"agn", "again"},
		{"nite", "night"}, {"tonite", "tonight"}, {"2nite", "tonight"}, {"2night", "tonight"},
		{"tmrw", "tomorrow"}, {"tmr", "tomorrow"}, {"tmw", "tomorrow"}, {"tomoz", "tomorrow"},
		{"2moro", "tomorrow"}, {"2morrow", "tomorrow"}, {"tomoro", "tomorrow"},
		{"coz", "because"}, {"cuz", "because"}, {"cos", "because"}, {"bcos", "because"}, {"bc", "because"},
		{"ppl", "people"}, {"sum1", "someone"}, {"some1", "someone"}, {"any1", "anyone"},
		{"ne1", "anyone"}, {"every1", "everyone"}, {"evry1", "everyone"}, {"no1", "noone"},
		{"pls", "please"}, {"plz", "please"}, {"bin", "been"}, {"bn", "been"}, {"kno", "know"},
		{"wat", "what"}, {"wot", "what"}, {"tho", "though"}, {"thru", "through"}, {"wiv", "with"},
		{"b4", "before"}, {"befor", "before"}, {"bout", "about"}, {"abt", "about"}, {"rn", "now"},
	} {
		m[foldWord(p[0])] = foldWord(p[1])
	}
	for _, p := range phonetic {
		m[foldWord(p[0])] = foldWord(p[1])
	}
	return m
}()

// phonetic are Spanish words as people type them by their sound (session 6): k or q for "qu"
// and "c", s for "z" and "c", y for "ll", a dropped h ("kiero aser algo contra mi bida", "me
// tome todas las pastiyas", "ya no kiero ablar con nadien"). The lists were written with the
// spelling, so without these a disclosure typed by ear matched nothing, and the model had no
// cue word in it either. Whole words only, and none that is also an English word ("able",
// "toy", "dies") or a Spanish word other than the one meant, except "ay", "ves", "ora", "asta",
// "ase" and "iso", rare in their own sense and read in both lists and messages alike.
var phonetic = [][2]string{
	{"kiero", "quiero"}, {"qiero", "quiero"}, {"kieres", "quieres"}, {"kiere", "quiere"},
	{"qiere", "quiere"}, {"kieren", "quieren"}, {"kiera", "quiera"}, {"kisiera", "quisiera"},
	{"kisieras", "quisieras"}, {"kise", "quise"}, {"kiso", "quiso"}, {"kien", "quien"},
	{"ke", "que"}, {"q", "que"}, {"xq", "porque"}, {"pq", "porque"}, {"xk", "porque"},
	{"porke", "porque"}, {"porq", "porque"}, {"kiza", "quiza"}, {"kisas", "quizas"},
	{"aser", "hacer"}, {"aserlo", "hacerlo"}, {"aserme", "hacerme"}, {"aserle", "hacerle"},
	{"acer", "hacer"}, {"acerlo", "hacerlo"}, {"acerme", "hacerme"}, {"ase", "hace"},
	{"asiendo", "haciendo"}, {"ise", "hice"}, {"hise", "hice"}, {"iso", "hizo"}, {"hiso", "hizo"},
	{"ablar", "hablar"}, {"ablo", "hablo"}, {"ablas", "hablas"}, {"ablando", "hablando"},
	{"oy", "hoy"}, {"ora", "hora"}, {"aora", "ahora"}, {"aorita", "ahorita"}, {"asta", "hasta"},
	{"ay", "hay"}, {"ermano", "hermano"}, {"ermana", "hermana"}, {"ermanos", "hermanos"},
	{"ermanas", "hermanas"}, {"ijo", "hijo"}, {"ija", "hija"}, {"ijos", "hijos"},
	{"ijas", "hijas"}, {"ospital", "hospital"}, {"ombre", "hombre"}, {"ves", "vez"},
	{"veses", "veces"}, {"dise", "dice"}, {"dises", "dices"}, {"disen", "dicen"},
	{"nesesito", "necesito"}, {"nesecito", "necesito"}, {"nesesita", "necesita"},
	{"nesesitas", "necesitas"}, {"medisina", "medicina"}, {"medisinas", "medicinas"},
	{"pastiyas", "pastillas"}, {"pastiya", "pastilla"}, {"pastiyitas", "pastillitas"},
	{"cuchiyo", "cuchillo"}, {"cuchiya", "cuchilla"}, {"cuchiyos", "cuchillos"},
	{"cuchiyas", "cuchillas"}, {"kaja", "caja"}, {"kajas", "cajas"}, {"kasa", "casa"},
	{"cueyo", "cuello"}, {"sufisiente", "suficiente"}, {"sufisientes", "suficientes"},
	{"suisidio", "suicidio"}, {"suisidarme", "suicidarme"}, {"suisidar", "suicidar"},
	{"suisidarse", "suicidarse"}, {"suisida", "suicida"}, {"nadien", "nadie"}, {"nadies", "nadie"},
	{"yorar", "llorar"}, {"yoro", "lloro"}, {"yorando", "llorando"}, {"yamar", "llamar"},
	{"yamame", "llamame"}, {"yegar", "llegar"}, {"yego", "llego"}, {"yeve", "lleve"},
	{"yevar", "llevar"}, {"cabesa", "cabeza"}, {"arto", "harto"}, {"arta", "harta"},
	{"desapareser", "desaparecer"}, {"entonses", "entonces"}, {"corason", "corazon"},
	{"kuetiapina", "quetiapina"}, {"ketiapina", "quetiapina"}, {"klonazepam", "clonazepam"},
	{"clonasepam", "clonazepam"}, {"kuando", "cuando"}, {"komo", "como"}, {"kada", "cada"},
	{"kosa", "cosa"}, {"kosas", "cosas"}, {"nunka", "nunca"}, {"eya", "ella"}, {"eyos", "ellos"},
	{"eyas", "ellas"}, {"sielo", "cielo"}, {"desir", "decir"}, {"desirle", "decirle"},
	{"desirte", "decirte"}, {"fuersa", "fuerza"}, {"parese", "parece"}, {"aslo", "hazlo"},
	{"haslo", "hazlo"}, {"aorcarme", "ahorcarme"}, {"aorcar", "ahorcar"}, {"aogarme", "ahogarme"},
	{"aogar", "ahogar"}, {"erir", "herir"}, {"erida", "herida"}, {"eridas", "heridas"},
	{"jente", "gente"}, {"cojer", "coger"}, {"danio", "dano"}, {"danios", "danos"},
	{"anio", "ano"}, {"anios", "anos"},
}

// textismSieve has a bit set for the length, first and last byte of every textism, so that
// most words of a long message are known not to be one without a map look-up.
var textismSieve, textismLongest = func() (b [16]uint64, longest int) {
	for k := range textisms {
		h := textismHash([]byte(k))
		b[h>>6] |= 1 << (h & 63)
		longest = max(longest, len(k))
	}
	return b, longest
}()

func textismHash(w []byte) uint {
	return (uint(len(w))*131 + uint(w[0])*31 + uint(w[len(w)-1])) & 1023
}

// maybeTextism is false for a word that is certainly not a key of textisms.
func maybeTextism(w []byte) bool {
	if len(w) == 0 || len(w) > textismLongest {
		return false
	}
	h := textismHash(w)
	return textismSieve[h>>6]&(1<<(h&63)) != 0
}

// foldWord brings one lower-case word to the form both messages and list entries are compared
// in: digits standing for letters are read as letters when the word has letters too, and any
// letter repeated is written once ("sooo" is "so", "killl" and "kill" are both "kil"), which
// also forgives a missing or doubled letter ("cuting", "cutting"); and a word longer than four
// letters ending in "ing" loses its g, so "cuttin" and "cutting" are the same word.
func foldWord(w string) string { return foldRunes([]rune(w)) }

// foldRunes is foldWord on a word's runes; it may change w.
func foldRunes(w []rune) string { return string(appendFolded(nil, w)) }

// appendFolded appends the folded form of w to b; it may change w.
func appendFolded(b []byte, w []rune) []byte {
	for _, r := range w {
		if r >= utf8.RuneSelf || '0' <= r && r <= '9' {
			return appendFoldedAny(b, w)
		}
	}
	return appendFoldedLetters(b, w)
}

// appendFoldedAny is appendFolded for any word.
func appendFoldedAny(b []byte, w []rune) []byte {
	hasLetter, hasDigit := false, false
	for _, r := range w {
		if '0' <= r && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r) {
			hasDigit = true
		} else {
			hasLetter = true
		}
	}
	out := w[:0]
	var prev rune = -1
	for _, r := range w {
		if hasLetter && hasDigit {
			if l, ok := leetRune(r); ok {
				r = l
			}
		}
		if r == prev && !('0' <= r && r <= '9') && (r < utf8.RuneSelf || unicode.IsLetter(r)) {
			continue
		}
		out = append(out, r)
		prev = r
	}
	// A dropped g ("cuttin", "killin") reads as the full word: both become "cutin", "kilin".
	if n := len(out); n > 4 && out[n-3] == 'i' && out[n-2] == 'n' && out[n-1] == 'g' {
		out = out[:n-1]
	}
	for _, r := range out {
		if r == 'v' {
			// b and v sound the same in Spanish and are swapped in typing ("bida", "bolvi"):
			// both are read as b, in the lists and in messages alike.
			r = 'b'
		}
		b = utf8.AppendRune(b, r)
	}
	return b
}

// appendFoldedLetters is appendFoldedAny for a word of ASCII with no digit, most of what
// people type, written out on bytes: the same steps, without the checks the other words need
// (TestFoldedLettersSameAsAny).
func appendFoldedLetters(b []byte, w []rune) []byte {
	from := len(b)
	var prev rune = -1
	for _, r := range w {
		if r != prev {
			b = append(b, byte(r))
			prev = r
		}
	}
	if n := len(b) - from; n > 4 && b[len(b)-3] == 'i' && b[len(b)-2] == 'n' && b[len(b)-1] == 'g' {
		b = b[:len(b)-1]
	}
	for i := from; i < len(b); i++ {
		if b[i] == 'v' {
			b[i] = 'b'
		}
	}
	return b
}

func leetRune(r rune) (rune, bool) {
	l, ok := leet[r]
	return l, ok
}
