package triage

import (
	"slices"
	"strings"
)

// Scope: how far a negation reaches, and when a denial is meant. The rules in screen.go ask
// these questions of a reading; the word sets are here so that a clinician's context lists
// (context/negation.txt, denial.txt, reassure.txt) stay about phrases, not grammar.

// negationSpan is how many words may come between a negation and the match it turns when
// every one of them only carries the negation on: "not going to ever even think about hurting
// myself", "no tengo ninguna intención de matarme" (6).
const negationSpan = 6

// negationFar is the most words a negation reaches over by either rule of negates: one
// further away is never asked about (in a long sentence every negation before every match).
const negationFar = max(negationReach, negationSpan)

// negates reports whether the negation c reaches the match h, which starts after it:
//
//   - up to negationReach words of anything in the clause, unless one of them closes the
//     negation's scope ("I'm not ok I want to die": the "not" is about "ok"; "no I want to
//     die": a new "I" starts a new statement);
//   - up to negationSpan words in the clause that only carry it on (negScope: "going to",
//     "ever", "any thoughts of", "voy a", "ganas de");
//   - across a comma only through fillers ("I'm not, like, suicidal"), never through a word of
//     clause.txt ("but") or into the next sentence.
func (rd *reading) negates(c, h hit) bool {
	if c.e > h.s || rd.sentence[c.s] != rd.sentence[h.s] || h.s-c.e > negationFar {
		return false
	}
	gap := rd.words[c.e:h.s]
	if joined(gap) || rd.untilNow(h) || rd.degreeAfter(h) {
		return false
	}
	if c.s > 0 && cannot[rd.words[c.s-1]] {
		return false // "I can't not hurt myself"
	}
	if rd.cantPromise(c) {
		return false // "I can't promise I won't hurt myself"
	}
	if concord[rd.words[h.s]] && c.e < h.s {
		return false // "no tengo ninguna gana de vivir": Spanish "no … ninguna" is one negation
	}
	if c.e-c.s == 1 && !srcHas(rd.s.entries[c.id].p.src, rd.words[c.s]) {
		return false // a one-word negation read through a typo: "creo" is not "cero"
	}
	if rd.clause[c.s] == rd.clause[h.s] {
		if len(gap) <= negationReach && !closesNegation(inverted(gap)) {
			return true
		}
		if len(gap) > negationSpan {
			return false
		}
		for _, w := range gap {
			if !negScope[w] && !fillers[w] {
				return false
			}
		}
		return true
	}
	if len(gap) == 0 || len(gap) > negationSpan {
		return false
	}
	for i := c.e; i < h.s; i++ {
		if !fillers[rd.words[i]] {
			return false
		}
	}
	for i := c.e; i <= h.s; i++ {
		if rd.clause[i] != rd.clause[i-1] && !rd.toks[i].brk {
			return false // a clause word ("but", "pero") between them
		}
	}
	return true
}

// cantPromise reports a negation inside what the person cannot promise: "I can't promise I
// won't hurt myself", "no te puedo prometer que no me voy a hacer nada" — a doubt, not a
// denial.
func (rd *reading) cantPromise(c hit) bool {
	for i := max(0, int(c.s)-4); i < int(c.s); i++ {
		if !promiseWords[rd.words[i]] || rd.sentence[i] != rd.sentence[c.s] {
			continue
		}
		for j := max(0, i-3); j < i; j++ {
			if w := rd.words[j]; cannot[w] && w != "can" || notWords[w] {
				return true
			}
		}
	}
	return false
}

// promiseWords are what a person may say they cannot do about a denial.
var promiseWords = foldedSet(`promise guarantee swear say prometer prometo prometerte asegurar aseguro garantizar jurar juro`)

// concord are the Spanish words that agree with a "no" before them rather than cancel it: a
// listed phrase that starts with one carries its own negation ("ninguna gana de vivir").
var concord = foldedSet(`ningun ninguna ninguno ningunas cero`)

// untilNow reports "until now", "till today", "hasta ahora" after h in its clause: "I never
// wanted to die until now" is a change, not a denial.
func (rd *reading) untilNow(h hit) bool {
	for i := int(h.e); i+1 < len(rd.words) && rd.clause[i] == rd.clause[h.s]; i++ {
		switch rd.words[i] {
		case "until", "til", "untill", "hasta":
			switch rd.words[i+1] {
			case "now", "today", "tonight", "recently", "lately", "ahora", "hoy", "ahorita":
				return true
			}
		}
	}
	return false
}

// degreeAfter reports a word of degree in h or just after it in its clause: "I didn't cut
// deep", "no me corté tanto" deny how much, not the act; and a match that starts with a stop
// ("stop cutting"), which a negation turns into going on (not "never stop my meds", a relapse
// sign denied).
func (rd *reading) degreeAfter(h hit) bool {
	if negClose[rd.words[h.s]] && rd.s.entries[h.id].tier != TierRelapse {
		return true // "not gonna stop cutting": the negation turns the stop, not the cutting
	}
	for i := int(h.s) + 1; i < min(len(rd.words), int(h.e)+2) && rd.clause[i] == rd.clause[h.s]; i++ {
		if w := rd.words[i]; degreeWords[w] && (i >= int(h.e) || !excess[w]) && !rd.notAtAll(i) {
			return true
		}
	}
	return false
}

// notAtAll reports a degree word that is part of a categorical denial: "ni mucho menos",
// "not much at all" deny the whole, not how much.
func (rd *reading) notAtAll(i int) bool {
	return i > 0 && rd.words[i-1] == "ni" || i+1 < len(rd.words) && rd.words[i+1] == "menos"
}

