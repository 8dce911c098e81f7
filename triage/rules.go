package triage

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Checkin is one check-in as the rules see it.
type Checkin struct {
	ID     int64
	At     time.Time         // when it was due
	Status string            // "answered", "partial", "missed", "not_now", "open"
	Scale  map[string]int    // scale answers by question id (skipped questions absent)
	Choice map[string]string // yes/no and choice answers by question id
	Texts  []string          // free-text answers
}

// The check-in statuses the rules tell apart.
const (
	StatusAnswered = "answered"
	StatusPartial  = "partial"
	StatusMissed   = "missed"
	StatusNotNow   = "not_now"
	StatusOpen     = "open"
)

// The ends of a scale a worker may want to know about.
const (
	ConcernHigh = "high"
	ConcernLow  = "low"
)

// Scale describes one scale question: its range and which end is worrying. Label names it in a
// flag's Reason ("Distress from voices"); without one the question id is used.
type Scale struct {
	Question string
	Min, Max int
	Concern  string // "high" or "low"
	Label    string
}

// Threshold fires when an answer reaches Value at the concerning end of its scale: >= Value
// when high is worrying, <= Value when low is. Urgent thresholds make an urgent flag.
type Threshold struct {
	Question string
	Value    int
	Urgent   bool
}

// Run fires when the Threshold (Question, Value) is met on Count answered check-ins in a row,
// the latest among them. A check-in where the question was not answered (missed, "not now",
// or the question skipped) neither counts nor breaks the run; an answer short of Value breaks it.
type Run struct {
	Question string
	Value    int
	Count    int
}

// Baseline fires when the latest answer is more than Delta of the person's own standard
// deviations beyond their mean over Window, at the concerning end, once they have MinHistory
// earlier answers to that question in the Window.
//
// The standard deviation is never taken as less than Floor (in scale points), so a history of
// the same answer every day still works: on a 1 to 5 scale the Floor is 0.5, and with Delta 2
// someone who always answers 2 is flagged at 4 or 5, not at 3. A Floor of 0 means an eighth of
// the scale's range (0.5 on 1 to 5, 1.25 on 0 to 10). A Delta of 0 or less turns the rule off;
// a Window of 0 or less uses the whole history; MinHistory below 2 is taken as 2.
type Baseline struct {
	MinHistory int
	Window     time.Duration
	Delta      float64
	Floor      float64
}

// Rules are what Evaluate and Silence apply. Each scale rule needs its question described in
// Scales; Validate checks that.
type Rules struct {
	Scales     []Scale
	Thresholds []Threshold
	Runs       []Run
	Baseline   Baseline
	// SilenceAfter is how many check-ins missed in a row raise a silence flag (3 if 0 or less).
	SilenceAfter int
	// Signs are the ids of the person's own early-warning-sign questions, asked as scales where
	// a higher answer means more of the sign. A rise beyond their own usual, by the Baseline
	// rule, raises a "sign" flag for each sign. A sign listed in Scales takes its range and
	// label from there; otherwise it is taken as 1 to 5.
	Signs []string
	// Words, when set, screens the latest check-in's free-text answers (a content pack's
	// Screener); the lists live in the content pack.
	Words *Screener
}

// DefaultSilence is how many missed check-ins in a row raise a silence flag when the rules leave
// SilenceAfter unset. The rules themselves (thresholds, runs, baseline, silence) have one source,
// the content pack's flags.yaml, which the bot turns into Rules.
const DefaultSilence = 3

// Validate reports rules that could not fire as written: a threshold or run on a question
// with no Scale, a Concern other than high or low, a value outside the scale, a run shorter
// than 2. Load rules through it, since Evaluate skips a rule it cannot read rather than guess
// which end of a scale is worrying.
func (r Rules) Validate() error {
	var errs []error
	seen := map[string]bool{}
	for _, s := range r.Scales {
		switch {
		case s.Question == "":
			errs = append(errs, errors.New("a scale has no question id"))
		case seen[s.Question]:
			errs = append(errs, fmt.Errorf("scale %s is described twice", s.Question))
		case s.Min >= s.Max:
			errs = append(errs, fmt.Errorf("scale %s: min %d is not below max %d", s.Question, s.Min, s.Max))
		case s.Concern != ConcernHigh && s.Concern != ConcernLow:
			errs = append(errs, fmt.Errorf("scale %s: concern should be high or low, not %q", s.Question, s.Concern))
		}
		seen[s.Question] = true
	}
	inRange := func(what, q string, v int) {
		s, ok := r.scale(q)
		if !ok {
			errs = append(errs, fmt.Errorf("%s on %s: no scale describes %s", what, q, q))
			return
		}
		if v < s.Min || v > s.Max {
			errs = append(errs, fmt.Errorf("%s on %s: %d is outside %d to %d", what, q, v, s.Min, s.Max))
		}
	}
	for _, t := range r.Thresholds {
		inRange("threshold", t.Question, t.Value)
	}
	for _, run := range r.Runs {
		inRange("run", run.Question, run.Value)
		if run.Count < 2 {
			errs = append(errs, fmt.Errorf("run on %s: count %d should be 2 or more (use a threshold for 1)", run.Question, run.Count))
		}
	}
	if r.Baseline.Delta > 0 && r.Baseline.Floor < 0 {
		errs = append(errs, errors.New("baseline: floor is negative"))
	}
	for _, sg := range r.Signs {
		if sg == "" {
			errs = append(errs, errors.New("a sign has no question id"))
		}
	}
	return errors.Join(errs...)
}

