package content

import (
	"cmp"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"go.yaml.in/yaml/v3"
)

// Lessons are short psychoeducation, sent in chat one message at a time with a "next" button and
// ending with a reflection question whose answer the person may choose to share with their
// worker. A clinician edits them as Markdown files in a pack's lessons folder, no code needed:
//
//	lessons/01-recovery.md        the English lesson (every lesson must exist in English)
//	lessons/01-recovery.es.md     its Spanish translation (English is sent without one, and
//	                              `tandem content check` warns that the lesson lacks it)
//
// A lesson file is a front matter block between two lines of three dashes, then the messages,
// separated by lines of three dashes:
//
//	---
//	id: recovery                  # a-z, 0-9 and _, at most 16; stored in people's history, so keep it
//	title: What recovery means    # plain text, at most 60 characters: it is a button label
//	topic: recovery               # one of LessonTopics
//	order: 1                      # where it comes in the course; unique
//	sources:                      # the public sources it draws on
//	  - "Leamy M, et al. (2011). ..."
//	reflection: "What helps you feel hopeful, even a little?"
//	---
//	First message.
//
//	---
//
//	Second message.
//
// Messages and the reflection are Telegram HTML (<b>, <i>, <u>, <s>, <a href>, <code>, <pre>,
// <blockquote>; write &amp; and &lt; for & and <), not Markdown. Every line break in a message
// is a line break in the chat, so do not wrap long lines. A translation has only id (the same as
// the English lesson's), title and reflection in its front matter, and the same number of
// messages; its topic, order and sources are the English lesson's.

// lessonsDir is the folder of a pack that holds its lessons.
const lessonsDir = "lessons"

// Limits on lessons.
const (
	MinLessonMessages = 3
	MaxLessonMessages = 6
	// MaxLessonTitle is the longest title, in characters: titles are shown as button labels.
	MaxLessonTitle = 60
	// MaxMessageLength is Telegram's limit on a message's text, counted after its HTML tags are
	// removed and its entities decoded (in UTF-16 code units, as Telegram counts).
	MaxMessageLength = 4096
)

// LessonTopics are the topics a lesson may have. The bot may group or suggest lessons by topic,
// so a pack cannot invent new ones.
var LessonTopics = []string{
	"recovery", "psychosis", "staying_well", "voices", "sleep", "stress", "medication",
	"physical_health", "alcohol_drugs", "relationships", "values", "appointments", "crisis",
}

// Lesson is one lesson in one language.
type Lesson struct {
	ID         string   // [a-z0-9_]{1,16}, unique in the pack; the same in every translation
	Title      string   // plain text (a button label): escape it before putting it in HTML
	Topic      string   // one of LessonTopics
	Order      int      // position in the course, unique in the pack
	Sources    []string // public sources the lesson draws on
	Reflection string   // the closing question, Telegram HTML
	Messages   []string // what is sent, one message per "next", Telegram HTML
	File       string   // where it came from in the pack, e.g. "lessons/01-recovery.md"
	Language   string   // DefaultLanguage, or the language of a translation

	translations map[string]*Lesson // English lessons only: language -> translation
}

// Grade is the lesson's Flesch-Kincaid grade level: its messages and reflection read together.
func (l *Lesson) Grade() float64 {
	return Grade(l.text())
}

// Readability measures the lesson, its messages and reflection read together, by the measure
// for its language; false for a language Tandem has none for.
func (l *Lesson) Readability() (Readability, bool) {
	return ReadabilityIn(l.text(), l.Language)
}

func (l *Lesson) text() string {
	return strings.Join(append(slices.Clone(l.Messages), l.Reflection), "\n\n")
}

// Lessons returns every lesson in English, in course order.
func (p *Pack) Lessons() []*Lesson {
	return slices.Clone(p.lessons)
}

// Lesson returns the English lesson with the given id.
func (p *Pack) Lesson(id string) (*Lesson, bool) {
	for _, l := range p.lessons {
		if l.ID == id {
			return l, true
		}
	}
	return nil, false
}

