package triage

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
)

// Category is the kind of worry a phrase points to. A clinician extends a category by adding
// lines to its list; a new list file makes a new category.
type Category string

// The categories of the default lists, in the order a worker reads them.
const (
	Suicide      Category = "suicide"
	SelfHarm     Category = "self_harm"
	Overdose     Category = "overdose"
	HarmOthers   Category = "harm_others"
	Commands     Category = "commands"
	Abuse        Category = "abuse"
	Exploitation Category = "exploitation"
	AbusePast    Category = "abuse_past" // abuse told now about the past: concern
	Unsafe       Category = "unsafe"
	Hopelessness Category = "hopelessness"
	Distress     Category = "distress"
	Relapse      Category = "relapse"
)

// categoryOrder is the order Scan and Screen report categories in; others follow
// alphabetically.
var categoryOrder = []Category{Suicide, SelfHarm, Overdose, HarmOthers, Commands, Abuse, Exploitation, Unsafe, Hopelessness, Distress, Relapse}

// Match is one category found in a message: the list entry that matched, as written in the
// list, and up to 120 characters of the message around it.
type Match struct {
	Category Category
	Phrase   string
	Excerpt  string
	Tier     Tier // set by a Screener: the match's tier after context
	// at is where the matched words are in the text screened, in bytes: the model reads the
	// words around them (Model.everyday).
	at [2]int
}

// maxExcerpt is the most characters of a person's message quoted in a Match.
const maxExcerpt = 120

// gapWords is how many words "..." in a phrase stands for at most.
const gapWords = 4

// minStem is the shortest stem a phrase may have before its "*": "ki*" would match far too much.
const minStem = 3

// Lexicon is a compiled set of phrase lists, one per Category. It never changes once made and
// is safe to use from many goroutines.
//
// A list is plain text, one phrase per line. Lines starting with # are comments; blank lines
// are ignored. The phrase syntax:
//
//   - Words separated by spaces match whole words in that order. Anything that is not a letter
//     or digit between words is ignored: spaces, newlines, punctuation, emoji. So "want to die"
//     matches "want to... die 😔" but "kill myself" does not match "skill myself".
//   - Case, accents, apostrophes and repeated letters do not matter, in the list or in the
//     message: "dont" matches "don't", "DON’T" and "dont"; "kill" matches "killl" and "kil";
//     "cutting" matches "cuting". Digits inside a word are read as letters ("k1ll" is "kill").
//     Two neighbouring letters swapped ("wnat") and, in a word of 6 letters or more, one letter
//     left out ("tablts", "anymor") still match. Phone short forms read as the word: "r" is
//     "are", "agen" "again", "bin" "been", "coz" "because"; Spanish typed by ear reads as
//     spelled: "kiero" is "quiero", "pastiyas" "pastillas" (textisms and phonetic in
//     normalize.go).
//   - word* matches any word that starts with word: "suicid*" matches suicide, suicidal,
//     suicidally. The stem must be at least 3 letters.
//   - a|b|c is one word that may be any of them: "hurt|cut|burn myself".
//   - [a|b] is an optional word: "kill [my] self"; "take [all] my pills".
//   - a-b matches "a b", "a-b" and "ab": "self-harm" matches "self harm", "self-harm" and
//     "selfharm"; "my-self" matches "myself" and "my self". Alternatives may be joined too:
//     "im|i-am going to die".
//   - ... stands for up to 4 words of anything: "voice* ... hurt*".
//   - <number> is a word of digits: "! <number> kms" (a distance, not "kill myself").
//   - A line starting with ! is an exception: a match that lies wholly inside a match of an
//     exception of the same list is not reported. Exceptions are for everyday phrases that
//     cannot hide a real worry ("cut myself off from"); never use one to drop a worrying phrase.
//
// A Lexicon has no handling of negation or other context: "I'm not going to kill myself"
// matches. The Screener, which the bot uses, adds tiers and context on top of the same syntax.
type Lexicon struct {
	lists []list
}

type list struct {
	cat        Category
	phrases    []phrase
	exceptions []phrase
}

