package triage

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// idiomCovers reports that an idiom c (idiom.txt) lowers the risk match h it overlaps. It does
// unless the match starts inside the idiom, after its first word, and runs on past its end:
// then the idiom's last words begin a phrase of their own. In "I'm dead tired of living", "dead tired" shares only
// "tired" with "tired of living" and lowers nothing; in "me quiero morir de la vergüenza" and
// "my feet are killing me" the match ends inside the idiom and is the idiom's.
func idiomCovers(c, h hit) bool {
	if c.s >= h.e || h.s >= c.e {
		return false
	}
	return !(h.s > c.s && h.e > c.e)
}

// idiomInPhrase reports an idiom c that a longer phrase h holds in its own words: the phrase
// starts before the idiom and every word of the idiom is one the phrase lists, so the phrase
// says more than the idiom and is not lowered by it. "I hope a bus kills me" holds "a bus kills
// me", "im just dead weight to everyone" holds "dead weight", "been thinking about killing it
// all" holds "killing it". Where a word of the idiom only fills a gap of the phrase, the idiom
// is what that part says: "im dead tired today" is "dead tired", not "im ... dead ... today".
func (rd *reading) idiomInPhrase(c, h hit) bool {
	if !(h.s < c.s && c.e <= h.e) {
		return false
	}
	p := &rd.s.entries[h.id].p
	if !p.gapped() {
		return true
	}
	for _, w := range rd.words[c.s:c.e] {
		if !p.lists(w) {
			return false
		}
	}
	return true
}

// pastIdiom reports a match b that starts after the end of the idiom that alone lowered an
// earlier match (idiomEnd, 0 when none did): the chain of lowered matches does not carry an
// idiom beyond its own words, so "I'm dead serious I want to die" keeps "want to die".
func pastIdiom(idiomEnd int32, b hit) bool { return idiomEnd > 0 && b.s >= idiomEnd }

// meansPastIdiom reports a match b that runs on past the end of the idiom that lowered an
// earlier match to tablets or another means: the chain does not carry the idiom onto them
// ("i overdosed on coffee and my pills last night").
func (rd *reading) meansPastIdiom(idiomEnd int32, b hit) bool {
	if idiomEnd <= 0 {
		return false
	}
	for i := max(idiomEnd, b.s); i < b.e; i++ {
		if w := rd.words[i]; pillWords[w] || anyStem(w, rd.s.means) {
			return true
		}
	}
	return false
}

// hyperbole reports a death or violence phrase said as a joke about something small, by the
// shape of the message rather than by a listed idiom: "me quiero morir jajaja le mandé el audio
// a mi jefe", "the wifi died again, kill me lol", "te juro que la mato, me usó el maquillaje".
// Within hyperboleReach words of the match, in its sentence or the one on either side:
//
//   - laughter or a word of exaggeration (lol, jaja, 😂, "i swear", "te juro", "omg", "one
//     more time"), and
//   - a trifle (slots/trifles.txt: the bus, the wifi, an exam, a song; not the people in it,
//     who may be the one threatened), a small shame ("so cringe", "qué vergüenza") or a
//     team's result ("si pierde River"), and
//   - nothing that says it is meant ("fr", "not joking", "en serio", "no es broma"), or that
//     it is about the person's life, no weapon, no tablets or other means (slots/means,
//     medicine …), and no time in the match itself ("me mato esta noche").
//
// Laughter alone lowers nothing: "lol anyway i want to die" is a disclosure said lightly. Only
// wishes to die, threats and distress ("the wifi's been dead for three days, I'm going insane
// lol") are read this way (suicide, harm to others, distress): a method, an overdose, a place
// or a cut keeps its tier whatever the laughter.
func (rd *reading) hyperbole(h hit, text string) bool {
	switch rd.s.entries[h.id].cat {
	case Suicide, HarmOthers, Distress:
	default:
		return false
	}
	if len(rd.s.trifles) == 0 {
		return false
	}
	sn := rd.sentence[h.s]
	from, to := int(h.s), int(h.e)
	for from > 0 && int(h.s)-from < hyperboleReach && rd.sentence[from-1] >= sn-1 {
		from--
	}
	for to < len(rd.words) && to-int(h.e) < hyperboleReach && rd.sentence[to] <= sn+1 {
		to++
	}
	for i := int(h.s); i < int(h.e); i++ {
		if rd.hyKind(i)&hyNow != 0 {
			return false // "me mato esta noche jaja": a time is a plan, whatever the laughter
		}
	}
	laugh, trifle := false, false
	for i := from; i < to; i++ {
		k := rd.hyKind(i)
		if k&hySerious != 0 {
			return false
		}
		if k&hyLaugh != 0 {
			laugh = true
		}
		if (i < int(h.s) || i >= int(h.e)) && k&hyTrifle != 0 {
			trifle = true
		}
	}
	// Laughter emoji are not words: look in the text the window spans, to the end of its last
	// sentence.
	end := len(text)
	if to < len(rd.toks) {
		end = rd.toks[to].start
	}
	if !laugh && rd.laughIn(text, rd.toks[from].start, end) {
		laugh = true
	}
	if !laugh || !trifle {
		return false
	}
	if rd.s.entries[h.id].cat == Suicide {
		for i := from; i < to; i++ {
			if w := rd.words[i]; rd.sentence[i] == sn && (pillWords[w] || anyStem(w, rd.s.means)) {
				return false // "lol ive got the pills ready, exam tomorrow"
			}
		}
	}
	return true
}