// degreeWords say how much; cannot are words before a negation that double it.
var (
	degreeWords = foldedSet(`deep deeply bad badly hard much many far enough properly tanto tantas tantos mucho
		muchas muchos profundo fuerte`)
	cannot = foldedSet(`cant cannot couldnt can`)
	// excess, inside a phrase, is the overdose itself: "I didn't take too many" denies it.
	excess = foldedSet(`many much too`)
)

// inverted leaves out the "I" of a negation put first, which carries it on: "never would I
// hurt my kids", "not once did I cut", "never have I wanted to die".
func inverted(gap []string) []string {
	if len(gap) >= 2 && auxWords[gap[0]] && gap[1] == "i" {
		return gap[2:]
	}
	return gap
}

// auxWords begin an inversion after "never" or "not once".
var auxWords = foldedSet(`would will could did do have has had should am was`)

// closesNegation reports a word after which a negation is about something else: "not ok",
// "don't care", "no I ...".
func closesNegation(gap []string) bool {
	for _, w := range gap {
		if negClose[w] {
			return true
		}
	}
	return false
}

// strongNegation reports a categorical denial: "never", "no way", "not once", "zero",
// "wouldn't ever", "ni de broma", "jamás", "para nada", in the negation or between it and the
// match. Such a denial is meant as much as one with a reason ("not suicidal, just tired").
func (rd *reading) strongNegation(c, h hit) bool {
	for i := c.s; i < h.s; i++ {
		if strongNeg[rd.words[i]] {
			return true
		}
	}
	// Or just after it, in its clause: "no me voy a tirar de ningún lado", "I'm not going to
	// hurt myself, not ever".
	for i := int(h.e); i < min(len(rd.words), int(h.e)+4) && rd.clause[i] == rd.clause[h.e-1]; i++ {
		if strongAfter[rd.words[i]] {
			return true
		}
	}
	return false
}

// strongAfter are the words of a categorical denial that come after what they deny.
var strongAfter = foldedSet(`ever never ningun ninguna ninguno nunca jamas`)

// denialMeant reports that a negated match h is a denial that asks nothing of the worker: the
// negation c is categorical; the message dates it ("since I was 18"); it denies a thought, a
// plan or a list ("no thoughts of", "not depressed or suicidal"); the message reassures ("just
// tired", "in months", "at all") outside the match; or it plainly reports a deed not done
// (plainDenial). A present risk elsewhere in the message is its own match and is not lowered
// by this.
func (rd *reading) denialMeant(c, h hit) bool {
	if rd.unhelped(h.e) {
		return false // "keeping busy so I don't think about killing myself but it's not working"
	}
	if rd.strongNegation(c, h) {
		return true
	}
	if !rd.nowTime(h) && !rd.presentIn(rd.clause, rd.clause[h.s]) {
		for _, o := range rd.ctxs {
			if rd.kind(o) == ctxPast && rd.sentence[o.s] == rd.sentence[h.s] {
				return true // "haven't self-harmed since I was 18"
			}
		}
	}
	if rd.purpose(c) {
		return true // "my sister keeps my tablets so I can't overdose", "para que no me corte"
	}
	gap := rd.words[c.e:h.s]
	if len(gap) == 2 && orWords[gap[1]] {
		return true // "I'm not depressed or suicidal", "no estoy triste ni pienso en matarme"
	}
	for _, w := range append(gap[:len(gap):len(gap)], rd.words[h.s]) {
		if thoughtNouns[w] {
			return true // "no thoughts of", "I don't have any plans to", "no tengo ganas de"
		}
	}
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxReassure && (o.s >= h.e || o.e <= h.s) && !rd.unassured(o) {
			return true
		}
	}
	return rd.plainDenial(c, h)
}

// unassured reports a reassurance that is itself denied: "I can't promise I won't hurt
// myself", "no te lo prometo", "I'm not fine".
func (rd *reading) unassured(o hit) bool {
	if o.s == 0 || rd.clause[o.s-1] != rd.clause[o.s] {
		return false
	}
	w := rd.words[o.s-1]
	return cannot[w] || notWords[w]
}

// notWords are the plain negations that undo a reassurance just after them.
var notWords = foldedSet(`not no dont didnt wont cant cannot nt never nunca`)

// plainDenial reports the person denying, in plain words, something they did or are doing:
// the negation turns the risk verb itself, with nothing between but words that carry it on
// ("I didn't take too many", "no estoy guardando pastillas"), and the risk is a death, a
// harm, an overdose or a command. Not an intention ("I'm not going to kill myself" is pinned
// as a flag worth raising: TestScanAcceptedFalseAlarms), not when the message asks the worker
// not to worry, and not a wish ("I don't want to die", "no quiero ...": wishWords).
func (rd *reading) plainDenial(c, h hit) bool {
	switch rd.s.entries[h.id].cat {
	case Suicide, SelfHarm, Overdose, HarmOthers, Commands:
	default:
		return false
	}
	for _, w := range rd.words[c.e:h.s] {
		if !negScope[w] && !fillers[w] || wishWords[w] {
			return false
		}
	}
	for _, w := range rd.words[h.s:h.e] {
		if wishWords[w] {
			return false // "I don't want to die", "no quiero irme debiéndole nada a nadie"
		}
	}
	if rd.worried == 0 {
		rd.worried = -1
		for _, w := range rd.words {
			if worryWords[w] {
				rd.worried = 1
				break
			}
		}
	}
	if rd.worried > 0 {
		return false
	}
	// A report of what was or is being done, not an intention: "didn't self harm today",
	// "haven't taken extra", "I'm not keeping any tablets back", "no estoy guardando
	// pastillas". "I'm not going to kill myself" is an intention raised, worth a calm word.
	// The match's own first words may hold the auxiliary: "no me he vuelto a cortar".
	done := false
	for i := c.s; i <= min(h.s+1, h.e-1) && int(i) < len(rd.words); i++ {
		w := rd.words[i]
		if intentWords[w] {
			return false
		}
		if doneWords[w] || i >= c.e && (len(w) > 4 && strings.HasSuffix(w, "in") || strings.HasSuffix(w, "ando") || strings.HasSuffix(w, "iendo")) {
			done = true
		}
	}
	return done
}

