package triage

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Tier is how much a message's words ask of the people around the person. It decides the
// reply and the flag, never whether the worker sees the words: every tier but none is flagged.
type Tier string

// The tiers, lowest first.
const (
	// TierNone: nothing in the words calls for a flag.
	TierNone Tier = "none"
	// TierRelapse: early warning signs in words (not sleeping for days, stopped medication,
	// voices back, fear of being poisoned, watched or followed): a non-urgent flag.
	TierRelapse Tier = "relapse"
	// TierConcern: distress or risk language softened by context (a negation, a hopeless
	// phrase without intent): a normal flag and a calm reply that offers the crisis contacts.
	TierConcern Tier = "concern"
	// TierCrisis: suicide, self-harm, harm to others, commands to harm, abuse happening now,
	// an overdose taken: an urgent flag and the crisis contacts first.
	TierCrisis Tier = "crisis"
)

// Rank orders tiers: none 0 < relapse 1 < concern 2 < crisis 3. An unknown tier ranks as none.
func (t Tier) Rank() int {
	switch t {
	case TierRelapse:
		return 1
	case TierConcern:
		return 2
	case TierCrisis:
		return 3
	}
	return 0
}

func maxTier(a, b Tier) Tier {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

func minTier(a, b Tier) Tier {
	if b.Rank() < a.Rank() {
		return b
	}
	return a
}

// lower is one tier down: crisis to concern, concern and relapse to none.
func lower(t Tier) Tier {
	if t == TierCrisis {
		return TierConcern
	}
	return TierNone
}

// Surface is where a person wrote the words. Only the crisis plan changes how they are read.
type Surface string

// The surfaces a person writes on.
const (
	SurfaceMessage    Surface = "message"
	SurfaceCheckin    Surface = "checkin"
	SurfaceCaption    Surface = "caption"
	SurfaceAgenda     Surface = "agenda"
	SurfaceGoal       Surface = "goal"
	SurfaceReflection Surface = "reflection"
	SurfaceContact    Surface = "contact"
	SurfaceRelay      Surface = "relay"
	// SurfacePlan is a line of the person's own crisis plan: it says what helps when things are
	// bad, so its words are context, not a disclosure. It is screened to tier none, with the
	// words it matched and "plan" in Context.
	SurfacePlan Surface = "plan"
	// SurfaceSign is an early warning sign the person writes in their own words ("/signs"):
	// a sign described as a thought or a habit ("thinking people are following me", "wanting
	// to hurt myself") is context, as a plan's line is; one said as happening now ("the
	// voices are back tonight", "I want to die") is screened as a message is (plan.go).
	SurfaceSign Surface = "sign"
)

// Result is what the screen found in one message.
type Result struct {
	Tier       Tier       `json:"tier"`
	Categories []Category `json:"categories"`
	// Lang is "en" or "es": the language of the list the decisive match came from, or the
	// message's likelier language when nothing matched.
	Lang string `json:"lang"`
	// Matched is the list entries that matched, as written in the lists, including those that
	// context lowered to none.
	Matched []string `json:"matched"`
	// Context is what lowered or shaped the tier: "negation", "past", "reported", "media",
	// "idiom", "plan", and "everyday" where the model softened a crisis or cleared a flag.
	Context []string `json:"context"`
	// Matches is one Match per category found (at its tier), with an excerpt for the worker.
	Matches []Match `json:"-"`
	// Model is how the screen's model read the message (nil where it was not asked); where it
	// added a flag for one sentence of a longer message, how it read that sentence.
	Model *Probs `json:"model,omitempty"`
}

// The kinds of context, each a file in the lists' context folder.
type ctxKind uint8

const (
	ctxNegation ctxKind = iota + 1 // "not", "never", "no": lowers a match one tier
	ctxDenial                      // "not suicidal", "no dark thoughts": the match is denied
	ctxPast                        // "years ago", "used to": the clause is about the past
	ctxReported                    // "my friend said": someone else's words
	ctxMedia                       // "in the film": a story, the news, a song
	ctxIdiom                       // "dying to see", "me muero de risa": not meant literally
	ctxPresent                     // "again", "now", "still": present in spite of the above
	ctxClause                      // "but", "pero": a word that starts a new clause
	ctxAsked                       // "she asked if", "me preguntó si": a question put to them
	ctxWhen                        // "when I feel like", "cuando tengo ganas de": a condition
	ctxCoping                      // "I ring my sister", "me ayuda": what helps, as in a plan
	ctxYes                         // "yes", "I said yes": an answer that undoes "asked"
	ctxReassure                    // "just tired", "don't worry", "in months": a negation meant
	ctxSpeech                      // "said", "texted", "dijo": hands a quotation to its speaker
	ctxJoke                        // "as a joke", "lol", "de broma": banter, for a quoted threat
	ctxUnsure                      // "know if", "sé si": after a negation, a doubt, not a denial
	ctxRecent                      // "a month ago", "la semana pasada": a past that is still now
	ctxNow                         // "I feel", "estoy": the person speaking of themself now
	ctxEcho                        // "the same", "lo mismo": a story taken up as their own
	ctxHeading                     // "my safety plan", "warning signs": a plan's heading
	ctxFailed                      // "she didn't answer", "no funcionó": help that did not help
)

var ctxKinds = map[string]ctxKind{
	"negation": ctxNegation, "denial": ctxDenial, "past": ctxPast, "reported": ctxReported,
	"media": ctxMedia, "idiom": ctxIdiom, "present": ctxPresent, "clause": ctxClause,
	"asked": ctxAsked, "when": ctxWhen, "coping": ctxCoping, "yes": ctxYes,
	"reassure": ctxReassure, "speech": ctxSpeech, "joke": ctxJoke, "unsure": ctxUnsure,
	"recent": ctxRecent, "now": ctxNow, "echo": ctxEcho,
	"heading": ctxHeading, "failed": ctxFailed,
}

// ctxLabel is how Result.Context names a kind.
func ctxLabel(k ctxKind) string {
	switch k {
	case ctxNegation, ctxDenial:
		return "negation"
	case ctxPast:
		return "past"
	case ctxReported, ctxAsked:
		return "reported"
	case ctxMedia:
		return "media"
	case ctxIdiom:
		return "idiom"
	case ctxWhen, ctxCoping, ctxHeading:
		return "plan"
	}
	return ""
}

type role uint8

const (
	roleRisk role = iota
	roleException
	roleContext
)

// entry is one compiled line of the lists.
type entry struct {
	p    phrase
	role role
	cat  Category
	lang string
	tier Tier
	ctx  ctxKind
	file int32 // which file it came from: an exception covers only its own file's phrases
	// oneWordFirst: every way of writing the first element is one word, so an entry found
	// through the index of whole first words has matched its first word already.
	oneWordFirst bool
}

// Screener is the compiled risk screen: phrase lists in English and Spanish, word lists for the
// slots in them, and the context that lowers a match. It never changes once made and is safe to
// use from many goroutines.
//
// The lists are a folder of plain-text files (content/default/screen in the default pack):
//
//	en/<category>.txt, es/<category>.txt   risk phrases, one category a file
//	slots/<name>.txt                       word lists a phrase refers to as <name>
//	context/<kind>.txt                     negation, denial, past, present, reported, asked,
//	                                       yes, media, idiom, when, coping, reassure, clause,
//	                                       speech, joke, unsure, recent, now, echo, heading,
//	                                       failed
//
// Every folder other than slots and context holds one language's lists, named by its code.
// Phrases use the syntax described on Lexicon, plus <name> for any word or words of
// slots/name.txt ("took <many> <medicine>") and <many> for a number of 6 or more. A category
// file starts with a line "@tier crisis", "@tier concern" or "@tier relapse", and may name the
// category for a worker with "@name self-harm", and mark a file of signs that add up with
// "@together crisis" (adds.go). Lines starting with ! are exceptions, as on
// Lexicon. The folder's README.md says the same for a clinician.
//
// Every message is screened against every language's lists: people mix languages.
// Context changes a match's tier, never hides present risk, and reaches only its own clause
// (clauses end at . , ; : ! ? a line break, or a word in context/clause.txt such as "but"),
// but for quotation marks and a story set in an earlier sentence:
//
//   - idiom or denial overlapping the match: none ("dying to see you", "I'm not suicidal").
//   - a wish to die or a threat with laughter and a small thing near it ("me quiero morir
//     jaja, perdí el bondi"), or a threat to a thing ("strangle the printer"): none, as an
//     idiom; concern when it names a place of danger (idiom.go).
//   - negation before the match, with no "and" between: one tier lower (crisis to concern,
//     concern and relapse to none); how far it reaches is in scope.go. A negation inside the
//     phrase is part of it: "no quiero vivir" is a phrase, so its "no" lowers nothing. A
//     denial that is meant ("never", "not suicidal, just tired", "haven't cut in months",
//     "didn't self harm today") is none, and so is a denial said after the match with an
//     everyday reason, or someone else's fear of the person answered (scope.go).
//   - a negation followed by a doubt ("no sé si", "I don't know if"; unsure.txt) lowers
//     nothing, and the message is also read with the doubt left out: "no sé si quiero vivir"
//     as "no quiero vivir".
//   - past in the clause: none, unless the clause has a present word ("again", "otra vez");
//     a relapse sign in a recent past ("a month ago"; recent.txt) is not lowered, and abuse
//     or exploitation in the past only to concern, unless the sentence reassures.
//   - media or reported speech before the match in the clause: none, unless a present word
//     follows it. Reported speech followed by a word about the person themself ("she said
//     I'm ...", "he said he'll kill me", "dijo que me iba a matar") lowers nothing.
//   - a match wholly inside quotation marks handed to someone else ("my son said 'I want to
//     die'"; speech.txt) is none; with a "you" in the quote only concern, unless aimed at
//     someone else or a joke (joke.txt); never lowered from the person, "they", the voices, or
//     a partner (reading.go).
//   - a film or the past set in an earlier sentence reaches the sentences after it while they
//     have no present word and nothing of the person now (now.txt): a sentence about someone
//     else is none, the person's own past with a reassurance later only crisis to concern,
//     anything else is not lowered. A match lowered to none as a story is kept at concern
//     when the person takes it up ("I feel like that", "me too"; echo.txt).
//   - a question put to them ("the nurse asked if I ever ...") before the match in the clause:
//     none, unless the sentence has a yes.
//   - a condition ("when I get the urge to", "si pienso en") with the match inside it, and
//     something that helps or a plan's heading in the same sentence ("I ring my sister",
//     "my safety plan:"): none, as a line of a crisis plan is; not where the match is what
//     the person will do, or the help failed (plan.go). A sign listed under a heading with
//     nothing of the person now is none too (a crisis phrase only concern).
//   - a phrase read across the full stop of a long sentence is no match at all (plan.go).
//   - a match that starts inside a lowered match is lowered the same way.
//
// The tier of a message is the highest tier of any of its matches: "I'm not ok, last night I
// cut again" is crisis.
type Screener struct {
	entries []entry
	// words and stems index the entries by the words they can start with: a message word
	// (and every typo of it the matching forgives) in words, the first three bytes of a stem
	// in stems. Each also holds the prefilter's keys for that word (prefilter.go), so one
	// look-up a word serves both.
	words   map[string]*wordIndex
	stems   map[string]*wordIndex
	numbers []int32    // entries that start with <number>
	pre     *prefilter // each entry's required words, and the entries each leads to (prefilter.go)
	// kinds is each entry's ctx, packed: the context rules ask it of hundreds of hits a
	// long message, and entries are too big to keep in the cache.
	kinds []ctxKind
	names map[Category]string
	// together is the tier two signs add up to: a category file's "@together crisis". Two
	// matches of such files that do not overlap and that context left as they were are one
	// message's preparation carried out, not a detail that may be innocent (adds.go).
	together map[Category]Tier
	order    map[Category]int
	cats     []Category
	model    *Model // nil without examples/: the lists alone screen
	// trifles are the one-word entries of slots/trifles.txt, folded: the small things a
	// hyperbole is about (idiom.go).
	trifles map[string]bool
	// slotSay is each slot's first way of saying, to write a phrase out (Forms).
	slotSay map[string]string
	// places are the one-word entries and stems of slots/place, lugar, high and danger,
	// folded: a hyperbole that names one is still heard (idiom.go).
	places []string
	// means are those of slots/means, medios, medicine, meds and pillslang: a hyperbole that
	// names one is not read as a figure of speech (idiom.go).
	means []string
}

// ListError is every problem in a folder of lists, each "file:line: problem".
type ListError struct{ Problems []string }

func (e *ListError) Error() string { return strings.Join(e.Problems, "; ") }

// NewScreener compiles the lists in fsys (layout on Screener). It reports every bad line with
// its file and line, as a *ListError, so a list is never half loaded.
func NewScreener(fsys fs.FS) (*Screener, error) {
	s := &Screener{words: map[string]*wordIndex{}, stems: map[string]*wordIndex{}, names: map[Category]string{}, together: map[Category]Tier{}, order: map[Category]int{}}
	var problems []string
	bad := func(file string, line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
	}
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("triage: screen lists: %w", err)
	}
	// Slots first: phrases refer to them.
	slots := map[string][][]piece{}
	slotSay := map[string]string{} // a slot's first way of saying, to write its phrases out (listedExamples, Forms)
	s.slotSay = slotSay
	slotFiles, _ := fs.Glob(fsys, "slots/*.txt")
	for _, name := range slotFiles {
		lines, err := readLines(fsys, name)
		if err != nil {
			return nil, err
		}
		slot := strings.TrimSuffix(path.Base(name), ".txt")
		var seqs [][]piece
		for i, line := range lines {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			seq, err := compileSlotEntry(line)
			if err != nil {
				bad(name, i+1, "%q: %v", line, err)
				continue
			}
			seqs = append(seqs, seq...)
		}
		if len(seqs) == 0 {
			bad(name, 1, "the word list is empty")
		}
		slots[slot] = seqs
		switch slot {
		case "trifles":
			s.trifles = slotWords(lines)
		case "place", "lugar", "high", "danger":
			s.places = append(s.places, slotStems(lines)...)
		case "means", "medios", "medicine", "meds", "pillslang":
			s.means = append(s.means, slotStems(lines)...)
		}
		for _, line := range lines {
			if line != "" && !strings.HasPrefix(line, "#") && !strings.Contains(line, "*") {
				slotSay[slot] = plainFirst(strings.Fields(line))
				break
			}
		}
	}
	same := map[string]elem{} // elements compiled so far, shared between phrases
	var file int32
	ctxFiles, _ := fs.Glob(fsys, "context/*.txt")
	for _, name := range ctxFiles {
		file++
		kind, ok := ctxKinds[strings.TrimSuffix(path.Base(name), ".txt")]
		if !ok {
			bad(name, 1, "not a kind of context: use negation, denial, past, present, reported, asked, yes, media, idiom, when, coping, reassure, clause, speech, joke, unsure, recent, now, echo, heading or failed")
			continue
		}
		lines, err := readLines(fsys, name)
		if err != nil {
			return nil, err
		}
		for i, line := range lines {
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			p, err := compilePhrase(line, slots, same)
			if err != nil {
				bad(name, i+1, "%q: %v", line, err)
				continue
			}
			s.add(entry{p: p, role: roleContext, ctx: kind, file: file})
		}
	}
	langs := 0
	for _, d := range top {
		if !d.IsDir() || d.Name() == "slots" || d.Name() == "context" || d.Name() == examplesDir || strings.HasPrefix(d.Name(), ".") {
			continue
		}
		lang := d.Name()
		names, _ := fs.Glob(fsys, lang+"/*.txt")
		if len(names) > 0 {
			langs++
		}
		for _, name := range names {
			file++
			cat := Category(strings.TrimSuffix(path.Base(name), ".txt"))
			lines, err := readLines(fsys, name)
			if err != nil {
				return nil, err
			}
			var tier Tier
			phrases := 0
			for i, line := range lines {
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				if rest, ok := strings.CutPrefix(line, "@tier "); ok {
					switch t := Tier(strings.TrimSpace(rest)); t {
					case TierCrisis, TierConcern, TierRelapse:
						tier = t
					default:
						bad(name, i+1, "@tier must be crisis, concern or relapse, not %q", rest)
					}
					continue
				}
				if rest, ok := strings.CutPrefix(line, "@name "); ok {
					s.names[cat] = strings.TrimSpace(rest)
					continue
				}
				if rest, ok := strings.CutPrefix(line, "@together "); ok {
					switch t := Tier(strings.TrimSpace(rest)); t {
					case TierCrisis, TierConcern:
						s.together[cat] = t
					default:
						bad(name, i+1, "@together must be crisis or concern, not %q", rest)
					}
					continue
				}
				if strings.HasPrefix(line, "@") {
					bad(name, i+1, "%q: unknown setting (use @tier, @name or @together)", line)
					continue
				}
				if tier == "" {
					bad(name, i+1, "a phrase before the file's @tier line")
					continue
				}
				e := entry{role: roleRisk, cat: cat, lang: lang, tier: tier, file: file}
				src := line
				if rest, ok := strings.CutPrefix(line, "!"); ok {
					e.role = roleException
					src = strings.TrimSpace(rest)
				}
				p, err := compilePhrase(src, slots, same)
				if err != nil {
					bad(name, i+1, "%q: %v", line, err)
					continue
				}
				e.p = p
				if e.role == roleRisk {
					phrases++
				}
				s.add(e)
			}
			if phrases == 0 && tier != "" {
				bad(name, 1, "the list has no phrases")
			}
			if tier == "" {
				bad(name, 1, "the list has no @tier line")
			}
			if _, ok := s.order[cat]; !ok {
				s.order[cat] = len(s.cats)
				s.cats = append(s.cats, cat)
			}
		}
	}
	if langs == 0 {
		problems = append(problems, "no language folders of lists (en/*.txt, es/*.txt)")
	}
	examples, exProblems, err := ReadExamples(fsys, examplesDir)
	if err != nil {
		return nil, fmt.Errorf("triage: screen examples: %w", err)
	}
	problems = append(problems, exProblems...)
	if len(problems) > 0 {
		sort.Strings(problems)
		return nil, &ListError{Problems: problems}
	}
	// Categories are reported in the default order, then any others alphabetically.
	sort.SliceStable(s.cats, func(i, j int) bool { return categoryLess(s.cats[i], s.cats[j]) })
	for i, c := range s.cats {
		s.order[c] = i
	}
	s.buildPrefilter()
	s.kinds = make([]ctxKind, len(s.entries))
	for i := range s.entries {
		s.kinds[i] = s.entries[i].ctx
	}
	if len(examples) > 0 {
		examples = append(examples, s.everydaySentences(examples)...)
		s.model = trainCached(append(examples, s.listedExamples(slotSay)...))
	}
	return s, nil
}

