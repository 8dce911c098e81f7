package bot

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// caseloadPrefix buttons carry "cl:<person id>": the worker's view of one person.
const caseloadPrefix = "cl:"

// handleCaseload lists a worker's people with where each stands, and a button for each.
func (b *Bot) handleCaseload(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "caseload", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.worker == nil {
			return b.notForYou(ctx, tx, ev, a)
		}
		people, err := tx.Caseload(ctx, a.worker.ID)
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, a.worker.ID, 0, "caseload", strconv.Itoa(len(people))+" people"); err != nil {
			return err
		}
		if len(people) == 0 {
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "caseload.empty"))
		}
		var sb strings.Builder
		sb.WriteString(b.pack.Text(a.lang, "caseload.title"))
		var rows [][]tandem.Button
		for _, p := range people {
			line, err := b.caseloadLine(ctx, tx, p, a.lang)
			if err != nil {
				return err
			}
			sb.WriteString("\n• " + line)
			rows = append(rows, []tandem.Button{{Text: p.Name, Data: caseloadPrefix + strconv.FormatInt(p.ID, 10)}})
		}
		return reply(tx, ctx, ev, sb.String(), rows...)
	})
}

// caseloadLine says where one person stands: state, last check-in, open flags.
func (b *Bot) caseloadLine(ctx context.Context, tx *store.Tx, p tandem.Person, lang string) (string, error) {
	last := b.pack.Text(lang, "caseload.no_checkins")
	c, err := tx.LastCheckin(ctx, p.ID)
	switch {
	case err == nil:
		last = shortDayFor(lang, c.DueAt.In(b.sched.Location(p))) + " (" + b.pack.Text(lang, "checkin.status."+string(c.Status)) + ")"
	case !errors.Is(err, store.ErrNotFound):
		return "", err
	}
	flags, err := tx.OpenFlagCount(ctx, p.ID)
	if err != nil {
		return "", err
	}
	line := fmt.Sprintf("<b>%s</b>: %s · %s", html.EscapeString(p.Name), b.pack.Text(lang, "person.state."+string(p.State)), html.EscapeString(last))
	if flags > 0 {
		line += " · " + b.pack.Text(lang, "caseload.flags", "n", flags)
	}
	return line, nil
}

// handleCaseloadButton shows one person: where they stand, their times and recent check-ins.
func (b *Bot) handleCaseloadButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "caseload", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		id, perr := strconv.ParseInt(strings.TrimPrefix(ev.Data, caseloadPrefix), 10, 64)
		if a.worker == nil || perr != nil {
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
		}
		p, err := tx.PersonByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && p.WorkerID != a.worker.ID {
			// Not theirs: nothing is shown, and the attempt is logged.
			b.log.Warn("bot: caseload button for someone else's person", "worker_id", a.worker.ID, "person_id", id)
			if err := tx.Audit(ctx, a.worker.ID, 0, "refused caseload", "not in their caseload"); err != nil {
				return err
			}
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "flag.not_yours"))
		}
		if err != nil {
			return err
		}
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a.worker.ID, p.ID, "view", "caseload"); err != nil {
			return err
		}
		line, err := b.caseloadLine(ctx, tx, p, a.lang)
		if err != nil {
			return err
		}
		summary, err := b.scheduleSummary(ctx, tx, p)
		if err != nil {
			return err
		}
		report, err := b.checkinReport(ctx, tx, p, a.lang)
		if err != nil {
			return err
		}
		return reply(tx, ctx, ev, line+"\n\n"+summary+"\n\n"+report+"\n\n"+b.pack.Text(a.lang, "caseload.more", "person", p.Name),
			[]tandem.Button{{Text: b.pack.Text(a.lang, "message.button"), Data: msgPrefix + "to:" + strconv.FormatInt(p.ID, 10)}})
	})
}