// intentWords make a denial one of an intention; doneWords one of a deed.
var (
	intentWords = foldedSet(`going gonna gona goin will wont would wouldnt ill id voy vas va vamos ire hare`)
	doneWords   = foldedSet(`didnt havent hasnt hadnt wasnt werent he ha has habia estoy estaba toy have got tengo`)
)

// wishWords make a denial one of a wish, not an act: "I don't want to die" and Spanish "no
// quiero ..." (often the risk itself) stay concern.
var wishWords = foldedSet(`want wanna wanting wanted wish wishing quiero kiero queria quise quisiera`)

// worryWords ask the worker not to worry: a denial with one is still worth a calm word.
var worryWords = foldedSet(`worry worried worrying preocupes preocupés preocupen preocupeis tranqui`)

// negScope are words that carry a negation on to what follows: auxiliaries, "ever", "any",
// words for a thought or a wish, Spanish clitics and "voy a", "ganas de".
var negScope = foldedSet(`going gonna gona goin to be been being have has had got get getting gotten do does did
	doing will would could should might may ever evr even really actually honestly literally seriously totally
	exactly necessarily actively currently planning plan plans planned intend intending intention intentions
	having
	thinking think thought thoughts considering consider considered feel feeling felt feelings want wanting
	wanted wanna wish wishing trying try tried any a an the my of about on for so that this much too extra more
	all urge urges desire desires idea ideas need needing at least remotely slightest single bit whatsoever
	take took taking taken made make making
	me te lo la le voy vas va vamos a de en con estoy toy ando estaba pensando pienso pense pensado he ha has
	habia tengo tenia tuve tenido hecho sentido ganas idea intencion intenciones planes pensamiento pensamientos deseo deseos quiero
	queria quise siento senti ningun ninguna ninguno siquiera para hacer hacerme`)

// fillers are words people put between a negation and what it denies without changing it:
// "I'm not, like, suicidal", "no, o sea, no me voy a hacer nada".
var fillers = foldedSet(`like um umm erm er uh ah you know honestly tbh really actually literally seriously kinda
	sorta kind sort of or anything lol haha tipo osea o sea bueno pues este digamos eh`)

// negClose are words that end a negation's reach within negationReach words: what it denies
// is something else ("I'm not ok I want to die", "I don't care, just want to die", "no quiero
// nada, me quiero morir").
var negClose = foldedSet(`i im ive id ill yo ok okay k fine good well alright great happy coping sleeping eating
	care know lie matter sure fair right safe bien bueno feliz importa se nada stop stopping quit mean meant
	intended realise realize realised realized notice noticed dejar parar dejo paro dejaba paraba stopped stops
	quit quitting ceased`)

// thoughtNouns after a negation make it a denial of the thought itself: "no thoughts of
// hurting myself", "no plans to end my life", "ninguna intención de matarme".
var thoughtNouns = foldedSet(`thoughts thought thots thoughs plans plan urge urges intention intentions desire ideas idea
	thinking think considering ganas planes intencion intenciones pensamientos pensamiento deseo deseos pensando
	pienso pensado pense`)

// orWords carry a negation over a list: "not depressed or suicidal".
var orWords = foldedSet(`or nor ni o`)

// strongNeg are the words of a categorical denial.
var strongNeg = foldedSet(`never nevr nunca nunk nunka jamas ever way zero cero once broma coña chiste loca loco absoluto nada
	slightest remotely longer`)

// inGap reports whether the context words c, lying inside the match h, fill one of its "..."
// gaps rather than being words of the phrase itself: "the voices used to tell me to" has a
// past "used to" between "voices" and "tell"; "used to hit me" is a phrase of its own.
func (rd *reading) inGap(h, c hit) bool {
	own := phraseWords(rd.s.entries[h.id].p.src)
	for _, w := range rd.words[c.s:c.e] {
		if !own(w) {
			return true
		}
	}
	return false
}

// srcHas reports whether the folded word w is written as a word in a phrase's source, without
// allocating in the usual case of a one-word negation typed as listed.
func srcHas(src, w string) bool {
	for len(src) > 0 {
		i := strings.IndexAny(src, " |-[]")
		f := src
		if i >= 0 {
			f, src = src[:i], src[i+1:]
		} else {
			src = ""
		}
		if f == w || f != "" && foldWord(f) == w {
			return true
		}
	}
	return false
}

