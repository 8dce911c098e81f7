package triage

import (
	"slices"
	"strings"
)

// personIn reports that a risk match h in the clause of a film, a song, a game or the news c
// (media.txt) is about the person, not the story: the nearest word naming someone between
// the story and the match is the person ("that film made me want to die", "the song is about
// me wanting to end it", "la peli me dio ganas de matarme"), or the match names them itself
// ("kill myself", "matarme"). The nearest naming word wins, so "the film I watched, where he
// kills himself" stays the story's. A story word then lowers nothing: the person has come in.
func (rd *reading) personIn(c, h hit) bool {
	if rd.game(c) {
		return rd.joinedAfter(c, h) // in a game the person's "I" is the player's
	}
	// Between the story word and the match, or from the clause's start when the story is
	// named after it ("I want to die like the guy in the film").
	lo := c.e
	if c.s >= h.e {
		switch rd.s.entries[h.id].cat {
		case HarmOthers, Relapse:
			// "I shot my mate loads in fortnite", "me siguen mis amigos en tiktok": the act
			// is in the game or the app.
			return false
		}
		lo = h.s
		for lo > 0 && rd.clause[lo-1] == rd.clause[h.s] {
			lo--
		}
	}
	if c.e <= h.s && rd.storyLine(c, h) {
		return false // "the song goes 'I want to die'", "la canción dice me quiero morir"
	}
	joined := false
	for i := h.s - 1; i >= lo; i-- {
		w := rd.words[i]
		switch {
		case mediaSelf(w) || rd.ownKin(i):
			return true
		case otherWords[w] || storyPeople[w]:
			return false
		case storyJoin[w]:
			joined = true
		}
	}
	if joined && h.e-h.s > 1 {
		// "watching netflix and wanna die": one subject, the person. A single word after
		// "and" is a topic, not a statement: "an album about depression and suicide".
		return true
	}
	for i := h.s; i < h.e; i++ {
		if w := rd.words[i]; mediaSelf(w) && !possessive[w] {
			return true // "kill myself", "matarme"; not the "my" of "shot my mate in fortnite"
		}
	}
	return false
}

// possessive name the person as owner, not as who acts or suffers: inside a match they do not
// make it the person's ("shot my mate loads in fortnite").
var possessive = foldedSet(`my mine mi mis mio mia our`)

// mediaSelf reports a word by which the person names themself, with the Spanish pronoun
// joined to an infinitive or a gerund ("matarme", "cortándome").
func mediaSelf(w string) bool {
	if storySelf[w] {
		return true
	}
	return len(w) > 4 && (strings.HasSuffix(w, "rme") || strings.HasSuffix(w, "ndome"))
}

// storySelf are the words by which a person names themself, folded as messages are ("ive" is
// read "ibe"), with "we" and "us" (the person among others).
var storySelf = foldedSet(`i im ive id ill me my mine myself yo mi mis mio mia conmigo estoy soy tengo we us our
	nosotros nos`)

// storySay are words by which a song, a film or a book says a line: "the lyrics go ...". Only
// these words as written: speech.txt reads "dieron" as "dijeron".
var storySay = foldedSet(`go goes went says say said sang sings sing reads wrote writes dice dicen dijo decia canta
	cantan canto repite pone puso`)

// storyJoin join a second statement to the one that names the story; with no one named
// between, both are the person's: "watching netflix and wanna die".
var storyJoin = foldedSet(`and then so but y luego pero entonces`)

// storyPeople name someone in a story, beyond otherWords: "the villain", "the narrator".
var storyPeople = foldedSet(`villain narrator hero heroine killer victim mum dad mother father wife husband
	son daughter kid teen teenager who whose everyone everybody nobody somebody someone
	prota malo mala asesino asesina victima víctima madre padre hijo hija quien quién todos alguien
	nadie abuela abuelo novio novia hombre mujer tipo tipa you u your youre everyones theyre
	hes shes`)

