package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// Messages between a person and their worker, between appointments. Each is a row in the
// person's thread (store/messages.go) whose state follows the outbox rows that carry it: the
// dispatcher's sent hook (Delivered) and the periodic pass (MessageTick) read those rows and
// edit the sender's confirmation ("Queued for Sam" → "Delivered ✓" or "Not delivered: …").

// msgPrefix buttons: "m:send:<message id>" and "m:no:<message id>" on a person's offer,
// "m:to:<person id>" for a worker's Message button, "m:now:<message id>" to send a message
// waiting for quiet hours now.
const msgPrefix = "m:"

// Conversation states for typed text.
const ()

// floodLimit is how many messages a minute from one person are passed on one by one; more wait
// a minute and go to the worker together, as one digest, so nothing is dropped and the worker's
// chat is not buried.
const floodLimit = 5

// threadLength is how many messages /messages shows.
const threadLength = 15

// messaging is the service's mode, ask when not set.
func (b *Bot) messaging() tandem.MessagingMode {
	if b.cfg.Messaging == "" {
		return tandem.MessagingAsk
	}
	return b.cfg.Messaging
}

// freeMessage handles what a person writes that answers nothing Tandem asked: offered to their
// worker with one tap, passed on at once, or (messaging off) not relayed, with how to reach
// the team instead. A reply to their worker's message always goes back to the worker.
func (b *Bot) freeMessage(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor, p tandem.Person) error {
	if ev.Media == "sticker" {
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "message.sticker"))
	}
	replying, err := b.replyingToWorker(ctx, tx, p)
	if err != nil {
		return err
	}
	mode := b.messaging()
	if mode == tandem.MessagingOff && !replying {
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "message.off"))
	}
	m := store.StoredMessage{
		Message:    tandem.Message{PersonID: p.ID, WorkerID: p.WorkerID, Direction: tandem.FromPerson, Media: ev.Media, Text: ev.Text, State: store.MessageOffered},
		SourceChat: ev.ChatID, SourceMessage: ev.MessageID,
	}
	if mode == tandem.MessagingOn || replying {
		return b.passOn(ctx, tx, a, p, m)
	}
	id, err := tx.AddMessage(ctx, m)
	if err != nil {
		return err
	}
	data := msgPrefix + "%s:" + strconv.FormatInt(id, 10)
	return reply(tx, ctx, ev, b.text(tx, ctx, a, "message.ask"), []tandem.Button{
		{Text: b.pack.Text(a.lang, "message.send"), Data: fmt.Sprintf(data, "send")},
		{Text: b.pack.Text(a.lang, "message.not_now"), Data: fmt.Sprintf(data, "no")},
	})
}

// offerKept is how long an offer nobody answered keeps the person's words; after that the
// words go, and a late press on Send says the moment has passed.
const offerKept = 7 * 24 * time.Hour

// replyWindow is how long after a worker's message what the person writes counts as a reply
// to it, and goes back without asking.
const replyWindow = 24 * time.Hour