// LessonIn returns the lesson with the given id in lang, or in English when it has no
// translation into lang: lessons, unlike the interface, need not be translated.
func (p *Pack) LessonIn(id, lang string) (*Lesson, bool) {
	l, ok := p.Lesson(id)
	if !ok {
		return nil, false
	}
	if t, ok := l.translations[lang]; ok {
		return t, true
	}
	return l, true
}

// NextLesson returns the English lesson that comes after afterID in course order, or the first
// lesson when afterID is "". It returns false after the last lesson and for an unknown id.
func (p *Pack) NextLesson(afterID string) (*Lesson, bool) {
	if afterID == "" {
		if len(p.lessons) == 0 {
			return nil, false
		}
		return p.lessons[0], true
	}
	i := slices.IndexFunc(p.lessons, func(l *Lesson) bool { return l.ID == afterID })
	if i < 0 || i+1 >= len(p.lessons) {
		return nil, false
	}
	return p.lessons[i+1], true
}

// loadLessons reads and checks a pack's lessons. A pack without a lessons folder has no lessons.
// Every problem that would make the bot send something wrong, or that Telegram would refuse,
// fails the load; readability is left to Check, so a service's own wording cannot stop Tandem
// from starting.
func loadLessons(fsys fs.FS, languages []string) ([]*Lesson, error) {
	lessons, r := readLessons(fsys, languages)
	if err := r.err(); err != nil {
		return nil, err
	}
	return lessons, nil
}

// lessonProblem is a problem in a lesson file. A lint is advice Check gives but Load ignores.
type lessonProblem struct {
	file string
	line int
	msg  string
	lint bool
}

func (p lessonProblem) String() string {
	if p.line == 0 {
		return p.file + ": " + p.msg
	}
	return fmt.Sprintf("%s:%d: %s", p.file, p.line, p.msg)
}

// lessonReader reads lesson files, collecting every problem so they can be fixed in one go.
type lessonReader struct {
	problems []lessonProblem
}

func (r *lessonReader) add(file string, line int, format string, args ...any) {
	r.problems = append(r.problems, lessonProblem{file, line, fmt.Sprintf(format, args...), false})
}

func (r *lessonReader) lint(file string, line int, format string, args ...any) {
	r.problems = append(r.problems, lessonProblem{file, line, fmt.Sprintf(format, args...), true})
}

// sorted returns the problems by file and line; lints only when withLints.
func (r *lessonReader) sorted(withLints bool) []lessonProblem {
	var out []lessonProblem
	for _, p := range r.problems {
		if withLints || !p.lint {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b lessonProblem) int {
		return cmp.Or(strings.Compare(a.file, b.file), cmp.Compare(a.line, b.line))
	})
	return out
}

func (r *lessonReader) err() error {
	ps := r.sorted(false)
	if len(ps) == 0 {
		return nil
	}
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.String()
	}
	return errors.New("content: " + strings.Join(msgs, "; "))
}

// lessonDraft is a lesson as read from its file, with the lines its checks report on.
type lessonDraft struct {
	*Lesson
	stem                        string // file name without language and .md: pairs a translation with its lesson
	idLine, orderLine, bodyLine int
	msgLines                    []int
}