// Kind says which rule raised a flag.
type Kind string

// The kinds of flag.
const (
	KindThreshold Kind = "threshold"
	KindRun       Kind = "run"
	KindBaseline  Kind = "baseline"
	KindSign      Kind = "sign"
	KindWords     Kind = "words"
	KindSilence   Kind = "silence"
	KindAsked     Kind = "asked"
)

// Flag is a reason for a worker to look.
type Flag struct {
	Kind Kind
	// Key is a stable identity for de-duplication: the same Key for the same person while a
	// flag is open means "add evidence to the open one". It is "threshold:<question>",
	// "run:<question>", "baseline:<question>", "sign:<question>", "words", "silence" or
	// "asked".
	Key string
	// Urgent is set for worrying words, urgent thresholds, and a request for contact whose
	// note has worrying words.
	Urgent bool
	// Reason is one plain-English line, for tools and logs.
	Reason string
	// Evidence quotes briefly what fired it, in English: "stress: 5", a text excerpt.
	Evidence []string
	// Why and Facts are Reason and Evidence as codes with their values, for the bot to word in
	// each reader's language (see Wording).
	Why   Wording
	Facts []Wording
}

// Evaluate applies the rules to the latest check-in given the person's earlier check-ins
// (oldest first, not including latest): thresholds, runs, the baseline and signs on its scale
// answers, and worrying words in its free-text answers when r.Words is set. It gives at most
// one flag per Key, urgent flags first; nil when nothing fired.
func Evaluate(r Rules, history []Checkin, latest Checkin) []Flag {
	var flags []Flag
	flags = append(flags, r.words(latest)...)
	flags = append(flags, r.thresholds(latest)...)
	flags = append(flags, r.runs(history, latest)...)
	flags = append(flags, r.baselines(history, latest)...)
	sort.SliceStable(flags, func(i, j int) bool { return flags[i].Urgent && !flags[j].Urgent })
	return flags
}

func (r Rules) scale(q string) (Scale, bool) {
	for _, s := range r.Scales {
		if s.Question == q {
			return s, true
		}
	}
	return Scale{}, false
}

// worrying says whether answer v reaches value at the concerning end of s.
func worrying(s Scale, v, value int) bool {
	switch s.Concern {
	case ConcernHigh:
		return v >= value
	case ConcernLow:
		return v <= value
	}
	return false
}

