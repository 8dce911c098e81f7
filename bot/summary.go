package bot

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/chart"
	"github.com/tandemcare/tandem/store"
)

// summaryDays is how far back a pre-appointment summary looks.
const summaryDays = 28

// summaryScales are charted, in this order, when the person answered them.
var summaryScales = []string{"mood", "sleep", "stress", "voices_upset"}

// handleSummary sends a worker a pre-appointment summary of one of their people: a chart of
// the last weeks' answers, then goals, signs, agenda and flags with how they were handled.
func (b *Bot) handleSummary(ctx context.Context, ev *tandem.Event) error {
	return b.aboutPerson(ctx, ev, "summary", "worker.summary_how", nil,
		func(tx *store.Tx, w tandem.Worker, p tandem.Person, _ string, _ []tandem.Person) error {
			since := tx.Now().AddDate(0, 0, -summaryDays)
			all, err := tx.AllCheckins(ctx, p.ID)
			if err != nil {
				return err
			}
			lang := b.workerLang(w)
			series := map[string]*chart.Series{}
			sent, answered := 0, 0
			for _, c := range all {
				if c.DueAt.Before(since) {
					continue
				}
				sent++
				if c.Status == tandem.CheckinAnswered || c.Status == tandem.CheckinPartial {
					answered++
				}
				tc, err := b.triageCheckin(ctx, tx, p, c)
				if err != nil {
					return err
				}
				for _, q := range summaryScales {
					v, ok := tc.Scale[q]
					if !ok {
						continue
					}
					if series[q] == nil {
						series[q] = &chart.Series{Name: b.scaleName(lang, q, "")}
						if sq, ok := b.pack.ScaleQuestion(q); ok {
							series[q].Name = scaleName(sq.TextIn(lang)) // the question's own words
						}
					}
					series[q].Points = append(series[q].Points, chart.Point{At: c.DueAt, Value: float64(v)})
				}
			}
			text, err := b.summaryText(ctx, tx, p, lang, sent, answered)
			if err != nil {
				return err
			}
			var lines []chart.Series
			for _, q := range summaryScales {
				if series[q] != nil {
					lines = append(lines, *series[q])
				}
			}
			if len(lines) > 0 {
				png, err := chart.TrendIn(b.pack.Text(lang, "summary.chart_title", "person", p.Name, "days", summaryDays), 1, 5, lines,
					func(t time.Time) string { return dayMonthFor(lang, t.In(b.cfg.Location)) })
				if err != nil {
					return err
				}
				if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindPhoto, ChatID: ev.ChatID, Priority: tandem.PriorityConversation,
					File: png, FileName: "summary.png", Text: b.pack.Text(lang, "summary.chart", "person", p.Name, "days", summaryDays)}); err != nil {
					return err
				}
			}
			return reply(tx, ctx, ev, text)
		})
}

// summaryText is the written part of a summary.
func (b *Bot) summaryText(ctx context.Context, tx *store.Tx, p tandem.Person, lang string, sent, answered int) (string, error) {
	var sb strings.Builder
	sb.WriteString(b.pack.Text(lang, "summary.title", "person", p.Name, "days", summaryDays))
	sb.WriteString("\n" + b.pack.Text(lang, "summary.checkins", "answered", answered, "sent", sent))
	goals, err := b.goalsText(ctx, tx, p, lang)
	if err != nil {
		return "", err
	}
	sb.WriteString("\n\n" + goals)
	signs, err := tx.Signs(ctx, p.ID)
	if err != nil {
		return "", err
	}
	if len(signs) > 0 {
		var names []string
		for _, s := range signs {
			names = append(names, html.EscapeString(s.Text))
		}
		sb.WriteString("\n<i>" + b.pack.Text(lang, "summary.signs") + "</i> " + strings.Join(names, "; "))
	}
	agenda, err := tx.Agenda(ctx, p.ID)
	if err != nil {
		return "", err
	}
	if len(agenda) > 0 {
		sb.WriteString("\n<i>" + b.pack.Text(lang, "summary.agenda") + "</i>")
		for _, it := range agenda {
			sb.WriteString("\n• " + html.EscapeString(it.Text))
		}
	}
	flags, err := tx.PersonFlags(ctx, p.ID)
	if err != nil {
		return "", err
	}
	since := tx.Now().AddDate(0, 0, -summaryDays)
	first := true
	for _, f := range flags {
		if f.RaisedAt.Before(since) {
			continue
		}
		if first {
			sb.WriteString("\n<i>" + b.pack.Text(lang, "summary.flags") + "</i>")
			first = false
		}
		events, err := tx.FlagEvents(ctx, f.ID)
		if err != nil {
			return "", err
		}
		var steps []string
		for _, e := range events {
			if e.Event == "raised" || e.Event == "evidence" || e.Event == "delivered" {
				continue
			}
			word := e.Event
			if key := "summary.event." + e.Event; b.pack.Has(key) {
				word = b.plainText(lang, key)
			}
			step := word + " " + shortMomentFor(lang, e.At.In(b.cfg.Location))
			if e.Event == "resolved" && e.Detail != "" {
				step += ": " + e.Detail
			}
			steps = append(steps, step)
		}
		fmt.Fprintf(&sb, "\n• %s %s: %s", shortDayFor(lang, f.RaisedAt.In(b.cfg.Location)), b.flagWhy(lang, f), html.EscapeString(strings.Join(steps, ", ")))
		if len(steps) == 0 {
			sb.WriteString(b.pack.Text(lang, "summary.flag_open"))
		}
	}
	return sb.String(), nil
}
