package content

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// checkinsFile is the file in a pack that holds the check-in question sets.
const checkinsFile = "checkins.yaml"

// Limits on check-in content. Labels become Telegram buttons, which a phone shows in a row, so
// they must be short; ids end up in callback data, which Telegram caps at 64 bytes.
const (
	MaxQuestionText = 1000 // characters in any question, title, intro or outro
	MaxLabel        = 20   // characters in a button label
	MaxScalePoints  = 10
	MinChoices      = 2
	MaxChoices      = 8
)

// RequiredSets are the question sets every pack must have: the bot schedules them by these ids.
var RequiredSets = []string{"daily", "weekly"}

var idPattern = regexp.MustCompile(`^[a-z0-9_]{1,16}$`)

// AnswerKind is how a question is answered.
type AnswerKind string

// The kinds of answer a question can take.
const (
	AnswerScale  AnswerKind = "scale"  // a row of buttons from Min to Max; the answer is the number
	AnswerYesNo  AnswerKind = "yesno"  // two buttons; the answer is "yes" or "no"
	AnswerChoice AnswerKind = "choice" // one button per Choice; the answer is the choice's ID
	AnswerText   AnswerKind = "text"   // free text typed by the person
)

// Concern values: which end of a scale a worker may want to know about.
const (
	ConcernHigh = "high"
	ConcernLow  = "low"
)

// Choice is one button of a choice question.
type Choice struct {
	ID    string            // the answer value, [a-z0-9_]{1,16}
	Label map[string]string // button text by language
}

// LabelIn returns the choice's button text in lang, or in the default language if lang has none.
func (c Choice) LabelIn(lang string) string {
	return inLang(c.Label, lang)
}

// Condition makes a question depend on the answer to an earlier one in the same set.
type Condition struct {
	Question string   // id of an earlier question
	Not      []string // answers to that question that mean this one is not asked
}

// Question is one check-in question.
type Question struct {
	ID      string              // [a-z0-9_]{1,16}, unique in its set; answers are stored under it
	Kind    AnswerKind          // how it is answered
	Text    map[string]string   // wording by language, Telegram HTML
	Min     int                 // scale only
	Max     int                 // scale only
	Labels  map[string][]string // scale only: one label per point, lowest first, by language
	Choices []Choice            // choice only
	Concern string              // scale only: "", ConcernHigh or ConcernLow
	AskIf   *Condition          // nil: always asked
	Line    int                 // line of the question in checkins.yaml, for error messages
}

// TextIn returns the question's wording in lang, or in the default language if lang has none.
func (q Question) TextIn(lang string) string {
	return inLang(q.Text, lang)
}

// LabelsIn returns a scale question's button labels in lang, lowest point first, falling back to
// the default language.
func (q Question) LabelsIn(lang string) []string {
	if l := q.Labels[lang]; len(l) > 0 {
		return l
	}
	return q.Labels[DefaultLanguage]
}

// Values returns the answers a button question accepts, in button order: "1".."5" for a 1-5
// scale, "yes" and "no", or the choice ids. A text question has none.
func (q Question) Values() []string {
	switch q.Kind {
	case AnswerScale:
		var vs []string
		for v := q.Min; v <= q.Max; v++ {
			vs = append(vs, strconv.Itoa(v))
		}
		return vs
	case AnswerYesNo:
		return []string{"yes", "no"}
	case AnswerChoice:
		vs := make([]string, len(q.Choices))
		for i, c := range q.Choices {
			vs[i] = c.ID
		}
		return vs
	}
	return nil
}

// ShouldAsk reports whether to ask q given the answers so far in this check-in (question id to
// answer value; skipped questions absent). A conditional question is asked only when the
// question it depends on was answered, and not with one of the excluded answers: someone who
// skipped "have you heard voices?" is not then asked how upsetting the voices were.
func (q Question) ShouldAsk(answers map[string]string) bool {
	if q.AskIf == nil {
		return true
	}
	a, ok := answers[q.AskIf.Question]
	return ok && !slices.Contains(q.AskIf.Not, a)
}

// QuestionSet is a check-in: a named list of questions asked one at a time.
type QuestionSet struct {
	ID        string
	Title     map[string]string
	Intro     map[string]string // optional: sent before the first question
	Outro     map[string]string // optional: sent after the last
	Questions []Question
}