func label(s Scale) string {
	if s.Label != "" {
		return s.Label
	}
	l := strings.ReplaceAll(s.Question, "_", " ")
	if l == "" {
		return l
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

func (r Rules) words(latest Checkin) []Flag {
	if r.Words == nil {
		return nil
	}
	// The texts of one check-in make one flag, at the highest tier any of them reaches.
	var all Result
	all.Tier = TierNone
	for _, t := range latest.Texts {
		res := r.Words.ScreenAs(t, SurfaceCheckin)
		all = mergeResults(all, res)
	}
	if all.Tier == TierNone {
		return nil
	}
	return []Flag{r.Words.Flag(all)}
}

func (r Rules) thresholds(latest Checkin) []Flag {
	var flags []Flag
	index := map[string]int{}
	for _, t := range r.Thresholds {
		s, ok := r.scale(t.Question)
		v, answered := latest.Scale[t.Question]
		if !ok || !answered || !worrying(s, v, t.Value) {
			continue
		}
		// Two thresholds on one question (4 flags, 5 flags urgently) make one flag.
		if i, dup := index[t.Question]; dup {
			flags[i].Urgent = flags[i].Urgent || t.Urgent
			continue
		}
		index[t.Question] = len(flags)
		flags = append(flags, Flag{
			Kind:     KindThreshold,
			Key:      "threshold:" + t.Question,
			Urgent:   t.Urgent,
			Reason:   fmt.Sprintf("%s at %d of %d", label(s), v, s.Max),
			Evidence: []string{fmt.Sprintf("%s: %d", t.Question, v)},
			Why:      wording(WhyThreshold, "question", s.Question, "label", s.Label, "value", itoa(v), "max", itoa(s.Max)),
			Facts:    []Wording{answerFact(s, v, time.Time{})},
		})
	}
	return flags
}

func (r Rules) runs(history []Checkin, latest Checkin) []Flag {
	var flags []Flag
	done := map[string]bool{}
	for _, run := range r.Runs {
		s, ok := r.scale(run.Question)
		if !ok || run.Count < 1 || done[run.Question] {
			continue
		}
		n, evidence, facts := runLength(s, run.Value, history, latest)
		if n < run.Count {
			continue
		}
		done[run.Question] = true
		end, code := "or higher", WhyRunHigh
		if s.Concern == ConcernLow {
			end, code = "or lower", WhyRunLow
		}
		flags = append(flags, Flag{
			Kind:     KindRun,
			Key:      "run:" + run.Question,
			Reason:   fmt.Sprintf("%s %d %s on %d check-ins in a row", label(s), run.Value, end, n),
			Evidence: evidence,
			Why:      wording(code, "question", s.Question, "label", s.Label, "value", itoa(run.Value), "count", itoa(n)),
			Facts:    facts,
		})
	}
	return flags
}

// runLength counts the answers at or beyond value, in a row, ending with the latest check-in.
// Check-ins without an answer to the question are passed over.
func runLength(s Scale, value int, history []Checkin, latest Checkin) (int, []string, []Wording) {
	v, ok := latest.Scale[s.Question]
	if !ok || !worrying(s, v, value) {
		return 0, nil, nil
	}
	n := 1
	evidence := []string{answerEvidence(s.Question, v, latest.At)}
	facts := []Wording{answerFact(s, v, latest.At)}
	for i := len(history) - 1; i >= 0; i-- {
		v, ok := history[i].Scale[s.Question]
		if !ok {
			continue
		}
		if !worrying(s, v, value) {
			break
		}
		n++
		evidence = append(evidence, answerEvidence(s.Question, v, history[i].At))
		facts = append(facts, answerFact(s, v, history[i].At))
	}
	// Oldest first, as the worker reads a story.
	slices.Reverse(evidence)
	slices.Reverse(facts)
	return n, evidence, facts
}

func answerEvidence(q string, v int, at time.Time) string {
	if at.IsZero() {
		return fmt.Sprintf("%s: %d", q, v)
	}
	return fmt.Sprintf("%s: %d on %s", q, v, at.Format("2 Jan"))
}

func (r Rules) baselines(history []Checkin, latest Checkin) []Flag {
	b := r.Baseline
	if b.Delta <= 0 {
		return nil
	}
	var flags []Flag
	isSign := map[string]bool{}
	for _, q := range r.Signs {
		isSign[q] = true
	}
	for _, s := range r.Scales {
		if isSign[s.Question] {
			continue // judged as a sign below, once
		}
		if f, ok := departure(b, s, history, latest); ok {
			f.Kind, f.Key = KindBaseline, "baseline:"+s.Question
			flags = append(flags, f)
		}
	}
	done := map[string]bool{}
	for _, q := range r.Signs {
		if q == "" || done[q] {
			continue
		}
		done[q] = true
		s, ok := r.scale(q)
		if !ok {
			s = Scale{Question: q, Min: 1, Max: 5}
		}
		// A sign is worrying when it rises, whatever its Scale says.
		s.Concern = ConcernHigh
		if f, ok := departure(b, s, history, latest); ok {
			f.Kind, f.Key = KindSign, "sign:"+q
			f.Reason = "Early warning sign " + strconv.Quote(label(s)) + strings.TrimPrefix(f.Reason, label(s))
			f.Why.Code = WhySign
			flags = append(flags, f)
		}
	}
	return flags
}

// departure checks the latest answer to s against the person's own mean and spread.
func departure(b Baseline, s Scale, history []Checkin, latest Checkin) (Flag, bool) {
	v, ok := latest.Scale[s.Question]
	if !ok {
		return Flag{}, false
	}
	var xs []float64
	for _, c := range history {
		x, ok := c.Scale[s.Question]
		if !ok {
			continue
		}
		if b.Window > 0 && !latest.At.IsZero() && !c.At.After(latest.At.Add(-b.Window)) {
			continue // older than the window
		}
		xs = append(xs, float64(x))
	}
	need := max(b.MinHistory, 2)
	if len(xs) < need {
		return Flag{}, false
	}
	mean, sd := meanSD(xs)
	floor := b.Floor
	if floor <= 0 {
		floor = float64(s.Max-s.Min) / 8
		if floor <= 0 {
			floor = 0.5
		}
	}
	sd = math.Max(sd, floor)
	var fired bool
	var dir, code string
	switch s.Concern {
	case ConcernHigh:
		fired, dir, code = float64(v) > mean+b.Delta*sd, "above", WhyBaselineHigh
	case ConcernLow:
		fired, dir, code = float64(v) < mean-b.Delta*sd, "below", WhyBaselineLow
	}
	if !fired {
		return Flag{}, false
	}
	usual := strconv.FormatFloat(math.Round(mean*10)/10, 'f', -1, 64)
	spread := strconv.FormatFloat(math.Round(sd*100)/100, 'f', -1, 64)
	return Flag{
		Why: wording(code, "question", s.Question, "label", s.Label, "usual", usual, "value", itoa(v)),
		Facts: []Wording{answerFact(s, v, time.Time{}),
			wording(FactUsual, "question", s.Question, "label", s.Label, "count", itoa(len(xs)), "mean", usual, "spread", spread)},
		Reason: fmt.Sprintf("%s well %s their usual (usually %s, today %d)", label(s), dir, usual, v),
		Evidence: []string{
			fmt.Sprintf("%s: %d", s.Question, v),
			fmt.Sprintf("%s over %d earlier answers: mean %s, spread %s", s.Question, len(xs), usual, spread),
		},
	}, true
}

// meanSD is the mean and the sample standard deviation.
func meanSD(xs []float64) (float64, float64) {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}

// Silence checks the most recent check-ins (oldest first) for a run of missed ones: it gives a
// flag when the last SilenceAfter or more check-ins that have closed were all missed. Open
// check-ins (not yet due to be judged) are passed over. "Not now" is the person answering —
// they saw the check-in and chose — so it ends a silence, as an answered or partial one does.
func Silence(r Rules, recent []Checkin) *Flag {
	k := r.SilenceAfter
	if k <= 0 {
		k = DefaultSilence
	}
	n := 0
	var evidence []string
	var facts []Wording
	for i := len(recent) - 1; i >= 0; i-- {
		c := recent[i]
		if c.Status == StatusOpen {
			continue
		}
		if c.Status != StatusMissed {
			break
		}
		n++
		if c.At.IsZero() {
			evidence = append(evidence, "missed")
			facts = append(facts, wording(FactMissedNoTime))
		} else {
			evidence = append(evidence, "missed: "+c.At.Format("Mon 2 Jan 15:04"))
			facts = append(facts, wording(FactMissed, "at", c.At.Format(time.RFC3339)))
		}
	}
	if n < k {
		return nil
	}
	slices.Reverse(evidence)
	slices.Reverse(facts)
	return &Flag{
		Kind:     KindSilence,
		Key:      "silence",
		Reason:   fmt.Sprintf("%d check-ins missed in a row", n),
		Evidence: evidence,
		Why:      wording(WhySilence, "count", itoa(n)),
		Facts:    facts,
	}
}

// maxNote is how much of a request's note is quoted in its Evidence.
const maxNote = 200

// Asked is the flag for a person asking their worker to get in touch, with their note (which
// may be empty) as its Evidence. It is urgent when words (a content pack's Screener, may be nil)
// find crisis-tier words in the note; the caller should still screen the note for a words flag
// of its own.
func Asked(note string, words *Screener) Flag {
	f := Flag{Kind: KindAsked, Key: "asked", Reason: "Asked their worker to get in touch", Why: Wording{Code: WhyAsked}}
	note = squeeze(note)
	if note == "" {
		return f
	}
	if utf8.RuneCountInString(note) > maxNote {
		note = string([]rune(note)[:maxNote-1]) + "…"
	}
	f.Evidence = []string{strconv.Quote(note)}
	f.Facts = []Wording{wording(FactNote, "text", note)}
	if res := words.ScreenAs(note, SurfaceContact); res.Tier != TierNone {
		f.Urgent = res.Tier == TierCrisis
		var names, cats []string
		for _, m := range res.Matches {
			names = append(names, words.categoryName(m.Category))
			cats = append(cats, string(m.Category))
		}
		f.Reason += ", with words about " + joinAnd(names)
		f.Why = Wording{Code: WhyAskedWords, Args: map[string]string{"categories": strings.Join(cats, ",")}}
	}
	return f
}
