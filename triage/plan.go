package triage

import (
	"slices"
	"strings"
)

// A crisis plan uses the words of crisis: "when I get the urge to cut I hold ice and text my
// sister", "si pienso en matarme llamo a mi hermana", "warning signs: not sleeping, voices
// louder". Said in a message, such a line is what helps, not a disclosure. The rules here find
// it by its shape — a condition with the risk inside it and something that helps after it, or
// a plan's heading — and leave alone the same words where the risk is what the person will do:
// "when I get home I'm going to kill myself", "if he comes back I'll kill him", "si mañana
// sigo así me mato".

// whenReach is how many words may come between a condition of more than one word ("when I
// feel like", "si me dan ganas de") and the match it makes a condition of.
const whenReach = 4

// bareWhenReach is the same for a bare "when", "if", "cuando", "si": "if the thoughts about
// ending it get loud", "si las ganas de morir ...". Further on, the words after a bare "if"
// are likelier the consequence: "if he comes back I'll kill him", "si mañana sigo así me mato".
const bareWhenReach = 2

// planLine reports that the match h is the condition of a plan line opened by c (when.txt):
// c comes just before h in its sentence, nothing between them starts what the person will do
// (a risk of its own, or a new subject: "if he comes back I'll ..."), no present word follows
// the match ("when I get the urge to cut I just cut now"), and either something that helps
// (coping.txt) or a plan's heading (heading.txt) is in the sentence. A risk after the
// condition is its own match and is judged on its own, so "when I feel like this I take all my
// pills" stays crisis.
func (rd *reading) planLine(h, c hit, risks []hit) bool {
	if c.s >= h.s || rd.sentence[c.s] != rd.sentence[h.s] {
		return false
	}
	reach := int32(whenReach)
	if c.e-c.s == 1 {
		reach = bareWhenReach
	}
	if h.s-c.e > reach || rd.consequent(c, h.s, risks) || rd.presentAfter(h, risks) || rd.unhelped(h.e) ||
		rd.repeated(h) || rd.harmAfter(h) {
		return false
	}
	if rd.anyIn(c, signWords) {
		// "warning signs: I'm not sleeping and the voices are back": they are here. The
		// heading's own "relapse" is not.
		for _, o := range rd.ctxs {
			if rd.kind(o) == ctxPresent && rd.sentence[o.s] == rd.sentence[h.s] && (o.s >= c.e || o.e <= c.s) {
				return false
			}
		}
	}
	return rd.helps(c, h, risks) || rd.heading(h) >= 0
}

// repeated reports the harm of the match done again after it in its sentence: "when i feel like
// cutting i cut, then i call my sister", "cuando tengo ganas de cortarme me corto". The
// consequence is the harm, whatever helps after it, even where the lists have no phrase for
// the bare verb.
func (rd *reading) repeated(h hit) bool {
	n := rd.sentence[h.s]
	for i := h.e; int(i) < len(rd.words) && rd.sentence[i] == n; i++ {
		for j := h.s; j < h.e; j++ {
			if sameStem(rd.words[i], rd.words[j]) {
				return true
			}
		}
	}
	return false
}

// sameStem reports two words of harm that begin alike: "cutting" and "cut", "cortarme" and
// "corto" (four letters, or three for a word of three).
func sameStem(a, b string) bool {
	if stemStop[a] || stemStop[b] {
		return false
	}
	k := min(4, len(a), len(b))
	return k >= 3 && a[:k] == b[:k]
}

// stemStop are words of a condition that say nothing of the harm itself.
var stemStop = foldedSet(`the and you your myself yourself with want wanna wanting feel feeling like thoughts thought
	think thinking about urge urges need have having get getting tengo ganas quiero pienso pensando sobre
	siento pensamientos ideas idea las los del que con para`)

