package bot

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// Flag buttons carry "fl:<flag id>:<action>". Who pressed decides whether anything happens: only
// the flag's worker, or the backup once it was escalated to them.
const flagPrefix = "fl:"

// Flag actions a worker can take.
const (
	flagAck     = "ack"
	flagContact = "contact"
	flagReply   = "reply"
	flagSnooze  = "snooze"
	flagResolve = "resolve"
)

// snoozeFor is how long Snooze puts a flag aside before it comes back.
const snoozeFor = 2 * time.Hour

// raise is a reason to flag, from the rules, worrying words, silence or the person asking.
type raise struct {
	Kind, Key string
	Urgent    bool
	// Why and Facts are the reason and evidence as codes, worded for each reader; Reason and
	// Evidence say the same in the words of the moment, kept with the flag for tools.
	Why      tandem.Wording
	Facts    []tandem.Wording
	Reason   string
	Evidence []string
	// Tell says whether the person is told that their worker has been told.
	Tell bool
	// Words marks something the person wrote. Unlike a rule's evidence, it always reaches the
	// worker, even while a flag for the same reason is open: a worrying message is never
	// swallowed.
	Words bool
}

// raiseFlag records a flag and tells the worker, unless the same reason is already open for
// this person: then the new evidence joins the open flag and nobody is pinged again.
func (b *Bot) raiseFlag(ctx context.Context, tx *store.Tx, p tandem.Person, r raise) (tandem.Flag, bool, error) {
	evidence := strings.Join(r.Evidence, "; ")
	hours := b.hours(b.workerOf(ctx, tx, &p))
	open, err := tx.OpenFlag(ctx, p.ID, r.Key)
	switch {
	case err == nil:
		if err := tx.FlagEvidence(ctx, open.ID, "system", "evidence", evidence, r.Facts); err != nil {
			return open, false, err
		}
		switch {
		case r.Words && r.Urgent:
			// New words of crisis re-raise the flag whatever had been done with it: it needs
			// looking at again, and the escalation clock starts again.
			open.Urgent, open.Status, open.SnoozedTill = true, tandem.FlagOpen, time.Time{}
			open.EscalateAt = b.escalateAt(hours, tx.Now())
			if err := tx.UpdateFlag(ctx, open); err != nil {
				return open, false, err
			}
		case r.Urgent && !open.Urgent:
			open.Urgent, open.EscalateAt = true, b.escalateAt(hours, tx.Now())
			if err := tx.UpdateFlag(ctx, open); err != nil {
				return open, false, err
			}
		}
		if r.Words {
			return open, false, b.flagAddition(ctx, tx, p, open, r)
		}
		return open, false, nil
	case !errors.Is(err, store.ErrNotFound):
		return open, false, err
	}
	f := tandem.Flag{PersonID: p.ID, WorkerID: p.WorkerID, Kind: r.Kind, Key: r.Key, Urgent: r.Urgent, Reason: r.Reason, Why: r.Why}
	if r.Urgent {
		f.EscalateAt = b.escalateAt(hours, tx.Now())
	}
	actor := "system"
	if r.Kind == "asked" {
		actor = "person"
	}
	if f, err = tx.CreateFlag(ctx, f, actor, evidence, r.Facts); err != nil {
		return f, false, err
	}
	b.flagsRaised.With(r.Kind).Inc()
	w, err := tx.WorkerByID(ctx, p.WorkerID)
	if err != nil {
		return f, true, err
	}
	lang := b.workerLang(w)
	msg, err := b.flagMessage(ctx, tx, p, f, b.factLines(lang, b.sched.Location(p), r.Facts, evidence), "", lang)
	if err != nil {
		return f, true, err
	}
	msg.ChatID = w.TelegramID
	b.log.Info("bot: flag raised", "flag_id", f.ID, "person_id", p.ID, "kind", f.Kind, "urgent", f.Urgent)
	return f, true, tx.Enqueue(ctx, msg)
}