// phraseWords is a test of whether a folded word is one a phrase's source names, as a word
// or a stem.
func phraseWords(src string) func(string) bool {
	var whole, stems []string
	for _, f := range strings.FieldsFunc(src, func(r rune) bool {
		return r == ' ' || r == '|' || r == '-' || r == '[' || r == ']'
	}) {
		if st, ok := strings.CutSuffix(f, "*"); ok {
			stems = append(stems, foldWord(st))
		} else {
			whole = append(whole, foldWord(f))
		}
	}
	return func(w string) bool {
		if slices.Contains(whole, w) {
			return true
		}
		for _, st := range stems {
			if strings.HasPrefix(w, st) {
				return true
			}
		}
		return false
	}
}

// pastReach is how many words before a match a word of a past state may stand: "I was really
// suicidal", "me cortaba" (3).
const pastReach = 3

// toldInPast reports a match told as a past state or habit rather than an event: "I was
// suicidal", "used to", "tried to", "me cortaba", "pensaba en matarme", in the match's first
// words or just before them in its clause. "I took", "me corté" are events: an overdose told
// in the past tense may have been taken an hour ago.
func (rd *reading) toldInPast(h hit) bool {
	from := max(0, int(h.s)-pastReach)
	to := min(int(h.e), int(h.s)+2)
	for i := from; i < to; i++ {
		if rd.clause[i] != rd.clause[h.s] {
			continue
		}
		w := rd.words[i]
		if pastState[w] || len(w) > 5 && (strings.HasSuffix(w, "aba") || strings.HasSuffix(w, "abas") || strings.HasSuffix(w, "aban")) {
			return true
		}
	}
	return false
}

// recovered lowers a match told in the past when another clause of its sentence dates it or
// says it is over: "I was suicidal after the divorce but that's long gone", "back in 2019, I
// took an overdose", "me cortaba de chica, hace mucho que no lo hago". Only when the match's
// own clause has nothing of now (present.txt, now.txt, recent.txt: "last night", "again",
// "I want"), and:
//
//   - the match is a past state or habit (toldInPast) and the past words hold in their own
//     clause, anywhere in the sentence; or
//   - the past words are a clause of their own just before the match's ("back in 2019, ..."):
//     the time set for what follows.
//
// Abuse and exploitation in the past stay at concern, as in the match's own clause.
func (rd *reading) recovered(h hit, tier Tier) Tier {
	hc := rd.clause[h.s]
	for _, o := range inUnits(rd.ctxs, rd.clause, hc, hc) {
		if k := rd.kind(o); (k == ctxPresent || k == ctxNow || k == ctxRecent) && rd.clause[o.s] == hc {
			return tier
		}
	}
	past := rd.toldInPast(h)
	for _, c := range inUnits(rd.ctxs, rd.sentence, rd.sentence[h.s], rd.sentence[h.s]) {
		if rd.kind(c) != ctxPast || rd.sentence[c.s] != rd.sentence[h.s] || rd.clause[c.s] == hc || !rd.holds(c) || rd.streak(c) {
			continue
		}
		fronted := rd.clause[c.s]+1 == hc && (c.s == 0 || rd.clause[c.s-1] != rd.clause[c.s]) &&
			rd.clause[c.e] == hc
		if !past && !fronted {
			continue
		}
		if rd.abuseHeard(h) {
			return minTier(tier, TierConcern)
		}
		return TierNone
	}
	return tier
}

// abuseCategory reports abuse or exploitation, whenever it happened.
func abuseCategory(c Category) bool { return c == Abuse || c == Exploitation || c == AbusePast }

// abuseHeard reports abuse or exploitation told as past that still goes to the worker, at
// concern: a first disclosure is for them to hear, unless the sentence says it is over and the
// person safe ("… but I'm safe now").
func (rd *reading) abuseHeard(h hit) bool {
	return abuseCategory(rd.s.entries[h.id].cat) && !rd.reassured(h)
}

// streak reports past words that count a time without ("2 years clean", "6 months without",
// "llevo un año sin"): they say nothing about when another clause's risk happened ("6 months
// without, I was cutting all weekend" is a relapse).
func (rd *reading) streak(c hit) bool { return rd.anyIn(c, streakWords) }

// pastJoined reports past words c that belong to another statement joined to the match's by
// "and" and a new "I": "my mum died last year and I took an overdose" is not a recovered
// past, unless the sentence reassures ("... and I tried to kill myself, I'm fine now").
func (rd *reading) pastJoined(c, h hit) bool {
	if c.e > h.s {
		return false
	}
	for i := c.e; i < h.s; i++ {
		if !joined(rd.words[i : i+1]) {
			continue
		}
		if rd.words[i] == "so" && int(i)+1 < len(rd.words) && stateWords[rd.words[i+1]] {
			continue // "I remember being so low I wrote goodbye letters": a degree, not a new statement
		}
		for j := i + 1; j <= h.s; j++ {
			if selfFolded[rd.words[j]] {
				return !rd.reassured(h)
			}
		}
	}
	return false
}