// What hyperbole looks for in a word, worked out once a message and word as it asks: a dense
// message has hundreds of matches whose windows overlap.
const (
	hyKnown uint8 = 1 << iota
	hySerious
	hyLaugh
	hyTrifle
	hyNow
)

// laughIn reports a laughter emoji in text[from:end] (from and end start characters): where
// they are is found once a message, as windows of neighbouring matches overlap.
func (rd *reading) laughIn(text string, from, end int) bool {
	if !rd.laughKnown {
		rd.laughKnown = true
		// Every one of them is four bytes long and starts with 0xF0, a byte that only ever
		// starts a character.
		for i := 0; ; {
			j := strings.IndexByte(text[i:], 0xF0)
			if j < 0 {
				break
			}
			r, size := utf8.DecodeRuneInString(text[i+j:])
			if size == 4 && strings.ContainsRune(laughEmoji, r) {
				rd.laughAt = append(rd.laughAt, i+j)
			}
			i += j + 1
		}
	}
	k, _ := slices.BinarySearch(rd.laughAt, from)
	return k < len(rd.laughAt) && rd.laughAt[k] < end
}

// hyKind is what word i is to a hyperbole.
func (rd *reading) hyKind(i int) uint8 {
	if rd.hyKinds == nil {
		rd.hyKinds = make([]uint8, len(rd.words))
	}
	if k := rd.hyKinds[i]; k&hyKnown != 0 {
		return k
	}
	w, k := rd.words[i], hyKnown|rd.hyWord(i)
	if rd.seriousAt(i) {
		k |= hySerious
	}
	if i+1 < len(rd.words) && oneMore(w, rd.words[i+1]) {
		k |= hyLaugh
	}
	rd.hyKinds[i] = k
	return k
}

// hyWord is what word i is to a hyperbole by itself, leaving out the words around it: worked
// out once for each distinct word of the message where the prefilter numbered them
// (reading.uniq), as a long message says the same words again and again.
func (rd *reading) hyWord(i int) uint8 {
	if rd.uniq == nil {
		return rd.hyWordOf(rd.words[i])
	}
	if rd.hyWords == nil {
		rd.hyWords = make([]uint8, rd.nUniq)
	}
	u := rd.uniq[i]
	if k := rd.hyWords[u]; k&hyKnown != 0 {
		return k &^ hyKnown
	}
	k := rd.hyWordOf(rd.words[i])
	rd.hyWords[u] = k | hyKnown
	return k
}

