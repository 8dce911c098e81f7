package triage

import (
	"slices"
	"strings"
)

// examplesDir is the folder, beside the lists, of labelled example messages the model learns
// from (the layout of ReadExamples).
const examplesDir = "examples"

// CategoryUnlisted is what the model found where no list matched: words that sound like risk
// in a way nobody wrote down.
const CategoryUnlisted Category = "unlisted"

// modelAdds is the model's first say: where the lists found nothing at all, it raises a concern
// (or an early warning sign) when it gives risk at least this chance and the message has a cue
// word (or, without one, modelAddsUncued). A message of several sentences is also read a
// sentence at a time (Model.loudest), so that risk in the middle of a long message is not
// drowned by the rest. It was 0.97, then 0.8 (session 4). Once the model could clear a list's
// false alarm and had learned from long everyday messages sentence by sentence, the two sets
// written blind in session 5 showed recall, not false alarms, furthest from the target
// (92.6% of risk found on both). On the four older held-out sets, 0.6 found 5 more of 1,615
// risk lines than 0.8 for 11 more of 1,321 hard non-risk lines flagged, and no more everyday
// ones; 0.5 found 3 more again, but flagged "never mind, just thinking out loud", a reply
// TestFreeTextReachesTheWorkerAfterOneTap sends (BENCHMARKS.md, "Risk screen: what to believe
// … (after session 5)"). A miss costs more than a false alarm.
const modelAdds = 0.6

// adds says whether the model, reading p with or without a cue word, adds a flag where the lists
// found nothing.
func adds(p Probs, cue bool) bool {
	return p.Risk() >= modelAdds && (cue || p.Risk() >= modelAddsUncued)
}

// modelAddsUncued is how sure of risk the model must be to add a flag to a message with no cue
// word. The cue rule keeps it from flagging everyday lines on a middling reading ("fine I
// guess"), but a third of the risk lines the held-out sets still missed had no cue word and a
// risk chance of at least 80%: said in words each common enough in the everyday examples that
// none comes mostly in risk, though together they read as risk. At 99% sure, on the four older
// held-out sets it found 15 more of 1,615 risk lines (95.4% → 96.3%), no more of 1,321 hard
// non-risk ones, and 4 more of 408 everyday messages (4.2% → 5.1%); at 99.5%, one fewer of each
// (BENCHMARKS.md, "Risk screen: what to believe … (after session 5)").
const modelAddsUncued = 0.99

// modelRaises is how sure of a crisis the model must be for what it adds to be a crisis, and
// for a concern the lists found with no context that lowered it ("I'm a burden to everyone")
// to become one: when in doubt between two tiers, the higher. It was a concern only, until
// the held-out sets showed that at this chance the model is right about nine times in ten:
// crisis lines given the crisis reply rose from 85/67/75/85% to 93/79/86/92% (heldout, fresh,
// fresh2, fresh3) for 1–7 hard non-risk lines in a set more at crisis (BENCHMARKS.md).
const modelRaises = 0.99

// modelSoftens is its second say: a crisis found by the lists becomes a concern when the
// model gives "none" at least this chance both for the whole message and for the words
// around every crisis match (Model.everyday). Those are the lines where a list phrase sits in
// everyday talk the lists have no context word for ("she'd kill me if I was late again"): the
// person still gets the calm reply with the crisis contacts and the worker a flag, without
// the urgent alarm. With the rest of the session's changes, crisis replies to hard non-risk
// lines on the held-out sets went from 8–11% to 4.7–5.7% (BENCHMARKS.md). Since the model
// may clear a flag (modelClears, at a lower chance), this is left for a crisis whose own words
// read as everyday talk in a message where another match does not.
const modelSoftens = 0.995