// replyingToWorker says whether what the person writes now answers their worker's message.
func (b *Bot) replyingToWorker(ctx context.Context, tx *store.Tx, p tandem.Person) (bool, error) {
	if p.Awaiting.Kind != tandem.AwaitMessageReply {
		return false, nil
	}
	id, _ := strconv.ParseInt(p.Awaiting.Arg, 10, 64)
	m, err := tx.Message(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	sent := m.CreatedAt
	if m.DueAt.After(sent) {
		sent = m.DueAt
	}
	return tx.Now().Sub(sent) < replyWindow, nil
}

// passOn sends a person's message to their worker (or holds it for a digest when they are
// writing faster than anyone could read), and tells them when their worker usually reads.
func (b *Bot) passOn(ctx context.Context, tx *store.Tx, a actor, p tandem.Person, m store.StoredMessage) error {
	now := tx.Now()
	w, err := tx.WorkerByID(ctx, p.WorkerID)
	if err != nil {
		return fmt.Errorf("bot: pass on to worker %d: %w", p.WorkerID, err)
	}
	recent, err := tx.RecentFromPerson(ctx, p.ID, now.Add(-time.Minute))
	if err != nil {
		return err
	}
	m.CreatedAt = now
	m.State = tandem.MessageQueued
	if recent >= floodLimit {
		m.State, m.DueAt = tandem.MessageWaiting, now.Add(time.Minute)
	}
	if m.ID == 0 {
		if m.ID, err = tx.AddMessage(ctx, m); err != nil {
			return err
		}
	}
	if m.State == tandem.MessageWaiting {
		if err := tx.UpdateMessage(ctx, m); err != nil {
			return err
		}
		if recent == floodLimit {
			return b.tellPerson(ctx, tx, p, tandem.PriorityConversation, "message.together")
		}
		return nil
	}
	if err := b.relayToWorker(ctx, tx, p, w, []store.StoredMessage{m}); err != nil {
		return err
	}
	h := b.hours(&w)
	return b.tellPerson(ctx, tx, p, tandem.PriorityConversation, b.whenKey(h, now), "next", b.nextHours(p.Language, h, now))
}

// relayToWorker queues one or more of a person's messages (more than one: a digest) to their
// worker, recording on each the outbox rows that carry them. The words are escaped for
// Telegram's HTML and a long message is split, never refused; media are copied.
func (b *Bot) relayToWorker(ctx context.Context, tx *store.Tx, p tandem.Person, w tandem.Worker, msgs []store.StoredMessage) error {
	var sb strings.Builder
	if len(msgs) == 1 {
		sb.WriteString(b.pack.Text(b.workerLang(w), "message.from_person", "person", p.Name))
	} else {
		sb.WriteString(b.pack.Text(b.workerLang(w), "message.from_person_many", "person", p.Name, "count", strconv.Itoa(len(msgs))))
	}
	var copies []store.StoredMessage
	for _, m := range msgs {
		sb.WriteString("\n\n")
		if len(msgs) > 1 {
			sb.WriteString("<i>" + m.CreatedAt.In(b.cfg.Location).Format("15:04") + "</i> ")
		}
		if m.Media != "" {
			sb.WriteString(b.pack.Text(b.workerLang(w), "message.media_below", "what", b.mediaName(b.workerLang(w), m.Media)) + " ")
			copies = append(copies, m)
		}
		sb.WriteString(html.EscapeString(m.Text))
	}
	reply := []tandem.Button{{Text: b.pack.Text(b.workerLang(w), "message.reply"), Data: msgPrefix + "to:" + strconv.FormatInt(p.ID, 10)}}
	var outs []tandem.Outgoing
	chunks := splitMessage(strings.TrimSpace(sb.String()), textLimit)
	for i, c := range chunks {
		o := tandem.Outgoing{Kind: tandem.KindText, ChatID: w.TelegramID, Priority: tandem.PriorityConversation, Text: c, Thread: msgs[0].ID}
		if i == len(chunks)-1 && len(copies) == 0 {
			o.Buttons = [][]tandem.Button{reply}
		}
		outs = append(outs, o)
	}
	for i, m := range copies {
		o := tandem.Outgoing{Kind: tandem.KindCopy, ChatID: w.TelegramID, Priority: tandem.PriorityConversation, FromChatID: m.SourceChat, MessageID: m.SourceMessage,
			Text: b.pack.Text(b.workerLang(w), "message.media_caption", "person", p.Name, "what", b.mediaName(b.workerLang(w), m.Media)), Thread: m.ID}
		if i == len(copies)-1 {
			o.Buttons = [][]tandem.Button{reply}
		}
		outs = append(outs, o)
	}
	var parts []int64
	for _, o := range outs {
		id, err := tx.EnqueueID(ctx, o)
		if err != nil {
			return err
		}
		parts = append(parts, id)
	}
	for _, m := range msgs {
		m.State, m.Parts = tandem.MessageQueued, parts
		if err := tx.UpdateMessage(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// mediaName is what kind of thing was passed on, in lang: "voice note", "nota de voz".
func (b *Bot) mediaName(lang, media string) string {
	switch media {
	case "", "photo", "voice", "audio", "video", "video_note", "document", "sticker":
		return b.pack.Text(lang, "media."+cmp.Or(media, "message"))
	}
	return media
}

// textLimit is Telegram's longest message, in characters after entity parsing.
const textLimit = 4096

// handleMessageButton handles the buttons of messaging: a person's Send / Not now, a worker's
// Message and Send now.
func (b *Bot) handleMessageButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "message", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		action, idText, _ := strings.Cut(strings.TrimPrefix(ev.Data, msgPrefix), ":")
		id, perr := strconv.ParseInt(idText, 10, 64)
		old := func() error { return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old")) }
		if perr != nil {
			return old()
		}
		switch {
		case (action == "send" || action == "no") && a.enrolled():
			m, err := tx.Message(ctx, id)
			if errors.Is(err, store.ErrNotFound) || err == nil && (m.PersonID != a.person.ID || m.State != store.MessageOffered) {
				if err := removeButtons(tx, ctx, ev); err != nil {
					return err
				}
				return answer(tx, ctx, ev, b.pack.Text(a.lang, "message.already"))
			}
			if err != nil {
				return err
			}
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			if err := removeButtons(tx, ctx, ev); err != nil {
				return err
			}
			if action == "no" {
				// Their words are theirs: not sent, not kept.
				if err := tx.DeleteMessage(ctx, m.ID); err != nil {
					return err
				}
				return reply(tx, ctx, ev, b.text(tx, ctx, a, "message.kept_back"))
			}
			return b.passOn(ctx, tx, a, *a.person, m)
		case action == "to" && a.worker != nil:
			p, err := b.ownPerson(ctx, tx, *a.worker, id, "message")
			if err != nil || p == nil {
				if err == nil {
					return answer(tx, ctx, ev, b.pack.Text(a.lang, "flag.not_yours"))
				}
				return err
			}
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			if err := tx.SetWorkerAwaiting(ctx, a.worker.ID, tandem.Await(tandem.AwaitMessageTo, strconv.FormatInt(p.ID, 10))); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "message.type_it", "person", p.Name))
		case action == "now" && a.worker != nil:
			m, err := tx.Message(ctx, id)
			if errors.Is(err, store.ErrNotFound) || err == nil && (m.WorkerID != a.worker.ID || m.State != tandem.MessageWaiting || m.DueAt.IsZero()) {
				if err := removeButtons(tx, ctx, ev); err != nil {
					return err
				}
				return answer(tx, ctx, ev, b.pack.Text(a.lang, "message.already_sent"))
			}
			if err != nil {
				return err
			}
			p, err := tx.PersonByID(ctx, m.PersonID)
			if err != nil {
				return err
			}
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			if err := tx.Audit(ctx, a.worker.ID, p.ID, "message urgent", ""); err != nil {
				return err
			}
			m.Urgent = true
			return b.deliverToPerson(ctx, tx, *a.worker, p, m)
		}
		return old()
	})
}