// storyClause lowers a match in a clause after one that names a film, a book, a game or the
// news (media.txt), in the same sentence, when its clause is about someone else and nothing of
// the person now (present.txt, now.txt) comes between: "watched a film last night, the guy
// kills himself at the end", "empecé una serie, la madre se toma todas las pastillas". A
// clause with the person in it is theirs: "watched a film last night, made me want to die".
// story (reading.go) does the same across sentences.
func (rd *reading) storyClause(h hit, tier Tier) (Tier, string) {
	hc, hs := rd.clause[h.s], rd.sentence[h.s]
	for _, c := range rd.ctxs {
		if rd.kind(c) != ctxMedia || rd.sentence[c.s] != hs || rd.clause[c.s] >= hc || !rd.holds(c) {
			continue
		}
		now := false
		// The context is in word order: only the run from c's end to h's end is read.
		for _, o := range rd.ctxs[firstFrom(rd.ctxs, c.e):] {
			if o.s >= h.e {
				break
			}
			// In the story's own clause a time belongs to the story: "watched a film last
			// night, ..." is when it was watched.
			if k := rd.kind(o); (k == ctxPresent || k == ctxNow) && rd.clause[o.s] > rd.clause[c.s] {
				now = true
				break
			}
		}
		if !now && rd.othersClause(hc) {
			return TierNone, "media"
		}
	}
	return tier, ""
}

// othersClause reports a clause with a word for someone in a story and none for the person.
func (rd *reading) othersClause(n int32) bool {
	other := false
	lo, hi := unitWords(rd.clause, n)
	for i := lo; i < hi; i++ {
		w := rd.words[i]
		if mediaSelf(w) && !possessive[w] || rd.ownKin(int32(i)) {
			return false
		}
		if otherWords[w] || storyPeople[w] {
			other = true
		}
	}
	return other
}

// ownKin reports a word for family at i that is the person's own, not a story's: "my dad",
// "dad hit mum", "mi padre"; not "the dad", "his mum", "la madre".
func (rd *reading) ownKin(i int32) bool {
	if !kin[rd.words[i]] {
		return false
	}
	return i == 0 || !storyArticle[rd.words[i-1]]
}

// kin are words for the people a person lives with or is close to.
var kin = foldedSet(`mum mom mam mummy mommy mother dad daddy father stepdad stepmum stepmom brother sister
	husband wife partner boyfriend girlfriend bf gf son daughter nan gran grandma grandad
	mama mamá madre papa papá padre padrastro madrastra hermano hermana marido esposo esposa
	pareja novio novia hijo hija abuela abuelo`)

// storyArticle before a word for family make it someone in a story: "the dad", "su madre",
// "a man whose wife dies".
var storyArticle = foldedSet(`the a an his her their its this that whose el la un una su sus los las ese esa este esta
	cuyo cuya cuyos cuyas`)

// game reports a story word c that names a video game: there "I keep killing myself in
// minecraft" and "the game keeps telling me to jump" are the player's, not the person's.
func (rd *reading) game(c hit) bool { return rd.anyIn(c, gameWords) }

// anyIn reports a word of c that is in set.
func (rd *reading) anyIn(c hit, set map[string]bool) bool {
	return slices.ContainsFunc(rd.words[c.s:c.e], func(w string) bool { return set[w] })
}

// joinedAfter reports a joining word between a game named before a match and the match, with
// no one else named between: "playing fortnite and thinking about killing myself" is the
// person's own.
func (rd *reading) joinedAfter(c, h hit) bool {
	if c.e > h.s {
		return false
	}
	for i := h.s - 1; i >= c.e; i-- {
		w := rd.words[i]
		if otherWords[w] || storyPeople[w] {
			return false
		}
		if storyJoin[w] {
			return true
		}
	}
	return false
}

// gameWords name a video game or playing one.
var gameWords = foldedSet(`game games gaming videogame videogames level levels boss npc npcs gameplay playthrough
	speedrun fortnite minecraft gta cod roblox skyrim zelda sims valorant apex overwatch pokemon mario
	fifa warzone halo doom cyberpunk xbox ps5 playstation juego juegos videojuego videojuegos nivel partida`)

// storyLine reports a word of saying between the story word c and the match h, with at most
// two words between it and the match, each a word that opens a line ("that", "que", "like",
// "I", "me"): "the lyrics go I want to die", "la canción dice me quiero morir". Further off, the
// saying is not the match's: "vi un video y me dieron ganas de cortarme".
func (rd *reading) storyLine(c, h hit) bool {
	for i := h.s - 1; i >= c.e && i >= h.s-3; i-- {
		if storySay[rd.words[i]] {
			return true
		}
		if !lineLead[rd.words[i]] {
			return false
		}
	}
	return false
}

// lineLead are words that may open a quoted line after a word of saying.
var lineLead = foldedSet(`that que like i im me yo`)
