package triage

import "strings"

// askedIf reports a condition c ("if I want to", "si pienso en") that is the question someone
// put to the person ("my therapist asked if I want to end my life", "me preguntó si pensaba en
// matarme"): its "if" opens what was asked, so it is not the condition of a line of a crisis
// plan, whatever help the sentence names ("asked" is also a way of getting help). The asked
// rule then reads it: a question, unless the sentence says yes.
func (rd *reading) askedIf(c hit) bool {
	for _, o := range rd.ctxs {
		if rd.kind(o) == ctxAsked && o.s < c.s+1 && c.s < o.e {
			return true
		}
	}
	return false
}

// quotedBare reports a match inside someone else's words told without quotation marks after a
// word that only ever introduces direct speech: "my sister goes I want to die when she saw the
// bill", "my mate was like I wanna kill myself after the match", "mi amiga estaba tipo me
// quiero morir". After "said" the person's "I" may be their own ("she said I'm suicidal" is
// about the person), so only these quotatives hand the "I" to the speaker. Not when the words
// hold a "you" (a threat to the person may be quoted so), not a partner's or an ex's words,
// and only for a risk of the speaker's own (a death, a harm, an overdose).
func (rd *reading) quotedBare(h hit) bool {
	switch rd.s.entries[h.id].cat {
	case Suicide, SelfHarm, Overdose:
	default:
		return false
	}
	n := rd.sentence[h.s]
	for q := int(h.s) - 1; q >= 1 && q >= int(h.s)-quoteReach-2 && rd.sentence[q] == n; q-- {
		start, ok := rd.quotative(q)
		if !ok {
			continue
		}
		speaker := false
		for j := max(0, start-3); j < start; j++ {
			w := rd.words[j]
			if partners[w] {
				return false
			}
			if someone[w] || someone[strings.TrimSuffix(w, "s")] || crowd[w] {
				speaker = true
			}
		}
		if !speaker {
			return false
		}
		for j := q + 1; j < len(rd.words) && rd.sentence[j] == n && j < int(h.e)+youReach; j++ {
			if youWords[rd.words[j]] {
				return false
			}
		}
		return true
	}
	return false
}

// quotative reports a word of direct speech ending at word q, and where it starts: "goes",
// "went" (not "went to"), "was like", "is like", "estaba tipo", "en plan".
func (rd *reading) quotative(q int) (int, bool) {
	w := rd.words[q]
	next := ""
	if q+1 < len(rd.words) {
		next = rd.words[q+1]
	}
	switch w {
	case "goes", "went":
		if next == "to" || next == "and" || next == "a" || next == "on" || next == "out" || next == "home" {
			return 0, false
		}
		return q, true
	case "like":
		if q > 0 {
			switch rd.words[q-1] {
			case "was", "is", "were", "are", "s", "be", "just", "all":
				return q - 1, true
			}
		}
	case "tipo":
		if q > 0 && (rd.words[q-1] == "estaba" || rd.words[q-1] == "esta" || rd.words[q-1] == "quedo") {
			return q - 1, true
		}
	case "plan":
		if q > 0 && rd.words[q-1] == "en" {
			return q - 1, true
		}
	}
	return 0, false
}