// ownPerson finds person id in the worker's caseload; nil (and an audit row) when they are
// someone else's, so a refused look-up is on record too.
func (b *Bot) ownPerson(ctx context.Context, tx *store.Tx, w tandem.Worker, id int64, action string) (*tandem.Person, error) {
	p, err := tx.PersonByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.WorkerID != w.ID {
		b.log.Warn("bot: a worker asked about someone who is not theirs", "worker_id", w.ID, "person_id", id)
		return nil, tx.Audit(ctx, w.ID, 0, "refused "+action, "not in their caseload")
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// findOwn is aboutPerson for messaging: the person named at the start of ev.Args, among the
// worker's own people. A name that is not theirs is refused and audited.
func (b *Bot) findOwn(ctx context.Context, tx *store.Tx, ev *tandem.Event, w tandem.Worker, action, howKey string) (*tandem.Person, string, error) {
	people, err := tx.PeopleOfWorker(ctx, w.ID)
	if err != nil {
		return nil, "", err
	}
	p, rest, problem := matchPerson(people, ev.Args)
	switch problem {
	case "":
		return &p, rest, nil
	case "worker.schedule_how":
		return nil, "", reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), howKey, "names", names(people)))
	case "worker.no_such_person":
		if err := tx.Audit(ctx, w.ID, 0, "refused "+action, "not in their caseload"); err != nil {
			return nil, "", err
		}
	}
	return nil, "", reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "message.no_such_person", "names", names(people), "command", action))
}