// TitleIn returns the set's title in lang, falling back to the default language.
func (s *QuestionSet) TitleIn(lang string) string { return inLang(s.Title, lang) }

// IntroIn returns the set's introduction in lang, falling back to the default language.
func (s *QuestionSet) IntroIn(lang string) string { return inLang(s.Intro, lang) }

// OutroIn returns the set's closing message in lang, falling back to the default language.
func (s *QuestionSet) OutroIn(lang string) string { return inLang(s.Outro, lang) }

// Question returns the question with the given id.
func (s *QuestionSet) Question(id string) (*Question, bool) {
	for i := range s.Questions {
		if s.Questions[i].ID == id {
			return &s.Questions[i], true
		}
	}
	return nil, false
}

// checkins is what a pack's checkins.yaml holds.
type checkins struct {
	sets    []*QuestionSet
	yes, no map[string]string
}

// QuestionSet returns the set with the given id.
func (p *Pack) QuestionSet(id string) (*QuestionSet, bool) {
	for _, s := range p.checkins.sets {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

// QuestionSets returns every set, in the order of the file.
func (p *Pack) QuestionSets() []*QuestionSet {
	return slices.Clone(p.checkins.sets)
}

// YesNo returns the button labels for yes/no questions in lang, falling back to the default
// language.
func (p *Pack) YesNo(lang string) (yes, no string) {
	return inLang(p.checkins.yes, lang), inLang(p.checkins.no, lang)
}

func inLang(m map[string]string, lang string) string {
	if s, ok := m[lang]; ok && strings.TrimSpace(s) != "" {
		return s
	}
	return m[DefaultLanguage]
}

// loadCheckins reads and checks checkins.yaml. Every text must exist in every language of the
// pack. It reports all the problems it finds at once, each with its line, so whoever edits the
// file can fix them in one go.
func loadCheckins(fsys fs.FS, languages []string) (*checkins, error) {
	raw, err := fs.ReadFile(fsys, checkinsFile)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("content: %s: %w", checkinsFile, err)
	}
	unmatched, err := mergeTranslations(fsys, &doc, languages)
	if err != nil {
		return nil, err
	}
	r := &reader{file: checkinsFile, languages: languages}
	c := r.document(&doc)
	if err := r.err(); err != nil {
		return nil, err
	}
	if err := unmatchedError(unmatched); err != nil {
		return nil, err
	}
	return c, nil
}

// reader turns the YAML node tree into question sets, collecting problems as it goes.
type reader struct {
	file      string
	languages []string
	problems  []problem
	qkey      string // "<set>.<question>" while reading a question: its translation keys start so
}

type problem struct {
	line int
	msg  string
}

func (r *reader) add(line int, format string, args ...any) {
	r.problems = append(r.problems, problem{line, fmt.Sprintf(format, args...)})
}

func (r *reader) err() error {
	if len(r.problems) == 0 {
		return nil
	}
	sort.SliceStable(r.problems, func(i, j int) bool { return r.problems[i].line < r.problems[j].line })
	msgs := make([]string, len(r.problems))
	for i, p := range r.problems {
		msgs[i] = fmt.Sprintf("%s:%d: %s", r.file, p.line, p.msg)
	}
	return errors.New("content: " + strings.Join(msgs, "; "))
}

// field is a key and its value in a YAML mapping.
type field struct{ key, val *yaml.Node }

// fields reads a mapping, reporting keys it does not know (a misspelt "concern" should not be
// silently ignored) and keys given twice.
func (r *reader) fields(n *yaml.Node, where string, known ...string) map[string]field {
	out := map[string]field{}
	if n.Kind != yaml.MappingNode {
		r.add(n.Line, "%s should be a mapping of names to values", where)
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(known, k.Value):
			r.add(k.Line, "%s: unknown field %q (expected one of %s)", where, k.Value, strings.Join(known, ", "))
		case out[k.Value].key != nil:
			r.add(k.Line, "%s: %s is given twice", where, k.Value)
		default:
			out[k.Value] = field{k, v}
		}
	}
	return out
}

func (r *reader) scalar(f field, where string) (string, bool) {
	if f.val.Kind != yaml.ScalarNode {
		r.add(f.val.Line, "%s: %s should be a single value", where, f.key.Value)
		return "", false
	}
	return f.val.Value, true
}

func (r *reader) int(f field, where string) (int, bool) {
	s, ok := r.scalar(f, where)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		r.add(f.val.Line, "%s: %s should be a whole number, not %q", where, f.key.Value, s)
		return 0, false
	}
	return v, true
}