// phrase is one compiled line: a sequence of elements.
type phrase struct {
	src   string
	elems []elem
}

// gapped reports a phrase with a gap ("...") in it.
func (p *phrase) gapped() bool {
	for _, el := range p.elems {
		if el.gap > 0 {
			return true
		}
	}
	return false
}

// lists reports w, a folded word, written in one of the phrase's own choices (not a slot's).
func (p *phrase) lists(w string) bool {
	for _, el := range p.elems {
		if strings.HasPrefix(el.src, "<") {
			continue
		}
		for _, seq := range el.seqs {
			for _, pc := range seq {
				if pc.text == w || pc.stem && strings.HasPrefix(w, pc.text) {
					return true
				}
			}
		}
	}
	return false
}

// elem is one position in a phrase: a gap of up to gapWords words, or a choice of word
// sequences (each alternative, and each way of writing a joined word, is one sequence).
type elem struct {
	gap      int
	optional bool
	// src is the element as written ("took|taken", "<medicine>", "[my|the]"): the same src
	// in the same lists always compiles to the same sequences.
	src  string
	seqs [][]piece
	// ix indexes seqs by their first word when there are many (a slot of medicine names), so
	// matching one word does not compare it with every name.
	ix *seqIndex
}

// seqIndex finds the sequences of an element that may start at a word.
type seqIndex struct {
	single map[string]bool  // one-word sequences of a whole word
	first  map[string][]int // longer sequences, by their first whole word
	stem3  map[string][]int // sequences starting with a stem, by its first three bytes
	other  []int            // sequences starting with a number
}

// indexAt is how many sequences an element needs before it is indexed.
const indexAt = 8

func (el *elem) index() {
	if len(el.seqs) < indexAt {
		return
	}
	ix := &seqIndex{single: map[string]bool{}, first: map[string][]int{}, stem3: map[string][]int{}}
	for i, seq := range el.seqs {
		pc := seq[0]
		switch {
		case pc.number || pc.many || pc.year:
			ix.other = append(ix.other, i)
		case pc.stem:
			k := pc.text[:min(3, len(pc.text))]
			ix.stem3[k] = append(ix.stem3[k], i)
		case len(seq) == 1:
			ix.single[pc.text] = true
			for _, v := range typoVariants(pc.text) {
				ix.single[v] = true
			}
		default:
			ix.first[pc.text] = append(ix.first[pc.text], i)
			for _, v := range typoVariants(pc.text) {
				ix.first[v] = append(ix.first[v], i)
			}
		}
	}
	el.ix = ix
}

// piece matches one word of the message.
type piece struct {
	text   string
	stem   bool
	number bool
	many   bool // a number of manyAt or more: "took 20 pills", not "took 2 pills"
	year   bool // a year from 1900 to 2099: "in 2019"
}

// manyAt is the smallest number <many> matches: more tablets than any usual dose.
const manyAt = 6

// NewLexicon compiles phrase lists, one list of lines per category, in the syntax described on
// Lexicon. It reports every line it cannot read, so a list is never half loaded.
func NewLexicon(lists map[Category][]string) (*Lexicon, error) {
	var errs []string
	lx := &Lexicon{}
	for cat, lines := range lists {
		if strings.TrimSpace(string(cat)) == "" {
			errs = append(errs, "a list has no category name")
			continue
		}
		l := list{cat: cat}
		for i, line := range lines {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			exception := strings.HasPrefix(line, "!")
			src := line
			if exception {
				src = strings.TrimSpace(line[1:])
			}
			p, err := compilePhrase(src, nil, nil)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s line %d %q: %v", cat, i+1, line, err))
				continue
			}
			if exception {
				l.exceptions = append(l.exceptions, p)
			} else {
				l.phrases = append(l.phrases, p)
			}
		}
		if len(l.phrases) == 0 {
			errs = append(errs, fmt.Sprintf("%s: the list has no phrases", cat))
		}
		lx.lists = append(lx.lists, l)
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("triage: lexicon: %s", strings.Join(errs, "; "))
	}
	sort.Slice(lx.lists, func(i, j int) bool {
		return categoryLess(lx.lists[i].cat, lx.lists[j].cat)
	})
	return lx, nil
}

