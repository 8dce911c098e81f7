package bot

import (
	"context"
	"errors"
	"html"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/triage"
)

// The agenda is what a person wants to talk about at their next appointment. Their worker gets it
// a day before the appointment the two set, so neither has to remember in the moment.

// agendaLead is how long before the appointment the list goes to the worker.
const agendaLead = 24 * time.Hour

// agendaPrefix buttons carry "agenda:add" and "agenda:clear".
const (
	agendaPrefix = "agenda:"
)

// maxAgendaItem bounds one item, and maxAgendaItems the list: with the title, the longest list
// still fits in one Telegram message (4,096 characters), to the person and to their worker.
const (
	maxAgendaItem  = 300
	maxAgendaItems = 10
)

func (b *Bot) handleAgenda(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "agenda", func(tx *store.Tx, a actor, p tandem.Person) error {
		if item := strings.TrimSpace(ev.Args); item != "" {
			if _, err := b.screenOn(ctx, tx, ev, a, item, triage.SurfaceAgenda); err != nil {
				return err
			}
			return b.addAgendaItem(ctx, tx, ev, p, item)
		}
		return b.showAgenda(ctx, tx, ev, p)
	})
}

func (b *Bot) showAgenda(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) error {
	items, err := tx.Agenda(ctx, p.ID)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(b.pack.Text(p.Language, "agenda.title"))
	if at, err := tx.Appointment(ctx, p.ID); err == nil && at.After(tx.Now()) {
		sb.WriteString("\n" + b.text(tx, ctx, actor{person: &p, lang: p.Language}, "agenda.next", "when", b.when(p.Language, at)))
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	} else {
		sb.WriteString("\n" + b.pack.Text(p.Language, "agenda.no_date"))
	}
	if len(items) == 0 {
		sb.WriteString("\n\n" + b.pack.Text(p.Language, "agenda.empty"))
	}
	for _, it := range items {
		sb.WriteString("\n• " + html.EscapeString(it.Text))
	}
	rows := [][]tandem.Button{{{Text: b.pack.Text(p.Language, "agenda.add"), Data: agendaPrefix + "add"}}}
	if len(items) > 0 {
		rows = append(rows, []tandem.Button{{Text: b.pack.Text(p.Language, "plan.clear"), Data: agendaPrefix + "clear"}})
	}
	return reply(tx, ctx, ev, sb.String(), rows...)
}

func (b *Bot) when(lang string, t time.Time) string {
	local := t.In(b.cfg.Location)
	return dayFor(lang, local) + " " + local.Format("15:04")
}

func (b *Bot) addAgendaItem(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person, item string) error {
	if len([]rune(item)) > maxAgendaItem {
		return reply(tx, ctx, ev, b.pack.Text(p.Language, "plan.too_long"))
	}
	if items, err := tx.Agenda(ctx, p.ID); err != nil {
		return err
	} else if len(items) >= maxAgendaItems {
		return reply(tx, ctx, ev, b.pack.Text(p.Language, "agenda.full", "max", maxAgendaItems))
	}
	if err := tx.AddAgendaItem(ctx, p.ID, item); err != nil {
		return err
	}
	return b.showAgenda(ctx, tx, ev, p)
}

func (b *Bot) handleAgendaButton(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "agenda", func(tx *store.Tx, a actor, p tandem.Person) error {
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		switch strings.TrimPrefix(ev.Data, agendaPrefix) {
		case "add":
			p.Awaiting = tandem.Await(tandem.AwaitAgenda, "")
			if err := tx.SetPersonSettings(ctx, p); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "agenda.type"))
		case "clear":
			if err := tx.ClearAgenda(ctx, p.ID); err != nil {
				return err
			}
			return b.showAgenda(ctx, tx, ev, p)
		}
		return nil
	})
}

// agendaLine takes a typed message as a new agenda item, when the bot asked for one.
func (b *Bot) agendaLine(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) (bool, error) {
	if p.Awaiting.Kind != tandem.AwaitAgenda || strings.TrimSpace(ev.Text) == "" {
		return false, nil
	}
	p.Awaiting = tandem.Awaiting{}
	if err := tx.SetPersonSettings(ctx, p); err != nil {
		return true, err
	}
	return true, b.addAgendaItem(ctx, tx, ev, p, strings.TrimSpace(ev.Text))
}