func readLines(fsys fs.FS, name string) ([]string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("triage: screen lists: %w", err)
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	return lines, nil
}

// compileSlotEntry reads one line of a word list: one or more words (stems and hyphen-joined
// words allowed), every way of writing it as one sequence.
func compileSlotEntry(line string) ([][]piece, error) {
	if strings.ContainsAny(line, "[]<>!") || strings.Contains(line, "...") {
		return nil, errors.New("a word list entry is words, stems and a|b choices: no [ ], ..., ! or <slots>")
	}
	out := [][]piece{nil}
	for _, f := range strings.Fields(line) {
		var alts [][]piece
		for _, a := range strings.Split(f, "|") {
			seqs, err := compileAlt(a, nil)
			if err != nil {
				return nil, err
			}
			alts = append(alts, seqs...)
		}
		var next [][]piece
		for _, pre := range out {
			for _, a := range alts {
				next = append(next, append(slices.Clone(pre), a...))
			}
		}
		out = next
	}
	return out, nil
}

// add indexes an entry by the words its phrase can start with.
func (s *Screener) add(e entry) {
	id := int32(len(s.entries))
	e.oneWordFirst = true
	for _, seq := range e.p.elems[0].seqs {
		if len(seq) != 1 {
			e.oneWordFirst = false
		}
	}
	s.entries = append(s.entries, e)
	seenExact := map[string]bool{}
	seenStem := map[string]bool{}
	number := false
	for _, seq := range e.p.elems[0].seqs {
		pc := seq[0]
		switch {
		case pc.number || pc.many || pc.year:
			if !number {
				number = true
				s.numbers = append(s.numbers, id)
			}
		case pc.stem:
			k := pc.text[:min(3, len(pc.text))]
			if !seenStem[k] {
				seenStem[k] = true
				x := s.stems[k]
				if x == nil {
					x = &wordIndex{}
					s.stems[k] = x
				}
				x.entries = append(x.entries, id)
			}
		default:
			for _, k := range append([]string{pc.text}, typoVariants(pc.text)...) {
				if !seenExact[k] {
					seenExact[k] = true
					x := s.words[k]
					if x == nil {
						x = &wordIndex{}
						s.words[k] = x
					}
					x.entries = append(x.entries, id)
				}
			}
		}
	}
}