// NewLexiconFS reads every *.txt file at the top of fsys as a list, named for the file:
// suicide.txt is the list for Category "suicide".
func NewLexiconFS(fsys fs.FS) (*Lexicon, error) {
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, fmt.Errorf("triage: lexicon: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("triage: lexicon: no .txt lists")
	}
	lists := make(map[Category][]string, len(names))
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("triage: lexicon: %w", err)
		}
		cat := Category(strings.TrimSuffix(path.Base(name), ".txt"))
		lists[cat] = strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	}
	return NewLexicon(lists)
}

// Categories lists the lexicon's categories in the order Scan reports them.
func (l *Lexicon) Categories() []Category {
	cats := make([]Category, len(l.lists))
	for i, li := range l.lists {
		cats[i] = li.cat
	}
	return cats
}

// Len is how many phrases (not counting exceptions) the category's list has.
func (l *Lexicon) Len(c Category) int {
	for _, li := range l.lists {
		if li.cat == c {
			return len(li.phrases)
		}
	}
	return 0
}

// Scan finds every category whose list matches text, each once, at its first match in the
// message, in category order (suicide, self_harm, harm_others, unsafe, then any others).
func (l *Lexicon) Scan(text string) []Match {
	if l == nil {
		return nil
	}
	toks := tokenize(text)
	if len(toks) == 0 {
		return nil
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.norm
	}
	var out []Match
	for _, li := range l.lists {
		var spans [][2]int // exception matches, computed only when a phrase matched
		spansDone := false
		found := false
		for i := 0; i < len(words) && !found; i++ {
			for _, p := range li.phrases {
				ends := p.matchAt(words, i)
				for _, e := range ends {
					if !spansDone {
						spans = exceptionSpans(li.exceptions, words)
						spansDone = true
					}
					if covered(spans, i, e) {
						continue
					}
					out = append(out, Match{
						Category: li.cat,
						Phrase:   p.src,
						Excerpt:  excerpt(text, toks[i].start, toks[e-1].end),
					})
					found = true
					break
				}
				if found {
					break
				}
			}
		}
	}
	return out
}

// exceptionSpans is every stretch of words an exception matches.
func exceptionSpans(exceptions []phrase, words []string) [][2]int {
	var spans [][2]int
	for i := range words {
		for _, p := range exceptions {
			for _, e := range p.matchAt(words, i) {
				spans = append(spans, [2]int{i, e})
			}
		}
	}
	return spans
}

func covered(spans [][2]int, s, e int) bool {
	for _, sp := range spans {
		if sp[0] <= s && e <= sp[1] {
			return true
		}
	}
	return false
}

// matchAt gives every end (exclusive, shortest first) of a match of p starting at word i.
func (p phrase) matchAt(words []string, i int) []int {
	// compilePhrase makes every phrase start with a required word, so the reported start is
	// the first word of the match; checking it first keeps Scan quick.
	if !p.startsWith(words[i]) {
		return nil
	}
	seen := map[int]bool{}
	var ends []int
	var walk func(k, j int)
	walk = func(k, j int) {
		if k == len(p.elems) {
			if j > i && !seen[j] {
				seen[j] = true
				ends = append(ends, j)
			}
			return
		}
		el := p.elems[k]
		if el.gap > 0 {
			for g := 0; g <= el.gap && j+g <= len(words); g++ {
				walk(k+1, j+g)
			}
			return
		}
		if el.optional {
			walk(k+1, j)
		}
		for _, seq := range el.seqs {
			if j+len(seq) > len(words) {
				continue
			}
			ok := true
			for n, pc := range seq {
				if !pc.matches(words[j+n]) {
					ok = false
					break
				}
			}
			if ok {
				walk(k+1, j+len(seq))
			}
		}
	}
	walk(0, i)
	sort.Ints(ends)
	return ends
}

