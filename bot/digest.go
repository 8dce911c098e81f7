package bot

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/chart"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// The staff channel gets a digest on its own schedule: per worker, counts and pseudonyms only,
// never a person's name or words.

// digestKey records in service_state when the last digest was due.
const digestKey = "digest.last_due"

// silentAfter is how long without an answered check-in counts as silent in the digest.
const silentAfter = 3 * 24 * time.Hour

// Digest posts the staff-channel digest if one is due, and reports whether it did.
func (b *Bot) Digest(ctx context.Context) (bool, error) {
	if b.cfg.StaffChannelID == 0 || b.cfg.DigestSpec == "" {
		return false, nil
	}
	sched, err := schedule.ParseSchedule(b.cfg.DigestSpec, b.cfg.Location)
	if err != nil {
		return false, fmt.Errorf("bot: digest schedule: %w", err)
	}
	now := b.store.Now()
	lastText, err := b.store.State(ctx, digestKey)
	if err != nil {
		return false, err
	}
	last, _ := time.Parse(time.RFC3339, lastText)
	if last.IsZero() {
		// First start: the next one is due at its time, not all the ones before.
		last = now
		return false, b.store.Update(ctx, func(tx *store.Tx) error { return tx.SetState(ctx, digestKey, last.Format(time.RFC3339)) })
	}
	due := sched.Next(last)
	if due.After(now) {
		return false, nil
	}
	// Only the latest due time counts, so a long outage sends one digest, not a pile.
	for next := sched.Next(due); !next.After(now); next = sched.Next(next) {
		due = next
	}
	err = b.store.Update(ctx, func(tx *store.Tx) error {
		lines, err := tx.Digest(ctx, last, silentAfter)
		if err != nil {
			return err
		}
		var sb strings.Builder
		sb.WriteString(b.pack.Text(b.staffLang(), "digest.title", "since", shortMomentFor(b.staffLang(), last.In(b.cfg.Location))))
		for _, l := range lines {
			sb.WriteString("\n\n" + b.pack.Text(b.staffLang(), "digest.worker",
				"worker", l.Worker, "active", l.Active, "paused", l.Paused, "unreachable", l.Unreachable,
				"answered", l.Answered, "sent", l.Sent, "open", l.OpenFlags, "unacked", l.Unacknowledged,
				"day", l.FlagsUnderADay, "week", l.FlagsUnderAWeek, "older", l.FlagsOlder,
				"oldest", b.durationFor(b.staffLang(), l.OldestUnacknowledged)))
			if len(l.Silent) > 0 {
				sb.WriteString("\n" + b.pack.Text(b.staffLang(), "digest.silent", "days", int(silentAfter.Hours()/24), "who", strings.Join(l.Silent, ", ")))
			}
			if len(l.UnreachablePseudonyms) > 0 {
				sb.WriteString("\n" + b.pack.Text(b.staffLang(), "digest.unreachable", "who", strings.Join(l.UnreachablePseudonyms, ", ")))
			}
		}
		if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: b.cfg.StaffChannelID, Priority: tandem.PriorityBulk, Text: sb.String()}); err != nil {
			return err
		}
		// The last digest of the week (before a gap of days, or on a Friday) also shows the
		// week's completion, per worker, as a chart.
		if sched.Next(due).Sub(due) > 48*time.Hour || due.In(b.cfg.Location).Weekday() == time.Friday {
			if err := b.weeklyChart(ctx, tx); err != nil {
				return err
			}
		}
		tx.AfterCommit(b.outbox.Wake)
		return tx.SetState(ctx, digestKey, due.Format(time.RFC3339))
	})
	return err == nil, err
}

// weeklyChart posts, per worker, the share of check-ins answered over the last 7 days.
func (b *Bot) weeklyChart(ctx context.Context, tx *store.Tx) error {
	lines, err := tx.Digest(ctx, tx.Now().AddDate(0, 0, -7), silentAfter)
	if err != nil {
		return err
	}
	var bars []chart.Bar
	for _, l := range lines {
		if l.Sent == 0 {
			continue
		}
		bars = append(bars, chart.Bar{Label: l.Worker, Value: 100 * float64(l.Answered) / float64(l.Sent)})
	}
	if len(bars) == 0 {
		return nil
	}
	png, err := chart.Bars(b.pack.Text(b.staffLang(), "digest.chart_title"), "%", 100, bars)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindPhoto, ChatID: b.cfg.StaffChannelID, Priority: tandem.PriorityBulk,
		File: png, FileName: "week.png", Text: b.pack.Text(b.staffLang(), "digest.chart_caption")})
}

// durationFor says how long in lang, to the minute: "45 min", "2 h 5 min", "3 días".
func (b *Bot) durationFor(lang string, d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d < time.Hour:
		return html.UnescapeString(b.pack.Text(lang, "duration.minutes", "n", int(d/time.Minute)))
	case d < 48*time.Hour:
		return html.UnescapeString(b.pack.Text(lang, "duration.hours", "h", int(d/time.Hour), "m", int(d%time.Hour/time.Minute)))
	}
	return html.UnescapeString(b.pack.Text(lang, "duration.days", "n", int(d/(24*time.Hour))))
}