// consequent reports that the words from the end of the condition c to the match at to hold
// a risk match of their own or start what the person does, so that the match is no longer
// inside the condition: "if i get upset i cut myself", "if he comes back i'll kill him",
// "cuando me vienen las ganas me corto". A subject right after the condition word, or after
// "like" or "that", is still the condition's ("when i feel like i want to die", "cuando me
// quiero morir"), unless the condition is complete in itself ("when the urge comes", "cuando
// me vienen las ganas"): then what follows is the consequence.
func (rd *reading) consequent(c hit, to int32, risks []hit) bool {
	from := c.e
	for _, r := range risks {
		if r.s >= from && r.e <= to && !(to-r.e == 1 && orWords[rd.words[r.e]]) {
			return true // not a risk joined to the match by "or": "if I feel unsafe or want to end my life"
		}
	}
	// A plan's condition is about the person ("when I ...", "when the urge ..."); one about
	// someone else ("when he leaves ...", "if she ...") is not.
	if int(from) < len(rd.words) && othersDo[rd.words[from]] {
		return true
	}
	closed := condDone[rd.words[c.e-1]]
	// The match's own first word counts too: "when he leaves i will kill myself".
	for i := from; i <= to && int(i) < len(rd.words); i++ {
		if !rd.startsDoing(i) || i == from && !closed {
			continue
		}
		if i == from || !condLinks[rd.words[i-1]] {
			return true
		}
	}
	return false
}

// startsDoing reports a word that starts what someone does: a subject ("i", "he"), a Spanish
// pronoun before its verb ("me corto", "cuando llegué me volví a cortar") or a Spanish verb of
// harm said of oneself ("corto", "hago").
func (rd *reading) startsDoing(i int32) bool {
	w := rd.words[i]
	return subjectWords[w] || clitics[w] && int(i)+1 < len(rd.words) || selfDoing[w]
}

// unhelped reports help that did not come or did not work (failed.txt) from word from on:
// "when i want to die i call my sister but she isn't answering", "llamé a la línea y nadie
// contestó".
func (rd *reading) unhelped(from int32) bool {
	for _, o := range rd.ctxs[firstFrom(rd.ctxs, from):] {
		if rd.kind(o) == ctxFailed && o.s >= from && !rd.supposed(o.s) {
			return true
		}
	}
	return false
}

// supposed reports a condition word just before word i, in its clause: "if that doesn't work
// I call 999", "si eso no funciona voy a urgencias" is the next step of a plan, not help that
// failed.
func (rd *reading) supposed(i int32) bool {
	for j := max(0, i-3); j < i; j++ {
		if ifWords[rd.words[j]] && rd.clause[j] == rd.clause[i] {
			return true
		}
	}
	return false
}

// ifWords open a supposition.
var ifWords = foldedSet(`if when unless whenever cuando si`)

// presentAfter reports a present word (present.txt) after h in its clause, leaving out one
// right after it or inside a longer match of the condition, which is part of the condition:
// "if i ever feel suicidal again i call ...".
func (rd *reading) presentAfter(h hit, risks []hit) bool {
	// The condition's risk may run on past h in a longer match: "if the voices tell me to jump
	// again" holds its "again".
	end := h.e
	for _, r := range risks {
		if r.s < h.e && h.s < r.e {
			end = max(end, r.e)
		}
	}
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxPresent && rd.clause[o.s] == rd.clause[h.e-1] && o.s > end {
			return true
		}
	}
	return false
}

// helps reports something that helps (coping.txt) in the sentence of the condition c and the
// match h, outside both and outside any risk after h: in "when I want to die I take all my
// pills" the "I take" belongs to a risk of its own, and helps with nothing.
func (rd *reading) helps(c, h hit, risks []hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxCoping || rd.sentence[o.s] != rd.sentence[h.s] || !(o.s >= h.e || o.e <= c.s) || rd.refused(o.s) {
			continue
		}
		harmful := false
		for _, r := range risks {
			// A risk wholly inside what helps is the help ("call 999"); one that only
			// overlaps it is what the person will do.
			if r.s >= h.e && r.s < o.e && o.s < r.e && !(r.s >= o.s && r.e <= o.e) {
				harmful = true
				break
			}
		}
		if !harmful {
			return true
		}
	}
	return false
}