// Categories lists the screener's categories in the order results report them.
func (s *Screener) Categories() []Category { return slices.Clone(s.cats) }

// Len is how many phrases (not counting exceptions) a category has, in all languages.
func (s *Screener) Len(c Category) int {
	n := 0
	for _, e := range s.entries {
		if e.role == roleRisk && e.cat == c {
			n++
		}
	}
	return n
}

// hit is one entry matched at words [s, e).
type hit struct {
	id   int32
	s, e int32
}

// Screen screens a free message.
func (s *Screener) Screen(text string) Result { return s.ScreenAs(text, SurfaceMessage) }

// ScreenAs screens text written on a surface. A nil Screener finds nothing.
func (s *Screener) ScreenAs(text string, surface Surface) Result {
	sc := scratchPool.Get().(*scratch)
	defer putScratch(sc)
	// The model reads the words the lists were matched against (sc.toks).
	return s.withModel(sc, s.screenWith(sc, text, surface, true), text, surface)
}

// screen is what the lists alone find in text, with or without the prefilter:
// TestFastSameAsReference compares the two.
func (s *Screener) screen(text string, surface Surface, filter bool) Result {
	sc := scratchPool.Get().(*scratch)
	defer putScratch(sc)
	return s.screenWith(sc, text, surface, filter)
}