// flagAddition sends the worker (and the backup, once escalated) the new words on a flag that
// is still open, with the flag's buttons, so they never have to find them in its history.
func (b *Bot) flagAddition(ctx context.Context, tx *store.Tx, p tandem.Person, f tandem.Flag, r raise) error {
	at := tx.Now().In(b.cfg.Location).Format("15:04")
	ids := []int64{f.WorkerID}
	if f.EscalatedTo != 0 {
		ids = append(ids, f.EscalatedTo)
	}
	for _, id := range ids {
		w, err := tx.WorkerByID(ctx, id)
		if err != nil {
			return err
		}
		lang := b.workerLang(w)
		lines := b.factLines(lang, b.sched.Location(p), r.Facts, strings.Join(r.Evidence, "; "))
		msg, err := b.flagMessage(ctx, tx, p, f, lines, b.pack.Text(lang, "flag.more_words", "time", at), lang)
		if err != nil {
			return err
		}
		if !r.Urgent {
			msg.Priority = tandem.PriorityConversation
		}
		msg.ChatID = w.TelegramID
		if err := tx.Enqueue(ctx, msg); err != nil {
			return err
		}
	}
	b.log.Info("bot: new words added to an open flag; the worker is told", "flag_id", f.ID, "person_id", p.ID, "urgent", r.Urgent)
	return nil
}

// escalateAt is when an urgent flag nobody has acknowledged goes further: the set time into
// working hours. Outside working hours nobody is watching, and Tandem does not pretend otherwise.
func (b *Bot) escalateAt(h tandem.WorkingHours, now time.Time) time.Time {
	start := now
	if h.Days != [7]bool{} {
		start = h.Next(now)
	}
	return start.Add(b.cfg.EscalateAfter)
}

// flagMessage renders a flag for a worker in lang: who, why, the evidence (lines already worded
// in lang, as HTML), a short trend, and buttons.
func (b *Bot) flagMessage(ctx context.Context, tx *store.Tx, p tandem.Person, f tandem.Flag, evidence []string, note, lang string) (tandem.Outgoing, error) {
	var sb strings.Builder
	icon := "🔔"
	if f.Urgent {
		icon = "⚠️"
	}
	fmt.Fprintf(&sb, "%s <b>%s</b>: %s", icon, html.EscapeString(p.Name), b.flagWhy(lang, f))
	if note != "" {
		sb.WriteString("\n<i>" + html.EscapeString(note) + "</i>")
	}
	for _, e := range evidence {
		sb.WriteString("\n• " + e)
	}
	trend, err := b.trend(ctx, tx, p, lang)
	if err != nil {
		return tandem.Outgoing{}, err
	}
	if trend != "" {
		sb.WriteString("\n\n" + b.pack.Text(lang, "flag.trend") + "\n" + trend)
	}
	prio := tandem.PriorityConversation
	if f.Urgent {
		prio = tandem.PriorityUrgent
	}
	return tandem.Outgoing{Kind: tandem.KindText, Priority: prio, Text: sb.String(), FlagID: f.ID, Buttons: b.flagButtons(lang, f)}, nil
}

// flagButtons are the actions that still apply to a flag in its state: once acknowledged it
// need not be acknowledged or snoozed again; once someone is getting in touch, only replying
// and resolving are left; a resolved flag has none.
func (b *Bot) flagButtons(lang string, f tandem.Flag) [][]tandem.Button {
	data := func(action string) string { return flagPrefix + strconv.FormatInt(f.ID, 10) + ":" + action }
	button := func(key, action string) tandem.Button {
		return tandem.Button{Text: b.pack.Text(lang, key), Data: data(action)}
	}
	// Writing to the person is always there while the flag is open.
	message := tandem.Button{Text: b.pack.Text(lang, "message.button"), Data: msgPrefix + "to:" + strconv.FormatInt(f.PersonID, 10)}
	switch f.Status {
	case tandem.FlagResolved:
		return nil
	case tandem.FlagContacting:
		return [][]tandem.Button{{button("flag.reply", flagReply)}, {button("flag.resolve", flagResolve), message}}
	case tandem.FlagAcknowledged:
		return [][]tandem.Button{{button("flag.contact", flagContact), button("flag.reply", flagReply)}, {button("flag.resolve", flagResolve), message}}
	case tandem.FlagSnoozed:
		return [][]tandem.Button{{button("flag.ack", flagAck), button("flag.contact", flagContact)},
			{button("flag.reply", flagReply), button("flag.resolve", flagResolve)}, {message}}
	}
	return [][]tandem.Button{
		{button("flag.ack", flagAck), button("flag.contact", flagContact)},
		{button("flag.reply", flagReply), button("flag.snooze", flagSnooze)},
		{button("flag.resolve", flagResolve), message},
	}
}