// refused reports a "no" or "can't" just before what helps at i: "ya no llamo a nadie",
// "I can't call anyone" is help not taken.
func (rd *reading) refused(i int32) bool {
	for j := max(0, i-2); j < i; j++ {
		if refusals[rd.words[j]] && rd.clause[j] == rd.clause[i] {
			return true
		}
	}
	return false
}

// refusals say that help is not taken.
var refusals = foldedSet(`no not never nunca ni cant cannot couldnt dont didnt wont wouldnt stopped stop refuse`)

// heading returns the start of a plan's heading (heading.txt: "my safety plan", "warning signs",
// "razones para vivir") that h comes under, or -1: one earlier in h's sentence, or one that is
// an earlier sentence of its own ("My crisis plan:" on a line, the plan on the next). A match
// that overlaps the heading is not under it: "my early warning signs are back".
func (rd *reading) heading(h hit) int32 {
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxHeading || o.e > h.s || rd.askedHelp(o, h) {
			continue
		}
		if rd.sentence[o.s] == rd.sentence[h.s] || rd.wholeSentence(o) {
			return o.s
		}
	}
	return -1
}

// askedHelp reports a heading o in the words of a question ("qué hago si", "what to do when")
// with nothing after the match h in its sentence: "que hago si quiero matarme", "what to do
// when i feel like cutting" ask for help; a plan's heading has the plan after it.
func (rd *reading) askedHelp(o, h hit) bool {
	return rd.anyIn(o, askWords) && (int(h.e) >= len(rd.words) || rd.sentence[h.e] != rd.sentence[h.s])
}

// askWords make a heading a question when nothing follows: what to do, qué hacer, qué hago.
var askWords = foldedSet(`do hago hacer`)

// wholeSentence reports a hit that is its sentence, give or take two words ("my crisis plan
// for when things get bad").
func (rd *reading) wholeSentence(o hit) bool {
	lo, hi := unitWords(rd.sentence, rd.sentence[o.s])
	return int32(hi-lo)-(o.e-o.s) <= 2
}

// planAction reports a risk match h that lies wholly inside what helps in a plan line whose
// condition holds another match: "if I still want to die after talking to someone, call 999".
func (rd *reading) planAction(h hit, risks []hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxCoping || !(h.s >= o.s && h.e <= o.e) {
			continue
		}
		for _, r := range risks {
			if r == h || r.e > o.s || rd.sentence[r.s] != rd.sentence[h.s] {
				continue
			}
			for _, c := range rd.ctxs {
				if rd.kind(c) == ctxWhen && rd.planLine(r, c, risks) {
					return true
				}
			}
		}
	}
	return false
}

// listed reports a match h that is a line of a plan under its heading: the heading's own
// words ("relapse signature", "señales de recaída"), or a sign or a means listed after a
// heading earlier in its sentence with nothing of the person now in it and no present word
// ("warning signs: not eating, staying in bed, thinking everyone is better off without me",
// "keeping myself safe = knives locked away, my pills in a lockbox"). "My warning signs are
// back", "safety plan: i want to die", "my safety plan isn't working, bought the pills" and
// a heading in an earlier sentence lower nothing this way.
func (rd *reading) listed(h hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxHeading && o.s <= h.s && h.e <= o.e {
			return true
		}
	}
	if rd.unhelped(0) {
		return false
	}
	// A sign listed is often said as the person thinks it ("thinking people are following
	// me", "creo que me siguen"): for an early warning sign only a present word says it is
	// happening now.
	n := rd.sentence[h.s]
	if rd.presentIn(rd.sentence, n) || rd.s.entries[h.id].tier != TierRelapse && rd.selfNowIn(n) {
		return false
	}
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxHeading && o.e <= h.s && rd.sentence[o.s] == n && !rd.signsSaid(o) {
			return true
		}
	}
	return false
}