// handleMessage is a worker's /message <name> <text>.
func (b *Bot) handleMessage(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "message", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.worker == nil {
			return b.notForYou(ctx, tx, ev, a)
		}
		p, text, err := b.findOwn(ctx, tx, ev, *a.worker, "message", "message.how")
		if err != nil || p == nil {
			return err
		}
		if text == "" {
			if err := tx.SetWorkerAwaiting(ctx, a.worker.ID, tandem.Await(tandem.AwaitMessageTo, strconv.FormatInt(p.ID, 10))); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "message.type_it", "person", p.Name))
		}
		return b.workerMessage(ctx, tx, ev, *a.worker, *p, text, false)
	})
}

// workerMessageLine takes a worker's typed text after they pressed Message.
func (b *Bot) workerMessageLine(ctx context.Context, tx *store.Tx, ev *tandem.Event, w tandem.Worker) (bool, error) {
	awaiting, err := tx.WorkerAwaiting(ctx, w.ID)
	if err != nil || awaiting.Kind != tandem.AwaitMessageTo {
		return false, err
	}
	if err := tx.SetWorkerAwaiting(ctx, w.ID, tandem.Awaiting{}); err != nil {
		return true, err
	}
	id, _ := strconv.ParseInt(awaiting.Arg, 10, 64)
	p, err := b.ownPerson(ctx, tx, w, id, "message")
	if err != nil || p == nil {
		if err == nil {
			return true, reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "flag.not_yours"))
		}
		return true, err
	}
	if strings.TrimSpace(ev.Text) == "" {
		return true, reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "flag.reply_empty"))
	}
	return true, b.workerMessage(ctx, tx, ev, w, *p, strings.TrimSpace(ev.Text), false)
}

// workerMessage records a worker's message to a person and sends it, or holds it for their
// quiet hours unless urgent, and gives the worker a confirmation that follows its delivery.
func (b *Bot) workerMessage(ctx context.Context, tx *store.Tx, ev *tandem.Event, w tandem.Worker, p tandem.Person, text string, urgent bool) error {
	if err := tx.Audit(ctx, w.ID, p.ID, "message", ""); err != nil {
		return err
	}
	if p.State == tandem.StateStopped {
		return reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "flag.person_stopped", "person", p.Name))
	}
	m := store.StoredMessage{Message: tandem.Message{PersonID: p.ID, WorkerID: w.ID, Direction: tandem.FromWorker, Text: text, State: tandem.MessageQueued, Urgent: urgent}}
	var err error
	if m.ID, err = tx.AddMessage(ctx, m); err != nil {
		return err
	}
	return b.deliverToPerson(ctx, tx, w, p, m)
}