// readLessons reads every lesson file and returns the English lessons in course order, with
// their translations attached, and everything wrong with them.
func readLessons(fsys fs.FS, languages []string) ([]*Lesson, *lessonReader) {
	r := &lessonReader{}
	entries, err := fs.ReadDir(fsys, lessonsDir)
	if errors.Is(err, fs.ErrNotExist) {
		r.lint(lessonsDir+"/", 0, "the pack has no lessons folder, so there are no lessons to offer")
		return nil, r
	}
	if err != nil {
		r.add(lessonsDir+"/", 0, "%v", err)
		return nil, r
	}
	english := map[string]*lessonDraft{} // file stem -> lesson
	var lessons []*lessonDraft
	var translations []*lessonDraft
	for _, e := range entries {
		file := path.Join(lessonsDir, e.Name())
		if e.IsDir() {
			r.lint(file+"/", 0, "folders inside %s are not read", lessonsDir)
			continue
		}
		if !strings.HasSuffix(e.Name(), ".md") {
			r.lint(file, 0, "not read: lesson files end in .md")
			continue
		}
		stem, lang := strings.TrimSuffix(e.Name(), ".md"), DefaultLanguage
		if i := strings.LastIndexByte(stem, '.'); i >= 0 {
			stem, lang = stem[:i], stem[i+1:]
			switch {
			case lang == DefaultLanguage:
				r.add(file, 1, "an English lesson's file name has no language in it: call it %s.md", stem)
				continue
			case !slices.Contains(languages, lang):
				r.add(file, 1, "a translation into %q, which pack.yaml does not list in languages", lang)
				continue
			}
		}
		raw, err := fs.ReadFile(fsys, file)
		if err != nil {
			r.add(file, 0, "%v", err)
			continue
		}
		d := r.parse(file, lang, raw)
		if d == nil {
			continue
		}
		d.stem = stem
		if lang == DefaultLanguage {
			english[stem] = d
			lessons = append(lessons, d)
		} else {
			translations = append(translations, d)
		}
	}

	ids, orders := map[string]string{}, map[int]string{}
	for _, d := range lessons {
		if d.ID != "" {
			if other, dup := ids[d.ID]; dup {
				r.add(d.File, d.idLine, "lesson id %q is already used by %s", d.ID, other)
			} else {
				ids[d.ID] = d.File
			}
		}
		if d.orderLine != 0 {
			if other, dup := orders[d.Order]; dup {
				r.add(d.File, d.orderLine, "order %d is already used by %s", d.Order, other)
			} else {
				orders[d.Order] = d.File
			}
		}
	}

	for _, t := range translations {
		en, ok := english[t.stem]
		if !ok {
			r.add(t.File, 1, "a translation of %s, which does not exist (every lesson needs an English file)", path.Join(lessonsDir, t.stem+".md"))
			continue
		}
		if t.ID != en.ID {
			r.add(t.File, t.idLine, "id %q should be %q, the id of %s", t.ID, en.ID, en.File)
		}
		if len(t.Messages) != len(en.Messages) {
			r.add(t.File, t.bodyLine, "%d messages, but %s has %d: a translation has the same messages", len(t.Messages), en.File, len(en.Messages))
		}
		t.Topic, t.Order, t.Sources = en.Topic, en.Order, en.Sources
		if en.translations == nil {
			en.translations = map[string]*Lesson{}
		}
		en.translations[t.Language] = t.Lesson
	}

	slices.SortStableFunc(lessons, func(a, b *lessonDraft) int { return cmp.Compare(a.Order, b.Order) })
	out := make([]*Lesson, len(lessons))
	for i, d := range lessons {
		out[i] = d.Lesson
	}
	return out, r
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// parse reads one lesson file; it returns nil when the file cannot be read as a lesson at all.
func (r *lessonReader) parse(file, lang string, raw []byte) *lessonDraft {
	text := strings.TrimPrefix(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\ufeff")
	lines := strings.Split(text, "\n")
	isRule := func(s string) bool { return strings.TrimRight(s, " \t") == "---" }
	if !isRule(lines[0]) {
		r.add(file, 1, "a lesson starts with a line of three dashes (---), then its id, title and so on, then another ---")
		return nil
	}
	end := slices.IndexFunc(lines[1:], isRule) + 1
	if end == 0 {
		r.add(file, 1, "the front matter is never closed: put a line of three dashes (---) after it")
		return nil
	}
	d := &lessonDraft{Lesson: &Lesson{File: file, Language: lang}}
	r.frontMatter(d, strings.Join(lines[1:end], "\n"))

	// The body: messages between lines of three dashes. Line numbers are 1-based.
	var chunk []string
	start := end + 2 // the line the current message's chunk starts on
	flush := func(ruleLine int) {
		first := slices.IndexFunc(chunk, func(s string) bool { return strings.TrimSpace(s) != "" })
		if first < 0 {
			if ruleLine > 0 {
				r.add(file, ruleLine, "an empty message: there is nothing between this --- and the one before it")
			} else if len(d.Messages) > 0 {
				r.add(file, start-1, "nothing comes after this ---: remove it, or write the message that should follow")
			}
			return
		}
		d.Messages = append(d.Messages, strings.TrimSpace(strings.Join(chunk, "\n")))
		d.msgLines = append(d.msgLines, start+first)
	}
	for i := end + 1; i < len(lines); i++ {
		if isRule(lines[i]) {
			flush(i + 1)
			chunk, start = nil, i+2
			continue
		}
		chunk = append(chunk, lines[i])
	}
	flush(0)
	d.bodyLine = end + 1
	if len(d.msgLines) > 0 {
		d.bodyLine = d.msgLines[0]
	}

	n := len(d.Messages)
	switch {
	case n == 0:
		r.add(file, end+1, "the lesson has no messages: write them after this ---")
	case lang == DefaultLanguage && (n < MinLessonMessages || n > MaxLessonMessages):
		r.add(file, d.bodyLine, "the lesson has %d messages, but a lesson has %d to %d (separate them with a line of three dashes)", n, MinLessonMessages, MaxLessonMessages)
	}
	for i, m := range d.Messages {
		r.message(file, d.msgLines[i], fmt.Sprintf("message %d", i+1), m)
	}
	if n > 0 && d.Reflection != "" {
		if rd, ok := d.Readability(); ok && !rd.Easy {
			// Point at the hardest message: that is where rewording helps most.
			hardest, hs := 0, 0.0
			for i, m := range d.Messages {
				ms, _ := ReadabilityIn(m, lang)
				if i == 0 || rd.Harder(ms.Score, hs) {
					hardest, hs = i, ms.Score
				}
			}
			r.lint(file, d.msgLines[hardest], "the lesson reads at %s %.1f (%s); aim for %s. Message %d, starting here, is the hardest, at %.1f: try shorter sentences and everyday words", rd.Measure, rd.Score, rd.Level, rd.Target(), hardest+1, hs)
		}
	}
	return d
}

// frontMatter reads the YAML between the first two --- lines, which start on line 2 of the file.
func (r *lessonReader) frontMatter(d *lessonDraft, src string) {
	file := d.File
	const offset = 1 // YAML line 1 is file line 2
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		msg, line := err.Error(), 1
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			msg, line = strings.TrimPrefix(msg, m[0]), n+offset
		}
		r.add(file, line, "the front matter is not valid YAML: %s", msg)
		return
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		r.add(file, 1, "the front matter should give id, title, topic, order, sources and reflection, each on its own line like  id: sleep")
		return
	}
	english := d.Language == DefaultLanguage
	known := []string{"id", "title", "reflection"}
	if english {
		known = append(known, "topic", "order", "sources")
	}
	fields := map[string]*yaml.Node{}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch {
		case !english && slices.Contains([]string{"topic", "order", "sources"}, k.Value):
			r.add(file, k.Line+offset, "%s is set in the English lesson only: remove it here", k.Value)
		case !slices.Contains(known, k.Value):
			r.add(file, k.Line+offset, "unknown field %q (expected one of %s)", k.Value, strings.Join(known, ", "))
		case fields[k.Value] != nil:
			r.add(file, k.Line+offset, "%s is given twice", k.Value)
		default:
			fields[k.Value] = v
		}
	}
	for _, k := range known {
		if k != "sources" && fields[k] == nil {
			r.add(file, 1, "%s is missing from the front matter", k)
		}
	}
	scalar := func(name string) (string, int, bool) {
		n := fields[name]
		if n == nil {
			return "", 0, false
		}
		if n.Kind != yaml.ScalarNode {
			r.add(file, n.Line+offset, "%s should be a single value", name)
			return "", 0, false
		}
		return n.Value, n.Line + offset, true
	}

	if id, line, ok := scalar("id"); ok {
		d.ID, d.idLine = id, line
		if !idPattern.MatchString(id) {
			r.add(file, line, "id %q should be 1 to 16 of a-z, 0-9 and _", id)
		}
	}
	if title, line, ok := scalar("title"); ok {
		d.Title = title
		n := len([]rune(title))
		switch {
		case strings.TrimSpace(title) == "":
			r.add(file, line, "title is empty")
		case n > MaxLessonTitle:
			r.add(file, line, "title is %d characters, but it is a button label: at most %d", n, MaxLessonTitle)
		case strings.ContainsAny(title, "<\n"):
			r.add(file, line, "title is a button label, which shows markup as typed: use plain text on one line")
		}
	}
	if refl, line, ok := scalar("reflection"); ok {
		d.Reflection = strings.TrimSpace(refl)
		switch {
		case d.Reflection == "":
			r.add(file, line, "reflection is empty: every lesson ends with a question to think about")
		case len([]rune(visibleText(d.Reflection))) > MaxQuestionText:
			r.add(file, line, "reflection is %d characters, over the limit of %d", len([]rune(visibleText(d.Reflection))), MaxQuestionText)
		}
		r.message(file, line, "reflection", d.Reflection)
	}
	if !english {
		return
	}
	if topic, line, ok := scalar("topic"); ok {
		d.Topic = topic
		if !slices.Contains(LessonTopics, topic) {
			r.add(file, line, "unknown topic %q (use one of %s)", topic, strings.Join(LessonTopics, ", "))
		}
	}
	if order, line, ok := scalar("order"); ok {
		v, err := strconv.Atoi(order)
		if err != nil || v < 1 {
			r.add(file, line, "order should be a whole number from 1, not %q", order)
		} else {
			d.Order, d.orderLine = v, line
		}
	}
	switch n := fields["sources"]; {
	case n == nil:
		r.lint(file, 1, "no sources: list the public sources the lesson draws on")
	case n.Kind != yaml.SequenceNode:
		r.add(file, n.Line+offset, "sources should be a list, one source a line starting with -")
	default:
		for _, s := range n.Content {
			if s.Kind != yaml.ScalarNode || strings.TrimSpace(s.Value) == "" {
				r.add(file, s.Line+offset, "each source should be a line of text")
				continue
			}
			d.Sources = append(d.Sources, s.Value)
		}
		if len(d.Sources) == 0 {
			r.lint(file, n.Line+offset, "no sources: list the public sources the lesson draws on")
		}
	}
}

