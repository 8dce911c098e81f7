package bot

import (
	"context"
	"html"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/triage"
)

// A flag is worded when it is read, not when it is raised: triage gives its reason and evidence
// as codes with values (tandem.Wording), stored with the flag, and each reader gets them from
// the pack in their own language — the worker's, a backup's, the staff channel's, or the
// person's own in /mydata. Pack keys: "flag.why.<code>", "flag.fact.<code>", a question's name
// "question.name.<id>", a risk category's "screen.category.<id>", a softening context's
// "screen.context.<id>".

// wording turns triage's codes into the form stored with a flag.
func wording(w triage.Wording) tandem.Wording { return tandem.Wording(w) }

func wordings(ws []triage.Wording) []tandem.Wording {
	out := make([]tandem.Wording, 0, len(ws))
	for _, w := range ws {
		out = append(out, wording(w))
	}
	return out
}

// flagWhy is a flag's reason in lang, as Telegram HTML: from its code, or as first worded for a
// flag raised before reasons had codes.
func (b *Bot) flagWhy(lang string, f tandem.Flag) string {
	if f.Why.Code == "" {
		return html.EscapeString(f.Reason)
	}
	return b.why(lang, f.Why)
}

// why words a reason code in lang. A code the pack has no words for (a pack older than the code)
// is said as plainly as the values allow rather than lost.
func (b *Bot) why(lang string, w tandem.Wording) string {
	key := "flag.why." + w.Code
	if !b.pack.Has(key) {
		return b.pack.Text(lang, "flag.why.unknown")
	}
	return b.pack.Text(lang, key, b.wordingArgs(lang, w, nil)...)
}

// fact words a line of evidence in lang; times are said in loc.
func (b *Bot) fact(lang string, loc *time.Location, w tandem.Wording) string {
	key := "flag.fact." + w.Code
	if !b.pack.Has(key) {
		return ""
	}
	return b.pack.Text(lang, key, b.wordingArgs(lang, w, loc)...)
}

// wordingArgs are the placeholders a code's text may use, each in the reader's language: the
// question by its name, categories and contexts by theirs, numbers and dates as lang writes them.
func (b *Bot) wordingArgs(lang string, w tandem.Wording, loc *time.Location) []any {
	if loc == nil {
		loc = b.cfg.Location
	}
	if loc == nil {
		loc = time.UTC
	}
	a := w.Args
	args := []any{
		"question", b.scaleName(lang, a["question"], a["label"]),
		"value", a["value"], "max", a["max"], "count", a["count"],
		"usual", decimalFor(lang, a["usual"]), "mean", decimalFor(lang, a["mean"]), "spread", decimalFor(lang, a["spread"]),
		"about", b.categoryNames(lang, a["categories"]),
		"text", a["text"],
	}
	var ctx []string
	for _, c := range splitList(a["context"]) {
		if key := "screen.context." + c; b.pack.Has(key) {
			ctx = append(ctx, b.plainText(lang, key))
		}
	}
	args = append(args, "context", strings.Join(ctx, "; "))
	date := ""
	if d, err := time.ParseInLocation(time.DateOnly, a["date"], loc); err == nil {
		date = dayMonthFor(lang, d)
	}
	when := ""
	if at, err := time.Parse(time.RFC3339, a["at"]); err == nil {
		when = shortMomentFor(lang, at.In(loc))
	}
	return append(args, "date", date, "when", when)
}

// plainText is a pack text without placeholders as plain text (a name, a word), to be escaped
// where it is used.
func (b *Bot) plainText(lang, key string) string { return html.UnescapeString(b.pack.Text(lang, key)) }

