package triage

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

// pastIdiom reports a match b that starts after the end of the idiom that alone lowered an
// earlier match (idiomEnd, 0 when none did): the chain of lowered matches does not carry an
// idiom beyond its own words, so "I'm dead serious I want to die" keeps "want to die".
func pastIdiom(idiomEnd int32, b hit) bool { return idiomEnd > 0 && b.s >= idiomEnd }