// screenWith is screen with the working memory sc, where it leaves the message's tokens.
func (s *Screener) screenWith(sc *scratch, text string, surface Surface, filter bool) Result {
	r := Result{Tier: TierNone, Categories: []Category{}, Matched: []string{}, Context: []string{}}
	if s == nil {
		r.Lang = "en"
		return r
	}
	toks := tokenizeInto(sc, text)
	words := grow(sc.words, len(toks))
	sc.words = words
	for i, t := range toks {
		words[i] = t.norm
	}
	var risks, ctxs, excs []hit
	keep := func(id int32, i, end int) {
		h := hit{id: id, s: int32(i), e: int32(end)}
		switch s.entries[id].role {
		case roleRisk:
			risks = append(risks, h)
		case roleException:
			excs = append(excs, h)
		default:
			ctxs = append(ctxs, h)
		}
	}
	var cand *candidates // the prefilter's reading of the message (prefilter.go)
	if filter {
		cand = &sc.cand
		cand.read(s, words)
		for _, f := range cand.match(s, words) {
			keep(f.id, int(f.s), int(f.e))
		}
	} else {
		// Every entry tried at every word its first word may match: what the prefilter
		// must come to.
		for i, w := range words {
			// The entries that may start here: by the whole first word, by a stem, by a number.
			var starts [3][]int32
			if wx := s.words[w]; wx != nil {
				starts[0] = wx.entries
			}
			if len(w) >= 3 {
				if sx := s.stems[w[:3]]; sx != nil {
					starts[1] = sx.entries
				}
			}
			if isNumber(w) {
				starts[2] = s.numbers
			}
			for pass, ids := range starts {
				for _, id := range ids {
					if end := s.endAt(nil, id, pass, words, i); end > i {
						keep(id, i, end)
					}
				}
			}
		}
	}
	// A doubt is not a denial (context/unsure.txt): "no sé si quiero vivir" is read as "no
	// quiero vivir" as well, and its "no" lowers nothing.
	var doubted []hit
	for _, u := range ctxs {
		if s.kinds[u.id] != ctxUnsure {
			continue
		}
		for _, n := range ctxs {
			if s.kinds[n.id] == ctxNegation && n.e == u.s {
				if !slices.Contains(doubted, n) {
					doubted = append(doubted, n)
				}
				risks, excs = s.acrossDoubt(cand, words, n, u, risks, excs)
			}
		}
	}
	if len(risks) == 0 {
		r.Lang = guessLang(words)
		return r
	}
	// Clauses: a new one at punctuation or a clause word.
	clause, sentence, starts := grow(sc.clause, len(toks)), grow(sc.sentence, len(toks)), grow(sc.starts, len(toks))
	sc.clause, sc.sentence, sc.starts = clause, sentence, starts
	clear(starts)
	for _, c := range ctxs {
		if s.kinds[c.id] == ctxClause {
			starts[c.s] = true
		}
	}
	for i := range toks {
		clause[i], sentence[i] = 0, 0 // the memory is reused
		if i > 0 {
			clause[i], sentence[i] = clause[i-1], sentence[i-1]
			if toks[i].brk || starts[i] {
				clause[i]++
			}
			if toks[i].sent {
				sentence[i]++
			}
		}
	}

	rd := &reading{s: s, words: words, toks: toks, clause: clause, sentence: sentence, rules: sc.rules[:0]}
	defer func() { sc.rules = rd.rules[:0] }() // its memory is reused
	rd.setCtxs(ctxs)
	if cand != nil {
		rd.uniq, rd.nUniq = cand.tokU[:len(words)], len(cand.first)
	}
	rd.markNow()

	var kept []keptMatch
	var labels []string
	label := func(l string) {
		if l != "" && !slices.Contains(labels, l) {
			labels = append(labels, l)
		}
	}
	// Each hit's context first; then a hit that starts inside a lowered one is lowered the
	// same way ("haven't heard voices telling me to hurt myself": the "not" reaches the whole
	// chain of matches, not only the first).
	type judged struct {
		h      hit
		neg    bool
		capped Tier
		// idiomEnd is where the idiom that lowered h ends, when only an idiom did: the
		// chain below reaches no further ("I'm dead serious I want to die").
		idiomEnd int32
		// past is set when the past lowered h: a return said after it ("... and last
		// night I did it again") brings it back (returnAfter).
		past bool
	}
	js := make([]judged, 0, len(risks))
	all, nearOf := ctxs, int32(-1)
	// sentenceFrom and sentenceTo are where the context of sentence nearOf starts and ends in
	// rd.ctxs: found once a sentence, not for every hit in it.
	var sentenceFrom, sentenceTo int
	// The loop over a hit's context below acts on a context word only in the hit's own
	// sentences or overlapping the hit (at most ctxSpan words long), except for what helps and
	// a plan's heading, which may be anywhere near it (anywhere): the rest are passed over
	// unread, in the same order.
	ctxSpan := int32(1)
	for _, c := range ctxs {
		ctxSpan = max(ctxSpan, c.e-c.s)
	}
	for _, h := range risks {
		// Context is read near the hit (contextReach): in a long message every hit would
		// otherwise be weighed against every context word of every sentence, more than once,
		// and a 4,096-character message of dense talk took milliseconds.
		if sentence[h.s] != nearOf {
			nearOf = sentence[h.s]
			rd.setCtxs(near(all, sentence, nearOf))
			sentenceFrom, sentenceTo = firstIn(rd.ctxs, sentence, nearOf), firstIn(rd.ctxs, sentence, nearOf+1)
			sc.anywhere = sc.anywhere[:0]
			for i, c := range rd.ctxs {
				if k := s.kinds[c.id]; k == ctxCoping || k == ctxHeading {
					sc.anywhere = append(sc.anywhere, int32(i))
				}
			}
		}
		ctxs := rd.ctxs
		e := &s.entries[h.id]
		if excepted(s, excs, h) {
			continue
		}
		if !slices.Contains(r.Matched, e.p.src) {
			r.Matched = append(r.Matched, e.p.src)
		}
		tier := e.tier
		if surface == SurfacePlan {
			label("plan")
			continue
		}
		if surface == SurfaceSign && rd.ownSign(h) {
			label("plan")
			continue
		}
		rs := rd.rulesOf(h)
		if rs.is(ruleAcross, func() bool { return acrossSentences(text, toks, h) }) || readsGood(text, toks, h, e.p.src) ||
			rs.is(ruleKeepsDoing, func() bool { return keepsDoing(words, h) }) {
			// A phrase read across a full stop joins two sentences that say nothing
			// together, "good" is not "god", and "no quiero seguir viendo esa serie" is
			// about the series (plan.go): it is not a match.
			continue
		}
		cs, ce := clause[h.s], clause[h.e-1]
		inClause := func(c hit) bool { return clause[c.s] >= cs && clause[c.s] <= ce }
		yes := func(c hit) bool {
			for _, o := range inUnits(ctxs, sentence, sentence[c.s], sentence[c.s]) {
				if s.kinds[o.id] == ctxYes {
					return true
				}
			}
			return false
		}
		// presentAfter: a present word in the clause after the context word c ("I used to cut
		// and now..."); one before it ("in group today someone talked about...") is not.
		// A bare "now" does not undo the past: "a suicide attempt 3 years ago and now I'm
		// training as a peer supporter". "Again", "still", "tonight" do.
		if !rs.presentKnown {
			rs.presentKnown, rs.lastPresent = true, -1 // where the clause's last present word starts
			for _, o := range inUnits(ctxs, clause, cs, ce) {
				if s.kinds[o.id] == ctxPresent {
					rs.lastPresent = max(rs.lastPresent, o.s)
					if !(o.e-o.s == 1 && (words[o.s] == "now" || words[o.s] == "ahora")) {
						rs.presentAny = true
					}
				}
			}
		}
		presentAny, lastPresent := rs.presentAny, rs.lastPresent
		presentAfter := func(c hit) bool { return lastPresent > c.s }
		negated, meant := false, false
		capped := tier
		told := false      // lowered as a film, the past or someone else's words
		past := false      // lowered as the past
		var idiomEnd int32 // where a lowering idiom ends; -1 when a denial lowered it
		lo, hi := int32(min(sentenceFrom, firstFrom(ctxs, h.s-ctxSpan+1))), int32(sentenceTo)
		if sentence[h.e-1] != nearOf {
			hi = int32(firstIn(ctxs, sentence, sentence[h.e-1]+1))
		}
		order := sc.order[:0]
		for _, i := range sc.anywhere {
			if i < lo {
				order = append(order, i)
			}
		}
		// Of the rest, only what can act on h is read, in the same order: each case below
		// acts only on context in h's clauses, overlapping h, or at most actReach words
		// before it (a long sentence has hundreds of context words, asked about for each of
		// its matches).
		ca := int32(firstIn(ctxs, clause, cs))
		cb := ca + int32(firstIn(ctxs[ca:], clause, ce+1))
		pa, pb := int32(firstFrom(ctxs, h.s-actReach-ctxSpan)), int32(firstFrom(ctxs, h.e))
		if pa < ca {
			ca, cb, pa, pb = pa, pb, ca, cb
		}
		// The two runs [ca, cb) and [pa, pb) and what helps in between, in order, once each.
		next := 0 // the first of sc.anywhere not yet put in order
		for next < len(sc.anywhere) && sc.anywhere[next] < lo {
			next++
		}
		put := func(i int32) {
			for ; next < len(sc.anywhere) && sc.anywhere[next] <= i; next++ {
				if sc.anywhere[next] < i {
					order = append(order, sc.anywhere[next])
				}
			}
			order = append(order, i)
		}
		for i := max(ca, lo); i < min(cb, hi); i++ {
			put(i)
		}
		for i := max(pa, cb, lo); i < min(pb, hi); i++ {
			put(i)
		}
		order = append(order, sc.anywhere[next:]...)
		sc.order = order
		for _, i := range order {
			c := ctxs[i]
			k := s.kinds[c.id]
			switch k {
			case ctxIdiom, ctxDenial:
				if c.s < h.e && h.s < c.e && (k == ctxDenial && !rd.degreeAfter(h) || k == ctxIdiom && idiomCovers(c, h) && !rd.idiomInPhrase(c, h) && !rd.meant(c, h)) {
					capped = TierNone
					label(ctxLabel(k))
					if k == ctxIdiom {
						idiomEnd = max(idiomEnd, c.e)
					} else {
						idiomEnd = -1
					}
				}
			case ctxMedia, ctxPast:
				// A present word anywhere in the clause undoes the past ("cut again after 6
				// months clean"); after the film or book is named, it undoes the story.
				p := presentAfter(c)
				if k == ctxPast {
					// A time up to now keeps a risk ("hace años que quiero morirme"), but an
					// early warning sign that has gone on for years is how the person is, not
					// a change ("hace años que escucho voces pero ya no me molestan").
					p = presentAny || rd.nowTime(h) || rd.ongoing(c) && (tier != TierRelapse || rd.clockOrAge(c))
				}
				if !inClause(c) || p || c.s >= h.s && c.e <= h.e && (k != ctxPast || !rd.inGap(h, c)) {
					break
				}
				if k == ctxMedia && rd.personIn(c, h) {
					break // "that film made me want to die": the person, not the story
				}
				if k == ctxPast && (tier == TierRelapse && rd.recentIn(c) || rd.pastJoined(c, h)) {
					// "stopped my meds a month ago": a sign now, not a recovered past; "my
					// mum died last year and I took an overdose": another statement's past.
					break
				}
				if k == ctxPast && rd.abuseHeard(h) {
					// "when I was a kid my uncle touched me": abuse disclosed from the
					// past is for the worker to hear, at normal priority.
					capped = minTier(capped, TierConcern)
				} else {
					capped = TierNone
				}
				told = true
				past = past || k == ctxPast
				label(ctxLabel(k))
			case ctxReported:
				// "she said I'm suicidal", "he said he'll kill me": words about the person
				// themself are theirs to hear, so only someone else's risk is lowered.
				if inClause(c) && !presentAfter(c) && c.s < h.s && !selfAfter(words[min(c.e, h.s):h.e], words[min(c.e, h.s)-1]) {
					capped = TierNone
					told = true
					label(ctxLabel(k))
				}
			case ctxWhen:
				// "when I feel like hurting myself I ring my sister": a line of a plan, what
				// helps, said in a message (plan.go).
				if rd.planLine(h, c, risks) && !rd.askedIf(c) {
					capped = TierNone
					label(ctxLabel(k))
				}
			case ctxCoping:
				// "if I still want to die, call 999": the number is the plan's help.
				if c.s <= h.s && h.e <= c.e && rd.planAction(h, risks) {
					capped = TierNone
					label(ctxLabel(k))
				}
				// "suicidal thoughts = ring samaritans", "ideas de hacerme daño → salir a
				// caminar": the risk as a label, what helps after it (plan.go).
				if c.s >= h.e && rs.is(ruleLabelLine, func() bool { return rd.labelLine(text, h, risks) }) {
					capped = TierNone
					label("plan")
				}
			case ctxHeading:
				// "warning signs: not sleeping, voices louder": the person's signs listed
				// (plan.go).
				if rs.is(ruleListed, func() bool { return rd.listed(h) }) {
					// A crisis listed is still heard at normal priority: "warning signs:
					// gave my things away, bought rope" may be a plan's list or a
					// disclosure.
					t, _ := rs.lowers(ruleListedTier, func() (Tier, string) { return rd.listedTier(h), "" })
					capped = minTier(capped, t)
					label(ctxLabel(k))
				}
			case ctxAsked:
				// "the doctor asked if I ever want to die": a question, not an answer, unless
				// the sentence also says yes.
				if inClause(c) && c.s < h.s && !yes(c) {
					capped = TierNone
					label(ctxLabel(k))
				}
			case ctxNegation:
				if !slices.Contains(doubted, c) && rs.negates(rd, c, h) && !subordinate(words[h.s]) {
					negated = true
					meant = meant || rs.denialMeant(rd, c, h)
				} else if !slices.Contains(doubted, c) && rd.negatesGap(c, h) {
					// "the voices haven't been back since june", "las voces no volvieron":
					// the negation in the phrase's gap turns its verb.
					negated = true
					meant = meant || rd.gapDenialMeant(c, h)
				}
			}
		}
		if rs.is(ruleMadeSafe, func() bool { return rd.madeSafe(h) }) {
			// "knives locked away, my pills in a lockbox": a means put away (plan.go).
			capped = TierNone
			label("plan")
		}
		if rs.is(ruleUrgePasses, func() bool { return rd.urgePasses(h) }) {
			// "the thoughts of killing myself always pass", "las ganas de cortarme se
			// pasan si espero": what the person knows of an urge (plan.go).
			capped = TierNone
			label("plan")
		}
		if rs.is(ruleInsteadOf, func() bool { return rd.insteadOf(h) }) {
			// "things I can do instead of self harming", "en vez de cortarme": what the
			// person does not do.
			capped = TierNone
			label("negation")
		}
		if capped != TierNone && !negated && rs.is(ruleFigure, func() bool { return rd.hyperbole(h, text) || rd.thingHarmed(h) }) {
			// "me quiero morir jajaja le mandé el audio a mi jefe": laughter and a small
			// thing make a wish to die or a threat a figure of speech (idiom.go). One that
			// names a place of danger ("me tiro por la ventana jaja, el wifi") still
			// reaches the worker, at normal priority.
			capped = TierNone
			if rs.is(ruleNamesPlace, func() bool { return rd.namesPlace(h) }) {
				capped = minTier(tier, TierConcern)
			}
			label(ctxLabel(ctxIdiom))
			idiomEnd = max(idiomEnd, h.e)
		}
		if capped != TierNone && !negated && rd.retracted(h) {
			// "I could happily strangle him, obviously I wouldn't": a threat taken back at
			// once (idiom.go).
			capped = TierNone
			label("negation")
		}
		if !negated && capped != TierNone && rs.is(ruleDeniedAfter, func() bool { return rd.deniedAfter(h) }) {
			// "everyone thinks I'm suicidal, I'm not, I'm just quiet" (scope.go).
			negated, meant = true, true
		}
		if negated && meant {
			// "not suicidal, just tired", "haven't hurt myself in months", "I'd never": a
			// denial with a reason or a time, or a categorical one, is meant, so it asks
			// nothing of the worker (scope.go). Present risk elsewhere in the message is its
			// own match and is not lowered by this.
			capped = TierNone
		}
		// Someone else's words in quotation marks, and a story or the past told in an
		// earlier sentence of the message (reading.go).
		if t, l := rs.lowers(ruleQuoted, func() (Tier, string) { return rd.quoted(h, tier) }); t.Rank() < capped.Rank() {
			capped = t
			told = true
			label(l)
		}
		if capped == tier && !negated {
			// The past in another clause of the sentence, or someone else as the subject
			// (scope.go).
			if t, _ := rs.lowers(ruleRecovered, func() (Tier, string) { return rd.recovered(h, tier), "" }); t.Rank() < capped.Rank() {
				capped = t
				told, past = true, true
				label("past")
			} else if rs.is(ruleOthers, func() bool { return rd.someoneElse(h) || rd.quotedBare(h) }) {
				capped = TierNone
				told = true
				label("reported")
			}
		}
		if capped == tier {
			if t, l := rs.lowers(ruleStory, func() (Tier, string) { return rd.story(h, tier) }); t.Rank() < capped.Rank() {
				capped = t
				told = true
				past = l == "past"
				label(l)
			}
		}
		if capped == tier && !negated {
			// The past said after the match, pointing back at it: "... that was 8 years
			// ago", "ya no pienso así" (reading.go).
			if t, _ := rs.lowers(ruleClosedAfter, func() (Tier, string) { return rd.closedAfter(h, tier), "" }); t.Rank() < capped.Rank() {
				capped = t
				told, past = true, true
				label("past")
			}
		}
		if capped == tier {
			if t, l := rs.lowers(ruleStoryClause, func() (Tier, string) { return rd.storyClause(h, tier) }); t.Rank() < capped.Rank() {
				capped = t
				told = true
				label(l)
			}
		}
		if told && capped == TierNone && rs.is(ruleEchoed, func() bool { return rd.echoed(h) }) {
			// "a man jumped off the bridge on the news. i keep thinking about doing the
			// same": the story is theirs now.
			capped = minTier(tier, TierConcern)
		}
		if told || idiomEnd < 0 {
			idiomEnd = 0
		}
		js = append(js, judged{h, negated, capped, idiomEnd, past})
	}
	rd.setCtxs(all)
	// Only within a clause: a phrase with a gap can run on past a full stop ("the film was
	// good. i want to die" reads "good" as "god" and finds a voice), and a story lowered in
	// one sentence must not lower the next one's own words. So each hit is set beside those
	// of its own clause only (byClause keeps js's order within a clause).
	byClause := make([]int, len(js))
	for i := range byClause {
		byClause[i] = i
	}
	slices.SortStableFunc(byClause, func(x, y int) int { return cmp.Compare(clause[js[x].h.s], clause[js[y].h.s]) })
	// fromOf[i] is where the hits of js[i]'s clause start in byClause.
	fromOf := make([]int, len(js))
	for n, j := range byClause {
		if n > 0 && clause[js[byClause[n-1]].h.s] == clause[js[j].h.s] {
			fromOf[j] = fromOf[byClause[n-1]]
		} else {
			fromOf[j] = n
		}
	}
	for i := range js {
		b := js[i].h
		for _, j := range byClause[fromOf[i]:] {
			a := js[j].h
			if clause[a.s] != clause[b.s] {
				break
			}
			// A denial reaches on over "or" to the next match: "no thoughts of self harm or
			// suicide", "no me corto ni pienso en matarme".
			listed := js[j].neg && b.s == a.e && a.e > 0 && orWords[words[a.e-1]] || js[j].neg && b.s == a.e+1 && orWords[words[a.e]]
			if i != j && (a.s < b.s && b.s < a.e || listed || orAfter(words, a, b)) && !pastIdiom(js[j].idiomEnd, b) && !rd.meansPastIdiom(js[j].idiomEnd, b) {
				js[i].neg = js[i].neg || js[j].neg
				if js[j].capped.Rank() < s.entries[a.id].tier.Rank() {
					js[i].capped = minTier(js[i].capped, js[j].capped)
				}
			}
		}
	}
	for _, j := range js {
		if (j.neg || j.past) && (!rd.echoed(j.h) || rd.returnedNow(j.h)) && rd.returnAfter(j.h) {
			// "I used to cut years ago and last night I did it again", "no escuchaba las
			// voces pero volvieron": the past or the denial is undone by what follows.
			j.neg, j.capped = false, s.entries[j.h.id].tier
		}
		tier := s.entries[j.h.id].tier
		if j.neg {
			tier = lower(tier)
			label("negation")
		}
		tier = minTier(tier, j.capped)
		if tier != TierNone {
			kept = append(kept, keptMatch{j.h, tier})
		}
	}
	s.addUp(kept)
	r.Context = append(r.Context, labels...)
	if len(kept) == 0 {
		r.Lang = guessLang(words)
		return r
	}
	// The decisive match: the highest tier, the first in the message among equals.
	best := kept[0]
	for _, f := range kept[1:] {
		if f.tier.Rank() > best.tier.Rank() {
			best = f
		}
	}
	r.Tier = best.tier
	r.Lang = s.entries[best.h.id].lang
	// One match per category, its highest tier first, then list order: each category's first
	// match at its highest tier, ordered as a stable sort of all kept would leave them (a
	// dense message keeps hundreds of matches, and sorting them all was a sixth of its time).
	type firstKept struct {
		keptMatch
		cat Category
		at  int // where in kept
	}
	firsts := make([]firstKept, 0, 8)
	for i, f := range kept {
		c := s.entries[f.h.id].cat
		j := slices.IndexFunc(firsts, func(x firstKept) bool { return x.cat == c })
		if j < 0 {
			firsts = append(firsts, firstKept{f, c, i})
		} else if f.tier.Rank() > firsts[j].tier.Rank() {
			firsts[j] = firstKept{f, c, i}
		}
	}
	slices.SortFunc(firsts, func(a, b firstKept) int {
		if a.tier != b.tier {
			return cmp.Compare(b.tier.Rank(), a.tier.Rank())
		}
		if o := cmp.Compare(s.order[a.cat], s.order[b.cat]); o != 0 {
			return o
		}
		return cmp.Compare(a.at, b.at)
	})
	for _, f := range firsts {
		e := &s.entries[f.h.id]
		r.Categories = append(r.Categories, e.cat)
		r.Matches = append(r.Matches, Match{Category: e.cat, Phrase: e.p.src, Tier: f.tier, Excerpt: excerpt(text, toks[f.h.s].start, toks[f.h.e-1].end),
			at: [2]int{toks[f.h.s].start, toks[f.h.e-1].end}})
	}
	return r
}

