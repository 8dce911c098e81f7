package triage

import (
	"slices"
	"strings"
)

// reading is one message as the context rules see it beyond a match's own clause: quotation
// marks, earlier sentences, a doubt. The rules in screen.go look only inside the clause.
type reading struct {
	s                *Screener
	words            []string
	toks             []token
	ctxs             []hit
	clause, sentence []int32
	// nowIn[n] is set when sentence n has a present word (present.txt) or the person speaking
	// of themself now (now.txt): a story told in an earlier sentence stops there.
	nowIn []bool
	// hyKinds is what hyperbole has worked out about each word, as it asks (idiom.go), and
	// hyWords what it has about each distinct word by itself.
	hyKinds []uint8
	hyWords []uint8
	// uniq numbers each word by its distinct word (nUniq of them), as the prefilter did
	// (candidates.tokU); nil where the prefilter was not asked.
	uniq  []int32
	nUniq int
	// laughAt is where in the text each laughter emoji starts, found once for hyperbole
	// (idiom.go); laughKnown says it has been looked for.
	laughAt    []int
	laughKnown bool
	// nowClause is the clause nowTime last answered for among ctxs (-1: none yet), and
	// nowTimeIn its answer: a dense message asks it for every hit of a clause, once for each
	// of its past words.
	nowClause int32
	nowTimeIn bool
	// rules is what the rules of a hit alone answered for the hits that start at word
	// rulesAt (-1: none yet), one spanRules for each end, category and tier.
	rulesAt int32
	rules   []spanRules
	// returns is what returnWord answered for each word: 1 yes, -1 no, 0 not asked yet.
	returns []int8
	// worried is whether the message asks the worker not to worry (plainDenial): 1 yes, -1
	// no, 0 not looked at yet.
	worried int8
	// meantN and seriousN count the words that say a match is meant (meant) and those that
	// say a threat is serious (retracted), once a message (countWords).
	meantN, seriousN []int32
}

// setCtxs makes ctxs the context hits the rules read, forgetting what was worked out from
// the ones before.
func (rd *reading) setCtxs(ctxs []hit) {
	rd.ctxs = ctxs
	rd.nowClause = -1
	rd.rulesAt = -1
}

// A rule of a hit alone: whether a means was put away, the story or the past told around it,
// and so on (screenWith). Each answers from the hit's words, its category and its tier, from
// the context near it (set by the sentence of its first word) and the message's other risk
// hits, and never from which phrase it is: the lists hold several phrases for one thing ("<voices> ... tell me to
// <harm>" and its kin), all matching the same words, and in a dense message each rule was
// asked again for every one of them. So each is worked out once for them all (spanRules).
type rule uint8

const (
	ruleAcross      rule = iota // acrossSentences
	ruleKeepsDoing              // keepsDoing
	ruleMadeSafe                // madeSafe
	ruleUrgePasses              // urgePasses
	ruleInsteadOf               // insteadOf
	ruleFigure                  // hyperbole or thingHarmed
	ruleNamesPlace              // namesPlace
	ruleDeniedAfter             // deniedAfter
	ruleQuoted                  // quoted
	ruleRecovered               // recovered
	ruleOthers                  // someoneElse or quotedBare
	ruleStory                   // story
	ruleClosedAfter             // closedAfter
	ruleStoryClause             // storyClause
	ruleEchoed                  // echoed, among the context near the hit
	ruleLabelLine               // labelLine
	ruleListed                  // listed
	ruleListedTier              // listedTier
	nRules
)

// spanRules is what the rules answered for the hits over one span of words with one category
// and tier.
type spanRules struct {
	e     int32
	cat   Category
	tier  Tier
	known uint32 // a bit for each rule answered
	yes   [nRules]bool
	tiers [nRules]Tier
	says  [nRules]string
	// The present words of the hits' clauses (screenWith), once worked out.
	presentKnown, presentAny bool
	lastPresent              int32
	// negs is what negates and denialMeant answered for the first negations asked about.
	negs  [8]negAnswer
	nNegs int
}

// negAnswer is whether the negation c negates the hits of a spanRules, and whether it is a
// denial meant, each once asked.
type negAnswer struct {
	c                 hit
	negKnown, negates bool
	meantKnown, meant bool
}

// neg is the answers for negation c, or nil when there is no room left for them.
func (sr *spanRules) neg(c hit) *negAnswer {
	for i := range sr.nNegs {
		if sr.negs[i].c == c {
			return &sr.negs[i]
		}
	}
	if sr.nNegs == len(sr.negs) {
		return nil
	}
	sr.negs[sr.nNegs] = negAnswer{c: c}
	sr.nNegs++
	return &sr.negs[sr.nNegs-1]
}