// hyWordOf is hyWord worked out.
func (rd *reading) hyWordOf(w string) uint8 {
	var k uint8
	if seriousWords[w] || heavyWords[w] || weapons[w] {
		k |= hySerious
	}
	if laughWord(w) || exaggeration[w] {
		k |= hyLaugh
	}
	if rd.trifle(w) || teamResult[w] || embarrassed[w] {
		k |= hyTrifle
	}
	if nowWords[w] {
		k |= hyNow
	}
	return k
}

// nowWords in a match give it a time: "kill myself tonight", "me mato esta noche", "hoy".
var nowWords = foldedSet(`tonight tonite tomorrow today noche hoy manana mañana weekend finde`)

// pillWords are the tablets and means a hyperbole never names, beside the slots' medicines.
var pillWords = foldedSet(`pills pill tablets tablet pastillas pastilla pastis pastis pastillitas meds rope soga
	cuerda`)

// anyStem reports w matching one of stems as slotStems wrote them: "bridge" for a stem,
// "ledge$" for a whole word.
func anyStem(w string, stems []string) bool {
	for _, p := range stems {
		if whole, ok := strings.CutSuffix(p, "$"); ok && w == whole || !ok && strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// hyperboleReach is how many words on either side of a match the laughter and the trifle of a
// hyperbole may be: "me quiero morir jajaja le mandé el audio a mi jefe en vez de a mi amiga".
const hyperboleReach = 12

// laughEmoji are the emoji of laughter and mock despair: 😂 🤣 😅 😆 😹 💀 🙈 🤦.
const laughEmoji = "😂🤣😅😆😹💀🙈🤦"

// laughWord reports laughter typed as a word: lol, lmao, xd, jk, haha, jajaja, jsjs.
func laughWord(w string) bool {
	switch w {
	case "lol", "lmao", "lmfao", "rofl", "xd", "jk", "kek", "lel", "jaj", "jej", "ja", "je":
		return true
	}
	for _, p := range []string{"haha", "jaja", "jeje", "hehe", "jsjs", "ahah", "ajaj", "lmao", "lmfao"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// exaggeration are the words of a grumble said for effect: "I swear", "te juro", "omg", "uff",
// "con tanto tráfico".
var exaggeration = foldedSet(`swear juro omg ffs ugh urgh argh bruh smh jeez dios literally literalmente
	trágame tragame uf uff puf buf tanto tanta tantos tantas`)

// seriousWords say a death or a threat is meant, whatever the laughter: "fr", "seriously",
// "en serio", "posta". heavyWords say it is about the person's life, not a small thing ("my life
// is a joke lol i want to kms"); weapons make a threat one.
var (
	seriousWords = foldedSet(`fr frfr seriously serious srsly serio enserio posta`)
	heavyWords   = foldedSet(`life lives vida existir exist anymore anymor`)
	weapons      = foldedSet(`knife knives gun guns blade machete cuchillo cuchillos navaja arma armas pistola`)
)

// meant reports an idiom c that the words around the match h say is meant: "lol my life is a
// joke i actually want to kms" is no joke about something small, "me muero de risa jaja no
// mentira en serio me quiero morir" no laughter. Only in the sentence of the match, and only
// for what the lists anchor on a trifle or on laughter: "dying to see you" needs no check.
func (rd *reading) meant(c, h hit) bool {
	// A match that runs on past the idiom to tablets or another means is not the idiom's:
	// "overdosed on tea and 20 paracetamol", "i overdosed on coffee and my pills".
	for i := c.e; i < h.e; i++ {
		if w := rd.words[i]; pillWords[w] || anyStem(w, rd.s.means) {
			return true
		}
	}
	// Any word of the sentence that says so, outside the idiom: counted once a message
	// (saysMeant), as a dense message asks for every idiom and match of a long sentence.
	if rd.meantN == nil {
		rd.meantN = rd.countWords(rd.saysMeant)
	}
	lo, hi := unitWords(rd.sentence, rd.sentence[h.s])
	return inRange(rd.meantN, lo, hi, lo, hi) > inRange(rd.meantN, lo, hi, int(c.s), int(c.e))
}

// saysMeant reports words at i that say the match is meant, not an idiom (meant).
func (rd *reading) saysMeant(i int) bool {
	w := rd.words[i]
	if seriousWords[w] && w != "serious" || rd.seriousAt(i) {
		return true
	}
	if (w == "my" || w == "mi") && i+1 < len(rd.words) && heavyWords[rd.words[i+1]] && rd.words[i+1] != "vida" {
		return true
	}
	return w == "life" && i+1 < len(rd.words) && (rd.words[i+1] == "is" || rd.words[i+1] == "s")
}

// countWords is, for each word i and one past the last, how many words before i pred holds
// for: how many in any run of words is then a subtraction (inRange).
func (rd *reading) countWords(pred func(i int) bool) []int32 {
	n := make([]int32, len(rd.words)+1)
	for i := range rd.words {
		n[i+1] = n[i]
		if pred(i) {
			n[i+1]++
		}
	}
	return n
}

// inRange is how many words countWords counted in n from a to b, within lo to hi.
func inRange(n []int32, lo, hi, a, b int) int32 {
	a, b = min(max(a, lo), hi), min(max(b, lo), hi)
	return n[b] - n[a]
}

// seriousAt reports words at i that say a death or a threat is meant: "not joking", "no
// joke", "not kidding", "I mean it", "no es broma", "no miento".
func (rd *reading) seriousAt(i int) bool {
	next := func(k int) string {
		if i+k < len(rd.words) {
			return rd.words[i+k]
		}
		return ""
	}
	switch rd.words[i] {
	case "not", "no", "nt", "aint", "isnt", "sin":
		b := next(1)
		if b == "es" || b == "era" || b == "is" || b == "a" {
			b = next(2)
		}
		switch b {
		case "joking", "joke", "kidding", "kiding", "lying", "broma", "joda", "chiste", "miento", "exagero", "exagerando":
			return true
		}
	case "mean", "meant":
		return next(1) == "it"
	case "de", "for", "4":
		switch next(1) {
		case "verdad", "real", "reals":
			return true
		}
	}
	return false
}

// teamResult are a team's results, the commonest small cause of "me pego un tiro": "si pierde
// River", "if Spurs lose again". Third person only: "I lost my job" is no small thing.
var teamResult = foldedSet(`pierde pierden perdio perdió gana ganan gano ganó empata empatan desciende descienden
	descendio descendió loses relegated`)

// embarrassed are the words of a small shame, the commonest cause of "I want to die" said for
// effect: "so cringe", "qué vergüenza", "what a papelón".
var embarrassed = foldedSet(`cringe cringey cringy embarrassing embarassing embarrassed embarased mortified
	mortifying awkward verguenza vergüenza oso papelon papelón roche bochorno`)

// oneMore reports the "one more …" of a grumble: "if I have to hear that song one more time",
// "una vez más".
func oneMore(a, b string) bool {
	return (a == "one" || a == "once") && b == "more" || a == "una" && b == "mas" || a == "otra" && b == "mas"
}

// trifle reports a small thing (slots/trifles.txt), singular or plural ("essays", "zapatos"),
// that says nothing else and is not one of the people among the trifles.
func (rd *reading) trifle(w string) bool {
	if trifleFolk[w] || trifleVague[w] {
		return false
	}
	if rd.s.trifles[w] {
		return true
	}
	if st, ok := strings.CutSuffix(w, "s"); ok && len(st) > 2 {
		if rd.s.trifles[st] {
			return true
		}
		if st, ok := strings.CutSuffix(st, "e"); ok && len(st) > 2 && !trifleVague[st] {
			return rd.s.trifles[st]
		}
	}
	return false
}

// trifleVague are trifles that also say something else: "todo el tiempo" is all the time, a
// "back" may be coming back, "down the stairs" and "las vías del tren" a place.
var trifleVague = foldedSet(`tiempo back run call calls level final stairs hill hills cuesta subida tren train
	metro subte tube`)

// trifleFolk are the people among the trifles (the boss, the kids, the neighbours): a threat to
// a person is not made small by laughter.
var trifleFolk = foldedSet(`boss teacher kids toddler neighbours neighbors jefe jefa profe suegra vecino vecinos`)

// slotWords is the set of one-word entries of a word list (slots/), folded, each choice of an
// "a|b" entry a word of its own.
func slotWords(lines []string) map[string]bool {
	m := map[string]bool{}
	for _, l := range lines {
		if l == "" || strings.HasPrefix(l, "#") || strings.ContainsAny(l, " -*") {
			continue
		}
		for _, w := range strings.Split(l, "|") {
			m[foldWord(w)] = true
		}
	}
	return m
}

// thingHarmed reports a threat whose object is a thing, not a person or an animal: "gonna
// strangle the printer", "I'll murder this spreadsheet", "voy a estrangular la impresora". The
// object is the match's last word or the one after it, past a determiner, and a trifle
// (slots/trifles.txt) that is not one of its people. A match that names a person or a weapon
// before its last word threatens the person, and its last word is where or how: "push him
// down the stairs", "put something in his tea", "empujarla a las vías", "llevar el cuchillo
// al cole".
func (rd *reading) thingHarmed(h hit) bool {
	if rd.s.entries[h.id].cat != HarmOthers {
		return false
	}
	for _, w := range rd.words[h.s:h.e] {
		if poisonWord(w) {
			return false // "envenenarle la comida": the food is the means, the person the object
		}
	}
	for _, w := range rd.words[h.s : h.e-1] {
		if harmedFolk[w] || weapons[w] || cliticObject(w) {
			return false
		}
	}
	for i := int(h.e) - 1; i < min(len(rd.words), int(h.e)+3); i++ {
		w := rd.words[i]
		if i >= int(h.e) && rd.clause[i] != rd.clause[h.s] {
			return false
		}
		if rd.s.trifles[w] && !trifleFolk[w] {
			return true
		}
		if i >= int(h.e) && !determiners[w] {
			return false
		}
	}
	return false
}

// harmedFolk are the words of a person threatened, or a person's thing ("his tea"), before a
// harm phrase's last word.
var harmedFolk = foldedSet(`him her them someone somebody anyone anybody everyone people his their
	mum mom mam mother dad father baby babies kid kids child children son daughter wife husband
	partner brother sister girlfriend boyfriend neighbour neighbor ella ellos ellas alguien su sus
	bebe niño niña niños niñas hijo hija hijos mamá papá madre padre esposa esposo marido novio
	novia hermano hermana`)

// cliticObject reports a Spanish infinitive with its object joined on: "empujarlo",
// "tirarla", "pegarle".
func cliticObject(w string) bool {
	for _, s := range [...]string{"rlo", "rla", "rlos", "rlas", "rle", "rles"} {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// determiners may stand between a verb and its object: "strangle the printer", "matar a la
// impresora".
var determiners = foldedSet(`the this that my a an that stupid bloody damn el la los las este esta ese esa mi al a
	puta pinche maldita maldito`)

// poisonWord reports a verb of poisoning, whose object is the means: "poison his tea"; or a
// poison named in the match, "echarle veneno en la comida" (v is folded to b).
func poisonWord(w string) bool {
	return strings.HasPrefix(w, "poison") || strings.HasPrefix(w, "enbenen") || strings.HasPrefix(w, "envenen") ||
		strings.HasPrefix(w, "beneno") || strings.HasPrefix(w, "mataratas") || strings.HasPrefix(w, "raticida")
}

// slotStems is the one-word entries of a word list, folded, a stem ("bridge*") kept as its
// stem: what namesPlace compares a word's start with.
func slotStems(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l == "" || strings.HasPrefix(l, "#") || strings.Contains(l, " ") {
			continue
		}
		for _, w := range strings.Split(l, "|") {
			if st, ok := strings.CutSuffix(w, "*"); ok {
				out = append(out, foldWord(st))
			} else {
				out = append(out, foldWord(w)+"$")
			}
		}
	}
	return out
}

// namesPlace reports a place of danger (slots/place, lugar, high, danger) in the match h or in
// the three words after it: "me tiro por la ventana", "estoy en las vías del tren".
func (rd *reading) namesPlace(h hit) bool {
	for i := int(h.s); i < min(len(rd.words), int(h.e)+3); i++ {
		if anyStem(rd.words[i], rd.s.places) {
			return true
		}
	}
	return false
}

// retracted reports a threat to hurt someone that the person takes back at once, in the next
// words of the sentence or at the start of the next one: "I could happily strangle him,
// obviously I wouldn't", "I wanted to punch him. I didn't obviously", "le dije 'lo voy a
// matar' pero obvio que no". Only a threat (harm to others), never a wish to die or a harm to
// themself, and not where a weapon, "seriously" or "en serio" is near, nor when a "but"
// follows the taking back ("I wouldn't, but I keep thinking about it").
func (rd *reading) retracted(h hit) bool {
	if rd.s.entries[h.id].cat != HarmOthers {
		return false
	}
	sn := rd.sentence[h.e-1]
	lo, _ := unitWords(rd.sentence, rd.sentence[h.s])
	_, hi := unitWords(rd.sentence, sn+1)
	if rd.seriousN == nil {
		rd.seriousN = rd.countWords(func(i int) bool {
			w := rd.words[i]
			return seriousWords[w] || weapons[w] || rd.seriousAt(i)
		})
	}
	if inRange(rd.seriousN, lo, hi, lo, hi) > 0 {
		return false
	}
	i := int(h.e)
	for n := 0; i < len(rd.words) && n < retractReach && rd.sentence[i] <= sn+1 && retractFiller[rd.words[i]]; n++ {
		i++
	}
	if i >= len(rd.words) || rd.sentence[i] > sn+1 {
		return false
	}
	end := takenBack(rd.words, i)
	if end < 0 {
		return false
	}
	// The taking back ends its clause or goes on only to say so: "I didn't (obviously)", "I
	// wouldn't do it"; "I didn't sleep" is another statement.
	if end < len(rd.words) && rd.clause[end] == rd.clause[end-1] && !retractAfter[rd.words[end]] {
		return false
	}
	for j := end; j < min(len(rd.words), end+3); j++ {
		if retractBut[rd.words[j]] {
			return false
		}
	}
	return true
}

// retractReach is how many words of filler ("obviously", "but", "i", "lol") may come between
// a threat and the words that take it back.
const retractReach = 4

// takenBack reports where the words at i that take a threat back end, or -1: "wouldn't",
// "won't", "didn't", "never", "not really", "jk", "kidding"; "no lo haría", "no lo hice",
// "obvio que no", "es broma", "mentira".
func takenBack(words []string, i int) int {
	at := func(j int) string {
		if j < len(words) {
			return words[j]
		}
		return ""
	}
	w := words[i]
	switch {
	case retractWord[w]:
		return i + 1
	case w == "not" && (at(i+1) == "really" || at(i+1) == "seriously" || at(i+1) == "literally"):
		return i + 2
	case w == "que" && at(i+1) == "no":
		return i + 2 // "obvio que no"
	case w == "no":
		j := i + 1
		if retractPronoun[at(j)] {
			j++
		}
		if retractDo[at(j)] {
			return j + 1
		}
	}
	return -1
}

var (
	// retractFiller may come before the words that take a threat back, with the rest of the
	// threat's object ("kill him, ...").
	retractFiller = foldedSet(`him her them someone somebody but obviously obvs ofc of course well ok i id
		i'd lol haha and pero obvio obviamente claro aunque bueno y yo jaja`)
	// retractWord take a threat back on their own.
	retractWord = foldedSet(`wouldnt wont didnt never jk kidding joking broma bromeando bromeo mentira`)
	// retractPronoun and retractDo are Spanish's "no lo haría", "no la toqué".
	retractPronoun = foldedSet(`lo la le los las les`)
	retractDo      = foldedSet(`haria haría hare haré hice hago toque toqué tocaria tocaría`)
	// retractAfter may follow the words that take a threat back in their clause.
	retractAfter = foldedSet(`obviously obvs ofc lol haha though tho really actually do nunca jaja obvio`)
	// retractBut after the taking back say it is not the end of it.
	retractBut = foldedSet(`but pero although aunque though tho`)
)