// signsSaid reports a heading of signs that is the subject of what follows, not a title: "my
// warning signs are all here, not slept in 4 days", "mis señales están todas". "What helps is
// ringing my sister" is a plan's line, so only a heading of signs is read this way.
func (rd *reading) signsSaid(o hit) bool {
	if int(o.e) >= len(rd.words) || rd.clause[o.e] != rd.clause[o.s] || !copulas[rd.words[o.e]] {
		return false
	}
	return rd.anyIn(o, signWords)
}

// copulas after a heading make it a subject; signWords make a heading one of signs.
var (
	copulas   = foldedSet(`are r is were have has keep kept came come started starting son estan están volvieron han empezaron`)
	signWords = foldedSet(`signs signals sign signature triggers señales senales señal senal signos signo`)
)

// ownSign reports a match in an early warning sign the person writes in their own words that
// describes the sign rather than saying it is happening: nothing of the person now and no
// present word in its sentence (for an early warning sign itself, no present word), and no help
// that failed. It reads the sign as a line listed under the heading "my warning signs".
func (rd *reading) ownSign(h hit) bool {
	n := rd.sentence[h.s]
	if rd.unhelped(0) || rd.presentIn(rd.sentence, n) {
		return false
	}
	return rd.s.entries[h.id].tier == TierRelapse || !rd.selfNowIn(n)
}

// selfNowIn reports the person speaking of themself now in sentence n (now.txt), leaving out
// a bare word in -ing (folded, "thinkin"), which is how a list names a sign ("thinking everyone would be better
// off without me", "wanting to hurt myself"): "I'm thinking", "I want", "quiero" count.
func (rd *reading) selfNowIn(n int32) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxNow || rd.sentence[o.s] != n {
			continue
		}
		if w := rd.words[o.s]; o.e-o.s > 1 || !strings.HasSuffix(w, "ing") && !strings.HasSuffix(w, "in") {
			return true
		}
	}
	return false
}

// listedTier is how far a match listed under a heading comes down: a heading's own words and
// an early warning sign or a concern listed to none; a crisis only to concern, as the same
// words under "warning signs:" may be a plan's list or a disclosure of what the person has done.
func (rd *reading) listedTier(h hit) Tier {
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxHeading && o.s <= h.s && h.e <= o.e {
			return TierNone
		}
	}
	if rd.s.entries[h.id].tier == TierCrisis && !rd.planTopic(h) {
		return TierConcern
	}
	return TierNone
}

// planTopic reports a crisis match under a plan's heading that names what the plan is for, not
// something done: the heading's topic, right after it and ending its clause ("triggers for my
// self harm: arguments, payday", "my plan for suicidal thoughts:"), or thoughts or urges to
// notice under a heading that is not one of signs ("my safety plan: 1) notice the thoughts
// about dying 2) call sarah"). Under "warning signs:" the same words may be what the person has
// done, and stay at concern.
func (rd *reading) planTopic(h hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) != ctxHeading || o.e > h.s || rd.sentence[o.s] != rd.sentence[h.s] {
			continue
		}
		topic := o.e == h.s || o.e+1 == h.s && topicLinks[rd.words[o.e]]
		if topic && !rd.toks[h.s].brk && (int(h.e) == len(rd.words) || rd.toks[h.e].brk) {
			return true
		}
		if rd.anyIn(o, signWords) {
			continue
		}
		// "distraction list for self harm urges:", "notice the thoughts about dying"
		for i := max(int(o.e), int(h.s)-2); i < min(len(rd.words), int(h.e)+1) && rd.sentence[i] == rd.sentence[h.s]; i++ {
			if urgeNouns[rd.words[i]] {
				return true
			}
		}
	}
	return false
}

// topicLinks join a heading to its topic: "triggers for self harm", "plan de crisis para".
var topicLinks = foldedSet(`for of about para de sobre`)