// contextReach is how many sentences before and after a hit its context is read in: a film or
// the past named further back, or a reassurance further on, no longer shapes it. A message of
// up to 2×contextReach+1 sentences is read whole.
const contextReach = 5

// near is the context hits of all within contextReach sentences of sentence n. They are
// in the order of the words they start at, so they are one run of all.
func near(all []hit, sentence []int32, n int32) []hit {
	return inUnits(all, sentence, n-contextReach, n+contextReach)
}

// inUnits is the hits of hs (in the order of the words they start at) that start in a unit
// (a sentence or a clause, numbered from the start of the message in unit) from lo to hi:
// the units only grow along a message, so they are one run of hs, found by bisection.
func inUnits(hs []hit, unit []int32, lo, hi int32) []hit {
	from := firstIn(hs, unit, lo)
	return hs[from : from+firstIn(hs[from:], unit, hi+1)]
}

// firstFrom is the first of hs that starts at word i or later (len(hs) if none).
func firstFrom(hs []hit, i int32) int {
	a, b := 0, len(hs)
	for a < b {
		m := int(uint(a+b) >> 1)
		if hs[m].s < i {
			a = m + 1
		} else {
			b = m
		}
	}
	return a
}

// firstIn is the first of hs that starts in unit n or a later one (len(hs) if none), as
// sort.Search finds it.
func firstIn(hs []hit, unit []int32, n int32) int {
	i, j := 0, len(hs)
	for i < j {
		m := int(uint(i+j) >> 1)
		if unit[hs[m].s] < n {
			i = m + 1
		} else {
			j = m
		}
	}
	return i
}

