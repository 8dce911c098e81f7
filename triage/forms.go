package triage

import (
	"slices"
	"strings"
)

// Form is one listed risk phrase written out as a person might send it: one of the ways of
// saying one of its words, the rest in their first words (writtenOut).
type Form struct {
	Entry    string   // the list line, as written
	Category Category // its list's category
	Tier     Tier     // its list's tier: the least the form should be screened
	Text     string
}

// Forms is every risk phrase of the lists written out once for each choice of each of its
// words ("end|ending it all" as "end it all" and "ending it all"): what a list means to catch,
// for checking that the screen as a whole still catches it (tandembench screen-forms). A
// phrase's context lists, the rules and the model can each lower what the phrase alone found;
// a form screened below its tier is a hole a pack edit opened or a context entry too broad.
// Slots are written as their first word; stems and words with a slot in a choice are left out.
func (s *Screener) Forms() []Form {
	var out []Form
	for i := range s.entries {
		e := &s.entries[i]
		if e.role != roleRisk {
			continue
		}
		fields := strings.Fields(e.p.src)
		seen := map[string]bool{}
		add := func(src string) {
			if text, ok := writtenOut(src, s.slotSay); ok && !seen[text] {
				seen[text] = true
				out = append(out, Form{Entry: e.p.src, Category: e.cat, Tier: e.tier, Text: text})
			}
		}
		add(e.p.src)
		for fi, f := range fields {
			if f == "..." || strings.HasPrefix(f, "[") || !strings.Contains(f, "|") {
				continue
			}
			for _, alt := range strings.Split(f, "|") {
				if strings.ContainsAny(alt, "<*") {
					continue
				}
				v := slices.Clone(fields)
				v[fi] = alt
				add(strings.Join(v, " "))
			}
		}
	}
	return out
}