// negates is rd.negates(c, h) for the hits like h.
func (sr *spanRules) negates(rd *reading, c, h hit) bool {
	if c.e > h.s || rd.sentence[c.s] != rd.sentence[h.s] || h.s-c.e > negationFar {
		return false // as negates, without taking a place in negs
	}
	a := sr.neg(c)
	if a == nil {
		return rd.negates(c, h)
	}
	if !a.negKnown {
		a.negKnown, a.negates = true, rd.negates(c, h)
	}
	return a.negates
}

// denialMeant is rd.denialMeant(c, h) for the hits like h.
func (sr *spanRules) denialMeant(rd *reading, c, h hit) bool {
	a := sr.neg(c)
	if a == nil {
		return rd.denialMeant(c, h)
	}
	if !a.meantKnown {
		a.meantKnown, a.meant = true, rd.denialMeant(c, h)
	}
	return a.meant
}

// rulesEachTime makes rulesOf answer every hit afresh: TestRulesOnceSameAsEachTime sets it to
// hold the answers kept to the answers worked out, so a rule that comes to depend on which
// phrase matched is caught.
var rulesEachTime bool

// rulesOf is the answers of the rules so far for the hits like h. The pointer holds until the
// next call.
func (rd *reading) rulesOf(h hit) *spanRules {
	e := &rd.s.entries[h.id]
	if h.s != rd.rulesAt || rulesEachTime {
		rd.rulesAt, rd.rules = h.s, rd.rules[:0]
	}
	for i := range rd.rules {
		if r := &rd.rules[i]; r.e == h.e && r.cat == e.cat && r.tier == e.tier {
			return r
		}
	}
	rd.rules = append(rd.rules, spanRules{e: h.e, cat: e.cat, tier: e.tier})
	return &rd.rules[len(rd.rules)-1]
}

// is is rule r's yes or no, asking f the first time.
func (sr *spanRules) is(r rule, f func() bool) bool {
	if sr.known&(1<<r) == 0 {
		sr.known |= 1 << r
		sr.yes[r] = f()
	}
	return sr.yes[r]
}

// lowers is rule r's tier and label, asking f the first time.
func (sr *spanRules) lowers(r rule, f func() (Tier, string)) (Tier, string) {
	if sr.known&(1<<r) == 0 {
		sr.known |= 1 << r
		sr.tiers[r], sr.says[r] = f()
	}
	return sr.tiers[r], sr.says[r]
}

func (rd *reading) kind(c hit) ctxKind { return rd.s.kinds[c.id] }

func (rd *reading) markNow() {
	n := 0
	if len(rd.sentence) > 0 {
		n = int(rd.sentence[len(rd.sentence)-1]) + 1
	}
	rd.nowIn = make([]bool, n)
	for _, c := range rd.ctxs {
		if k := rd.kind(c); k == ctxPresent || k == ctxNow {
			rd.nowIn[rd.sentence[c.s]] = true
		}
	}
}

// recentIn reports a recent past (recent.txt) in the clause of the past words c.
func (rd *reading) recentIn(c hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxRecent && rd.clause[o.s] == rd.clause[c.s] {
			return true
		}
	}
	return false
}

// reassured reports a reassurance (reassure.txt: "I'm safe now") in the sentence of h,
// outside it and outside every past word: the "years" of "years ago" reassures nothing.
func (rd *reading) reassured(h hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxReassure || rd.sentence[o.s] != rd.sentence[h.s] || o.s < h.e && h.s < o.e {
			continue
		}
		if !rd.inPast(o) {
			return true
		}
	}
	return false
}

// quoteReach is how many words may come between the word that hands over a quotation and its
// opening mark: "said to his brother 'I'll kill you'" (3).
const quoteReach = 3

// mediaQuoteReach is how many words may come between a film, a song or a book and a quote
// from it: "song lyrics stuck in my head: '...'" (4).
const mediaQuoteReach = 5

// youReach is how far from a quoted match a "you" makes it a possible threat to the person:
// "te voy a matar" (the "te" just before), "I'll hurt you if ..." (just after).
const youReach = 2

// speakerReach is how far before the word of saying the speaker is looked for: "the voice in
// my head said" (5).
const speakerReach = 6