// deliverToPerson queues a worker's message to the person (or keeps it waiting for the end of
// their quiet hours) and queues or edits the worker's confirmation.
func (b *Bot) deliverToPerson(ctx context.Context, tx *store.Tx, w tandem.Worker, p tandem.Person, m store.StoredMessage) error {
	now := tx.Now()
	loc := b.sched.Location(p)
	if q := schedule.Quiet(p); pauseHolds(p, m) {
		// They asked for a break from messages: it waits for the pause to end (zero: until
		// they resume), unless the worker says it can't wait.
		m.State, m.DueAt = tandem.MessageWaiting, p.PausedUntil
	} else if !m.Urgent && q.Contains(now, loc) {
		m.State, m.DueAt = tandem.MessageWaiting, q.Until(now, loc)
	} else {
		m.State, m.DueAt = tandem.MessageQueued, time.Time{}
		body := b.pack.Text(p.Language, "relay.from_worker", "worker", w.FirstName(), "message", m.Text)
		for _, c := range splitMessage(body, textLimit) {
			id, err := tx.EnqueueID(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityConversation, Text: c, Thread: m.ID})
			if err != nil {
				return err
			}
			m.Parts = append(m.Parts, id)
		}
		// Their next words are a reply, and go back to this worker without asking.
		if p.Awaiting.Kind != tandem.AwaitPlan {
			p.Awaiting = tandem.Await(tandem.AwaitMessageReply, strconv.FormatInt(m.ID, 10))
			if err := tx.SetPersonSettings(ctx, p); err != nil {
				return err
			}
		}
	}
	text, buttons := b.confirmation(b.workerLang(w), p, m)
	if m.ConfirmOutbox != 0 {
		if st, err := tx.OutboxState(ctx, m.ConfirmOutbox); err != nil {
			return err
		} else if st.Status == store.OutboxSent && st.MessageID != 0 {
			m.ConfirmShown = m.State
			if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindEditText, ChatID: w.TelegramID, Priority: tandem.PriorityConversation, MessageID: st.MessageID, Text: text, Buttons: buttons}); err != nil {
				return err
			}
			return tx.UpdateMessage(ctx, m)
		}
	}
	id, err := tx.EnqueueID(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: w.TelegramID, Priority: tandem.PriorityConversation, Text: text, Buttons: buttons, Thread: m.ID})
	if err != nil {
		return err
	}
	m.ConfirmOutbox, m.ConfirmShown = id, m.State
	return tx.UpdateMessage(ctx, m)
}

// pauseHolds says whether a worker's message m waits because p has paused messages. A reply to
// a flag, or one the worker marked urgent, does not.
func pauseHolds(p tandem.Person, m store.StoredMessage) bool {
	return p.State == tandem.StatePaused && !m.Urgent && len(m.Parts) == 0
}

// pauseEnd words, in lang and for their worker, when p's pause ends.
func (b *Bot) pauseEnd(lang string, p tandem.Person) string {
	if p.PausedUntil.IsZero() {
		return b.pack.Text(lang, "pause.worker_until_resume")
	}
	return b.pack.Text(lang, "pause.until", "date", dayFor(lang, p.PausedUntil.In(b.sched.Location(p))))
}

// confirmation is what the worker's confirmation of a message says in state m.State.
func (b *Bot) confirmation(lang string, p tandem.Person, m store.StoredMessage) (string, [][]tandem.Button) {
	name := p.Name
	switch {
	case m.State == tandem.MessageDelivered:
		return b.pack.Text(lang, "message.delivered", "person", name), nil
	case p.State == tandem.StateUnreachable && m.State != tandem.MessageDelivered:
		// They blocked Tandem (or the chat is gone): not delivered, and said so plainly; it
		// still goes, and this changes to "delivered", if they come back.
		return b.pack.Text(lang, "message.not_delivered", "person", name, "reason", b.pack.Text(lang, "message.reason_blocked", "person", name)), nil
	case m.State == tandem.MessageNotDelivered:
		return b.pack.Text(lang, "message.not_delivered", "person", name, "reason", b.failureWords(lang, p, m.Reason)), nil
	case m.State == tandem.MessageWaiting && pauseHolds(p, m):
		return b.pack.Text(lang, "message.waiting_pause", "person", name, "when", b.pauseEnd(lang, p)),
			[][]tandem.Button{{{Text: b.pack.Text(lang, "message.send_now"), Data: msgPrefix + "now:" + strconv.FormatInt(m.ID, 10)}}}
	case m.State == tandem.MessageWaiting && !m.DueAt.IsZero():
		when := momentFor(lang, m.DueAt.In(b.sched.Location(p)))
		return b.pack.Text(lang, "message.waiting_quiet", "person", name, "when", when),
			[][]tandem.Button{{{Text: b.pack.Text(lang, "message.send_now"), Data: msgPrefix + "now:" + strconv.FormatInt(m.ID, 10)}}}
	}
	return b.pack.Text(lang, "message.queued", "person", name), nil
}