var (
	namedEntityRE = regexp.MustCompile(`&([A-Za-z][A-Za-z0-9]*);`)
	markdownRE    = regexp.MustCompile(`\*\*[^*\n]+\*\*|__[^_\n]+__|\[[^\]\n]+\]\([^)\n]+\)|(?m)^#{1,6} `)
)

// message checks text that is sent as a Telegram message.
func (r *lessonReader) message(file string, line int, what, s string) {
	if err := CheckHTML(s); err != nil {
		r.add(file, line, "%s: %v", what, err)
	}
	for _, m := range namedEntityRE.FindAllStringSubmatch(s, -1) {
		switch m[1] {
		case "lt", "gt", "amp", "quot":
		default:
			r.add(file, line, "%s: Telegram knows only &lt; &gt; &amp; and &quot;, and would show %s as typed", what, m[0])
		}
	}
	if n := telegramLength(s); n > MaxMessageLength {
		r.add(file, line, "%s is %d characters once sent, over Telegram's limit of %d: split it with a line of three dashes", what, n, MaxMessageLength)
	}
	if m := markdownRE.FindString(s); m != "" {
		r.lint(file, line, "%s: %q is Markdown, which Telegram shows as typed here: write <b>bold</b>, <i>italic</i> or <a href=\"...\">a link</a>", what, m)
	}
}