// quoted is how far a match wholly inside quotation marks is lowered as someone else's words
// (context/speech.txt), with the label to give; tier itself when it is not.
//
//   - Only a quote handed to a speaker who is someone else: a speech or reported-speech word
//     just before the opening mark, and before that a speaker who is not the person ("I",
//     "yo"), not "they" or the voices, and not missing ("me dicen 'hazlo'": whoever says it,
//     the person hears it).
//   - With no "you" in the quote, the words are about the speaker: none ("my son said 'I want
//     to die'"), as reported speech is.
//   - With a "you" in it, the quote may be a threat aimed at the person: concern, and none
//     only when it is aimed at someone else ("at his dog", "le dijo ... a su hermano") or the
//     sentence says it was a joke; from a partner or an ex it is not lowered at all.
func (rd *reading) quoted(h hit, tier Tier) (Tier, string) {
	q := rd.toks[h.s].quote
	if q == 0 || rd.toks[h.e-1].quote != q {
		return tier, ""
	}
	open := q - 1
	last := open
	for int(last)+1 < len(rd.toks) && rd.toks[last+1].quote == q {
		last++
	}
	// The word of saying: the nearest before the mark, in the same sentence. A question put
	// to the person ("the nurse asked 'do you want to hurt yourself?'") or a song, a film or
	// a book just before the quote ("lyrics stuck in my head: '...'") hand it over too.
	by := hit{id: -1}
	for _, c := range rd.ctxs {
		k := rd.kind(c)
		reach := int32(quoteReach)
		switch k {
		case ctxSpeech, ctxReported, ctxAsked:
		case ctxMedia:
			reach = mediaQuoteReach
		default:
			continue
		}
		if c.e <= open && open-c.e <= reach && rd.sentence[c.s] == rd.sentence[open] &&
			(by.id < 0 || c.e > by.e || c.e == by.e && c.s < by.s) {
			by = c
		}
	}
	if by.id < 0 {
		return tier, ""
	}
	kind := rd.kind(by)
	for i := by.s; i < by.e; i++ {
		if questionWords[rd.words[i]] {
			kind = ctxAsked
		}
	}
	switch kind {
	case ctxAsked:
		// A question, not an answer, unless they said yes (yes.txt) in the quote's sentence
		// or the next.
		for _, c := range rd.ctxs {
			if rd.kind(c) == ctxYes && c.s > last && rd.sentence[c.s]-rd.sentence[last] <= 1 {
				return tier, ""
			}
		}
		return TierNone, "reported"
	case ctxMedia:
		// A line of a song or a film, unless the person now comes between ("the film ...
		// and now I keep thinking 'I want to die'").
		for _, c := range rd.ctxs {
			if k := rd.kind(c); (k == ctxPresent || k == ctxNow) && c.s >= by.e && c.s < open {
				return tier, ""
			}
		}
		return TierNone, "media"
	}
	// The speaker: the words before the word of saying, and those in it but its last, in the
	// same sentence, leaving out words such as "always" and "me".
	subject, partner := false, false
	for i := max(0, int(by.s)-speakerReach); i < max(int(by.s), int(by.e)-1); i++ {
		if rd.sentence[i] != rd.sentence[by.s] {
			continue
		}
		w := rd.words[i]
		if notOther[w] {
			return tier, ""
		}
		if partners[w] {
			partner = true
		}
		if !speakerFiller[w] {
			subject = true
		}
	}
	if !subject {
		return tier, ""
	}
	// A "you" near the match, in its clause: "I'll kill you", "te voy a matar"; not the "you"
	// of "i hate you, i wish i was dead".
	you := false
	for i := max(open, h.s-youReach); i <= min(last, h.e-1+youReach); i++ {
		if youWords[rd.words[i]] && rd.clause[i] >= rd.clause[h.s] && rd.clause[i] <= rd.clause[h.e-1] {
			you = true
		}
	}
	if !you {
		return TierNone, "reported"
	}
	if partner {
		return tier, ""
	}
	// Told to kill or hurt themself ("kids at school said 'kys' lol") is not a joke to wave
	// away, whatever the sentence says: only a threat said in jest is.
	cat := rd.s.entries[h.id].cat
	jest := cat != Suicide && cat != SelfHarm && rd.joking(rd.sentence[by.s], last)
	if rd.aimedElsewhere(by, open, last) || jest {
		return TierNone, "reported"
	}
	return minTier(tier, TierConcern), "reported"
}

// aimedElsewhere reports a quote said to someone other than the person: "le gritó ... al
// perro", "told him '...'", "'...' at his dog", "'...' to his brother".
func (rd *reading) aimedElsewhere(by hit, open, last int32) bool {
	ws := rd.words
	if by.s > 0 && (ws[by.s-1] == "le" || ws[by.s-1] == "les") {
		return true
	}
	for i := by.e; i < open; i++ {
		switch ws[i] {
		case "him", "her", "them", "his", "their":
			return true
		}
	}
	if n := int(last) + 1; n+1 < len(ws) && rd.sentence[n] == rd.sentence[last] {
		switch ws[n] {
		case "at", "to":
			return !selfWords[ws[n+1]] && ws[n+1] != "you"
		case "al":
			return true
		case "a":
			switch ws[n+1] {
			case "su", "sus", "la", "el", "los", "las", "un", "una":
				return true
			}
		}
	}
	return false
}

// joking reports a joke word (joke.txt) from sentence from to the one after the quote's end.
func (rd *reading) joking(from int32, last int32) bool {
	to := rd.sentence[last]
	if int(last)+1 < len(rd.sentence) {
		to = rd.sentence[last+1]
	}
	for _, c := range rd.ctxs {
		if rd.kind(c) == ctxJoke && rd.sentence[c.s] >= from && rd.sentence[c.s] <= to {
			return true
		}
	}
	return false
}

