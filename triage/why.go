package triage

import (
	"strconv"
	"strings"
	"time"
)

// Wording is a flag's reason or one line of its evidence as a code and the values it needs. Like
// schedule's problem codes, it lets the bot word a flag from the content pack in each reader's
// language ("flag.why.<code>", "flag.fact.<code>"): this package decides what fired, never how
// it is said. Flag.Reason and Flag.Evidence say the same in English, for tools and logs.
//
// Args hold plain values: "question" is a question id (the bot names it in the reader's
// language; "label" is the rule's own name for it, such as a person's words for their sign),
// "categories" and "context" are comma-separated ids, "date" is 2006-01-02 and "at" RFC 3339.
type Wording struct {
	Code string            `json:"code"`
	Args map[string]string `json:"args,omitempty"`
}

// The codes of a flag's reason (Flag.Why).
const (
	WhyThreshold    = "threshold"      // question, label, value, max
	WhyRunHigh      = "run_high"       // question, label, value, count: value or higher
	WhyRunLow       = "run_low"        // question, label, value, count: value or lower
	WhyBaselineHigh = "baseline_high"  // question, label, usual, value
	WhyBaselineLow  = "baseline_low"   // question, label, usual, value
	WhySign         = "sign"           // question, label, usual, value
	WhySilence      = "silence"        // count
	WhyAsked        = "asked"          // nothing
	WhyAskedWords   = "asked_words"    // categories
	WhyWordsCrisis  = "words_crisis"   // categories
	WhyWordsConcern = "words_concern"  // categories
	WhyWordsSoft    = "words_softened" // categories, context: a concern that context softened
	WhyWordsRelapse = "words_relapse"  // categories
)

// The codes of a line of evidence (Flag.Facts).
const (
	FactAnswer       = "answer"         // question, label, value
	FactAnswerOn     = "answer_on"      // question, label, value, date
	FactUsual        = "usual"          // question, label, count, mean, spread
	FactMissed       = "missed"         // at
	FactMissedNoTime = "missed_no_time" // nothing: a missed check-in whose time is not known
	FactQuote        = "quote"          // text, categories
	FactNote         = "note"           // text
)

// WhyCodes and FactCodes list every code, so that a test can check a content pack words them all.
var (
	WhyCodes = []string{WhyThreshold, WhyRunHigh, WhyRunLow, WhyBaselineHigh, WhyBaselineLow, WhySign,
		WhySilence, WhyAsked, WhyAskedWords, WhyWordsCrisis, WhyWordsConcern, WhyWordsSoft, WhyWordsRelapse}
	FactCodes = []string{FactAnswer, FactAnswerOn, FactUsual, FactMissed, FactMissedNoTime, FactQuote, FactNote}
)

// The contexts a concern may carry in Args["context"], as Result.Context names them.
var ContextCodes = []string{"negation", "past", "reported", "media", "idiom", "plan", ContextEveryday}

func wording(code string, kv ...string) Wording {
	w := Wording{Code: code}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		if w.Args == nil {
			w.Args = map[string]string{}
		}
		w.Args[kv[i]] = kv[i+1]
	}
	return w
}

func itoa(n int) string { return strconv.Itoa(n) }

// answerFact is one answer as evidence, with its day when known.
func answerFact(s Scale, v int, at time.Time) Wording {
	if at.IsZero() {
		return wording(FactAnswer, "question", s.Question, "label", s.Label, "value", itoa(v))
	}
	return wording(FactAnswerOn, "question", s.Question, "label", s.Label, "value", itoa(v), "date", at.Format(time.DateOnly))
}

// CategoryName is how the lists name a category in English (their @name, or plain words): what
// a pack that has no words of its own for the category falls back to.
func (s *Screener) CategoryName(c Category) string { return s.categoryName(c) }

// Flag is ScreenFlag with its reason and evidence as codes too (Why and Facts), for the bot to
// word in each reader's language. The zero Flag for a Result of tier none.
func (s *Screener) Flag(r Result) Flag {
	f := s.ScreenFlag(r)
	if f.Kind == "" {
		return f
	}
	var cats []string
	for _, m := range r.Matches {
		c := string(m.Category)
		if !containsString(cats, c) {
			cats = append(cats, c)
		}
		f.Facts = append(f.Facts, wording(FactQuote, "text", m.Excerpt, "categories", c))
	}
	about := strings.Join(cats, ",")
	switch r.Tier {
	case TierCrisis:
		f.Why = wording(WhyWordsCrisis, "categories", about)
	case TierConcern:
		var ctx []string
		for _, c := range r.Context {
			if containsString(ContextCodes, c) && !containsString(ctx, c) {
				ctx = append(ctx, c)
			}
		}
		f.Why = wording(WhyWordsConcern, "categories", about)
		if len(ctx) > 0 {
			f.Why = wording(WhyWordsSoft, "categories", about, "context", strings.Join(ctx, ","))
		}
	case TierRelapse:
		f.Why = wording(WhyWordsRelapse, "categories", about)
	}
	return f
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