// handleAppointment sets the next appointment: "/appointment 10 Dec 14:00" from the person, or
// "/appointment Sam 10 Dec 14:00" from their worker. The other one is told.
func (b *Bot) handleAppointment(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "appointment", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		var p tandem.Person
		var args, setBy string
		lang := a.lang
		switch {
		case a.worker != nil:
			people, err := tx.PeopleOfWorker(ctx, a.worker.ID)
			if err != nil {
				return err
			}
			var problem string
			p, args, problem = matchPerson(people, ev.Args)
			if problem == "worker.schedule_how" {
				problem = "worker.appointment_how"
			}
			if problem != "" {
				return reply(tx, ctx, ev, b.personProblem(a.lang, problem, "appointment", people))
			}
			setBy = "worker"
			if err := tx.Audit(ctx, a.worker.ID, p.ID, "appointment", args); err != nil {
				return err
			}
		case a.enrolled():
			p, args, setBy = *a.person, ev.Args, "person"
		default:
			return b.notForYou(ctx, tx, ev, a)
		}
		at, ok := parseAppointment(args, b.cfg.Location, tx.Now())
		if !ok {
			return reply(tx, ctx, ev, b.pack.Text(lang, "agenda.bad_date"))
		}
		if err := tx.SetAppointment(ctx, p.ID, at, setBy); err != nil {
			return err
		}
		tx.AfterCommit(b.outbox.Wake)
		w, err := tx.WorkerByID(ctx, p.WorkerID)
		if err != nil {
			return err
		}
		if setBy == "worker" {
			if err := b.tellPerson(ctx, tx, p, tandem.PriorityConversation, "agenda.set_by_worker", "when", b.when(p.Language, at)); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.toldWorker(lang, p, "worker.appointment_set", "person", p.Name, "when", b.when(lang, at)))
		}
		if err := b.tellWorker(ctx, tx, w.ID, tandem.PriorityConversation, "worker.appointment_by_person", "person", p.Name, "when", b.when(b.workerLang(w), at)); err != nil {
			return err
		}
		return reply(tx, ctx, ev, b.pack.Text(p.Language, "agenda.date_set", "when", b.when(p.Language, at), "worker", w.FirstName()))
	})
}

// parseAppointment reads "2026-12-10", "2026-12-10 14:00", "10 Dec", "10 December 14:00" in the
// service's time zone. Without a year it is the next such day; without a time, 9am.
func parseAppointment(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	s = spanishDate(s)
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02", "2 Jan 2006 15:04", "2 Jan 2006", "2 January 2006 15:04", "2 January 2006"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if !strings.Contains(layout, "15") {
				t = t.Add(9 * time.Hour)
			}
			return t, t.After(now)
		}
	}
	for _, layout := range []string{"2 Jan 15:04", "2 Jan", "2 January 15:04", "2 January"} {
		t, err := time.ParseInLocation(layout, s, loc)
		if err != nil {
			continue
		}
		local := now.In(loc)
		t = time.Date(local.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), 0, 0, loc)
		if !strings.Contains(layout, "15") {
			t = t.Add(9 * time.Hour)
		}
		if !t.After(now) {
			t = t.AddDate(1, 0, 0)
		}
		return t, true
	}
	return time.Time{}, false
}

// sendAgendas gives workers the lists for appointments coming up within agendaLead.
func (b *Bot) sendAgendas(ctx context.Context, tx *store.Tx, personIDs []int64) error {
	for _, id := range personIDs {
		p, err := tx.PersonByID(ctx, id)
		if err != nil {
			return err
		}
		items, err := tx.Agenda(ctx, p.ID)
		if err != nil {
			return err
		}
		at, err := tx.Appointment(ctx, p.ID)
		if err != nil {
			return err
		}
		if len(items) > 0 && p.State != tandem.StateStopped {
			w, err := tx.WorkerByID(ctx, p.WorkerID)
			if err != nil {
				return err
			}
			var sb strings.Builder
			lang := b.workerLang(w)
			sb.WriteString(b.pack.Text(lang, "worker.agenda", "person", p.Name, "when", b.when(lang, at)))
			for _, it := range items {
				sb.WriteString("\n• " + html.EscapeString(it.Text))
			}
			if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: w.TelegramID, Priority: tandem.PriorityBulk, Text: sb.String()}); err != nil {
				return err
			}
			if err := b.tellPerson(ctx, tx, p, tandem.PriorityBulk, "agenda.sent", "when", b.when(p.Language, at)); err != nil {
				return err
			}
		}
		if err := tx.MarkAgendaSent(ctx, p.ID); err != nil {
			return err
		}
	}
	return nil
}

// spanishMonthWords are Spanish month names and abbreviations, without accents, by month.
var spanishMonthWords = map[string]time.Month{"ene": 1, "enero": 1, "feb": 2, "febrero": 2, "mar": 3, "marzo": 3,
	"abr": 4, "abril": 4, "may": 5, "mayo": 5, "jun": 6, "junio": 6, "jul": 7, "julio": 7, "ago": 8, "agosto": 8,
	"sep": 9, "sept": 9, "septiembre": 9, "setiembre": 9, "oct": 10, "octubre": 10, "nov": 11, "noviembre": 11,
	"dic": 12, "diciembre": 12}

// spanishDate rewrites a date as a Spanish speaker types it ("10 de diciembre a las 14:00",
// "10 dic 14:00") into the form parseAppointment reads ("10 Dec 14:00"); anything else is left
// as it was, with its spaces tidied.
func spanishDate(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		lower := stripAccentsLower(strings.TrimSuffix(w, ","))
		switch {
		case lower == "de" || lower == "del" || lower == "a" || lower == "las" || lower == "la":
			continue
		case spanishMonthWords[lower] != 0:
			out = append(out, spanishMonthWords[lower].String()[:3])
		default:
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}