// modelClears is its last say, and the only one that takes a flag away: what the lists found
// is screened as none when the model gives "none" at least this chance both for the whole
// message and for the words around every match (Model.everyday), unless it is sure the matched
// words alone are safe (its blind spot, as for softening); never for a sign from a list of
// signs that add up (hasSign), nor for a message with too few words around its matches
// (clearMinWords). The lists' context words cover the ways of saying "not now" that someone
// listed; the held-out sets showed that people say them in many more ("that was before
// clozapine", "my nan's cat, not me"), and a list phrase in such a line was flagged: about one
// hard non-risk message in six, against the target of one in ten. At this chance, as
// first measured on the four held-out sets, it cleared the flags of 101 of their 1,321 hard
// non-risk lines (17.9% → 10.3%) and lost 7 of their 1,615 risk lines (96.2% → 95.7% found); at
// 0.995 it kept 13 more false alarms for one more risk line, at 0.98 it cleared 7 more for 5
// more risk lines lost. Those figures chose it; on a fifth set, written blind and used to
// choose nothing, it and that session's new examples together took the flags off 37 of 384 hard
// lines for 2 of 404 risk lines (BENCHMARKS.md, "Risk screen: what to believe … (after session
// 5)"). In session 6, with the four oldest sets retired into the examples and about 5,000
// lines more of them, `tandembench screen-cv` and the two newer sets (2,410 risk and 2,064 hard
// lines read by models that never learned them) chose 0.98: one risk line lost for 11 fewer
// false alarms, 5 of them crisis replies; 0.97 lost 2 more for 4 fewer. A cleared message is
// still the person's to send to their worker (the bot offers to pass on every free message),
// and its context says "everyday", so `tandem screen` shows what the model cleared.
const modelClears = 0.98

// clearMinWords is how many words a message must have outside its matches for the model to
// clear it: where there is next to nothing around the phrase, the model's "everyday" can only
// be a reading of the phrase's own wording, and some wordings of list phrases it met mostly in
// safe examples ("I feel like ending it all" it read as 96% everyday, "honestly no quiero seguir
// con este dolor" as over 99%). Such a message is the lists' to judge. On the four older
// held-out sets this kept one more risk line and no more false alarms than no minimum; six
// words kept the same risk line for two more false alarms. Tried on every crisis phrase of the
// lists in each of its wordings (40,842), with "honestly", "sometimes" or "i feel like" before
// it, no minimum let the model clear 15–60 of them; this one, 0–5.
const clearMinWords = 4

// wordsOutside is how many of the message's words (toks) lie outside every match.
func wordsOutside(toks []token, ms []Match) int {
	n := 0
	for _, t := range toks {
		if !slices.ContainsFunc(ms, func(m Match) bool { return t.start >= m.at[0] && t.end <= m.at[1] }) {
			n++
		}
	}
	return n
}

// modelConfirms is another say: a concern found by a list of signs that are often innocent
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
// lowered to none by context (a negation, a film, the past) it adds nothing for that match:
// the lists read that context and the model reads it less well. But another sentence of the
// message, in which no list phrase matches, may still be heard as risk ("in the series the mum
// overdoses. i've been saving mine up, i've got 60 now"; modelSay). sc holds text's tokens, as screenWith
// left them.
func (s *Screener) withModel(sc *scratch, r Result, text string, surface Surface) Result {
	if s == nil || s.model == nil || !modelReads(surface) {
		return r
	}
	p, cue := s.model.readTokens(sc, sc.toks, text)
	return s.modelSay(r, p, cue, text, sc.toks)
}