// urgeNouns name a thought or an urge as a thing to notice.
var urgeNouns = foldedSet(`thoughts thought urges urge feelings ideas impulses pensamientos ideas ganas impulsos`)

// presentIn reports a present word (present.txt: "again", "tonight", "still") in unit n, a
// sentence or a clause as unit (rd.sentence or rd.clause) numbers them.
func (rd *reading) presentIn(unit []int32, n int32) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxPresent && unit[o.s] == n {
			return true
		}
	}
	return false
}

// subjectWords start what someone does: after a condition, the consequence ("if he comes back
// i'll ...").
var subjectWords = foldedSet(`i im ill id ive he hes she shes they theyre we you youre u yo el ella ellos`)

// othersDo are subjects other than the person, right after a condition word.
var othersDo = foldedSet(`he hes she shes they theyre el ella ellos ellas someone somebody everyone everybody
	mum mom dad nobody`)

// condDone are last words of a condition that is complete in itself: what follows it is the
// consequence, not more of the condition ("cuando me vienen las ganas | me corto").
var condDone = foldedSet(`ganas ideas pensamientos voces urge urges thoughts feelings voices impulse impulses pull
	temptation`)

// clitics come before a Spanish verb: "me corto", "se lo doy". Not "lo" or "la", which are
// also articles ("pienso en la muerte").
var clitics = foldedSet(`me te se le les nos`)

// selfDoing are Spanish verbs of harm and of doing, said of oneself now: after a complete
// condition they are the consequence ("cuando me vienen las ganas me corto").
var selfDoing = foldedSet(`corto mato tiro lanzo aviento cuelgo ahorco quemo pego lastimo hago tomo trago
	rajo clavo hiero golpeo muero`)

// condLinks are words after which a subject still belongs to the condition: "when I feel like
// I want to die", "cuando siento que me quiero morir".
var condLinks = foldedSet(`like that if que como`)

// acrossSentences reports a match that runs from one sentence into the next where one of them
// is a long one: a phrase with a gap ("<voices> ... telling me to <harm>") read over "the
// voices were quiet this week. my mum keeps telling me to eat more" joins two unrelated
// sentences, and a long message about a day has many such chances. Short sentences in a row
// are one thought ("its today. im done", "last message. love you all") and keep their match,
// and dots in a row ("i want to... die") do not end a sentence here: people pause with them.
func acrossSentences(text string, toks []token, h hit) bool {
	crosses := false
	for i := h.s + 1; i < h.e; i++ {
		if !toks[i].sent {
			continue
		}
		between := text[toks[i-1].end:toks[i].start]
		if strings.Contains(between, "..") || strings.Contains(between, "…") {
			continue
		}
		crosses = true
	}
	if !crosses {
		return false
	}
	// The sentences the match touches: from the start of the first to the end of the last.
	from, to := h.s, h.e
	for from > 0 && !toks[from].sent {
		from--
	}
	for int(to) < len(toks) && !toks[to].sent {
		to++
	}
	n := int32(0)
	for i := from; i < to; i++ {
		if i > from && toks[i].sent {
			n = 0
		}
		if n++; n > shortSentence {
			return true
		}
	}
	return false
}

// shortSentence is the most words a sentence may have and still be read with its neighbours as
// one thought: "i've picked the spot. the old quarry behind the estate" (6).
const shortSentence = 6

// readsGood reports a match that takes a "good" the person typed for "god": folding repeated
// letters makes "feeling good, going to my mates" read as "god ... going to ... mate", a voice
// commanding harm. Only where the phrase itself does not say "good" ("gone for good").
func readsGood(text string, toks []token, h hit, src string) bool {
	for i := h.s; i < h.e; i++ {
		if toks[i].norm == "god" && strings.Contains(strings.ToLower(text[toks[i].start:toks[i].end]), "oo") {
			return !strings.Contains(src, "good") // the phrase's words, long for a slot: read last
		}
	}
	return false
}