// story lowers a match in a sentence after one that sets a film, a book or the past, while
// every sentence from there to the match has no present word and nothing of the person now
// (now.txt), and only where the match's sentence is plainly the story:
//
//   - about someone else, with no word for the person: none ("watched a film last night. the
//     main character wants to die and jumps");
//   - about the person, after the past, with a reassurance later in the message: none when
//     the match is told as a past state ("two years ago things were bad. wanted to kill myself
//     every day. I'm doing much better"), concern otherwise ("... took 30 pills. I'm ok now");
//   - anything else is not lowered: "we watched a series. took 30 of my sertraline" is an
//     overdose taken, however the sentence before began.
func (rd *reading) story(h hit, tier Tier) (Tier, string) {
	hs := rd.sentence[h.s]
	best, label := tier, ""
	for _, c := range rd.ctxs[:firstIn(rd.ctxs, rd.sentence, hs)] { // the sentences before h's
		k := rd.kind(c)
		cs := rd.sentence[c.s]
		if k != ctxMedia && k != ctxPast || cs >= hs || !rd.holds(c) {
			continue
		}
		told := true
		for n := cs + 1; n <= hs; n++ {
			if rd.nowIn[n] {
				told = false
				break
			}
		}
		if !told {
			continue
		}
		t := tier
		switch {
		case rd.aboutOthers(hs):
			t = TierNone
		case k == ctxPast && rd.reassuredAfter(h) && rd.toldInPast(h) && !rd.abuseHeard(h):
			// "two years ago things were bad. wanted to kill myself every day. I'm doing
			// much better now": a past state, dated and closed.
			t = TierNone
		case k == ctxPast && rd.reassuredAfter(h):
			t = minTier(tier, TierConcern)
		}
		if t.Rank() < best.Rank() {
			best, label = t, ctxLabel(k)
		}
	}
	return best, label
}

// inPast reports whether o lies across a past word ("years" of "years ago").
func (rd *reading) inPast(o hit) bool {
	for _, c := range rd.ctxs {
		if rd.kind(c) == ctxPast && o.s < c.e && c.s < o.e {
			return true
		}
	}
	return false
}

// reassuredAfter reports a reassurance (reassure.txt: "I'm doing better") after h anywhere in
// the message, outside every past word.
func (rd *reading) reassuredAfter(h hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxReassure || o.s < h.e {
			continue
		}
		if !rd.inPast(o) {
			return true
		}
	}
	return false
}

// holds reports that past or media words c are not undone in their own clause: by a present
// word anywhere in it for the past (a bare "now" does not undo it), after them for a story.
func (rd *reading) holds(c hit) bool {
	past := rd.kind(c) == ctxPast
	if past && rd.ongoing(c) {
		return false
	}
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxPresent || rd.clause[o.s] != rd.clause[c.s] {
			continue
		}
		if past && !(o.e-o.s == 1 && (rd.words[o.s] == "now" || rd.words[o.s] == "ahora")) {
			return false
		}
		if !past && o.s > c.s {
			return false
		}
	}
	return true
}

// aboutOthers reports a sentence with a word for someone else and none for the person.
func (rd *reading) aboutOthers(n int32) bool {
	other := false
	lo, hi := unitWords(rd.sentence, n)
	for _, w := range rd.words[lo:hi] {
		if selfWords[w] {
			return false
		}
		if otherWords[w] {
			other = true
		}
	}
	return other
}

// echoReach is how many words may come between an echo word and the person now: "I keep
// thinking about doing the same" (2), not "I've been thinking about setting a goal like that".
const echoReach = 3

// echoed reports an echo word (echo.txt) after h, near the person now in its clause, or one
// that names the person itself ("me too").
func (rd *reading) echoed(h hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxEcho || o.s < h.e || rd.toToo(o) || rd.near(int(o.s), 3, unreturn) {
			continue // "ya no pienso así", "I don't feel like that": the echo denied
		}
		for _, w := range rd.words[o.s:o.e] {
			if selfWords[w] {
				return true // "me too", "yo también": the person, now
			}
		}
		if rd.sameAsMe(o) {
			return true // "same tbh", "honestly same": the person's "me too"
		}
		for _, n := range rd.ctxs {
			if k := rd.kind(n); (k == ctxNow || k == ctxPresent) && rd.clause[n.s] == rd.clause[o.s] &&
				(n.e <= o.s && o.s-n.e <= echoReach || n.s >= o.e && n.s-o.e <= echoReach) {
				return true
			}
		}
	}
	return false
}

// sameAsMe reports an echo that is the person's "me too" said as "same": "same tbh", "same
// here", "honestly same" (not "the same", which may be anything's).
func (rd *reading) sameAsMe(o hit) bool {
	ws := rd.words[o.s:o.e]
	if len(ws) != 2 || !slices.Contains(ws, "same") {
		return false
	}
	for _, w := range ws {
		if sameWith[w] {
			return true
		}
	}
	return false
}

// sameWith are the words beside "same" that make it the person's "me too".
var sameWith = foldedSet(`here tbh honestly lol lowkey literally fr and`)