// someoneElse reports a match whose subject is someone else, in its clause, with nothing of
// the person in the clause from that someone on:
//
//   - a third-person reflexive just after the match or in it: "he keeps saying he'll kill
//     himself", "tried to hang herself", "se quiere matar", "intentó suicidarse";
//   - a person named before the match ("my best mate took an overdose", "my auntie thinks
//     the neighbours are poisoning her", "mi primo overdosed"), with no "and" between.
//
// "He said he'd kill me", "my boyfriend hits me", "mi padrastro me pega", "my brother took all
// my pills" name the person: they are not lowered. Neither is "they" (the voices, or people
// the person fears).
func (rd *reading) someoneElse(h hit) bool {
	hc := rd.clause[h.s]
	end := int(h.e)
	for end < len(rd.words) && rd.clause[end] == hc {
		end++
	}
	start := int(h.s)
	for start > 0 && rd.clause[start-1] == hc {
		start--
	}
	// A third-person reflexive: the clause must not have the person as subject or object.
	reflexive := false
	for i := int(h.s); i < min(end, int(h.e)+2); i++ {
		if otherSelf[rd.words[i]] {
			reflexive = true
		}
	}
	// Spanish: "se" just before a harm verb ("se cortó", "se quiere matar"), or its
	// infinitive with "se" ("suicidarse"). Not an impersonal "se" ("se acaba todo").
	// Also two words before: "mi primo se tomó un montón de pastillas".
	for i := max(start, int(h.s)-2); i < int(h.e); i++ {
		w := rd.words[i]
		if seHarm(w) && (i == 0 || rd.words[i-1] != "como") {
			// "cómo cortarse", "como matarse": how one does it, said of no one in
			// particular ("vi un video de cómo cortarse" is the person's own search).
			reflexive = true
		}
		if w != "se" || rd.toks[i].end-rd.toks[i].start != 2 {
			continue
		}
		for j := i + 1; j < min(end, i+3); j++ {
			if harmStem(rd.words[j]) {
				reflexive = true
			}
		}
	}
	if reflexive {
		for i := start; i < end; i++ {
			if rd.personAt(i) {
				return false
			}
		}
		return true
	}
	cat := rd.s.entries[h.id].cat
	commands := cat == Commands
	switch {
	case rd.s.entries[h.id].tier == TierRelapse:
		// "the neighbours are listening" is who the person fears: the subject is not
		// someone else at risk.
		return false
	case commands:
		// "my mum keeps saying she wants to die" is her; "he keeps whispering jump" is the
		// voice (below).
	case abuseCategory(cat):
		// "he doesn't ask before sex, he just does it": the person is who it is done to,
		// named or not.
		return false
	case cat != Suicide && cat != SelfHarm && cat != Overdose && cat != HarmOthers:
		// Plans, means, distress: "he won't take no for an answer" is done to the person,
		// "ella no sabe pa qué" is the person's own preparation. Someone else's only with
		// their own "his", "her" in or just after the match: "my mate gave away all his
		// stuff", "my friend has been saving her pills".
		theirs := false
		for i := int(h.s); i < min(end, int(h.e)+2); i++ {
			if theirWords[rd.words[i]] {
				theirs = true
			}
		}
		if !theirs {
			return false
		}
	}
	for i := start; i < end; i++ {
		if rd.personAt(i) {
			return false
		}
	}
subject:
	for i := int(h.s) - 1; i >= start; i-- {
		if !someone[rd.words[i]] || rd.words[i] == "son" && rd.toks[i].end-rd.toks[i].start != 3 {
			continue // "soon" folds to "son"
		}
		if rd.spanishPerfect(i) {
			continue // "he pensado en …": the person's "I have"
		}
		if commands && (pronouns[rd.words[i]] || vague[rd.words[i]]) {
			return false // "he keeps whispering jump": the voice
		}
		// A run-on clause starts a new subject after "and", "then", "y": "he won every
		// game and my mum wanted to strangle him".
		from := start
		for j := i - 1; j >= start; j-- {
			if joined(rd.words[j : j+1]) {
				from = j + 1
				break
			}
		}
		for j := from; j < i; j++ {
			if w := rd.words[j]; !leadWords[w] && !someone[w] && !someone[strings.TrimSuffix(w, "s")] {
				// "posted my guitar to my cousin ...": not the subject; "my auntie thinks the
				// neighbours are poisoning her": look further back.
				continue subject
			}
		}
		if joined(rd.words[i+1 : h.s]) {
			return false
		}
		for j := i + 1; j < end; j++ {
			if w := rd.words[j]; (w == "my" || w == "mi" || w == "mis") && !placeBefore[rd.words[j-1]] {
				return false // "my boyfriend hit my face"; "a guy on my ward" is where he was
			}
		}
		return true
	}
	return false
}

// vague are the someone a voice may be: "someone keeps telling me to jump".
var vague = foldedSet(`someone somebody alguien`)

// placeBefore are the words before a "my" that make it where someone else was, not something
// of the person's done to: "a guy on my ward took an overdose", "una chica de mi clase".
var placeBefore = foldedSet(`on in at from near round around en de del`)

// leadWords may come before the someone who is a clause's subject: "my best mate", "ok so
// yesterday my cousin", "la prima de mi amiga".
var leadWords = foldedSet(`my his her their our your the a an this that mi mis su sus tu el la los las un una
	de del best older oldest eldest younger little lil big twin step ex other new old mejor
	so and also ok okay well yeah bro omg hey hi um erm anyway lol tbh y pues bueno oye che
	yesterday today tonight last night this morning ayer hoy anoche esta manana mañana
	how why that como cómo porque`)

// theirWords are someone else's own: "all his stuff", "her pills".
var theirWords = foldedSet(`his her hers their theirs him them himself herself themselves`)

// pronouns are the someone words a voice may be: "he says I have to".
var pronouns = foldedSet(`he hes she shes ella`)

// nowTime reports a time of now in h's clause ("last night", "this morning", "anoche", "la
// semana pasada"; not "today", which marks an anniversary as often as an event): "after 5 years clean I relapsed and cut last night" is not a recovered
// past, whatever "5 years clean" says.
func (rd *reading) nowTime(h hit) bool {
	if rd.clause[h.s] != rd.nowClause {
		rd.nowClause, rd.nowTimeIn = rd.clause[h.s], rd.nowTimeAt(h)
	}
	return rd.nowTimeIn
}