func (r *reader) id(n *yaml.Node, where string) string {
	if !idPattern.MatchString(n.Value) || n.Kind != yaml.ScalarNode {
		r.add(n.Line, "%s: id %q should be 1 to 16 of a-z, 0-9 and _", where, n.Value)
	}
	return n.Value
}

// languageKeys checks that a by-language mapping has every pack language and no others, and
// returns its values. key is the text's key in a translation file (see mergeTranslations), so a
// missing translation says what to add where.
func (r *reader) languageKeys(f field, where, key string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if f.val.Kind != yaml.MappingNode {
		r.add(f.val.Line, "%s: %s should be given by language, like  en: ...", where, f.key.Value)
		return out
	}
	for i := 0; i+1 < len(f.val.Content); i += 2 {
		k, v := f.val.Content[i], f.val.Content[i+1]
		switch {
		case !slices.Contains(r.languages, k.Value):
			r.add(k.Line, "%s: %s has language %q, which pack.yaml does not list", where, f.key.Value, k.Value)
		case out[k.Value] != nil:
			r.add(k.Line, "%s: %s in %s is given twice", where, f.key.Value, k.Value)
		default:
			out[k.Value] = v
		}
	}
	for _, lang := range r.languages {
		if _, ok := out[lang]; !ok {
			hint := ""
			if lang != DefaultLanguage {
				hint = fmt.Sprintf(": add %q to checkins.%s.yaml", key, lang)
			}
			r.add(f.key.Line, "%s: %s is missing in %s%s", where, f.key.Value, lang, hint)
		}
	}
	return out
}

// text reads a by-language text that is sent as a Telegram HTML message.
func (r *reader) text(f field, where, key string) map[string]string {
	out := map[string]string{}
	for lang, n := range r.languageKeys(f, where, key) {
		if n.Kind != yaml.ScalarNode {
			r.add(n.Line, "%s: %s in %s should be text", where, f.key.Value, lang)
			continue
		}
		s := n.Value
		switch {
		case strings.TrimSpace(s) == "":
			r.add(n.Line, "%s: %s is empty in %s", where, f.key.Value, lang)
		case len([]rune(s)) > MaxQuestionText:
			r.add(n.Line, "%s: %s in %s is %d characters, over the limit of %d", where, f.key.Value, lang, len([]rune(s)), MaxQuestionText)
		}
		if err := CheckHTML(s); err != nil {
			r.add(n.Line, "%s: %s in %s: %v", where, f.key.Value, lang, err)
		}
		out[lang] = s
	}
	return out
}

func (r *reader) label(n *yaml.Node, where, lang string) string {
	s := n.Value
	switch {
	case n.Kind != yaml.ScalarNode:
		r.add(n.Line, "%s: label in %s should be text", where, lang)
	case strings.TrimSpace(s) == "":
		r.add(n.Line, "%s: a label in %s is empty", where, lang)
	case len([]rune(s)) > MaxLabel:
		r.add(n.Line, "%s: label %q in %s is %d characters, but a button takes at most %d", where, s, lang, len([]rune(s)), MaxLabel)
	}
	return s
}

// labels reads a by-language button label.
func (r *reader) labels(f field, where, key string) map[string]string {
	out := map[string]string{}
	for lang, n := range r.languageKeys(f, where, key) {
		out[lang] = r.label(n, where, lang)
	}
	return out
}

func (r *reader) document(doc *yaml.Node) *checkins {
	c := &checkins{}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		r.add(1, "the file is empty, but it needs yes, no and sets")
		return c
	}
	top := r.fields(doc.Content[0], "the file", "yes", "no", "sets")
	for _, k := range []string{"yes", "no"} {
		if _, ok := top[k]; !ok {
			r.add(doc.Content[0].Line, "%s (the label of the %s button) is missing", k, k)
		}
	}
	if f, ok := top["yes"]; ok {
		c.yes = r.labels(f, "button label", "yes")
	}
	if f, ok := top["no"]; ok {
		c.no = r.labels(f, "button label", "no")
	}
	setsField, ok := top["sets"]
	if !ok {
		r.add(doc.Content[0].Line, "sets is missing")
		return c
	}
	if setsField.val.Kind != yaml.SequenceNode {
		r.add(setsField.val.Line, "sets should be a list")
		return c
	}
	seen := map[string]int{}
	for _, n := range setsField.val.Content {
		s := r.set(n)
		if s.ID == "" {
			continue
		}
		if line, dup := seen[s.ID]; dup {
			r.add(n.Line, "set %q is defined twice (first on line %d)", s.ID, line)
			continue
		}
		seen[s.ID] = n.Line
		c.sets = append(c.sets, s)
	}
	for _, id := range RequiredSets {
		if _, ok := seen[id]; !ok {
			r.add(setsField.key.Line, "set %q is required", id)
		}
	}
	return c
}