// visibleText is what a person sees of Telegram HTML: the text without tags, entities decoded.
func visibleText(s string) string {
	return html.UnescapeString(gradeTagRE.ReplaceAllString(s, ""))
}

// telegramLength is the length Telegram holds a message to: its visible text in UTF-16 code units.
func telegramLength(s string) int {
	return len(utf16.Encode([]rune(visibleText(s))))
}

// Check validates a content pack folder without starting Tandem, for `tandem content check DIR`.
// It returns every problem it finds, errors first, or nil when the pack is fine.
//
// An Error is what Load refuses the pack for, so Tandem will not start with it: anything that
// would make the bot send something wrong, or something Telegram would refuse. That includes a
// check-in text missing in one of the pack's languages (a question must read as a whole in the
// language it is answered in) and a translated text the bot could not fill in or would send
// empty. A Warning is what Load lets through but a person would notice: an interface text or
// lesson missing in a language, or left as the English text (either way the reader gets
// English), a lesson that reads harder than its language's target, a lesson without sources,
// Markdown where Telegram HTML is needed.
func Check(fsys fs.FS) []Problem {
	var problems []Problem
	seen := map[string]bool{}
	add := func(p Problem) {
		if !seen[p.String()] {
			seen[p.String()] = true
			problems = append(problems, p)
		}
	}
	languages := packLanguages(fsys)
	lessons, r := readLessons(fsys, languages)
	var lessonErrs []string
	for _, p := range r.sorted(false) {
		lessonErrs = append(lessonErrs, p.String())
	}
	if pack, err := Load(fsys); err != nil {
		for _, s := range splitLoadError(err, lessonErrs) {
			add(parseProblem(s, Error))
		}
	} else {
		for _, p := range unnamed(pack) {
			add(p)
		}
	}
	if len(lessonErrs) > 0 {
		// Load stopped at the lessons, so look at what it would have checked after them.
		if _, err := Load(withoutLessons{fsys}); err != nil {
			for _, s := range splitLoadError(err, nil) {
				add(parseProblem(s, Error))
			}
		}
	}
	for _, p := range r.sorted(true) {
		sev := Error
		if p.lint {
			sev = Warning
		}
		add(parseProblem(p.String(), sev))
	}
	for _, p := range interfaceProblems(fsys, languages) {
		add(p)
	}
	for _, p := range missingLessons(lessons, languages) {
		add(p)
	}
	slices.SortStableFunc(problems, func(a, b Problem) int { return cmp.Compare(b.Severity, a.Severity) })
	return problems
}