// orAfter reports a match b that is the next item of a list after the match a, joined by "or",
// "nor" or "ni": "no thoughts of self harm or suicide" denies both (scope.go, orWords).
func orAfter(words []string, a, b hit) bool {
	return b.s == a.e+1 && orWords[words[a.e]]
}

// excepted reports a risk hit lying wholly inside an exception of its own file.
func excepted(s *Screener, excs []hit, h hit) bool {
	f := s.entries[h.id].file
	for _, x := range excs {
		if s.entries[x.id].file == f && x.s <= h.s && h.e <= x.e {
			return true
		}
	}
	return false
}

// actReach is the most words before a match that a context word acts on it from outside its
// clauses: a negation (negationFar) or a condition of a plan (whenReach).
const actReach = max(negationFar, whenReach, bareWhenReach)

// negationReach is how many words may come between a negation and the match it turns: "not
// going to kill myself" (2), not "not sleeping and my thoughts are racing".
const negationReach = 2

// joined reports a word that joins a new statement to a negated one ("I'm not ok and I cut"):
// a negation does not reach past it.
func joined(ws []string) bool {
	for _, w := range ws {
		switch w {
		case "and", "then", "so", "y", "luego", "entonces", "asi":
			return true
		}
	}
	return false
}

// subordinate reports whether a match opens a clause of its own ("when they find me", "cuando
// ya no esté"): a negation just before it turns the clause before, not the match ("so it's not
// a mess when they find me", "para que no tenga problemas cuando falte").
func subordinate(w string) bool {
	switch w {
	case "when", "whenever", "once", "after", "before", "cuando", "despues", "antes":
		return true
	}
	return false
}

