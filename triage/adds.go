package triage

// keptMatch is a list match that context left at some tier: tier is what it counts for.
type keptMatch struct {
	h    hit
	tier Tier
}

// addUp raises two signs that add up. A category file with "@together crisis" holds signs
// that are often innocent one at a time — a will made, a pet rehomed, passwords handed over,
// accounts deleted, "so nobody has to deal with it" — and are the C-SSRS's preparatory acts
// when they come together: two of them in one message, at different words and neither lowered
// by context, are screened at the file's together tier. A match that context lowered (a
// negation, a film, the past, a line of a crisis plan) never counts, so what context read as
// safe stays so; and one phrase matched by two files is one sign, not two.
func (s *Screener) addUp(kept []keptMatch) {
	if len(s.together) == 0 {
		return
	}
	var signs []int // the kept matches that count as a sign
	for i, k := range kept {
		e := &s.entries[k.h.id]
		if _, ok := s.together[e.cat]; ok && k.tier == e.tier {
			signs = append(signs, i)
		}
	}
	for _, i := range signs {
		a := kept[i].h
		for _, j := range signs {
			if b := kept[j].h; b.e <= a.s || a.e <= b.s {
				if to := s.together[s.entries[a.id].cat]; to.Rank() > kept[i].tier.Rank() {
					kept[i].tier = to
				}
				break
			}
		}
	}
}