// modelSay is withModel's decision, once the model has read text: p, and whether it has a
// cue word.
func (s *Screener) modelSay(r Result, p Probs, cue bool, text string, toks []token) Result {
	at := [2]int{0, len(text)}
	if r.Tier == TierNone && len(r.Matched) == 0 && !adds(p, cue) {
		if q, c, w, ok := s.model.loudest(toks, text); ok && adds(q, c) {
			p, cue, at = q, c, w // what the model heard in one sentence decides
		}
	}
	elsewhere := false
	if r.Tier == TierNone && len(r.Matched) > 0 {
		if q, c, w, ok := s.model.loudest(toks, text); ok && adds(q, c) && len(s.screen(text[w[0]:w[1]], SurfaceMessage, true).Matched) == 0 {
			p, cue, at, elsewhere = q, c, w, true
		}
	}
	r.Model = &p
	switch {
	case r.Tier == TierNone && (len(r.Matched) == 0 || elsewhere) && adds(p, cue):
		tier := TierConcern
		if p.Relapse > p.Crisis && p.Relapse > p.Concern {
			tier = TierRelapse
		}
		if p.Crisis >= modelRaises {
			tier = TierCrisis
		}
		r.Tier = tier
		r.Categories = append(r.Categories, CategoryUnlisted)
		r.Matches = append(r.Matches, Match{Category: CategoryUnlisted, Tier: tier, Excerpt: excerpt(text, at[0], at[1])})
	case r.Tier == TierConcern && p.Crisis >= modelConfirms && len(r.Context) == 0 && s.signed(r.Matches):
		r.Tier = TierCrisis
		r.Matches = retier(r.Matches, func(m Match) Tier {
			if s.isSign(m) {
				return TierCrisis
			}
			return m.Tier
		})
		r.Context = append(slices.Clone(r.Context), ContextConfirmed)
	case r.Tier == TierConcern && len(r.Context) == 0 && p.Crisis >= modelRaises && cue:
		r.Tier = TierCrisis
		r.Matches = retier(r.Matches, func(m Match) Tier {
			if m.Tier == TierConcern {
				return TierCrisis
			}
			return m.Tier
		})
	case r.Tier != TierNone && p.None >= modelClears && !s.hasSign(r.Matches) && wordsOutside(toks, r.Matches) >= clearMinWords && s.model.everyday(text, r.Matches, modelClears, false) && !s.model.heardAlone(toks, text):
		r.Tier = TierNone
		r.Categories = []Category{}
		r.Matches = nil
		r.Context = append(slices.Clone(r.Context), ContextEveryday)
	case r.Tier == TierCrisis && p.None >= modelSoftens && s.model.everyday(text, r.Matches, modelSoftens, true):
		r.Tier = TierConcern
		r.Matches = retier(r.Matches, func(m Match) Tier { return minTier(m.Tier, TierConcern) })
		r.Context = append(slices.Clone(r.Context), ContextEveryday)
	}
	return r
}

// retier is a copy of ms, each match at the tier tier gives it: the lists' result the model was
// handed stays as it was.
func retier(ms []Match, tier func(Match) Tier) []Match {
	out := slices.Clone(ms)
	for i := range out {
		out[i].Tier = tier(out[i])
	}
	return out
}

// ContextEveryday is the context of a crisis the model softened, or of a list's flag it
// cleared: the words read like everyday talk.
const ContextEveryday = "everyday"

// ContextConfirmed is the context of a concern the model raised to a crisis: a sign from a
// list of often-innocent signs, in a message the model reads as a plan or a goodbye.
const ContextConfirmed = "confirmed"

// isSign says whether m comes from a list of signs that add up (@together).
func (s *Screener) isSign(m Match) bool {
	_, ok := s.together[m.Category]
	return ok
}

// hasSign says whether any match is a sign (isSign). Those signs are listed because they look
// like everyday life (a pet rehomed, passwords handed over), so the model reading one as
// everyday talk says nothing: the model never clears them. (On the held-out sets, clearing them
// took 5 risk lines for 2 false alarms.)
func (s *Screener) hasSign(ms []Match) bool { return slices.ContainsFunc(ms, s.isSign) }

// signed says whether a concern match is a sign (isSign).
func (s *Screener) signed(ms []Match) bool {
	return slices.ContainsFunc(ms, func(m Match) bool { return m.Tier == TierConcern && s.isSign(m) })
}