// doubtReach is how many words before a doubt's negation a phrase read across it may start:
// "I really don't know if I want to live" (3).
const doubtReach = 4

// acrossDoubt finds the risk phrases and exceptions that match the message with the doubt u
// (after the negation n) left out, and only those that reach across the gap it leaves: "no sé
// si quiero vivir" as "no quiero vivir". They are reported at their place in the message, the
// doubt included. With the prefilter's reading of the message (c, or nil), a phrase is walked
// only when its other words are within its reach across the gap.
func (s *Screener) acrossDoubt(c *candidates, words []string, n, u hit, risks, excs []hit) ([]hit, []hit) {
	cut, shift := int(u.s), int(u.e-u.s)
	syn := make([]string, 0, len(words)-shift)
	syn = append(append(syn, words[:cut]...), words[u.e:]...)
	try := func(i int, ids []int32) {
		for _, id := range ids {
			e := &s.entries[id]
			if e.role == roleContext || c != nil && !c.inReachAcross(id, i, cut, shift, len(syn)) {
				continue
			}
			end := e.p.firstEnd(syn, 0, i)
			if end <= cut {
				continue // no match, or one the message has as written
			}
			if end < len(syn) && aPlace[syn[end]] {
				continue // "no sé si quiero vivir en Madrid": where, not whether
			}
			h := hit{id: id, s: int32(i), e: int32(end + shift)}
			if e.role == roleRisk && !slices.Contains(risks, h) {
				risks = append(risks, h)
			} else if e.role == roleException && !slices.Contains(excs, h) {
				excs = append(excs, h)
			}
		}
	}
	for i := max(0, int(n.s)-doubtReach); i < cut; i++ {
		w := syn[i]
		if x := s.words[w]; x != nil {
			try(i, x.entries)
		}
		if len(w) >= 3 {
			if x := s.stems[w[:3]]; x != nil {
				try(i, x.entries)
			}
		}
		if isNumber(w) {
			try(i, s.numbers)
		}
	}
	return risks, excs
}

func isQue(w string) bool { return w == "que" || w == "q" || w == "k" || w == "ke" }

// notOther are speakers whose quoted words are not lowered: the person ("I said 'I'll kill
// him'" is theirs), and "they", "it" or the voices ("they keep saying 'do it, jump'").
var notOther = foldedSet(`i im yo they theyre them it ellos ellas voices voice voces voz head cabeza mente demon
	demons devil demonio demonios diablo god dios`)

// speakerFiller are words around a word of saying that name no speaker: "me dicen" has none.
var speakerFiller = foldedSet(`me te le les nos se always just then also once and so siempre y ya tambien keeps kept
	keep was is`)

// partners are speakers whose "I'll kill you" is never lowered: a partner or an ex.
var partners = foldedSet(`boyfriend girlfriend husband wife partner ex bf gf fiance fiancee novio novia
	marido esposo esposa pareja`)

// youWords are the person addressed, in a quote: "I'll kill you", "te voy a matar".
var youWords = foldedSet(`you u ya yourself youre your urself yrself kys te ti tu usted vos contigo matate mátate`)

// questionWords make a quote they hand over a question put to the person.
var questionWords = foldedSet(`asked asks asking ask pregunto pregunta preguntaba preguntaron`)

// aPlace are words after "live" or "be here" that make a doubt about where or with whom, not
// about living: "I don't know if I want to live in London", "no sé si quiero vivir con él".
var aPlace = foldedSet(`in en with con at near abroad together closer cerca lejos far por`)

// otherWords name someone else, for a film's story told about them.
var otherWords = foldedSet(`he she they his her him himself herself them themselves character guy girl boy man woman
	hero ella ellos ellas su se protagonista personaje chico chica`)

// foldedSet is a set of the words in list, folded as messages are ("voices" is "boices").
func foldedSet(list string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(list) {
		m[foldWord(w)] = true
	}
	return m
}

