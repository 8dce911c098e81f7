package bot

import (
	"context"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/chart"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/export"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// myDataReport is what a person holds in their hand from /mydata: everything Tandem keeps
// about them, in their language, in words rather than ids, with their answers as a chart.
func (b *Bot) myDataReport(ctx context.Context, tx *store.Tx, p tandem.Person, w tandem.Worker) (export.Report, error) {
	lang, loc := p.Language, b.sched.Location(p)
	t := func(key string, args ...any) string {
		return html.UnescapeString(tags.ReplaceAllString(b.pack.Text(lang, key, args...), ""))
	}
	day := func(at time.Time) string { return dateFor(lang, at.In(loc)) }
	moment := func(at time.Time) string { return shortMomentFor(lang, at.In(loc)) }
	none := t("mydata.pdf.none")
	or := func(lines []string) []string {
		if len(lines) == 0 {
			return []string{none}
		}
		return lines
	}
	r := export.Report{
		Title: t("mydata.pdf.title"), Subtitle: t("mydata.pdf.subtitle", "person", p.Name, "date", day(tx.Now())),
		Language: lang, Footer: "Tandem · " + p.Name, PageWord: t("mydata.pdf.page"), OfWord: t("mydata.pdf.of"),
		Generated: tx.Now(),
	}
	add := func(heading string, lines []string) {
		r.Sections = append(r.Sections, export.Section{Heading: heading, Lines: or(lines)})
	}

	add(t("mydata.pdf.you"), []string{
		t("mydata.pdf.name", "name", p.Name),
		t("mydata.pdf.joined", "date", day(p.JoinedAt)),
		t("mydata.pdf.zone", "zone", loc.String()),
		t("mydata.pdf.quiet", "quiet", schedule.Quiet(p).DescribeIn(lang)),
		t("mydata.pdf.pseudonym", "pseudonym", p.Pseudonym),
	})
	add(t("mydata.pdf.worker"), []string{t("mydata.pdf.worker_line", "worker", w.Name, "hours", hoursFor(lang, b.hours(&w)))})

	consents, err := tx.Consents(ctx, p.ID)
	if err != nil {
		return r, err
	}
	var lines []string
	for _, c := range consents {
		lines = append(lines, t("mydata.pdf.consent."+string(c.Decision), "date", day(c.At), "version", c.Version))
	}
	add(t("mydata.pdf.consent"), lines)

	entries, err := tx.Schedules(ctx, p.ID)
	if err != nil {
		return r, err
	}
	lines = nil
	for _, e := range entries {
		what := e.SetID
		if qs, ok := b.pack.QuestionSet(e.SetID); ok {
			what = qs.TitleIn(lang)
		} else if e.SetID == "lesson" {
			what = t("mydata.pdf.lessons")
		}
		lines = append(lines, what+": "+b.describe(lang, []string{e.Spec}, loc)+" "+t("mydata.pdf.set_by."+e.SetBy))
	}
	add(t("mydata.pdf.times"), lines)

	checkins, err := b.myCheckins(ctx, tx, p)
	if err != nil {
		return r, err
	}
	section := export.Section{Heading: t("mydata.pdf.checkins"), Lines: or(checkins.lines)}
	if png, err := b.myChart(lang, checkins.series); err == nil {
		section.Chart, section.ChartCaption = png, t("mydata.pdf.chart_caption")
	}
	r.Sections = append(r.Sections, section)

	values, err := tx.Values(ctx, p.ID)
	if err != nil {
		return r, err
	}
	goals, err := tx.Goals(ctx, p.ID)
	if err != nil {
		return r, err
	}
	lines = nil
	if len(values) > 0 {
		lines = append(lines, t("mydata.pdf.values", "values", strings.Join(values, ", ")))
	}
	for _, g := range goals {
		line := "• " + g.Text
		if g.ParentID != 0 {
			line = "    – " + g.Text
		}
		if !g.DoneAt.IsZero() {
			line += " (" + t("mydata.pdf.done", "date", day(g.DoneAt)) + ")"
		}
		lines = append(lines, line)
	}
	add(t("mydata.pdf.goals"), lines)

	signs, err := tx.Signs(ctx, p.ID)
	if err != nil {
		return r, err
	}
	lines = nil
	for _, s := range signs {
		lines = append(lines, "• "+s.Text)
	}
	add(t("mydata.pdf.signs"), lines)

	plan, err := tx.Plan(ctx, p.ID)
	if err != nil {
		return r, err
	}
	lines = nil
	for _, it := range plan {
		lines = append(lines, t("plan.section."+it.Section)+": "+it.Text)
	}
	add(t("mydata.pdf.plan"), lines)

	agenda, err := tx.Agenda(ctx, p.ID)
	if err != nil {
		return r, err
	}
	lines = nil
	if at, err := tx.Appointment(ctx, p.ID); err == nil && !at.IsZero() {
		lines = append(lines, t("mydata.pdf.appointment", "when", b.when(lang, at)))
	}
	for _, it := range agenda {
		lines = append(lines, "• "+it.Text)
	}
	add(t("mydata.pdf.agenda"), lines)

	progress, err := tx.AllLessonProgress(ctx, p.ID)
	if err != nil {
		return r, err
	}
	lines = nil
	for _, l := range b.pack.Lessons() {
		lp, ok := progress[l.ID]
		if !ok {
			continue
		}
		local, _ := b.pack.LessonIn(l.ID, lang)
		line := t("mydata.pdf.lesson_started", "title", local.Title)
		if !lp.CompletedAt.IsZero() {
			line = t("mydata.pdf.lesson_done", "title", local.Title, "date", day(lp.CompletedAt))
		}
		lines = append(lines, line)
		if lp.Reflection != "" {
			reflection := t("mydata.pdf.reflection", "text", lp.Reflection)
			if lp.Shared {
				reflection += " " + t("mydata.pdf.shared")
			}
			lines = append(lines, "    "+reflection)
		}
	}
	add(t("mydata.pdf.lessons"), lines)

	flags, err := tx.PersonFlags(ctx, p.ID)
	if err != nil {
		return r, err
	}
	lines = nil
	for _, f := range flags {
		why := b.flagWhyFor(lang, f) // as the worker was told it, in the person's language
		if key := "mydata.pdf.reason." + f.Kind; b.pack.Has(key) {
			why = t(key, "worker", w.FirstName())
		}
		lines = append(lines, t("mydata.pdf.flag", "date", moment(f.RaisedAt), "why", why))
		events, err := tx.FlagEvents(ctx, f.ID)
		if err != nil {
			return r, err
		}
		for _, e := range events {
			key := "mydata.pdf.event." + e.Event
			switch {
			case e.Event == "reply" && e.Actor == "person":
				key = "mydata.pdf.event.your_reply"
			case e.Event == "raised" || e.Event == "evidence" || e.Event == "delivered" || e.Event == "unsnoozed":
				continue
			}
			if !b.pack.Has(key) {
				continue
			}
			who := w.FirstName()
			if id, ok := strings.CutPrefix(e.Actor, "worker:"); ok {
				if n, err := strconv.ParseInt(id, 10, 64); err == nil && n != w.ID {
					if other, err := tx.WorkerByID(ctx, n); err == nil {
						who = other.FirstName()
					}
				}
			}
			lines = append(lines, "    "+t(key, "date", moment(e.At), "worker", who))
		}
	}
	add(t("mydata.pdf.flags"), lines)

	// Messages with their worker, replies to a flag among them: who wrote, when, and the words
	// Tandem still holds.
	thread, err := tx.Thread(ctx, p.ID, 1<<30)
	if err != nil {
		return r, err
	}
	lines = nil
	for _, m := range thread {
		who, err := b.messageAuthor(ctx, tx, p, m)
		if err != nil {
			return r, err
		}
		key := "mydata.pdf.message.to_you"
		if m.Direction != tandem.FromWorker {
			key = "mydata.pdf.message.from_you"
		}
		lines = append(lines, t(key, "date", moment(m.CreatedAt), "worker", who, "state", b.stateWords(lang, p, m)))
		words := m.Text
		if m.Media != "" {
			words = strings.TrimSpace("[" + b.mediaName(lang, m.Media) + "] " + words)
		}
		if words != "" {
			lines = append(lines, "    "+t("mydata.pdf.message.words", "text", words))
		}
	}
	add(t("mydata.pdf.messages"), lines)
	return r, nil
}

// myCheckinLines are a person's check-ins in words, and their scale answers as chart series.
type myCheckinLines struct {
	lines  []string
	series []chart.Series
}

func (b *Bot) myCheckins(ctx context.Context, tx *store.Tx, p tandem.Person) (myCheckinLines, error) {
	lang, loc := p.Language, b.sched.Location(p)
	var out myCheckinLines
	all, err := tx.AllCheckins(ctx, p.ID)
	if err != nil {
		return out, err
	}
	series := map[string]*chart.Series{}
	var order []string
	for _, c := range all {
		title := c.SetID
		qs, qerr := b.questionSet(ctx, tx, p, c.SetID)
		if qerr == nil {
			title = qs.TitleIn(lang)
		}
		out.lines = append(out.lines, shortMomentFor(lang, c.DueAt.In(loc))+" · "+title+" · "+b.pack.Text(lang, "checkin.status."+string(c.Status)))
		answers, err := tx.Answers(ctx, c.ID)
		if err != nil {
			return out, err
		}
		for _, a := range answers {
			if qerr != nil {
				continue
			}
			q, ok := qs.Question(a.QuestionID)
			if !ok {
				continue
			}
			// The question's first paragraph: the crisis line after it is not part of the question.
			question, _, _ := strings.Cut(html.UnescapeString(tags.ReplaceAllString(q.TextIn(lang), "")), "\n\n")
			value := a.Value
			switch {
			case a.Skipped:
				value = b.pack.Text(lang, "checkin.skipped")
			case q.Kind != content.AnswerText:
				value = b.answerLabel(lang, *q, a.Value)
			}
			out.lines = append(out.lines, "    "+question+" — "+value)
			if q.Kind == content.AnswerScale && !a.Skipped {
				if n, err := strconv.Atoi(a.Value); err == nil {
					if series[q.ID] == nil {
						series[q.ID] = &chart.Series{Name: scaleName(q.TextIn(lang))}
						order = append(order, q.ID)
					}
					series[q.ID].Points = append(series[q.ID].Points, chart.Point{At: c.DueAt.In(loc), Value: float64(n)})
				}
			}
		}
	}
	for _, id := range order {
		out.series = append(out.series, *series[id])
	}
	return out, nil
}

// myChart draws a person's scale answers, or says there is nothing to draw.
func (b *Bot) myChart(lang string, series []chart.Series) ([]byte, error) {
	return chart.TrendIn(b.pack.Text(lang, "mydata.pdf.chart_title"), 1, 5, series, func(t time.Time) string { return dayMonthFor(lang, t) })
}

// scaleName is a question's words up to its question mark, for a chart's legend: "How has your
// mood been today?" rather than the whole text with what 1 and 5 mean.
func scaleName(text string) string {
	text = html.UnescapeString(tags.ReplaceAllString(text, ""))
	if i := strings.Index(text, "?"); i > 0 {
		return text[:i+1]
	}
	return text
}