func (r *reader) set(n *yaml.Node) *QuestionSet {
	s := &QuestionSet{}
	fm := r.fields(n, "set", "id", "title", "intro", "outro", "questions")
	f, ok := fm["id"]
	if !ok {
		r.add(n.Line, "set: id is missing")
		return s
	}
	s.ID = r.id(f.val, "set")
	where := fmt.Sprintf("set %q", s.ID)
	if f, ok := fm["title"]; ok {
		s.Title = r.text(f, where, s.ID+".title")
	} else {
		r.add(n.Line, "%s: title is missing", where)
	}
	if f, ok := fm["intro"]; ok {
		s.Intro = r.text(f, where, s.ID+".intro")
	}
	if f, ok := fm["outro"]; ok {
		s.Outro = r.text(f, where, s.ID+".outro")
	}
	qf, ok := fm["questions"]
	if !ok || qf.val.Kind != yaml.SequenceNode || len(qf.val.Content) == 0 {
		r.add(n.Line, "%s: questions should be a list of at least one question", where)
		return s
	}
	seen := map[string]int{}
	for _, qn := range qf.val.Content {
		q := r.question(qn, s)
		if q.ID == "" {
			continue
		}
		if line, dup := seen[q.ID]; dup {
			r.add(qn.Line, "question %q is in set %q twice (first on line %d)", q.ID, s.ID, line)
			continue
		}
		seen[q.ID] = qn.Line
		s.Questions = append(s.Questions, q)
	}
	return s
}

var kinds = []AnswerKind{AnswerScale, AnswerYesNo, AnswerChoice, AnswerText}

// question reads one question; s holds the questions before it, which ask_if may refer to.
func (r *reader) question(n *yaml.Node, s *QuestionSet) Question {
	q := Question{Line: n.Line}
	fm := r.fields(n, "question", "id", "kind", "text", "min", "max", "labels", "choices", "concern", "ask_if")
	f, ok := fm["id"]
	if !ok {
		r.add(n.Line, "question: id is missing")
		return q
	}
	q.ID = r.id(f.val, "question")
	where := fmt.Sprintf("question %q", q.ID)
	r.qkey = s.ID + "." + q.ID

	if f, ok := fm["text"]; ok {
		q.Text = r.text(f, where, r.qkey+".text")
	} else {
		r.add(n.Line, "%s: text is missing", where)
	}

	f, ok = fm["kind"]
	if !ok {
		r.add(n.Line, "%s: kind is missing (scale, yesno, choice or text)", where)
		return q
	}
	kind, _ := r.scalar(f, where)
	q.Kind = AnswerKind(kind)
	if !slices.Contains(kinds, q.Kind) {
		r.add(f.val.Line, "%s: unknown kind %q (use scale, yesno, choice or text)", where, kind)
		return q
	}

	// Fields that belong to one kind only: a stray one usually means the kind is wrong.
	only := map[string]AnswerKind{"min": AnswerScale, "max": AnswerScale, "labels": AnswerScale, "concern": AnswerScale, "choices": AnswerChoice}
	for _, name := range []string{"min", "max", "labels", "concern", "choices"} {
		if f, ok := fm[name]; ok && only[name] != q.Kind {
			r.add(f.key.Line, "%s: %s is only for %s questions, and this is %s", where, name, only[name], q.Kind)
		}
	}

	switch q.Kind {
	case AnswerScale:
		r.scale(n, fm, &q, where)
	case AnswerChoice:
		r.choices(n, fm, &q, where)
	}

	if f, ok := fm["ask_if"]; ok {
		q.AskIf = r.condition(f, s, where)
	}
	return q
}