// closedAfter lowers a match that the next clause, or the first clause of the next sentence,
// says is over, referring back to it: "after my mum died i took a load of pills. that was 8
// years ago", "i was suicidal for most of my twenties, that's behind me", "pensaba que todos
// estarían mejor sin mí, ya no pienso así". The closing clause holds a past (past.txt) that
// opens with a word pointing back ("that", "it", "those days", "eso", "todo eso") or is itself
// an ending ("behind me", "long gone", "ya pasó", "ya no pienso así"). Not when the match's
// clause has anything of now (present.txt, now.txt, recent.txt, a time of now), when a
// present word comes between, or when the closing clause counts time up to now ("it's been
// years since I felt like this", "first time in years") or is a cleft ("it was years ago that
// I last ..."). Abuse and exploitation stay at concern, as with any past.
func (rd *reading) closedAfter(h hit, tier Tier) Tier {
	hc, he := rd.clause[h.s], rd.clause[h.e-1]
	if rd.nowTime(h) {
		return tier
	}
	for _, o := range inUnits(rd.ctxs, rd.clause, hc, he) {
		if k := rd.kind(o); (k == ctxPresent || k == ctxNow || k == ctxRecent) && rd.clause[o.s] >= hc && rd.clause[o.s] <= he && !rd.timeBefore(o) {
			return tier
		}
	}
	// A closing clause starts after h, in its sentence or the next.
	for _, c := range rd.ctxs[firstFrom(rd.ctxs, h.e):firstIn(rd.ctxs, rd.sentence, rd.sentence[h.e-1]+2)] {
		if rd.kind(c) != ctxPast || c.s < h.e || !rd.holds(c) || rd.streak(c) || rd.recentIn(c) {
			continue
		}
		cc := rd.clause[c.s]
		sameSentence := rd.sentence[c.s] == rd.sentence[h.s] && cc == he+1
		nextSentence := rd.sentence[c.s] == rd.sentence[h.e-1]+1 && (cc == 0 || rd.sentence[clauseStart(rd.clause, c.s)-1] != rd.sentence[c.s]) && cc == rd.clause[firstOfSentence(rd.sentence, c.s)]
		if !sameSentence && !nextSentence {
			continue
		}
		if rd.countsToNow(c) {
			continue
		}
		between := false
		for _, o := range rd.ctxs {
			if rd.kind(o) == ctxPresent && o.s >= h.e && o.s < c.e && !(o.e-o.s == 1 && (rd.words[o.s] == "now" || rd.words[o.s] == "ahora")) {
				between = true
			}
		}
		if between || !rd.pointsBack(c) {
			continue
		}
		if rd.abuseHeard(h) {
			return minTier(tier, TierConcern)
		}
		return TierNone
	}
	return tier
}

// timeBefore reports a word of now that only dates something before: "after trying to hang
// myself", "después de intentar": a gerund or infinitive after "after", "before", "since",
// "tras", "después de", "antes de", which is no more now than the event it follows.
func (rd *reading) timeBefore(o hit) bool {
	if o.e-o.s != 1 || o.s == 0 {
		return false
	}
	switch rd.words[o.s-1] {
	case "after", "before", "since", "tras":
		return true
	case "de":
		return o.s > 1 && (rd.words[o.s-2] == "despues" || rd.words[o.s-2] == "antes")
	}
	return false
}

// unitWords is where the words of unit n (a sentence or a clause, numbered from the start of
// the message in unit) start and end: units only grow along a message, so a unit's words are
// one run, found by bisection, and a rule about one sentence need not read the whole message.
func unitWords(unit []int32, n int32) (lo, hi int) {
	lo, hi = 0, len(unit)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if unit[m] < n {
			lo = m + 1
		} else {
			hi = m
		}
	}
	end := len(unit)
	for hi = lo; hi < end; {
		m := int(uint(hi+end) >> 1)
		if unit[m] <= n {
			hi = m + 1
		} else {
			end = m
		}
	}
	return lo, hi
}

// clauseStart returns where the clause of word i starts.
func clauseStart(clause []int32, i int32) int32 {
	for i > 0 && clause[i-1] == clause[i] {
		i--
	}
	return i
}

// firstOfSentence returns where the sentence of word i starts.
func firstOfSentence(sentence []int32, i int32) int32 {
	for i > 0 && sentence[i-1] == sentence[i] {
		i--
	}
	return i
}

// pointsBack reports past words c that refer back to what came before: a word pointing back
// at the start of their clause ("that was 8 years ago", "eso fue hace años", "those days are
// gone"), or words of an ending in c itself ("behind me", "ya pasó", "ya no pienso así").
func (rd *reading) pointsBack(c hit) bool {
	if rd.anyIn(c, endingWords) {
		return true
	}
	start := clauseStart(rd.clause, c.s)
	for i := start; i <= c.s && i < start+3; i++ {
		if backWords[rd.words[i]] {
			return true
		}
	}
	return false
}

// countsToNow reports a closing clause that counts time up to now or is a cleft: "it's been
// years since I felt like this", "first time in years", "it was years ago that I last ...",
// "primera vez en años", "desde hace años".
func (rd *reading) countsToNow(c hit) bool {
	cc := rd.clause[c.s]
	for i := clauseStart(rd.clause, c.s); int(i) < len(rd.words) && rd.clause[i] == cc; i++ {
		if untilNowWords[rd.words[i]] {
			return true
		}
	}
	if n := int(c.e); n < len(rd.words) && rd.clause[n] == cc && (rd.words[n] == "that" || isQue(rd.words[n])) {
		return true
	}
	return false
}

// endingWords say a past is over; backWords point back at what was said before; untilNowWords
// count time up to now.
var (
	endingWords   = foldedSet(`behind over gone history through pasado paso atras supere superado acabo termino asi`)
	backWords     = foldedSet(`that thats this it its those these all eso esto aquello todo ya`)
	untilNowWords = foldedSet(`since first desde primera`)
)