// nowTimeAt is nowTime worked out.
func (rd *reading) nowTimeAt(h hit) bool {
	for _, o := range rd.ctxs {
		k := rd.kind(o)
		if (k != ctxNow && k != ctxRecent) || rd.clause[o.s] != rd.clause[h.s] {
			continue
		}
		for _, w := range rd.words[o.s:o.e] {
			if k == ctxNow && nowTimes[w] || k == ctxRecent && lastTimes[w] {
				return true
			}
		}
	}
	return false
}

// nowTimes are the words of now.txt that name a time; lastTimes those of recent.txt that say
// "last" rather than "ago".
var (
	nowTimes  = foldedSet(`tonight yesterday last night morning afternoon evening earlier anoche ayer recien mañana tarde`)
	lastTimes = foldedSet(`last other pasada pasado otro`)
)

// harmStem reports a Spanish verb of harm to oneself, in any person: "cortó", "matar", "tomó".
func harmStem(w string) bool {
	for _, st := range []string{"mat", "suicid", "cort", "lastim", "quit", "tir", "colg", "ahorc", "tom", "enbenen", "envenen", "dispar", "ahog", "autoles", "hiri", "hier"} {
		if strings.HasPrefix(w, st) {
			return true
		}
	}
	return false
}

// seHarm reports a Spanish infinitive or gerund of harm with a third-person "se": "suicidarse",
// "matarse", "cortándose".
func seHarm(w string) bool {
	if !(strings.HasSuffix(w, "rse") || strings.HasSuffix(w, "ndose")) {
		return false
	}
	return harmStem(w)
}

// personAt reports the person at word i, as personWord does, leaving out the "me" of being
// told: "my friend told me he took an overdose", "mi amiga me contó que se cortó". A "now I"
// ("my sister tried to kill herself and now I want to too") is the person.
func (rd *reading) personAt(i int) bool {
	w := rd.words[i]
	if w == "me" && (i > 0 && tellWords[rd.words[i-1]] || i+1 < len(rd.words) && tellWords[rd.words[i+1]]) {
		return false
	}
	return personWord(w) || rd.spanishPerfect(i)
}

// spanishPerfect reports a Spanish "he" that opens a perfect tense ("he pensado en acabar con
// todo", "he tomado"): the person's own "I have", not the English "he" of someone else.
func (rd *reading) spanishPerfect(i int) bool {
	if rd.words[i] != "he" || i+1 >= len(rd.words) {
		return false
	}
	n := rd.words[i+1]
	if irregularParticiples[n] {
		return true
	}
	return len(n) > 4 && (strings.HasSuffix(n, "ado") || strings.HasSuffix(n, "ido"))
}

// irregularParticiples are Spanish participles that do not end in -ado or -ido, folded as
// messages are (v reads as b: "vuelto" is "buelto").
var irregularParticiples = foldedSet(`hecho echo dicho visto escrito puesto vuelto roto abierto muerto
	cubierto resuelto devuelto`)

// tellWords are verbs of telling around a "me" that is only the one told.
var tellWords = foldedSet(`told tell tells telling texted messaged rang called asked showed warned wrote
	dijo dice decia conto cuenta contaba escribio escribe mando manda pregunto llamo aviso confeso`)

// personWord reports a word by which the person speaks of themself as subject or object: "I",
// "me", "myself", "yo", "estoy", and the Spanish first person a phrase is written in
// ("quiero", "matarme").
func personWord(w string) bool {
	if w == "my" || w == "mi" {
		return false // "a girl in my group": a possessive names the person's world, not them
	}
	return selfFolded[w] || firstPerson[w] || len(w) > 4 && strings.HasSuffix(w, "rme")
}

// selfFolded are the words by which a person speaks of themself, as selfWords are, but
// without the possessives ("my", "mi"), which name what is theirs, not the person.
var selfFolded = foldedSet(`i im ive id ill me myself yo estoy soy tengo`)

// pastState are words that tell a risk as a past state or habit: "was", "used to", "tried
// to", Spanish imperfects and "intenté".
var pastState = foldedSet(`was were used had tried attempted wanted felt thought wished planned
	estaba estuve era fui tenia tuve queria quise pensaba pense intente solia sentia oia escuchaba hacia`)

// stateWords after "so" make it a degree ("so low"), not "and so".
var stateWords = foldedSet(`low bad sad down depressed ill unwell sick desperate lonely tired angry upset scared broken
	numb lost dark hopeless poorly paranoid manic high`)

// streakWords count a time without risk.
var streakWords = foldedSet(`clean free sober without sin limpio limpia bien`)

// otherSelf are third-person reflexives: the risk is someone else's.
var otherSelf = foldedSet(`himself herself themselves themself hisself theirselves`)

// firstPerson are Spanish first-person verbs: the person speaking of themself.
var firstPerson = foldedSet(`quiero kiero tengo estoy toy voy siento pienso puedo aguanto necesito odio soy creo
	sigo ando dije hice deje fui estuve tuve quise pude puse compre tome corte lastime intente pense guarde
	escribi hable llame`)