func (r *reader) scale(n *yaml.Node, fm map[string]field, q *Question, where string) {
	minF, okMin := fm["min"]
	maxF, okMax := fm["max"]
	if !okMin || !okMax {
		r.add(n.Line, "%s: a scale needs min and max", where)
		return
	}
	lo, ok1 := r.int(minF, where)
	hi, ok2 := r.int(maxF, where)
	if !ok1 || !ok2 {
		return
	}
	if lo < 0 || hi <= lo || hi-lo+1 > MaxScalePoints {
		r.add(minF.key.Line, "%s: scale %d to %d should run upwards from 0 or more, with 2 to %d points", where, lo, hi, MaxScalePoints)
		return
	}
	q.Min, q.Max = lo, hi
	points := hi - lo + 1

	if f, ok := fm["concern"]; ok {
		q.Concern, _ = r.scalar(f, where)
		if q.Concern != ConcernHigh && q.Concern != ConcernLow {
			r.add(f.val.Line, "%s: concern should be high or low, not %q", where, q.Concern)
		}
	}

	f, ok := fm["labels"]
	if !ok {
		r.add(n.Line, "%s: a scale needs labels, one for each point", where)
		return
	}
	q.Labels = map[string][]string{}
	for lang, ln := range r.languageKeys(f, where, r.qkey+".labels") {
		if ln.Kind != yaml.SequenceNode {
			r.add(ln.Line, "%s: labels in %s should be a list", where, lang)
			continue
		}
		if len(ln.Content) != points {
			r.add(ln.Line, "%s: scale has %d points but %d labels in %s", where, points, len(ln.Content), lang)
		}
		for _, item := range ln.Content {
			q.Labels[lang] = append(q.Labels[lang], r.label(item, where, lang))
		}
	}
}

func (r *reader) choices(n *yaml.Node, fm map[string]field, q *Question, where string) {
	f, ok := fm["choices"]
	if !ok {
		r.add(n.Line, "%s: a choice question needs choices", where)
		return
	}
	if f.val.Kind != yaml.SequenceNode {
		r.add(f.val.Line, "%s: choices should be a list", where)
		return
	}
	if k := len(f.val.Content); k < MinChoices || k > MaxChoices {
		r.add(f.key.Line, "%s: has %d choices, but needs %d to %d", where, k, MinChoices, MaxChoices)
	}
	seen := map[string]bool{}
	for _, cn := range f.val.Content {
		cfs := r.fields(cn, where+": choice", "id", "label")
		var c Choice
		if idf, ok := cfs["id"]; ok {
			c.ID = r.id(idf.val, where+": choice")
			if seen[c.ID] {
				r.add(idf.val.Line, "%s: choice %q is given twice", where, c.ID)
			}
			seen[c.ID] = true
		} else {
			r.add(cn.Line, "%s: a choice has no id", where)
		}
		if lf, ok := cfs["label"]; ok {
			c.Label = r.labels(lf, fmt.Sprintf("%s: choice %q", where, c.ID), r.qkey+".choices."+c.ID)
		} else {
			r.add(cn.Line, "%s: choice %q has no label", where, c.ID)
		}
		q.Choices = append(q.Choices, c)
	}
}

func (r *reader) condition(f field, s *QuestionSet, where string) *Condition {
	fm := r.fields(f.val, where+": ask_if", "question", "not")
	c := &Condition{}
	qf, ok := fm["question"]
	if !ok {
		r.add(f.key.Line, "%s: ask_if needs the question it depends on", where)
		return c
	}
	c.Question, _ = r.scalar(qf, where)
	dep, ok := s.Question(c.Question)
	if !ok {
		r.add(qf.val.Line, "%s: ask_if refers to %q, which is not an earlier question in set %q", where, c.Question, s.ID)
		return c
	}
	if dep.Kind == AnswerText {
		r.add(qf.val.Line, "%s: ask_if cannot depend on %q, a text question", where, c.Question)
		return c
	}
	nf, ok := fm["not"]
	if !ok || nf.val.Kind != yaml.SequenceNode || len(nf.val.Content) == 0 {
		r.add(f.key.Line, "%s: ask_if needs not: a list of answers to %q that skip this question", where, c.Question)
		return c
	}
	valid := dep.Values()
	for _, vn := range nf.val.Content {
		if !slices.Contains(valid, vn.Value) {
			r.add(vn.Line, "%s: ask_if: %q is not an answer to %q (answers: %s)", where, vn.Value, c.Question, strings.Join(valid, ", "))
		}
		c.Not = append(c.Not, vn.Value)
	}
	return c
}
