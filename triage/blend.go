package triage

import "slices"

// examplesDir is the folder, beside the lists, of labelled example messages the model learns
// from (the layout of ReadExamples).
const examplesDir = "examples"

// CategoryUnlisted is what the model found where no list matched: words that sound like risk
// in a way nobody wrote down.
const CategoryUnlisted Category = "unlisted"

// modelAdds is the model's first say: where the lists found nothing at all, it raises a concern
// (or an early warning sign) when it gives risk at least this chance and the message has a cue
// word. Chosen on evaluation/screen-heldout (BENCHMARKS.md, "Risk screen"): from 0.97 to 0.85
// its recall there rose from 96.2% to 97.8% (and 2.5 to 4 points on the two fresh sets) for
// about half a point more false alarms on hard non-risk lines and two everyday messages in a
// hundred more; below 0.85 recall stopped rising and false alarms did not. The model never
// raises a crisis on its own: it is wrong too often to send an urgent flag.
const modelAdds = 0.85

// modelSoftens is its second say: a crisis found by the lists becomes a concern when the
// model gives "none" at least this chance both for the whole message and for the words
// around every crisis match. Those are the lines where a list phrase sits in everyday talk
// the lists have no context word for ("she'd kill me if I was late again"): the person still
// gets the calm reply with the crisis contacts and the worker a flag, without the urgent
// alarm. Reading the words around each match as well keeps a crisis in the middle of a long
// everyday message from being softened by everything around it. On the held-out sets it took
// crisis replies to hard non-risk lines from 8–11% to 3.5–4.6% and left all but one or two
// crisis lines in a hundred at crisis (BENCHMARKS.md). It never lowers a concern or an early
// warning sign: what the lists found always reaches the worker.
const modelSoftens = 0.995

// modelConfirms is its third say: a concern found by a list of signs that are often innocent
// alone (a file with "@together", such as possible.txt: a pet rehomed, "it's happening
// tonight", a note left for mum) becomes a crisis when the model gives crisis at least this
// chance and nothing in the message lowered any match. The list found the sign; the model
// reads the rest of the message as a plan or a goodbye. It never raises a crisis where no
// list matched.
const modelConfirms = 0.9

// modelReads says on which surfaces the model is asked. Goals, agenda items, plan lines and
// early warning signs name problems to work on ("stop cutting", "talk about the voices",
// "hearing whispers"): the lists, with their context, read those.
func modelReads(s Surface) bool {
	switch s {
	case SurfaceGoal, SurfaceAgenda, SurfacePlan, SurfaceSign:
		return false
	}
	return true
}

// withModel gives the model its say on what the lists found in text. Where a list match was
// lowered to none by context (a negation, a film, the past) it adds nothing: the lists read
// that context and the model reads it less well. sc holds text's tokens, as screenWith
// left them.
func (s *Screener) withModel(sc *scratch, r Result, text string, surface Surface) Result {
	if s == nil || s.model == nil || !modelReads(surface) {
		return r
	}
	p, cue := s.model.readTokens(sc, sc.toks, text)
	return s.modelSay(r, p, cue, text)
}

// modelSay is withModel's decision, once the model has read text: p, and whether it has a
// cue word.
func (s *Screener) modelSay(r Result, p Probs, cue bool, text string) Result {
	r.Model = &p
	switch {
	case r.Tier == TierNone && len(r.Matched) == 0 && p.Risk() >= modelAdds && cue:
		tier := TierConcern
		if p.Relapse > p.Crisis && p.Relapse > p.Concern {
			tier = TierRelapse
		}
		r.Tier = tier
		r.Categories = append(r.Categories, CategoryUnlisted)
		r.Matches = append(r.Matches, Match{Category: CategoryUnlisted, Tier: tier, Excerpt: excerpt(text, 0, len(text))})
	case r.Tier == TierConcern && p.Crisis >= modelConfirms && len(r.Context) == 0 && s.signed(r.Matches):
		r.Tier = TierCrisis
		r.Matches = slices.Clone(r.Matches)
		for i := range r.Matches {
			if _, ok := s.together[r.Matches[i].Category]; ok {
				r.Matches[i].Tier = TierCrisis
			}
		}
		r.Context = append(slices.Clone(r.Context), ContextConfirmed)
	case r.Tier == TierCrisis && p.None >= modelSoftens && s.model.everyday(r.Matches):
		r.Tier = TierConcern
		r.Matches = slices.Clone(r.Matches)
		for i := range r.Matches {
			r.Matches[i].Tier = minTier(r.Matches[i].Tier, TierConcern)
		}
		r.Context = append(slices.Clone(r.Context), ContextEveryday)
	}
	return r
}

// ContextEveryday is the context of a crisis the model softened: the words read like everyday
// talk.
const ContextEveryday = "everyday"

// ContextConfirmed is the context of a concern the model raised to a crisis: a sign from a
// list of often-innocent signs, in a message the model reads as a plan or a goodbye.
const ContextConfirmed = "confirmed"

// signed says whether a concern match comes from a list of signs that add up (@together).
func (s *Screener) signed(ms []Match) bool {
	for _, m := range ms {
		if _, ok := s.together[m.Category]; ok && m.Tier == TierConcern {
			return true
		}
	}
	return false
}

// everyday says whether the model reads the words around every crisis match as safe.
func (m *Model) everyday(ms []Match) bool {
	for _, mt := range ms {
		if mt.Tier != TierCrisis {
			continue
		}
		if p, _ := m.read(mt.Excerpt); p.None < modelSoftens {
			return false
		}
	}
	return true
}

// WithoutModel is the same screen with the lists alone, to measure what the model adds.
func (s *Screener) WithoutModel() *Screener {
	if s == nil {
		return nil
	}
	c := *s
	c.model = nil
	return &c
}