// showFlagState edits a flag's message in place: the flag as it was raised, what was done and
// by whom, and only the buttons that still apply. The worker's chat keeps one message per flag
// that says where it stands, rather than a trail of notes below it.
func (b *Bot) showFlagState(ctx context.Context, tx *store.Tx, chatID int64, messageID int, p tandem.Person, f tandem.Flag, lang, state string) error {
	if messageID == 0 {
		return nil
	}
	events, err := tx.FlagEvents(ctx, f.ID)
	if err != nil {
		return err
	}
	msg, err := b.flagMessage(ctx, tx, p, f, b.evidenceLines(lang, b.sched.Location(p), events), "", lang)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindEditText, ChatID: chatID, MessageID: messageID,
		Priority: tandem.PriorityConversation, Buttons: msg.Buttons,
		Text: msg.Text + "\n\n<b>" + html.EscapeString(state) + "</b>"})
}

// trendLength is how many recent check-ins a flag shows.
const trendLength = 5

// trend summarises a person's last few check-ins in a line each, oldest first, in lang.
func (b *Bot) trend(ctx context.Context, tx *store.Tx, p tandem.Person, lang string) (string, error) {
	all, err := tx.AllCheckins(ctx, p.ID)
	if err != nil {
		return "", err
	}
	if len(all) > trendLength {
		all = all[len(all)-trendLength:]
	}
	loc := b.sched.Location(p)
	var lines []string
	for _, c := range all {
		answers, err := tx.Answers(ctx, c.ID)
		if err != nil {
			return "", err
		}
		var parts []string
		qs, _ := b.pack.QuestionSet(c.SetID)
		for _, a := range answers {
			if a.Skipped || qs == nil {
				continue
			}
			if q, ok := qs.Question(a.QuestionID); ok && q.Kind != "text" {
				parts = append(parts, b.questionWords(lang, *q)+" "+b.answerLabel(lang, *q, a.Value))
			}
		}
		summary := strings.Join(parts, ", ")
		if summary == "" {
			summary = b.statusWords(lang, c.Status)
		}
		lines = append(lines, html.EscapeString(shortDayFor(lang, c.DueAt.In(loc))+": "+summary))
	}
	return strings.Join(lines, "\n"), nil
}

func (b *Bot) handleFlagButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "flag", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		id, action, ok := parseFlagData(ev.Data)
		if !ok || a.worker == nil {
			b.log.Warn("bot: flag button from someone who is not a worker", "from", ev.From.ID)
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
		}
		f, err := tx.Flag(ctx, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && !f.CanAct(a.worker.ID) {
			b.log.Warn("bot: flag button from a worker who may not act on it", "worker_id", a.worker.ID, "flag_id", id)
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "flag.not_yours"))
		}
		if err != nil {
			return err
		}
		if f.Status == tandem.FlagResolved {
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "flag.already_resolved"))
		}
		p, err := tx.PersonByID(ctx, f.PersonID)
		if err != nil {
			return err
		}
		actor := "worker:" + strconv.FormatInt(a.worker.ID, 10)
		w := *a.worker
		if err := tx.Audit(ctx, w.ID, p.ID, "flag:"+action, strconv.FormatInt(f.ID, 10)); err != nil {
			return err
		}
		switch action {
		case flagAck, flagContact:
			status, event, personKey, done := tandem.FlagAcknowledged, "acknowledged", "flag.seen", "flag.acked"
			if action == flagContact {
				status, event, personKey, done = tandem.FlagContacting, "contacting", "flag.will_contact", "flag.contacting"
			}
			f.Status, f.EscalateAt = status, time.Time{}
			if err := tx.UpdateFlag(ctx, f); err != nil {
				return err
			}
			if err := tx.FlagEvent(ctx, f.ID, actor, event, ""); err != nil {
				return err
			}
			if err := answer(tx, ctx, ev, b.pack.Text(a.lang, done)); err != nil {
				return err
			}
			state := b.pack.Text(a.lang, "flag.state."+event, "worker", w.FirstName(), "when", clockFor(a.lang, tx.Now().In(b.cfg.Location)))
			if err := b.showFlagState(ctx, tx, ev.ChatID, ev.MessageID, p, f, a.lang, "✓ "+state); err != nil {
				return err
			}
			if f.Kind == "silence" {
				return nil // the person was not told of this flag, so is not told of its answer
			}
			return b.tellPerson(ctx, tx, p, tandem.PriorityConversation, personKey, "worker", w.FirstName())
		case flagReply:
			if err := tx.SetWorkerAwaiting(ctx, w.ID, tandem.Await(tandem.AwaitReply, strconv.FormatInt(f.ID, 10))); err != nil {
				return err
			}
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "flag.type_reply", "person", p.Name))
		case flagSnooze:
			f.Status, f.SnoozedTill = tandem.FlagSnoozed, tx.Now().Add(snoozeFor)
			if err := tx.UpdateFlag(ctx, f); err != nil {
				return err
			}
			if err := tx.FlagEvent(ctx, f.ID, actor, "snoozed", snoozeFor.String()); err != nil {
				return err
			}
			state := b.pack.Text(a.lang, "flag.state.snoozed", "worker", w.FirstName(), "when", clockFor(a.lang, f.SnoozedTill.In(b.cfg.Location)))
			if err := b.showFlagState(ctx, tx, ev.ChatID, ev.MessageID, p, f, a.lang, state); err != nil {
				return err
			}
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "flag.snoozed"))
		case flagResolve:
			// The flag message's id rides along, so the message can say it is resolved once the note is in.
			arg := strconv.FormatInt(f.ID, 10) + ":" + strconv.Itoa(ev.MessageID)
			if err := tx.SetWorkerAwaiting(ctx, w.ID, tandem.Await(tandem.AwaitResolve, arg)); err != nil {
				return err
			}
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "flag.resolve_note", "person", p.Name))
		}
		return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
	})
}