// returnAfter reports the risk said to be back, after a match lowered as the past or denied, in
// a later clause of its sentence or in the next sentence: "i used to cut years ago and last
// night i did it again", "hace mucho que no escuchaba las voces pero volvieron esta semana",
// "antes me cortaba y ayer lo volví a hacer". "Never again", "happy again", "volví a
// estudiar" are not a return.
func (rd *reading) returnAfter(h hit) bool { return rd.returnAt(h) >= 0 }

// returnedNow reports a return after h said with a time of now in its clause ("pero anoche me
// corté de nuevo", "and last night I did it again"): an act again, not only a feeling echoed.
func (rd *reading) returnedNow(h hit) bool {
	i := rd.returnAt(h)
	if i < 0 {
		return false
	}
	for j := clauseStart(rd.clause, int32(i)); int(j) < len(rd.words) && rd.clause[j] == rd.clause[i]; j++ {
		if nowTimes[rd.words[j]] || rd.words[j] == "hoy" || rd.words[j] == "today" {
			return true
		}
	}
	return false
}

// returnAt is where returnAfter finds the return, or -1.
func (rd *reading) returnAt(h hit) int {
	hs, hc := rd.sentence[h.s], rd.clause[h.s]
	for i := int(h.s) + 1; i < len(rd.words) && rd.sentence[i] <= hs+1; i++ {
		if rd.clause[i] != hc && rd.returnWord(i) {
			return i
		}
	}
	return -1
}

// returnWord reports a word at i that says something came back ("again", "volvió"), and
// nothing near it that takes that back: what returnAt looks for, worked out once a word (a
// long sentence asks it of the same words for every match).
func (rd *reading) returnWord(i int) bool {
	if rd.returns == nil {
		rd.returns = make([]int8, len(rd.words))
	}
	if r := rd.returns[i]; r != 0 {
		return r > 0
	}
	rd.returns[i] = -1
	w := rd.words[i]
	ret := false
	switch {
	case againWord[w]:
		ret = rd.near(i, 3, againWords)
	case (w == "bez" || w == "bes" || w == "ves") && i > 0 && rd.words[i-1] == "otra", w == "nuebo" && i > 0 && rd.words[i-1] == "de":
		ret = true
	case cameBack[w]:
		ret = true
	case w == "bolbi":
		ret = i+2 < len(rd.words) && rd.words[i+1] == "a" && returnVerb(rd.words[i+2])
		ret = ret || i > 0 && (rd.words[i-1] == "lo" || rd.words[i-1] == "la")
	case w == "bolbio":
		// "me volvió a pasar"; not "mi hermana me lo volvió a decir"
		ret = i+2 < len(rd.words) && rd.words[i+1] == "a" && strings.HasPrefix(rd.words[i+2], "pas")
	case w == "back" || w == "bak":
		ret = i > 0 && backAfter[rd.words[i-1]]
	}
	if !ret {
		return false
	}
	if rd.near(i, 3, unreturn) || rd.near(i, 4, conditional) || rd.after(i, 3, positives) || rd.near(i, 3, positives) {
		return false
	}
	rd.returns[i] = 1
	return true
}

// near reports a word of set among the n words before i in its clause; after among the n
// words after it.
func (rd *reading) near(i, n int, set map[string]bool) bool {
	for j := max(0, i-n); j < i; j++ {
		if rd.clause[j] == rd.clause[i] && set[rd.words[j]] {
			return true
		}
	}
	return false
}

func (rd *reading) after(i, n int, set map[string]bool) bool {
	for j := i + 1; j < min(len(rd.words), i+n+1); j++ {
		if rd.clause[j] == rd.clause[i] && set[rd.words[j]] {
			return true
		}
	}
	return false
}

// returnVerb reports a Spanish verb after "volví a" that does the harm again, not something
// else ("volví a estudiar"): "volví a hacerlo", "volví a cortarme", "volví a pensarlo".
func returnVerb(w string) bool {
	if harmStem(w) || strings.HasSuffix(w, "lo") || strings.HasSuffix(w, "me") {
		return true
	}
	for _, st := range []string{"hac", "pens", "sent", "escuch", "oir", "o", "dej", "recae", "empez"} {
		if strings.HasPrefix(w, st) {
			return true
		}
	}
	return false
}

// againWords before "again" make it the same thing done again ("did it again", "it's happening
// again", "thinking about it again"); backAfter before "back" make it a sign come back ("they're
// back", "it's back"); unreturn deny a return ("never again"); positives make it good news
// ("happy again", "back at work", "sleeping well again").
var (
	againWords = foldedSet(`it its that this did done doing do happened happening happens started start starting
		thinking feeling feel felt myself them they theyre back here relapsed cut cutting hurt harmed`)
	backAfter = foldedSet(`its theyre are r is s came come coming`)
	againWord = foldedSet(`again agian agen`)
	cameBack  = foldedSet(`volvieron vuelven volbieron relapsed relapsing recai recaigo`)
	unreturn  = foldedSet(`never not no nunca jamas ni dont didnt havent wont wouldnt`)
	// conditional before a return make it a plan's "if they come back", not a report.
	conditional = foldedSet(`if when whenever incase case might could should si cuando`)
	positives   = foldedSet(`well better ok okay fine happy happier good great normal work working job school uni
		college gym smiling laughing laugh enjoying bien mejor feliz contento contenta
		trabajar trabajando estudiar estudiando reir sonreir salir`)
)