// settleMessage works out where message id stands from the outbox rows that carry it, and
// brings the worker's confirmation up to date. It is called when one of its rows is sent and
// from the periodic pass (which also finds failures and held chats, and sends what quiet
// hours held back).
func (b *Bot) settleMessage(ctx context.Context, tx *store.Tx, id int64) error {
	m, err := tx.Message(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil // deleted with the person
	}
	if err != nil {
		return err
	}
	p, err := tx.PersonByID(ctx, m.PersonID)
	if err != nil {
		return err
	}
	w, err := tx.WorkerByID(ctx, m.WorkerID)
	if err != nil {
		return err
	}
	now := tx.Now()
	if m.State == tandem.MessageWaiting && len(m.Parts) == 0 && m.Direction == tandem.FromWorker && pauseHolds(p, m) {
		return nil // still paused: it goes when the pause ends or they resume
	}
	if m.State == tandem.MessageWaiting && len(m.Parts) == 0 && !m.DueAt.After(now) {
		if m.Direction == tandem.FromWorker {
			return b.deliverToPerson(ctx, tx, w, p, m)
		}
		return nil // a person's held messages go together, from MessageTick
	}
	before := m.State
	if len(m.Parts) > 0 && (m.State == tandem.MessageQueued || m.State == tandem.MessageWaiting) || len(m.Parts) > 0 && m.State == tandem.MessageNotDelivered && m.Reason == blockedReason {
		m.State = tandem.MessageQueued
		sent, held := 0, false
		for _, part := range m.Parts {
			st, err := tx.OutboxState(ctx, part)
			if err != nil {
				return err
			}
			switch st.Status {
			case store.OutboxSent, "":
				sent++
			case store.OutboxFailed:
				m.State, m.Reason = tandem.MessageNotDelivered, failureReason(st.LastError, m.Direction)
			case store.OutboxHeld:
				held = true
			}
		}
		switch {
		case m.State == tandem.MessageNotDelivered:
		case len(m.Parts) > 0 && sent == len(m.Parts):
			m.State = tandem.MessageDelivered
		case held && m.Direction == tandem.FromWorker:
			// Held for a chat that refuses the bot: not delivered, and said so; it still goes
			// (and this changes to delivered) if they come back.
			m.State, m.Reason = tandem.MessageNotDelivered, blockedReason
		case held || p.State == tandem.StateUnreachable && m.Direction == tandem.FromWorker:
			m.State = tandem.MessageWaiting
		}
	}
	if m.Direction == tandem.FromPerson && m.State == tandem.MessageNotDelivered && before != m.State {
		// A failure is never silent: the person hears that their worker did not get it.
		b.log.Warn("bot: a person's message could not be passed on", "message_id", m.ID, "reason", m.Reason)
		if err := b.tellPerson(ctx, tx, p, tandem.PriorityConversation, "message.not_passed_on", "what", b.mediaName(p.Language, m.Media)); err != nil {
			return err
		}
	}
	if m.ConfirmOutbox != 0 && m.ConfirmShown != m.State {
		st, err := tx.OutboxState(ctx, m.ConfirmOutbox)
		if err != nil {
			return err
		}
		switch {
		case st.Status == store.OutboxFailed || st.Status == "":
			// The confirmation itself never arrived (or is long gone): nothing to edit.
			m.ConfirmShown = m.State
		case st.Status == store.OutboxSent && st.MessageID != 0:
			text, buttons := b.confirmation(b.workerLang(w), p, m)
			if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindEditText, ChatID: w.TelegramID, Priority: tandem.PriorityConversation, MessageID: st.MessageID, Text: text, Buttons: buttons}); err != nil {
				return err
			}
			m.ConfirmShown = m.State
		}
	}
	return tx.UpdateMessage(ctx, m)
}

// Why a message was not delivered, as stored: a code the reader's language words
// ("message.reason.<code>"), so a Spanish worker is not told why in English.
const (
	blockedReason  = "blocked"  // a person blocked the bot or closed the chat; it goes if they come back
	closedReason   = "closed"   // the worker's chat is closed
	tooLongReason  = "too_long" // Telegram found it too long
	refusedReason  = "refused"  // Telegram refused it for another reason
	reasonKeyStart = "message.reason."
)