func parseFlagData(data string) (int64, string, bool) {
	idText, action, ok := strings.Cut(strings.TrimPrefix(data, flagPrefix), ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	return id, action, ok && err == nil
}

// tellPerson sends a person a message in their language, with their worker's name.
func (b *Bot) tellPerson(ctx context.Context, tx *store.Tx, p tandem.Person, prio tandem.Priority, key string, args ...any) error {
	a := actor{person: &p, lang: p.Language}
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: prio, Text: b.text(tx, ctx, a, key, args...)})
}

// workerText handles what a worker types: a message to relay, a note on resolving, or neither.
func (b *Bot) workerText(ctx context.Context, tx *store.Tx, ev *tandem.Event, w tandem.Worker) (bool, error) {
	awaiting, err := tx.WorkerAwaiting(ctx, w.ID)
	if err != nil || awaiting.IsZero() {
		return false, err
	}
	if err := tx.SetWorkerAwaiting(ctx, w.ID, tandem.Awaiting{}); err != nil {
		return false, err
	}
	kind := awaiting.Kind
	idText, messageText, _ := strings.Cut(awaiting.Arg, ":")
	id, _ := strconv.ParseInt(idText, 10, 64)
	f, err := tx.Flag(ctx, id)
	if err != nil || !f.CanAct(w.ID) {
		return false, err
	}
	p, err := tx.PersonByID(ctx, f.PersonID)
	if err != nil {
		return false, err
	}
	actor := "worker:" + strconv.FormatInt(w.ID, 10)
	if err := tx.Audit(ctx, w.ID, p.ID, "flag:"+string(kind), idText); err != nil {
		return true, err
	}
	text := strings.TrimSpace(ev.Text)
	switch kind {
	case tandem.AwaitReply:
		if text == "" {
			return true, reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "flag.reply_empty"))
		}
		if err := tx.FlagEvent(ctx, f.ID, actor, "reply", ""); err != nil {
			return true, err
		}
		if p.State == tandem.StateStopped {
			return true, reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "flag.person_stopped", "person", p.Name))
		}
		// The reply is a message in their thread: split if long, and followed to delivery in
		// the worker's confirmation, never reported as sent when Telegram refused it. It answers
		// a flag, so it goes at once, quiet hours or not, as it always has.
		if err := b.workerMessage(ctx, tx, ev, w, p, text, true); err != nil {
			return true, err
		}
		// Their answer comes back on the flag.
		p, err := tx.PersonByID(ctx, p.ID)
		if err != nil {
			return true, err
		}
		p.Awaiting = tandem.Await(tandem.AwaitReply, idText)
		return true, tx.SetPersonSettings(ctx, p)
	case tandem.AwaitResolve:
		note := text
		if note == "-" {
			note = ""
		}
		f.Status, f.ClosedAt, f.EscalateAt = tandem.FlagResolved, tx.Now(), time.Time{}
		if err := tx.UpdateFlag(ctx, f); err != nil {
			return true, err
		}
		if err := tx.FlagEvent(ctx, f.ID, actor, "resolved", note); err != nil {
			return true, err
		}
		if p.Awaiting == tandem.Await(tandem.AwaitReply, idText) {
			p.Awaiting = tandem.Awaiting{}
			if err := tx.SetPersonSettings(ctx, p); err != nil {
				return true, err
			}
		}
		lang := b.workerLang(w)
		state := b.pack.Text(lang, "flag.state.resolved", "worker", w.FirstName(), "when", clockFor(lang, tx.Now().In(b.cfg.Location)))
		if note != "" {
			state += ": " + note
		}
		messageID, _ := strconv.Atoi(messageText)
		if err := b.showFlagState(ctx, tx, ev.ChatID, messageID, p, f, lang, "✓ "+state); err != nil {
			return true, err
		}
		return true, reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "flag.resolved", "person", p.Name))
	}
	return false, nil
}