// everyday says whether the model reads the words around every match in text (every crisis
// match, with crisisOnly) as safe at least at the chance sure, unless it is sure the matched
// words alone are safe. That exception matters: the examples
// hold many safe lines that use the words of crisis ("I've never thought about ending my
// life"), and a model that met "ending my life" only in those reads it as safe by itself, so
// it softened "considering ending my life". There its word is a blind spot, not a reading of
// the words around. (Once the examples used the phrase in risk too, the exception stopped
// mattering for it; it is kept for the next phrase the examples know only from safe lines.)
func (m *Model) everyday(text string, ms []Match, sure float64, crisisOnly bool) bool {
	for _, mt := range ms {
		if crisisOnly && mt.Tier != TierCrisis {
			continue
		}
		if mt.at[1] > mt.at[0] && mt.at[1] <= len(text) {
			if p, _ := m.read(text[mt.at[0]:mt.at[1]]); p.None >= phraseSafe {
				return false
			}
		}
		if p, _ := m.read(around(text, mt.at)); p.None < sure {
			return false
		}
	}
	return true
}

// loudest is the model's reading of the sentence of text (tokenized as toks) it gives risk
// the highest chance, where text has more than one: a risk said in the middle of a long
// message about the bus and the boiler is heard in its own words. ok is false for a single
// sentence. The sentences are the tokenizer's, read from the message's own tokens.
func (m *Model) loudest(toks []token, text string) (best Probs, cue bool, at [2]int, ok bool) {
	if len(toks) == 0 {
		return best, false, at, false
	}
	sc := scratchPool.Get().(*scratch)
	defer putScratch(sc)
	from := 0
	for i := 1; i <= len(toks); i++ {
		if i < len(toks) && !toks[i].sent {
			continue
		}
		if from == 0 && i == len(toks) {
			return best, false, at, false // one sentence: the message itself was read
		}
		end := len(text)
		if i < len(toks) {
			end = toks[i].start
		}
		span := [2]int{toks[from].start, end}
		p, c := m.readTokens(sc, toks[from:i], text[span[0]:span[1]])
		if !ok || c && !cue || c == cue && p.Risk() > best.Risk() {
			best, cue, at, ok = p, c, span, true
		}
		from = i
	}
	return best, cue, at, ok
}

// heardAlone says whether the model, reading a message of several sentences one sentence at
// a time (loudest), would add a flag to one of them. It does not clear a flag the lists raised
// in such a message: what it read as everyday is the words around each match, and a later
// sentence may be what makes the match the person's ("my friend's brother killed himself. i
// keep thinking about doing the same", "there was a time I wanted to die. now it's back").
func (m *Model) heardAlone(toks []token, text string) bool {
	q, c, _, ok := m.loudest(toks, text)
	return ok && adds(q, c)
}

// phraseSafe is how sure the model must be that the matched words alone are safe for its
// reading of the words around them not to count (Model.everyday).
const phraseSafe = 0.99

// aroundWords is how many words either side of a match the model reads to tell everyday talk
// ("she'd kill me if I'm late") from a disclosure. Chosen among 5, 10, 12, 15 words and the
// whole sentence on the held-out sets: fewer left more everyday talk at crisis, the whole
// sentence softened a crisis at the end of a long message typed without a full stop.
const aroundWords = 12

// around is the words at in text and up to aroundWords either side of them, within their
// sentence: a crisis said at the end of a long message about the bus and the toast must be
// read in its own words, not drowned by the rest, which is all the model would hear of it.
func around(text string, at [2]int) string {
	if at[1] <= at[0] || at[1] > len(text) {
		return text
	}
	start := strings.LastIndexFunc(text[:at[0]], isSentenceBreak) + 1
	end := len(text)
	if i := strings.IndexFunc(text[at[1]:], isSentenceBreak); i >= 0 {
		end = at[1] + i
	}
	before := strings.Fields(text[start:at[0]])
	after := strings.Fields(text[at[1]:end])
	before = before[max(0, len(before)-aroundWords):]
	after = after[:min(len(after), aroundWords)]
	return strings.Join(slices.Concat(before, []string{text[at[0]:at[1]]}, after), " ")
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