// keepsDoing reports a match ending in "seguir" or "continuar" followed by a gerund of
// something other than living: "no quiero seguir viendo esa serie", "no quiero seguir yendo
// al grupo" are about the series and the group. "No quiero seguir viviendo", "... luchando",
// "... aguantando" are the wish not to go on.
func keepsDoing(words []string, h hit) bool {
	if int(h.e) >= len(words) {
		return false
	}
	switch words[h.e-1] {
	case "seguir", "continuar", "segir":
	default:
		return false
	}
	w := words[h.e]
	gerund := strings.HasSuffix(w, "ando") || strings.HasSuffix(w, "iendo") || strings.HasSuffix(w, "yendo")
	return gerund && !goingOn[w]
}

// goingOn are gerunds after "no quiero seguir" that mean going on living.
var goingOn = foldedSet(`viviendo existiendo respirando sufriendo aguantando luchando intentando intentandolo
	despertando soportando sobreviviendo peleando remando tirando adelante sintiendo`)

// labelLine reports a plan's line written as a label and what to do: the match opens its
// sentence (a word or two may come before it, none of them the person: "my", "the"), a mark
// such as = : → - follows it, and what helps (coping.txt) comes after the mark ("suicidal
// thoughts = ring samaritans", "urges to self harm: sit on my hands, count to 100", "ideas de
// hacerme daño → salir a caminar"). Not with the person now in the label ("I want to die:
// call mum" is said, not listed), a present word in the sentence, or help that failed.
func (rd *reading) labelLine(text string, h hit, risks []hit) bool {
	n := rd.sentence[h.s]
	start := firstOfSentence(rd.sentence, h.s)
	if h.s-start > 2 || int(h.e) >= len(rd.words) || rd.sentence[h.e] != n {
		return false
	}
	for i := start; i < h.e; i++ {
		if selfFolded[rd.words[i]] {
			return false
		}
	}
	for _, o := range rd.ctxs {
		if k := rd.kind(o); k == ctxNow && o.s < h.e && rd.sentence[o.s] == n || k == ctxPresent && rd.sentence[o.s] == n {
			return false
		}
	}
	// The mark may follow a word or two that name the risk: "suicidal thoughts =".
	mark := int32(-1)
	for j := h.e; j < min(h.e+3, int32(len(rd.words))) && rd.sentence[j] == n; j++ {
		if strings.ContainsAny(text[rd.toks[j-1].end:rd.toks[j].start], "=:→>-–") {
			mark = j
			break
		}
		if selfFolded[rd.words[j]] {
			return false
		}
	}
	if mark < 0 || rd.unhelped(h.e) {
		return false
	}
	return rd.helps(hit{id: h.id, s: h.s, e: mark}, hit{id: h.id, s: h.s, e: mark}, risks)
}

// urgePasses reports an urge or a thought of harm said to pass: "the thoughts of killing
// myself always pass", "the urge to cut passes after 20 minutes", "las ganas de cortarme se
// pasan si espero". Not when denied ("it isn't passing") or the person speaks of now.
func (rd *reading) urgePasses(h hit) bool {
	urge := false
	for i := max(0, int(h.s)-2); i < int(h.e); i++ {
		if urgeNouns[rd.words[i]] {
			urge = true
		}
	}
	if !urge {
		return false
	}
	for _, o := range rd.ctxs {
		if k := rd.kind(o); (k == ctxClause || k == ctxPresent) && o.s >= h.e && rd.sentence[o.s] == rd.sentence[h.s] {
			return false // "they pass but come back every night"
		}
	}
	for i := int(h.e); i < min(len(rd.words), int(h.e)+4) && rd.clause[i] == rd.clause[h.e-1]; i++ {
		w := rd.words[i]
		if unreturn[w] || w == "isnt" || w == "arent" || w == "wont" {
			return false
		}
		if passWords[w] && (i+1 >= len(rd.words) || !throughWords[rd.words[i+1]]) {
			return true // not "passing through my head", which is the thought coming
		}
		if (w == "pasan" || w == "pasa" || w == "ban" || w == "calman") && rd.words[i-1] == "se" {
			return true // "se pasan", "se van"; not "me pasa por la cabeza"
		}
	}
	return false
}