// personReply passes a person's answer to their worker's relayed message back to the worker.
func (b *Bot) personReply(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) (bool, error) {
	if p.Awaiting.Kind != tandem.AwaitReply {
		return false, nil
	}
	id, _ := strconv.ParseInt(p.Awaiting.Arg, 10, 64)
	f, err := tx.Flag(ctx, id)
	if err != nil || f.Status == tandem.FlagResolved {
		return false, nil
	}
	w, err := tx.WorkerByID(ctx, p.WorkerID)
	if err != nil {
		return false, err
	}
	if err := tx.FlagEvent(ctx, f.ID, "person", "reply", ""); err != nil {
		return true, err
	}
	// The reply is a message of their thread, like any other they write to their worker: in
	// /messages and their /mydata, and followed to delivery.
	m := store.StoredMessage{Message: tandem.Message{PersonID: p.ID, WorkerID: w.ID, Direction: tandem.FromPerson, Text: ev.Text, State: tandem.MessageQueued}}
	if m.ID, err = tx.AddMessage(ctx, m); err != nil {
		return true, err
	}
	data := flagPrefix + strconv.FormatInt(f.ID, 10) + ":"
	first, more := relayParts(ev.Text)
	outs := []tandem.Outgoing{{Kind: tandem.KindText, ChatID: w.TelegramID, Priority: tandem.PriorityUrgent, Thread: m.ID,
		Text:    b.pack.Text(b.workerLang(w), "relay.from_person", "person", p.Name, "message", first),
		Buttons: [][]tandem.Button{{{Text: b.pack.Text(b.workerLang(w), "flag.reply"), Data: data + flagReply}, {Text: b.pack.Text(b.workerLang(w), "flag.resolve"), Data: data + flagResolve}}},
	}}
	for _, part := range more {
		outs = append(outs, tandem.Outgoing{Kind: tandem.KindText, ChatID: w.TelegramID, Priority: tandem.PriorityUrgent, Text: part, Thread: m.ID})
	}
	for _, o := range outs {
		id, err := tx.EnqueueID(ctx, o)
		if err != nil {
			return true, err
		}
		m.Parts = append(m.Parts, id)
	}
	if err := tx.UpdateMessage(ctx, m); err != nil {
		return true, err
	}
	h := b.hours(&w)
	return true, b.tellPerson(ctx, tx, p, tandem.PriorityConversation, b.whenKey(h, tx.Now()), "next", b.nextHours(p.Language, h, tx.Now()))
}

// whenKey chooses how to say when the worker will read something: now-ish in working hours, or
// when they are next at work, never implying someone is watching when nobody is.
func (b *Bot) whenKey(h tandem.WorkingHours, now time.Time) string {
	if h.Days == [7]bool{} || h.Contains(now) {
		return "relay.sent_in_hours"
	}
	return "relay.sent_out_of_hours"
}

// nextHours says when working hours next begin, in lang and the service's time zone.
func (b *Bot) nextHours(lang string, h tandem.WorkingHours, now time.Time) string {
	if h.Days == [7]bool{} {
		return ""
	}
	return momentFor(lang, h.Next(now).In(b.cfg.Location))
}