// selfWords are words by which a person speaks of themself, in English and Spanish. After "she
// said" they make reported speech about the person, which is not safe to lower to nothing.
// Folded as messages are: "i've" reaches the reader as "ibe".
var selfWords = foldedSet(`i im ive id ill me my myself yo mi estoy soy tengo`)

// selfAfter reports a word about the person in ws, leaving out a "me" or "to me" at its start
// ("she told me she wants to die" is about her). before is the word before ws: after a Spanish
// "que" a "me" is the object of what follows ("dijo que me iba a matar": a threat to the
// person), so it is kept.
func selfAfter(ws []string, before string) bool {
	if len(ws) > 0 && ws[0] == "to" {
		ws = ws[1:]
	}
	if len(ws) > 0 && ws[0] == "me" && !isQue(before) {
		ws = ws[1:]
	}
	for _, w := range ws {
		if selfWords[w] {
			return true
		}
	}
	return false
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// enWords and esWords are common words of each language, folded as the tokenizer folds them
// ("that" stays "that"; "all" becomes "al"); words both languages share are left out.
var enWords = map[string]bool{
	"the": true, "and": true, "i": true, "to": true, "is": true, "my": true, "it": true, "of": true,
	"you": true, "that": true, "not": true, "im": true, "dont": true, "but": true, "with": true,
	"have": true, "just": true, "so": true, "want": true, "feel": true, "was": true, "this": true,
	"what": true, "am": true, "be": true, "cant": true, "today": true, "he": true, "she": true,
}

var esWords = map[string]bool{
	"que": true, "de": true, "el": true, "la": true, "y": true, "mi": true, "yo": true, "es": true,
	"por": true, "con": true, "para": true, "una": true, "un": true, "lo": true, "se": true,
	"pero": true, "muy": true, "estoy": true, "tengo": true, "quiero": true, "hoy": true,
	"los": true, "las": true, "del": true, "esta": true, "mas": true, "todo": true, "nada": true,
	"porque": true, "ya": true, "como": true,
}

func guessLang(words []string) string {
	en, es := 0, 0
	for _, w := range words {
		if enWords[w] {
			en++
		}
		if esWords[w] {
			es++
		}
	}
	if es > en {
		return "es"
	}
	return "en"
}

// endAt is the end (exclusive) of the shortest match of entry id tried at word i from index
// pass (0 whole first word, 1 stem, 2 number), or -1, in the words of the message c read (c
// may be nil). An entry found by a whole first word that is always one word has matched it.
func (s *Screener) endAt(c *candidates, id int32, pass int, words []string, i int) int {
	e := &s.entries[id]
	if c == nil {
		if pass == 0 && e.oneWordFirst {
			return e.p.firstEnd(words, 1, i+1)
		}
		return e.p.firstEnd(words, 0, i)
	}
	elems := s.pre.elemOf[id]
	if pass == 0 && e.oneWordFirst {
		return e.p.firstEndIn(c, elems, words, 1, i+1)
	}
	return e.p.firstEndIn(c, elems, words, 0, i)
}

// firstEnd is the end (exclusive) of the shortest match of p from element k at word j, or -1.
func (p *phrase) firstEnd(words []string, k, j int) int { return p.firstEndIn(nil, nil, words, k, j) }

// firstEndIn is firstEnd for the words of the message c read (c may be nil): a required
// element whose id in elems is not -1 is tried only at a word that satisfies it, so a gap
// is not walked word by word through the look-ups of a long slot.
func (p *phrase) firstEndIn(c *candidates, elems []int32, words []string, k, j int) int {
	if k == len(p.elems) {
		return j
	}
	el := &p.elems[k]
	best := -1
	keep := func(e int) {
		if e >= 0 && (best < 0 || e < best) {
			best = e
		}
	}
	if el.gap > 0 {
		// A match walked on from a later word ends at or after it: once one ends at or
		// before that word, the rest of the gap cannot give a shorter one.
		last := min(j+el.gap, len(words))
		if c != nil && elems[k+1] >= 0 {
			// The element after the gap is required: walk on only from the words that
			// satisfy it (from any other the walk ends at once).
			at := c.wordsOf(elems[k+1])
			for i := nextIn(at, j, min(last, len(words)-1)); i >= 0 && (best < 0 || i < best); i = nextIn(at, i+1, min(last, len(words)-1)) {
				keep(p.firstEndIn(c, elems, words, k+1, i))
			}
			return best
		}
		for i := j; i <= last && (best < 0 || i < best); i++ {
			keep(p.firstEndIn(c, elems, words, k+1, i))
		}
		return best
	}
	if el.optional {
		keep(p.firstEndIn(c, elems, words, k+1, j))
	}
	if c != nil && elems[k] >= 0 && (j >= len(words) || !c.has(elems[k], j)) {
		return best
	}
	if j >= len(words) {
		return best
	}
	// The rest of the phrase is walked once from each place one of the element's sequences
	// ends at: typos let several sequences of a slot match the same words, and "took|taken
	// ..." and "took ..." end at the same word.
	var walked uint64 // bit n: walked from j+n
	next := func(n int) {
		if n < 64 {
			if walked&(1<<n) != 0 {
				return
			}
			walked |= 1 << n
		}
		keep(p.firstEndIn(c, elems, words, k+1, j+n))
	}
	try := func(seq []piece) {
		if j+len(seq) > len(words) {
			return
		}
		for n := range seq {
			if !seq[n].matches(words[j+n]) {
				return
			}
		}
		next(len(seq))
	}
	if ix := el.ix; ix != nil {
		w := words[j]
		if ix.single[w] {
			next(1)
		}
		for _, i := range ix.first[w] {
			try(el.seqs[i])
		}
		if len(w) >= 3 {
			for _, i := range ix.stem3[w[:3]] {
				try(el.seqs[i])
			}
		}
		for _, i := range ix.other {
			try(el.seqs[i])
		}
		return best
	}
	for _, seq := range el.seqs {
		try(seq)
	}
	return best
}

// categoryName is how a flag names a category to a worker: the list's @name, or plain words.
func (s *Screener) categoryName(c Category) string {
	if s != nil {
		if n, ok := s.names[c]; ok && n != "" {
			return n
		}
	}
	return categoryWords(c)
}

// ScreenFlag turns a Result into the flag for the worker: urgent for crisis, at normal priority
// for concern, and an early-warning-sign flag for relapse, with a Reason and Evidence in plain
// words. A Result of tier none gives the zero Flag (no Kind): there is nothing to flag.
func (s *Screener) ScreenFlag(r Result) Flag {
	var names []string
	var ev []string
	for _, m := range r.Matches {
		n := s.categoryName(m.Category)
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
		ev = append(ev, fmt.Sprintf("%q (%s)", m.Excerpt, n))
	}
	about := joinAnd(names)
	soft := ""
	if len(r.Context) > 0 {
		soft = " (" + contextWords(r.Context) + ")"
	}
	switch r.Tier {
	case TierCrisis:
		return Flag{Kind: KindWords, Key: "words", Urgent: true, Reason: "Words about " + about + " in a message", Evidence: ev}
	case TierConcern:
		return Flag{Kind: KindWords, Key: "words", Reason: "Words that may be about " + about + " in a message" + soft, Evidence: ev}
	case TierRelapse:
		return Flag{Kind: KindSign, Key: "sign:words", Reason: "Words that may be an early warning sign: " + about, Evidence: ev}
	}
	return Flag{}
}

// ScreenFlag is Screener.ScreenFlag with the default category names.
func ScreenFlag(r Result) Flag { return (*Screener)(nil).ScreenFlag(r) }

// contextWords says in plain words what softened a match.
func contextWords(ls []string) string {
	var ws []string
	for _, l := range ls {
		switch l {
		case "negation":
			ws = append(ws, "said with a no or not")
		case "past":
			ws = append(ws, "partly about the past")
		case "reported":
			ws = append(ws, "partly someone else's words")
		case "media":
			ws = append(ws, "partly about a film, book or the news")
		case "idiom":
			ws = append(ws, "partly a turn of phrase")
		case "plan":
			ws = append(ws, "in their crisis plan")
		case ContextEveryday:
			ws = append(ws, "worded like everyday talk")
		}
	}
	return joinAnd(ws)
}

// mergeResults joins the results of several texts into one: the highest tier, its language,
// and every category, entry, context and match once, in the order found.
func mergeResults(a, b Result) Result {
	if b.Tier.Rank() > a.Tier.Rank() || a.Lang == "" {
		a.Lang = b.Lang
	}
	a.Tier = maxTier(a.Tier, b.Tier)
	for _, c := range b.Categories {
		if !slices.Contains(a.Categories, c) {
			a.Categories = append(a.Categories, c)
		}
	}
	for _, m := range b.Matched {
		if !slices.Contains(a.Matched, m) {
			a.Matched = append(a.Matched, m)
		}
	}
	for _, c := range b.Context {
		if !slices.Contains(a.Context, c) {
			a.Context = append(a.Context, c)
		}
	}
	for _, m := range b.Matches {
		if !slices.ContainsFunc(a.Matches, func(x Match) bool { return x.Category == m.Category }) {
			a.Matches = append(a.Matches, m)
		}
	}
	return a
}

// Scan is the matches of Screen: one per category found at any tier but none, each with its
// excerpt. It lets a Screener stand where a Lexicon did.
func (s *Screener) Scan(text string) []Match { return s.Screen(text).Matches }