// someone are words that name someone else as a subject: people close to the person, people
// around them, "he", "she". Not "they": the voices and the people a person fears are "they".
var someone = foldedSet(`he hes she shes someone somebody alguien friend friends mate mates bestie bff pal buddy mum mom mam mother dad father
	parents brother bro sister sis cousin cuz nan nana gran granny grandma grandmother grandad grandpa
	grandfather aunt auntie aunty uncle nephew niece son daughter kid kids child husband wife partner
	boyfriend girlfriend bf gf fiance fiancee ex flatmate housemate roommate neighbour neighbor neighbours
	colleague workmate teacher lad lads guy bloke girl woman lady man patient stepdad stepmum
	ella amigo amiga amigos amigas primo prima hermano hermana hermanito hermanita mama madre papa padre
	abuela abuelo tia tio hijo hija sobrino sobrina nieto nieta novio novia esposo esposa marido pareja
	vecino vecina compañero compañera compa cuñado cuñada suegra suegro padrastro madrastra chico chica
	señor señora tipo pibe piba muchacho muchacha paciente conocido conocida`)

// toToo reports an echo that ends in "to" typed as "to": repeated letters fold "too" to "to",
// so "me too" would otherwise be read in "the voices told me to".
func (rd *reading) toToo(o hit) bool {
	t := rd.toks[o.e-1]
	return t.norm == "to" && t.end-t.start < 3
}

// negatesGap reports a negation c inside the "..." gap of an early warning sign h that turns
// the phrase's next own word, with only words that carry it on between: "the voices haven't been back since
// june", "las voces no volvieron". Not a negation about something else in the gap: "the voices
// aren't quiet, they're back".
func (rd *reading) negatesGap(c, h hit) bool {
	if rd.s.entries[h.id].tier != TierRelapse {
		return false // a crisis phrase may hold its own "won't" ("so he won't have to ... after")
	}
	if c.s <= h.s || c.e >= h.e || rd.clause[c.s] != rd.clause[h.s] || !rd.inGap(h, c) {
		return false
	}
	own := phraseWords(rd.s.entries[h.id].p.src)
	for w := range preventNeg {
		if own(w) {
			return false // a sign said in the negative: "cant sleep wont sleep 4th nite"
		}
	}
	if rd.presentIn(rd.clause, rd.clause[c.s]) {
		return false
	}
	for i := c.e; i < h.e; i++ {
		w := rd.words[i]
		if own(w) {
			return rd.clause[i] == rd.clause[c.s]
		}
		if !negScope[w] && !fillers[w] {
			return false
		}
	}
	return false
}

// gapDenialMeant is denialMeant for a negation inside the match's gap: categorical, or with a
// past or a reassurance in the sentence ("haven't been back since june", "in months").
func (rd *reading) gapDenialMeant(c, h hit) bool {
	for i := c.s; i < c.e; i++ {
		if strongNeg[rd.words[i]] {
			return true
		}
	}
	if rd.nowTime(h) {
		return false
	}
	for _, o := range rd.ctxs {
		if k := rd.kind(o); (k == ctxPast || k == ctxReassure) && rd.sentence[o.s] == rd.sentence[h.s] {
			return true
		}
	}
	for i := c.e; int(i) < len(rd.words) && rd.sentence[i] == rd.sentence[h.s]; i++ {
		if rd.words[i] == "since" || rd.words[i] == "desde" {
			return true // "haven't been back since the med change"
		}
	}
	return false
}

// purpose reports a negation that says what a step is for: "so I can't overdose", "so that I
// don't cut", "para que no me corte", "to stop me": a plan's means kept away, not a denial to
// weigh.
func (rd *reading) purpose(c hit) bool {
	for i := max(0, int(c.s)-3); i < int(c.s); i++ {
		if rd.clause[i] != rd.clause[c.s] {
			continue
		}
		switch w := rd.words[i]; {
		case w == "so" || w == "incase":
			ok := true
			for _, x := range rd.words[i+1 : c.s] {
				if !selfFolded[x] && x != "that" && x != "it" {
					ok = false
				}
			}
			if ok {
				return true
			}
		case w == "para" || w == "pa":
			if int(c.s) == i+1 || int(c.s) == i+2 && isQue(rd.words[i+1]) {
				return true
			}
		}
	}
	return false
}

// insteadOf reports a match said as what the person does not do: "instead of self harming",
// "rather than cutting", "en vez de cortarme", "en lugar de hacerme daño".
func (rd *reading) insteadOf(h hit) bool {
	s := int(h.s)
	if s < 2 || rd.clause[s-1] != rd.clause[s] {
		return false
	}
	a, b := rd.words[s-2], rd.words[s-1]
	if s >= 3 && (b == "just" || b == "me" || b == "my") {
		a, b = rd.words[s-3], a
	}
	switch {
	case a == "instead" && b == "of", a == "rather" && b == "than":
		return true
	case (a == "bez" || a == "lugar") && b == "de":
		return true
	}
	return rd.keptFrom(h)
}

// keptFrom reports a match that a step is taken to prevent: "my sister keeps my tablets so I
// can't overdose", "so I won't be tempted to cut", "para no cortarme", "para que no me corte".
// Not a wish not to wake ("... so I never wake up"), which is the risk itself.
func (rd *reading) keptFrom(h hit) bool {
	if rd.anyIn(h, wakeWords) || rd.unhelped(h.e) {
		return false // "... so I don't think about killing myself but it's not working"
	}
	neg := false
	for i := int(h.s) - 1; i >= max(0, int(h.s)-6) && rd.clause[i] == rd.clause[h.s]; i-- {
		w := rd.words[i]
		switch {
		case preventNeg[w]:
			neg = true
		case w == "so" || w == "para" || w == "pa":
			return neg
		case !preventCarry[w] && !isQue(w):
			return false
		}
	}
	return false
}