// startsWith is a quick check that the first element can match word w.
func (p phrase) startsWith(w string) bool {
	for _, seq := range p.elems[0].seqs {
		if seq[0].matches(w) {
			return true
		}
	}
	return false
}

func (pc piece) matches(w string) bool {
	switch {
	case pc.year:
		return len(w) == 4 && (w[:2] == "19" || w[:2] == "20") && isNumber(w)
	case pc.number, pc.many:
		if w == "" {
			return false
		}
		n := 0
		for _, r := range w {
			if r < '0' || r > '9' {
				return false
			}
			if n < manyAt {
				n = n*10 + int(r-'0')
			}
		}
		return !pc.many || n >= manyAt
	case pc.stem:
		return strings.HasPrefix(w, pc.text)
	default:
		return w == pc.text || transposed(w, pc.text) || dropped(w, pc.text)
	}
}

// minDrop is the shortest list word that still matches with one letter missing (not the
// first): "tablts" is "tablets", "anymor" is "anymore", "takin" is "taking". Shorter words
// have too many neighbours ("pils" is caught by its own entry; "dye" must not be "die").
const minDrop = 6

// dropped reports whether a is b with one letter left out, the other common slip on a phone
// keyboard, and how people drop a final g ("hearin voices").
func dropped(a, b string) bool {
	if len(b) < minDrop || len(a)+1 != len(b) || a[0] != b[0] {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if i == len(a) && !dropsLast(b) {
		return false
	}
	return a[i:] == b[i+1:]
}

// minTypo is the shortest word in which two neighbouring letters swapped (not the first) still
// match: "wnat" is "want", "agian" is "again", but "on" is not "no" and "doing" is not "oding".
const minTypo = 4

// transposed reports whether a is b with two neighbouring letters swapped, the commonest typo on
// a phone keyboard.
func transposed(a, b string) bool {
	if len(a) != len(b) || len(a) < minTypo || a[0] != b[0] {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i > 0 && i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// dropsLast reports whether w may be typed without its last letter: a missing last letter
// often changes a word's person or number ("siguen", "sigue"; "brothers", "brother"), but the
// g of "-ing" ("takin") and a silent e ("anymor") are slips.
func dropsLast(w string) bool {
	return strings.HasSuffix(w, "ng") || strings.HasSuffix(w, "e")
}

// typoVariants are the ways of writing w with two neighbouring letters swapped or, for a long
// word, one letter left out, so an index of first words finds "wnat" under "want" and "tablts"
// under "tablets".
func typoVariants(w string) []string {
	if len(w) < minTypo {
		return nil
	}
	var out []string
	if len(w) >= minDrop {
		for i := 1; i < len(w); i++ {
			if w[i] == w[i-1] || i == len(w)-1 && !dropsLast(w) {
				continue // the same word as dropping its twin; see dropped
			}
			out = append(out, w[:i]+w[i+1:])
		}
	}
	b := []byte(w)
	for i := 1; i+1 < len(b); i++ { // the first letter is rarely the slip
		if b[i] == b[i+1] {
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		out = append(out, string(b))
		b[i], b[i+1] = b[i+1], b[i]
	}
	return out
}

// compilePhrase reads one line of a list. slots are the named word lists a <name> may stand
// for; <number> is always known. same, which may be nil, holds the elements compiled so far
// by their src, so an element written the same way in many lines ("<medicine>", with its
// index of hundreds of names and their typos) is compiled once and shared: the elements of a
// compiled phrase are never changed.
func compilePhrase(src string, slots map[string][][]piece, same map[string]elem) (phrase, error) {
	p := phrase{src: src}
	required := 0
	prev := "" // the field before, when it is one plain word
	for _, f := range strings.Fields(src) {
		if err := repeatsWordBefore(prev, f); err != nil {
			return p, err
		}
		prev = ""
		if !strings.ContainsAny(f, "|[]<>*-") && f != "..." {
			prev = f
		}
		if f == "..." {
			if len(p.elems) == 0 {
				//lint:ignore ST1005 "..." is the gap marker people write, not punctuation
				return p, fmt.Errorf("a phrase cannot start with ...")
			}
			p.elems = append(p.elems, elem{gap: gapWords})
			continue
		}
		if el, ok := same[f]; ok {
			if !el.optional {
				required++
			}
			if el.optional && len(p.elems) == 0 {
				return p, fmt.Errorf("a phrase cannot start with an optional word")
			}
			p.elems = append(p.elems, el)
			continue
		}
		el := elem{src: f}
		if strings.HasPrefix(f, "[") || strings.HasSuffix(f, "]") {
			if !strings.HasPrefix(f, "[") || !strings.HasSuffix(f, "]") || len(f) < 3 {
				return p, fmt.Errorf("unbalanced brackets in %q", f)
			}
			if len(p.elems) == 0 {
				return p, fmt.Errorf("a phrase cannot start with an optional word")
			}
			el.optional = true
			f = f[1 : len(f)-1]
		}
		for _, alt := range strings.Split(f, "|") {
			seqs, err := compileAlt(alt, slots)
			if err != nil {
				return p, err
			}
			el.seqs = append(el.seqs, seqs...)
		}
		if !el.optional {
			required++
		}
		el.index()
		if same != nil {
			same[el.src] = el
		}
		p.elems = append(p.elems, el)
	}
	if required == 0 {
		return p, fmt.Errorf("a phrase needs at least one word that is not optional")
	}
	if p.elems[len(p.elems)-1].gap > 0 {
		//lint:ignore ST1005 "..." is the gap marker people write, not punctuation
		return p, fmt.Errorf("a phrase cannot end with ...")
	}
	return p, nil
}

// repeatsWordBefore reports a choice that begins with the plain word just before it: in
// "matar de risa|de-un-susto" the choice reads "de de un susto" and can never match; what was
// meant is "de risa|un-susto". 180 lines of the built-in lists had one (session 5).
func repeatsWordBefore(prev, f string) error {
	if prev == "" {
		return nil
	}
	for _, alt := range strings.Split(strings.Trim(f, "[]"), "|") {
		if rest, ok := strings.CutPrefix(strings.ToLower(alt), strings.ToLower(prev)+"-"); ok && rest != "" {
			return fmt.Errorf("%q after %q reads %q, which can never match: write %q", alt, prev, prev+" "+strings.ReplaceAll(alt, "-", " "), rest)
		}
	}
	return nil
}

// compileAlt reads one alternative: a word, a stem, <number>, a <slot>, or hyphen-joined parts,
// which give two sequences (the parts as separate words, and as one word).
func compileAlt(alt string, slots map[string][][]piece) ([][]piece, error) {
	if alt == "<number>" {
		return [][]piece{{{number: true}}}, nil
	}
	if alt == "<many>" {
		return [][]piece{{{many: true}}}, nil
	}
	if alt == "<year>" {
		return [][]piece{{{year: true}}}, nil
	}
	if strings.HasPrefix(alt, "<") && strings.HasSuffix(alt, ">") && len(alt) > 2 {
		seqs, ok := slots[alt[1:len(alt)-1]]
		if !ok {
			return nil, fmt.Errorf("there is no word list for %s", alt)
		}
		return seqs, nil
	}
	if alt == "" {
		return nil, fmt.Errorf("empty alternative")
	}
	parts := strings.Split(alt, "-")
	var sep []piece
	var joined strings.Builder
	stem := false
	for n, part := range parts {
		s := false
		if strings.HasSuffix(part, "*") {
			if n != len(parts)-1 {
				return nil, fmt.Errorf("* only at the end of %q", alt)
			}
			part = strings.TrimSuffix(part, "*")
			s = true
			stem = true
		}
		if strings.ContainsAny(part, "*[]|<>") {
			return nil, fmt.Errorf("misplaced symbol in %q", alt)
		}
		toks := tokenize(part)
		if len(toks) != 1 || toks[0].norm == "" || toks[0].start != 0 || toks[0].end != len(part) {
			return nil, fmt.Errorf("%q is not a single word", part)
		}
		w := toks[0].norm
		if s && len([]rune(w)) < minStem {
			return nil, fmt.Errorf("stem %q is shorter than %d letters", part, minStem)
		}
		sep = append(sep, piece{text: w, stem: s})
		joined.WriteString(w)
	}
	if len(sep) == 1 {
		return [][]piece{sep}, nil
	}
	one := piece{text: foldWord(joined.String()), stem: stem}
	return [][]piece{sep, {one}}, nil
}

// excerpt quotes the message around runes [s, e): at most maxExcerpt characters, whitespace
// and newlines squeezed to single spaces, with … where it was cut.
func excerpt(text string, s, e int) string {
	// s and e are byte offsets; the budget is in characters, counted only near the match.
	if utf8.RuneCountInString(text[s:e]) >= maxExcerpt {
		end := s
		for n := 0; n < maxExcerpt-1; n++ {
			_, size := utf8.DecodeRuneInString(text[end:])
			end += size
		}
		return squeeze(text[s:end]) + "…"
	}
	// Share what is left of the budget between the two sides, keeping a place for each "…".
	slack := maxExcerpt - utf8.RuneCountInString(text[s:e]) - 2
	left := backRunes(text, s, slack) // characters available before, up to slack
	right := fwdRunes(text, e, slack) // and after
	l := min(left, slack/2)
	r := min(right, slack-l)
	l = min(left, slack-r)
	from, to := s, e
	for n := 0; n < l; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:from])
		from -= size
	}
	for n := 0; n < r; n++ {
		_, size := utf8.DecodeRuneInString(text[to:])
		to += size
	}
	out := squeeze(text[from:to])
	if from > 0 {
		out = "…" + out
	}
	if to < len(text) {
		out += "…"
	}
	return out
}

// backRunes counts the characters before byte i, stopping at limit.
func backRunes(text string, i, limit int) int {
	n := 0
	for i > 0 && n < limit {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
		n++
	}
	return n
}

// fwdRunes counts the characters from byte i on, stopping at limit.
func fwdRunes(text string, i, limit int) int {
	n := 0
	for i < len(text) && n < limit {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
		n++
	}
	return n
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

func categoryLess(a, b Category) bool {
	ia, ib := categoryIndex(a), categoryIndex(b)
	if ia != ib {
		return ia < ib
	}
	return a < b
}

func categoryIndex(c Category) int {
	for i, k := range categoryOrder {
		if k == c {
			return i
		}
	}
	return len(categoryOrder)
}

// categoryWords is how a Reason names each category.
func categoryWords(c Category) string {
	switch c {
	case Suicide:
		return "suicide"
	case SelfHarm:
		return "self-harm"
	case HarmOthers:
		return "harming others"
	case Unsafe:
		return "not feeling safe"
	case Overdose:
		return "an overdose"
	case Commands:
		return "voices telling them to do harm"
	case Abuse:
		return "abuse or violence"
	case Exploitation:
		return "being exploited"
	case Hopelessness:
		return "hopelessness"
	case Distress:
		return "distress"
	case Relapse:
		return "early warning signs"
	case CategoryUnlisted:
		return "something worrying in words that are on none of the screen's lists"
	}
	return strings.ReplaceAll(string(c), "_", " ")
}

// WordsFlag is the urgent flag for worrying words in a message, its Reason naming the
// categories found ("Words about suicide and self-harm in a message") and its Evidence quoting
// each match. Call it with the matches of one message; with none it still gives an urgent flag
// with a general Reason, since a caller that asks has a reason to.
func WordsFlag(matches []Match) Flag {
	f := Flag{Kind: KindWords, Key: "words", Urgent: true}
	var names []string
	seen := map[Category]bool{}
	for _, m := range matches {
		if !seen[m.Category] {
			seen[m.Category] = true
			names = append(names, categoryWords(m.Category))
		}
		f.Evidence = append(f.Evidence, fmt.Sprintf("%s: %q", categoryWords(m.Category), m.Excerpt))
	}
	if len(names) == 0 {
		f.Reason = "Worrying words in a message"
		return f
	}
	f.Reason = "Words about " + joinAnd(names) + " in a message"
	return f
}

// joinAnd joins words as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