// packLanguages reads the languages from pack.yaml as well as it can; Load reports its problems.
func packLanguages(fsys fs.FS) []string {
	var meta packMeta
	raw, err := fs.ReadFile(fsys, "pack.yaml")
	if err != nil || yaml.Unmarshal(raw, &meta) != nil || len(meta.Languages) == 0 {
		return []string{DefaultLanguage}
	}
	return meta.Languages
}

var (
	problemFileRE = regexp.MustCompile(`^[\w./-]+\.(?:yaml|md|txt)(?::\d+)?: `)
	entityEndRE   = regexp.MustCompile(`&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+)$`)
)

// splitLoadError turns Load's error into one string per problem. Load joins its problems with
// "; ", which also ends an HTML entity quoted in a message (&lt;), so a "; " straight after an
// entity does not split. The lesson problems Check already has (known) are taken out whole
// first. Some parts of Load name the file once for several problems ("flags.yaml: a; b"), so a
// problem without a file gets the one before it.
func splitLoadError(err error, known []string) []string {
	text := strings.TrimPrefix(err.Error(), "content: ")
	for _, k := range known {
		text = strings.Replace(text, k, "", 1)
	}
	var pieces []string
	for _, s := range strings.Split(text, "; ") {
		if n := len(pieces); n > 0 && entityEndRE.MatchString(pieces[n-1]) {
			pieces[n-1] += "; " + s
			continue
		}
		pieces = append(pieces, s)
	}
	var out []string
	prefix := ""
	for _, s := range pieces {
		if strings.TrimSpace(s) == "" {
			continue
		}
		if m := problemFileRE.FindString(s); m != "" {
			prefix = m[:strings.IndexByte(m, ':')] + ": "
		} else {
			s = prefix + s
		}
		out = append(out, s)
	}
	return out
}