// preventNeg and preventCarry are the words of "so I can't", "so that I won't be tempted to",
// "para que no me"; wakeWords are waking, which a wish not to do is the risk.
var (
	preventNeg   = foldedSet(`cant cannot couldnt wont dont never no not`)
	preventCarry = foldedSet(`i im me myself it that be able to tempted even get go me`)
	wakeWords    = foldedSet(`wake waking woke wakeup despertar despierte despertarme`)
)

// deniedAfter reports a match followed by a bare denial in the next clause: "everyone thinks
// I'm suicidal, I'm not, I'm just quiet", "dicen que me quiero morir, no es así, solo estoy
// cansada". Bare: the denial is the whole clause, and an everyday reason follows it; without
// one ("she said I'm suicidal but I'm not") it is for the worker to hear. "I want to die, I'm
// not ok" and "… I'm not joking" deny something else.
func (rd *reading) deniedAfter(h hit) bool {
	i := int(h.e)
	belief := rd.othersBelief(h)
	if belief {
		// Someone else's fear may be answered after its own condition: "my dad thinks I'll
		// hurt myself if I move out, I won't".
		for i < len(rd.words) && i < int(h.e)+6 && rd.clause[i] == rd.clause[h.e-1] {
			i++
		}
	}
	if i >= len(rd.words) || rd.clause[i] == rd.clause[h.e-1] || rd.sentence[i] != rd.sentence[h.e-1] {
		return false
	}
	c, start := rd.clause[i], i
	for i < len(rd.words) && rd.clause[i] == c {
		i++
	}
	ws := rd.words[start:i:i] // read only: the clause's words, without copying them
	for len(ws) > 0 && denialLead[ws[0]] {
		ws = ws[1:]
	}
	for _, d := range bareDenials {
		if len(ws) >= len(d) && slices.Equal(ws[:len(d)], d) && (len(ws) > len(d) && reasonWords[ws[len(d)]] || rd.reasonNext(i) || belief) {
			return true
		}
	}
	// What someone else thinks of the person, answered: "my sister thinks I want to die but
	// I'm honestly ok", "mi mamá cree que me voy a cortar otra vez pero no".
	if belief {
		if len(ws) == 0 {
			return false
		}
		if ws[0] == "no" && len(ws) == 1 || ws[0] == "i" && len(ws) > 1 && (ws[1] == "wont" || ws[1] == "dont") {
			return true
		}
		for k := 0; k+1 < len(ws) && k < 3; k++ {
			if (ws[k] == "im" || ws[k] == "estoy" || ws[k] == "am") && fineWords[ws[min(k+2, len(ws)-1)]] || fineWords[ws[k+1]] && (ws[k] == "im" || ws[k] == "estoy" || ws[k] == "am") {
				return true
			}
		}
	}
	return false
}

// othersBelief reports a match that is what someone else thinks or fears of the person: "my
// sister thinks I want to die", "mi mamá cree que me voy a cortar", "people at work reckon".
// Not what they said: "she said I'm suicidal but I'm not" is for the worker to hear.
func (rd *reading) othersBelief(h hit) bool {
	for i := int(h.s) - 1; i >= 0 && i >= int(h.s)-4 && rd.clause[i] == rd.clause[h.s]; i-- {
		if !beliefVerbs[rd.words[i]] {
			continue
		}
		for j := max(0, i-3); j < i; j++ {
			if w := rd.words[j]; someone[w] || crowd[w] || someone[strings.TrimSuffix(w, "s")] {
				return true
			}
		}
	}
	return false
}

// beliefVerbs say what someone thinks or fears; crowd are the people who may think it.
var (
	beliefVerbs = foldedSet(`thinks think thought reckons reckon believes believe worries worried fears scared
		convinced cree creen creia pensaba piensa piensan teme temen preocupa`)
	crowd = foldedSet(`everyone everybody people they all todos todas gente nurse nurses doctor doctors staff
		psiquiatra medico medica enfermera enfermero`)
	// fineWords answer a fear: "I'm honestly ok", "estoy bien".
	fineWords = foldedSet(`ok okay fine alright good safe bien tranquila tranquilo`)
)

// reasonNext reports a clause starting at word i that gives an everyday reason: "…, I'm not,
// I'm just quiet", "…, no es así, solo estoy cansada". A bare "she said I'm suicidal but I'm
// not" is still for the worker to hear (TestScanWorrying).
func (rd *reading) reasonNext(i int) bool {
	for j := i; j < min(len(rd.words), i+3); j++ {
		if reasonWords[rd.words[j]] && rd.words[j] != "im" && rd.words[j] != "estoy" && rd.words[j] != "es" {
			return true
		}
	}
	return false
}

// denialLead may open the clause of a bare denial: "but I'm not", "pero no es así".
var denialLead = foldedSet(`but though and which pero y aunque que`)

// bareDenials are the clauses that deny what came before, folded as messages are.
var bareDenials = func() [][]string {
	var out [][]string
	for _, d := range []string{"im not", "i am not", "i m not", "im really not", "im not really", "i dont",
		"i do not", "i really dont", "i dont really", "thats not true", "its not true", "not true",
		"no lo estoy", "no lo soy", "no es asi", "no es verdad", "no es cierto", "para nada", "nada que ver"} {
		var ws []string
		for _, w := range strings.Fields(d) {
			ws = append(ws, foldWord(w))
		}
		out = append(out, ws)
	}
	return out
}()

// reasonWords may follow a bare denial with its reason: "I'm not, just quiet".
var reasonWords = foldedSet(`just only im solo solamente estoy es`)