// passWords say an urge passes.
var passWords = foldedSet(`pass passes fade fades ease eases subside subsides`)

// throughWords after "pass" make it the thought going through the mind.
var throughWords = foldedSet(`through thru by across in over`)

// madeSafe reports a means that the sentence says was put away or taken from the person to
// keep them safe: "we took the razor blades out of the house as part of my safety plan", "my
// pills in a lockbox, knives locked away", "mi hermano se llevó el arma para que yo esté más
// seguro". Not with the person now or a present word in the sentence ("the police took away
// my knife and I'm going to buy another"), or help that failed.
func (rd *reading) madeSafe(h hit) bool {
	switch rd.s.entries[h.id].cat {
	case Suicide, SelfHarm, Overdose, "means", "possible", "plans":
	default:
		return false
	}
	n := rd.sentence[h.s]
	for _, o := range rd.ctxs {
		if k := rd.kind(o); (k == ctxNow || k == ctxPresent) && rd.sentence[o.s] == n {
			return false
		}
	}
	if rd.unhelped(0) {
		return false
	}
	start := firstOfSentence(rd.sentence, h.s)
	end := int(h.e)
	for end < len(rd.words) && rd.sentence[end] == n {
		end++
	}
	ws := rd.words[start:end]
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxClause && rd.sentence[o.s] == n {
			return false // "locked away but I found another 60": what follows the "but" is the news
		}
	}
	for _, w := range ws {
		if aroundSafety[w] {
			return false
		}
	}
	for i := range ws {
		for _, m := range safeMarks {
			if i+len(m) <= len(ws) && slices.Equal(ws[i:i+len(m)], m) {
				return true
			}
		}
	}
	return false
}

// aroundSafety are words of getting round a means put away: "found the key", "bought another",
// "took mum's instead".
var aroundSafety = foldedSet(`but though found find key code another instead bought buy new got pero encontre encontré
	llave clave otra otro compre compré consegui conseguí`)

// safeMarks are the words of a means put away for safety, folded as messages are.
var safeMarks = func() [][]string {
	var ms [][]string
	for _, l := range strings.Split(`locked away|locked up|lock them away|in a lockbox|in the lockbox|in a locked box|out of the house|out of the flat|keep me safe|keep myself safe|keeping me safe|keeping myself safe|keeps me safe|safety plan|crisis plan|took them away|took it away|taken away|handed them in|handed it in|bajo llave|plan de seguridad|plan de crisis|se llevo|se los llevo|se las llevo|para que yo este|para estar mas seguro|para estar mas segura`, "|") {
		var m []string
		for _, w := range strings.Fields(l) {
			m = append(m, foldWord(w))
		}
		ms = append(ms, m)
	}
	return ms
}()

// harmAfter reports a bare verb of self-harm done after the condition, in its sentence, that
// the lists have no phrase for: "when i want to die i write it down and then i cut", "… i just
// cut". Not one the person does not do ("instead of cutting", "so I don't cut").
func (rd *reading) harmAfter(h hit) bool {
	n := rd.sentence[h.s]
	for i := int(h.e); i < len(rd.words) && rd.sentence[i] == n; i++ {
		if !harmVerbs[rd.words[i]] {
			continue
		}
		free := true
		for j := max(int(h.e), i-2); j < i; j++ {
			if w := rd.words[j]; w == "of" || w == "than" || unreturn[w] || preventNeg[w] {
				free = false
			}
		}
		if free {
			return true
		}
	}
	return false
}

// harmVerbs are bare verbs of self-harm said of oneself.
var harmVerbs = foldedSet(`cut cutting burn burning overdose od hang slit stab`)