// failureWords says in lang why a message was not delivered. A reason stored in words before
// reasons had codes is said as it was.
func (b *Bot) failureWords(lang string, p tandem.Person, reason string) string {
	if reason == blockedReason {
		return html.UnescapeString(b.pack.Text(lang, "message.reason_blocked", "person", p.Name))
	}
	if key := reasonKeyStart + reason; b.pack.Has(key) {
		return b.plainText(lang, key)
	}
	return reason
}

// settlePersonMessages settles every open message of one person, when their chat changes.
func (b *Bot) settlePersonMessages(ctx context.Context, tx *store.Tx, personID int64) error {
	open, err := tx.OpenMessagesOf(ctx, personID)
	if err != nil {
		return err
	}
	for _, m := range open {
		if err := b.settleMessage(ctx, tx, m.ID); err != nil {
			return err
		}
	}
	return nil
}

// failureReason is why a message could not be delivered, as a code for failureWords.
func failureReason(lastError string, dir tandem.MessageDirection) string {
	switch {
	case strings.Contains(lastError, "blocked"):
		if dir == tandem.FromWorker {
			return blockedReason
		}
		return closedReason
	case strings.Contains(lastError, "too long"):
		return tooLongReason
	}
	return refusedReason
}

// messageSent is the dispatcher's news that a row carrying or confirming a message went.
func (b *Bot) messageSent(ctx context.Context, m tandem.Outgoing) {
	err := b.store.Update(ctx, func(tx *store.Tx) error {
		tx.AfterCommit(b.outbox.Wake)
		return b.settleMessage(ctx, tx, m.Thread)
	})
	if err != nil {
		b.log.Error("bot: could not record a message's delivery", "message_id", m.Thread, "err", err)
	}
}

// MessageTick settles messages whose story is not finished: sends what waited for quiet hours,
// passes on a flood of messages as one digest, and finds failures and held chats. It also
// forgets offers nobody answered within a week.
func (b *Bot) MessageTick(ctx context.Context) error {
	if _, err := b.store.ForgetOffers(ctx, b.store.Now().Add(-offerKept)); err != nil {
		return err
	}
	open, err := b.store.OpenMessages(ctx, 200)
	if err != nil || len(open) == 0 {
		return err
	}
	return b.store.Update(ctx, func(tx *store.Tx) error {
		tx.AfterCommit(b.outbox.Wake)
		now := tx.Now()
		held := map[int64][]store.StoredMessage{} // person id: their messages held for a digest
		for _, m := range open {
			if m.Direction == tandem.FromPerson && m.State == tandem.MessageWaiting && len(m.Parts) == 0 {
				if !m.DueAt.After(now) || len(held[m.PersonID]) > 0 {
					held[m.PersonID] = append(held[m.PersonID], m)
				}
				continue
			}
			if err := b.settleMessage(ctx, tx, m.ID); err != nil {
				return err
			}
		}
		for pid, msgs := range held {
			p, err := tx.PersonByID(ctx, pid)
			if err != nil {
				return err
			}
			w, err := tx.WorkerByID(ctx, p.WorkerID)
			if err != nil {
				return err
			}
			if err := b.relayToWorker(ctx, tx, p, w, msgs); err != nil {
				return err
			}
		}
		return nil
	})
}

