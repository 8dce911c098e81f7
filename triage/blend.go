package triage

// examplesDir is the folder, beside the lists, of labelled example messages the model learns
// from (the layout of ReadExamples).
const examplesDir = "examples"

// CategoryUnlisted is what the model found where no list matched: words that sound like risk
// in a way nobody wrote down.
const CategoryUnlisted Category = "unlisted"

// modelAdds is the model's say: where the lists found nothing at all, it raises a concern (or
// an early warning sign) when it gives risk at least this chance. It was chosen on
// evaluation/screen-heldout (BENCHMARKS.md, "Risk screen"); the model is sure of most messages
// either way, so it moves little. The model never raises a crisis and never lowers what the
// lists found: it is wrong too often to send an urgent flag on its own, and too often sure
// that plain words of crisis ("I feel like ending it all") are safe because crisis plans use
// them.
const modelAdds = 0.97

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
	if r.Tier == TierNone && len(r.Matched) == 0 && p.Risk() >= modelAdds && cue {
		tier := TierConcern
		if p.Relapse > p.Crisis && p.Relapse > p.Concern {
			tier = TierRelapse
		}
		r.Tier = tier
		r.Categories = append(r.Categories, CategoryUnlisted)
		r.Matches = append(r.Matches, Match{Category: CategoryUnlisted, Tier: tier, Excerpt: excerpt(text, 0, len(text))})
	}
	return r
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