// FlagTick escalates urgent flags nobody acknowledged in time, brings back snoozed ones, and
// sends workers their people's lists for appointments coming up.
func (b *Bot) FlagTick(ctx context.Context) error {
	if err := b.MessageTick(ctx); err != nil {
		return err
	}
	now := b.store.Now()
	due, err := b.store.DueEscalations(ctx, now, 100)
	if err != nil {
		return err
	}
	snoozed, err := b.store.SnoozesEnding(ctx, now, 100)
	if err != nil {
		return err
	}
	agendas, err := b.store.AgendasDue(ctx, now, agendaLead, 100)
	if err != nil || len(due)+len(snoozed)+len(agendas) == 0 {
		return err
	}
	return b.store.Update(ctx, func(tx *store.Tx) error {
		if err := b.sendAgendas(ctx, tx, agendas); err != nil {
			return err
		}
		for _, f := range due {
			if err := b.escalate(ctx, tx, f); err != nil {
				return err
			}
		}
		for _, f := range snoozed {
			f.Status, f.SnoozedTill = tandem.FlagOpen, time.Time{}
			if err := tx.UpdateFlag(ctx, f); err != nil {
				return err
			}
			if err := tx.FlagEvent(ctx, f.ID, "system", "unsnoozed", ""); err != nil {
				return err
			}
			p, err := tx.PersonByID(ctx, f.PersonID)
			if err != nil {
				return err
			}
			w, err := tx.WorkerByID(ctx, f.WorkerID)
			if err != nil {
				return err
			}
			lang := b.workerLang(w)
			evidence, err := b.flagEvidence(ctx, tx, p, f, lang)
			if err != nil {
				return err
			}
			msg, err := b.flagMessage(ctx, tx, p, f, evidence, b.pack.Text(lang, "flag.back_from_snooze"), lang)
			if err != nil {
				return err
			}
			msg.ChatID = w.TelegramID
			if err := tx.Enqueue(ctx, msg); err != nil {
				return err
			}
		}
		tx.AfterCommit(b.outbox.Wake)
		return nil
	})
}

// escalate sends an unacknowledged urgent flag to the worker's backup, and a pseudonymous alert
// (no free text, no name) to the staff channel.
func (b *Bot) escalate(ctx context.Context, tx *store.Tx, f tandem.Flag) error {
	p, err := tx.PersonByID(ctx, f.PersonID)
	if err != nil {
		return err
	}
	w, err := tx.WorkerByID(ctx, f.WorkerID)
	if err != nil {
		return err
	}
	f.EscalateAt = time.Time{}
	sentTo := []string{}
	backup, err := tx.Backup(ctx, f.WorkerID)
	switch {
	case err == nil:
		f.EscalatedTo = backup.ID
		lang := b.workerLang(backup)
		evidence, err := b.flagEvidence(ctx, tx, p, f, lang)
		if err != nil {
			return err
		}
		msg, err := b.flagMessage(ctx, tx, p, f, evidence, b.pack.Text(lang, "flag.escalated_note", "worker", w.FirstName(), "minutes", int(b.cfg.EscalateAfter.Minutes())), lang)
		if err != nil {
			return err
		}
		msg.ChatID = backup.TelegramID
		if err := tx.Enqueue(ctx, msg); err != nil {
			return err
		}
		sentTo = append(sentTo, "backup:"+strconv.FormatInt(backup.ID, 10))
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	if b.cfg.StaffChannelID != 0 {
		if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: b.cfg.StaffChannelID, Priority: tandem.PriorityUrgent,
			Text: b.pack.Text(b.staffLang(), "staff.escalation", "pseudonym", p.Pseudonym, "worker", w.Name, "minutes", int(b.cfg.EscalateAfter.Minutes()), "kind", b.kindWords(b.staffLang(), f.Kind))}); err != nil {
			return err
		}
		sentTo = append(sentTo, "staff_channel")
	}
	if len(sentTo) == 0 {
		b.log.Error("bot: an urgent flag went unacknowledged and there is no backup or staff channel to escalate to",
			"flag_id", f.ID, "worker_id", w.ID)
	} else {
		// The worker hears that their flag went further, so nobody is surprised by a colleague's call.
		lang := b.workerLang(w)
		var to []string
		if f.EscalatedTo != 0 {
			to = append(to, backup.FirstName())
		}
		if b.cfg.StaffChannelID != 0 {
			to = append(to, b.pack.Text(lang, "flag.escalated_staff"))
		}
		if err := b.tellWorker(ctx, tx, w.ID, tandem.PriorityUrgent, "flag.escalated_told", "person", p.Name,
			"minutes", int(b.cfg.EscalateAfter.Minutes()), "to", schedule.And(lang, to)); err != nil {
			return err
		}
	}
	b.flagsEscalated.With().Inc()
	if err := tx.UpdateFlag(ctx, f); err != nil {
		return err
	}
	return tx.FlagEvent(ctx, f.ID, "system", "escalated", strings.Join(sentTo, ","))
}