// withoutLessons hides a pack's lessons folder, so Check can run the rest of Load's checks when
// the lessons alone stop it.
type withoutLessons struct{ fs.FS }

func (w withoutLessons) Open(name string) (fs.File, error) {
	if name == lessonsDir || strings.HasPrefix(name, lessonsDir+"/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return w.FS.Open(name)
}

// interfaceProblems reports what is wrong between the interface texts of English and of each
// translation: a text a translation lacks (a warning: the bot shows the English one), a key
// English does not have (a warning: usually a typo, and never shown), a {placeholder} the
// English text does not have (an error: the bot has nothing to fill it in with) and an empty
// translation of a text English has (an error: Telegram refuses an empty message). Load refuses
// a pack for the errors, with the same words. A missing text is only a warning, even for the
// crisis text: a service that cannot start sends nobody its crisis contacts, in any language.
func interfaceProblems(fsys fs.FS, languages []string) []Problem {
	docs := map[string]*yaml.Node{}
	for _, lang := range languages {
		raw, err := fs.ReadFile(fsys, "ui."+lang+".yaml")
		if err != nil {
			continue // Load reports it
		}
		var doc yaml.Node
		if yaml.Unmarshal(raw, &doc) == nil {
			docs[lang] = &doc
		}
	}
	return uiProblems(docs, languages)
}

// uiProblems is interfaceProblems on the parsed ui.<lang>.yaml files, by language.
func uiProblems(docs map[string]*yaml.Node, languages []string) []Problem {
	type entry struct {
		line int
		text string
	}
	read := func(lang string) ([]string, map[string]entry) {
		doc := docs[lang]
		if doc == nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			return nil, nil
		}
		var keys []string
		out := map[string]entry{}
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			keys = append(keys, m.Content[i].Value)
			out[m.Content[i].Value] = entry{m.Content[i].Line, m.Content[i+1].Value}
		}
		return keys, out
	}
	enName := "ui." + DefaultLanguage + ".yaml"
	enKeys, en := read(DefaultLanguage)
	if en == nil {
		return nil
	}
	var problems []Problem
	at := func(file string, line int) string { return fmt.Sprintf("%s:%d", file, line) }
	for _, lang := range languages {
		if lang == DefaultLanguage {
			continue
		}
		name := "ui." + lang + ".yaml"
		keys, tr := read(lang)
		if tr == nil {
			continue
		}
		for _, k := range enKeys {
			if _, ok := tr[k]; !ok {
				problems = append(problems, Problem{at(enName, en[k].line), fmt.Sprintf("%q has no translation in %s: %s readers get the English text", k, name, languageName(lang)), Warning})
			}
		}
		for _, k := range keys {
			e, ok := en[k]
			if !ok {
				problems = append(problems, Problem{at(name, tr[k].line), fmt.Sprintf("%q is not a key of %s, so the bot never shows it", k, enName), Warning})
				continue
			}
			if untranslated(e.text, tr[k].text) {
				problems = append(problems, Problem{at(name, tr[k].line), fmt.Sprintf("%q is the English text, not yet translated: %s readers get it in English", k, languageName(lang)), Warning})
			}
			if strings.TrimSpace(tr[k].text) == "" && strings.TrimSpace(e.text) != "" {
				problems = append(problems, Problem{at(name, tr[k].line), fmt.Sprintf("%q is empty, which Telegram refuses: translate it, or remove the line to use the English text", k), Error})
			}
			for _, ph := range placeholder.FindAllString(tr[k].text, -1) {
				if !strings.Contains(e.text, ph) {
					problems = append(problems, Problem{at(name, tr[k].line), fmt.Sprintf("%q uses %s, which the English text does not, so the bot has nothing to fill it in with", k, ph), Error})
				}
			}
		}
	}
	return problems
}