// scaleName names a question for a worker in lang, in plain text: the pack's name for it, else the rule's own
// label (a person's words for their sign), else its id in words.
func (b *Bot) scaleName(lang, question, label string) string {
	if question != "" {
		if key := "question.name." + question; b.pack.Has(key) {
			return b.plainText(lang, key)
		}
	}
	if label != "" {
		return label
	}
	w := strings.ReplaceAll(question, "_", " ")
	if w == "" {
		return w
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// categoryNames names risk categories ("suicide,self_harm") in lang, as a sentence lists them,
// in plain text.
func (b *Bot) categoryNames(lang, cats string) string {
	var names []string
	for _, c := range splitList(cats) {
		if key := "screen.category." + c; b.pack.Has(key) {
			names = append(names, b.plainText(lang, key))
		} else {
			names = append(names, b.screener.CategoryName(triage.Category(c)))
		}
	}
	return schedule.And(lang, names)
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// decimalFor writes a number as lang does: "2.5" in English, "2,5" in Spanish.
func decimalFor(lang, n string) string {
	if lang == "es" {
		return strings.ReplaceAll(n, ".", ",")
	}
	return n
}

// evidenceLines are a flag's evidence in lang, from the events that brought it: by their codes,
// or as first worded for older events. A rule that fires again on the same answers (it is
// applied after each answer of a check-in) brings the same evidence again: it is shown once.
func (b *Bot) evidenceLines(lang string, loc *time.Location, events []tandem.FlagEvent) []string {
	var lines []string
	seen := map[string]bool{}
	for _, e := range events {
		if e.Event != "raised" && e.Event != "evidence" {
			continue
		}
		for _, l := range b.factLines(lang, loc, e.Facts, e.Detail) {
			if !seen[l] {
				seen[l] = true
				lines = append(lines, l)
			}
		}
	}
	return lines
}

// flagEvidence is everything that brought flag f so far, in lang: what a backup or a worker
// whose flag comes back from a snooze reads, so nobody acts on a flag without its words.
func (b *Bot) flagEvidence(ctx context.Context, tx *store.Tx, p tandem.Person, f tandem.Flag, lang string) ([]string, error) {
	events, err := tx.FlagEvents(ctx, f.ID)
	if err != nil {
		return nil, err
	}
	return b.evidenceLines(lang, b.sched.Location(p), events), nil
}

// factLines words one event's evidence in lang, as Telegram HTML, falling back to the words of the moment (detail,
// lines joined by "; ") when it has no codes.
func (b *Bot) factLines(lang string, loc *time.Location, facts []tandem.Wording, detail string) []string {
	var lines []string
	for _, f := range facts {
		if l := b.fact(lang, loc, f); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 && detail != "" {
		for _, d := range strings.Split(detail, "; ") {
			lines = append(lines, html.EscapeString(b.plainEvidence(lang, d)))
		}
	}
	return lines
}

// questionKeyword is the word a worker types for a question in /rules in lang ("animo"), and
// its id when the pack has none.
func (b *Bot) questionKeyword(lang, id string) string {
	if key := "question.keyword." + id; b.pack.Has(key) {
		return b.plainText(lang, key)
	}
	return id
}

// questionByKeyword finds the scale question a worker named in /rules: by its keyword in any of
// the pack's languages, accents and case aside, or by its id.
func (b *Bot) questionByKeyword(word string) (content.Question, bool) {
	word = foldWord(word)
	for _, s := range b.rules.Scales {
		if foldWord(s.Question) == word {
			return b.pack.ScaleQuestion(s.Question)
		}
		for _, lang := range b.pack.Languages {
			if foldWord(b.questionKeyword(lang, s.Question)) == word {
				return b.pack.ScaleQuestion(s.Question)
			}
		}
	}
	return content.Question{}, false
}

// foldWord lowercases a word and takes the accents off its vowels and ñ, so "Ánimo" is "animo".
func foldWord(w string) string {
	return strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "ñ", "n").Replace(strings.ToLower(w))
}

// kindWords names the kind of a flag in lang ("worrying words"), for the staff channel, which
// sees no reasons or words.
func (b *Bot) kindWords(lang, kind string) string {
	if key := "flag.kind." + kind; b.pack.Has(key) {
		return b.plainText(lang, key)
	}
	return kind
}

// flagWhyFor is a flag's reason in lang as plain text, for a PDF or JSON.
func (b *Bot) flagWhyFor(lang string, f tandem.Flag) string {
	return html.UnescapeString(tags.ReplaceAllString(b.flagWhy(lang, f), ""))
}