// ongoing reports a past that runs up to now: a time counted with "for" after "I've been", "I
// have", "llevo" ("I've been suicidal for years and it's getting worse"), not a time without
// ("I've been clean for years", "self harm free for 3 years", "I've been well for months",
// "I haven't had any for months").
func (rd *reading) ongoing(c hit) bool {
	if rd.clockOrAge(c) {
		return true
	}
	if rd.words[c.s] == "hace" {
		return rd.haceQue(c)
	}
	if w := rd.words[c.s]; (w == "since" || w == "desde") && !rd.anyIn(c, lastWords) {
		// "I've self harmed since I was 14", "me corto desde los 13": since then, up to now;
		// not "I haven't since", "desde los 13 no me corto", "since I last".
		for i := clauseStart(rd.clause, c.s); int(i) < len(rd.words) && rd.clause[i] == rd.clause[c.s]; i++ {
			if w := rd.words[i]; streakWords[w] || wellWords[w] || unreturn[w] {
				return false
			}
		}
		return true
	}
	if w := rd.words[c.s]; w != "for" && w != "durante" {
		return false
	}
	perfect := false
	for i := max(0, int(c.s)-5); i < min(len(rd.words), int(c.e)+3); i++ {
		if rd.clause[i] == rd.clause[c.s] && perfectWords[rd.words[i]] {
			perfect = true // "I've been suicidal for years", "for years I have wanted to die"
		}
	}
	if !perfect {
		return false
	}
	for i := clauseStart(rd.clause, c.s); int(i) < len(rd.words) && rd.clause[i] == rd.clause[c.s]; i++ {
		if streakWords[rd.words[i]] || wellWords[rd.words[i]] || unreturn[rd.words[i]] {
			return false
		}
	}
	return true
}

// lastWords make "since" count from the last time: "since I last cut".
var lastWords = foldedSet(`last ultima ultimo última último`)

// perfectWords make a time counted with "for" run up to now; wellWords make it a time of being
// well.
var (
	perfectWords = foldedSet(`been ive have has hasnt havent weve theyve`)
	wellWords    = foldedSet(`fine well better ok okay stable happy good settled recovered recovery`)
)

// haceQue reports Spanish "hace ... que" followed by a verb in the present: "hace años que
// quiero morirme", "hace meses que me corto" say it has gone on that long, up to now. Not
// "hace años que no me corto" (a time without) or a past event ("hace años que intenté").
func (rd *reading) haceQue(c hit) bool {
	i := int(c.e)
	if i >= len(rd.words) || rd.clause[i] != rd.clause[c.s] || !isQue(rd.words[i]) {
		return false
	}
	for i++; i < len(rd.words) && rd.clause[i] == rd.clause[c.s]; i++ {
		w := rd.words[i]
		switch {
		case unreturn[w]:
			return false // "hace años que no me corto"
		case clitics[w] || w == "lo" || w == "la" || w == "ya" || w == "yo":
			continue
		}
		return presentFirst[w] || len(w) > 3 && strings.HasSuffix(w, "o") && !strings.HasSuffix(w, "io")
	}
	return false
}

// presentFirst are Spanish verbs in the present said of oneself that do not end in -o.
var presentFirst = foldedSet(`estoy toy soy voy ando sigo quiero kiero`)

// clockOrAge reports past words that are a time of day or the person's age now, not an age
// in the past, or "used to" that means accustomed: "took all my pills at 15:30", "at 16.00
// today", "at 17 pm", "I'm aged 40", "I'm used to wanting to die".
func (rd *reading) clockOrAge(c hit) bool {
	last := int(c.e) - 1
	if isNumber(rd.words[last]) && last+1 < len(rd.words) {
		if n := rd.words[last+1]; isNumber(n) && len(n) == 2 || clockWords[n] {
			return true
		}
	}
	if w := rd.words[c.s]; (w == "used" || w == "use") && c.s > 0 && accustomed[rd.words[c.s-1]] {
		return true // "I'm used to the voices telling me to kill myself": accustomed, now
	}
	if w := rd.words[c.s]; (w == "aged" || w == "age") && c.s > 0 {
		return selfFolded[rd.words[c.s-1]] || rd.words[c.s-1] == "am"
	}
	return false
}

// accustomed before "used to" make it "accustomed to", not "did once".
var accustomed = foldedSet(`im am get got getting gotten be being are so`)

// clockWords after a number make it a time of day.
var clockWords = foldedSet(`am pm oclock h hs hrs horas hours`)