// handleMessages is a worker's /messages <name>: the recent thread, with who wrote, when, and
// whether it arrived. The view is audited.
func (b *Bot) handleMessages(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "messages", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.worker == nil {
			return b.notForYou(ctx, tx, ev, a)
		}
		p, _, err := b.findOwn(ctx, tx, ev, *a.worker, "messages", "messages.how")
		if err != nil || p == nil {
			return err
		}
		if err := tx.Audit(ctx, a.worker.ID, p.ID, "view", "messages"); err != nil {
			return err
		}
		thread, err := tx.Thread(ctx, p.ID, threadLength)
		if err != nil {
			return err
		}
		name := p.Name
		if len(thread) == 0 {
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "messages.none", "person", name),
				[]tandem.Button{{Text: b.pack.Text(a.lang, "message.button"), Data: msgPrefix + "to:" + strconv.FormatInt(p.ID, 10)}})
		}
		var sb strings.Builder
		sb.WriteString(b.pack.Text(a.lang, "messages.title", "person", name))
		loc := b.sched.Location(*p)
		for _, m := range thread {
			who := html.EscapeString(name)
			if m.Direction == tandem.FromWorker {
				who = b.pack.Text(a.lang, "messages.you")
			}
			text := m.Text
			if m.Media != "" {
				text = strings.TrimSpace("[" + b.mediaName(a.lang, m.Media) + "] " + text)
			}
			fmt.Fprintf(&sb, "\n\n<b>%s</b>, %s · %s\n%s", who, shortMomentFor(a.lang, m.CreatedAt.In(loc)),
				html.EscapeString(b.stateWords(a.lang, *p, m)), html.EscapeString(clip(text, 300)))
		}
		out := splitMessage(sb.String(), textLimit)
		for i, c := range out {
			var buttons [][]tandem.Button
			if i == len(out)-1 {
				buttons = [][]tandem.Button{{{Text: b.pack.Text(a.lang, "message.button"), Data: msgPrefix + "to:" + strconv.FormatInt(p.ID, 10)}}}
			}
			if err := reply(tx, ctx, ev, c, buttons...); err != nil {
				return err
			}
		}
		return nil
	})
}

// stateWords is a message's state in plain words in lang; p is the person whose thread it is.
func (b *Bot) stateWords(lang string, p tandem.Person, m store.StoredMessage) string {
	switch m.State {
	case tandem.MessageDelivered:
		return b.plainText(lang, "messages.state.delivered")
	case tandem.MessageNotDelivered:
		return html.UnescapeString(b.pack.Text(lang, "messages.state.not_delivered", "reason", b.failureWords(lang, p, m.Reason)))
	case tandem.MessageWaiting:
		return b.plainText(lang, "messages.state.waiting")
	}
	return b.plainText(lang, "messages.state.queued")
}

// clip shortens s to n characters, marking the cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// myDataMessage is one message of the thread in a person's /mydata.
type myDataMessage struct {
	At     time.Time `json:"at"`
	From   string    `json:"from"`
	Kind   string    `json:"kind,omitempty"`
	Text   string    `json:"text,omitempty"`
	Status string    `json:"status"`
}

// addMessageData adds the person's thread with their worker to their data export: all of it,
// not just the recent messages a worker sees.
func (b *Bot) addMessageData(ctx context.Context, tx *store.Tx, p tandem.Person, d *myData) error {
	thread, err := tx.Thread(ctx, p.ID, 1<<30)
	if err != nil {
		return err
	}
	loc := b.sched.Location(p)
	for _, m := range thread {
		from, err := b.messageAuthor(ctx, tx, p, m)
		if err != nil {
			return err
		}
		kind := ""
		if m.Media != "" {
			kind = b.mediaName(p.Language, m.Media)
		}
		d.Messages = append(d.Messages, myDataMessage{At: m.CreatedAt.In(loc), From: from, Kind: kind, Text: m.Text, Status: b.stateWords(p.Language, p, m)})
	}
	return nil
}

// messageAuthor names, in the person's language, who wrote a message of their thread: "you",
// or the worker by their first name (a reply to a flag may have come from a backup).
func (b *Bot) messageAuthor(ctx context.Context, tx *store.Tx, p tandem.Person, m store.StoredMessage) (string, error) {
	if m.Direction != tandem.FromWorker {
		return b.plainText(p.Language, "mydata.pdf.message.you"), nil
	}
	w, err := tx.WorkerByID(ctx, m.WorkerID)
	if errors.Is(err, store.ErrNotFound) {
		return b.plainText(p.Language, "mydata.pdf.worker"), nil
	}
	if err != nil {
		return "", err
	}
	return w.FirstName(), nil
}

// toldWorker renders a worker's confirmation that a person has been told something. When the
// person cannot be reached it says instead that the message is waiting (key + ".waiting"):
// a worker must never be told someone knows what has not reached them.
func (b *Bot) toldWorker(lang string, p tandem.Person, key string, args ...any) string {
	if p.State == tandem.StateUnreachable {
		key += ".waiting"
	}
	return b.pack.Text(lang, key, args...)
}
