package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// Check-in buttons carry "ci:<check-in id>:<question index>:<value>". The id is checked against
// who pressed, so a forged press can only ever touch the presser's own check-in.
const (
	checkinPrefix = "ci:"
	skipValue     = "-"
	notNowValue   = "~"
)

func checkinData(c tandem.Checkin, idx int, value string) string {
	return fmt.Sprintf("%s%d:%d:%s", checkinPrefix, c.ID, idx, value)
}

func parseCheckinData(data string) (id int64, idx int, value string, ok bool) {
	parts := strings.SplitN(strings.TrimPrefix(data, checkinPrefix), ":", 3)
	if len(parts) != 3 {
		return 0, 0, "", false
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	idx, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || idx < 0 || parts[2] == "" {
		return 0, 0, "", false
	}
	return id, idx, parts[2], true
}

// questionSet is a question set as this person is asked it: before its closing free-text
// question, the daily check-in also asks about their own early warning signs, and the weekly
// one how each of their open goals went.
func (b *Bot) questionSet(ctx context.Context, tx *store.Tx, p tandem.Person, id string) (*content.QuestionSet, error) {
	qs, ok := b.pack.QuestionSet(id)
	if !ok {
		return nil, fmt.Errorf("bot: no question set %q in the content pack", id)
	}
	// The daily check-in asks about the person's own warning signs; the weekly, their goals.
	var extra []content.Question
	switch id {
	case "daily":
		signs, err := tx.Signs(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, s := range signs {
			extra = append(extra, b.signQuestion(s))
		}
	case "weekly":
		goals, err := b.goalQuestions(ctx, tx, p)
		if err != nil {
			return nil, err
		}
		extra = goals
	}
	if len(extra) == 0 {
		return qs, nil
	}
	personal := *qs
	personal.Questions = nil
	at := len(qs.Questions)
	if at > 0 && qs.Questions[at-1].Kind == content.AnswerText {
		at--
	}
	personal.Questions = append(personal.Questions, qs.Questions[:at]...)
	personal.Questions = append(personal.Questions, extra...)
	personal.Questions = append(personal.Questions, qs.Questions[at:]...)
	return &personal, nil
}

// nextQuestion is the first question at or after from that should be asked, given the answers
// so far; -1 when the check-in is complete.
func nextQuestion(qs *content.QuestionSet, from int, answers []tandem.Answer) int {
	given := map[string]string{}
	for _, a := range answers {
		if !a.Skipped {
			given[a.QuestionID] = a.Value
		}
	}
	for i := from; i < len(qs.Questions); i++ {
		if qs.Questions[i].ShouldAsk(given) {
			return i
		}
	}
	return -1
}

// questionMessage renders question idx of c with its buttons. header goes above it.
func (b *Bot) questionMessage(p tandem.Person, qs *content.QuestionSet, c tandem.Checkin, idx int, header string, prio tandem.Priority) tandem.Outgoing {
	q := qs.Questions[idx]
	lang := p.Language
	text := "<b>" + q.TextIn(lang) + "</b>"
	if header != "" {
		text = header + "\n\n" + text
	}
	var rows [][]tandem.Button
	switch q.Kind {
	case content.AnswerScale:
		for i, label := range q.LabelsIn(lang) {
			v := strconv.Itoa(q.Min + i)
			rows = append(rows, []tandem.Button{{Text: v + " · " + label, Data: checkinData(c, idx, v)}})
		}
	case content.AnswerYesNo:
		yes, no := b.pack.YesNo(lang)
		rows = append(rows, []tandem.Button{{Text: yes, Data: checkinData(c, idx, "yes")}, {Text: no, Data: checkinData(c, idx, "no")}})
	case content.AnswerChoice:
		for _, ch := range q.Choices {
			rows = append(rows, []tandem.Button{{Text: ch.LabelIn(lang), Data: checkinData(c, idx, ch.ID)}})
		}
	case content.AnswerText:
		text += "\n\n" + b.pack.Text(lang, "checkin.type_answer")
	}
	rows = append(rows, []tandem.Button{
		{Text: b.pack.Text(lang, "checkin.skip"), Data: checkinData(c, idx, skipValue)},
		{Text: b.pack.Text(lang, "checkin.not_now"), Data: checkinData(c, idx, notNowValue)},
	})
	return tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: prio, Text: text, Buttons: rows}
}

// answerLabel is how a chosen answer reads back to the person.
func (b *Bot) answerLabel(lang string, q content.Question, value string) string {
	if value == skipValue {
		return b.pack.Text(lang, "checkin.skipped")
	}
	label, ok := b.pack.AnswerLabel(lang, q, value)
	switch {
	case ok && q.Kind == content.AnswerScale:
		return value + " · " + label
	case ok:
		return label
	case q.Kind == content.AnswerYesNo:
		_, no := b.pack.YesNo(lang)
		return no
	}
	return value
}

// validAnswer says whether value is a possible answer to q (a forged or stale press may not be).
func validAnswer(q content.Question, value string) bool {
	switch q.Kind {
	case content.AnswerScale:
		n, err := strconv.Atoi(value)
		return err == nil && n >= q.Min && n <= q.Max
	case content.AnswerYesNo:
		return value == "yes" || value == "no"
	case content.AnswerChoice:
		for _, ch := range q.Choices {
			if ch.ID == value {
				return true
			}
		}
	}
	return false
}

// Prompt sends a check-in's first question, with the set's introduction. (reminders.Prompter)
func (b *Bot) Prompt(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error {
	return b.sendCurrent(ctx, tx, p, c, tandem.PriorityBulk, "intro")
}

// sendCurrent sends the question c is at (moving past ones that should not be asked).
func (b *Bot) sendCurrent(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin, prio tandem.Priority, header string) error {
	qs, err := b.questionSet(ctx, tx, p, c.SetID)
	if err != nil {
		return err
	}
	answers, err := tx.Answers(ctx, c.ID)
	if err != nil {
		return err
	}
	idx := nextQuestion(qs, c.Position, answers)
	if idx < 0 {
		return b.finish(ctx, tx, p, qs, c)
	}
	if idx != c.Position {
		c.Position = idx
		if err := tx.UpdateCheckin(ctx, c); err != nil {
			return err
		}
	}
	var top string
	switch header {
	case "intro":
		top = qs.IntroIn(p.Language)
	case "reminder":
		top = b.pack.Text(p.Language, "checkin.reminder")
	}
	return tx.Enqueue(ctx, b.questionMessage(p, qs, c, idx, top, prio))
}

// Remind nudges once about an unanswered check-in, repeating the question it is at. (reminders.Prompter)
func (b *Bot) Remind(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error {
	return b.sendCurrent(ctx, tx, p, c, tandem.PriorityBulk, "reminder")
}

// Expired is told of a check-in that closed unfinished. Nothing is said to the person: a
// missed check-in is not a failing, and the next one will come as planned. A run of them is a
// reason for the worker to look, though. (reminders.Prompter)
func (b *Bot) Expired(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error {
	b.log.Debug("bot: check-in closed unfinished", "checkin_id", c.ID, "status", c.Status)
	return b.checkSilence(ctx, tx, p)
}

// finish closes a check-in whose questions are all done and thanks the person.
func (b *Bot) finish(ctx context.Context, tx *store.Tx, p tandem.Person, qs *content.QuestionSet, c tandem.Checkin) error {
	c.Status, c.ClosedAt, c.Reminded = tandem.CheckinAnswered, tx.Now(), true
	if err := tx.UpdateCheckin(ctx, c); err != nil {
		return err
	}
	text := qs.OutroIn(p.Language)
	if c.Late {
		text += "\n\n" + b.pack.Text(p.Language, "checkin.saved_late")
	}
	w, err := tx.WorkerByID(ctx, p.WorkerID)
	if err != nil {
		return err
	}
	buttons := [][]tandem.Button{{{Text: b.pack.Text(p.Language, "contact.button", "worker", w.FirstName()), Data: contactButton}}}
	if l, err := b.suggestLesson(ctx, tx, p, qs, c); err != nil {
		return err
	} else if l != nil {
		local, _ := b.pack.LessonIn(l.ID, p.Language)
		text += "\n\n" + b.pack.Text(p.Language, "checkin.lesson_suggested", "title", local.Title)
		buttons = append(buttons, []tandem.Button{{Text: b.pack.Text(p.Language, "learn.continue", "title", local.Title), Data: lessonPrefix + "open:" + l.ID}})
	}
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityConversation, Text: text, Buttons: buttons})
}

// suggestLesson offers a lesson that fits a hard answer: poor sleep, the sleep lesson; a lot of
// stress, the stress lesson. A scale answer at or next to its worrying end suggests the first
// lesson whose topic the question id starts with, unless the person has already read it.
func (b *Bot) suggestLesson(ctx context.Context, tx *store.Tx, p tandem.Person, qs *content.QuestionSet, c tandem.Checkin) (*content.Lesson, error) {
	answers, err := tx.Answers(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	progress, err := tx.AllLessonProgress(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range answers {
		q, ok := qs.Question(a.QuestionID)
		if a.Skipped || !ok || q.Kind != content.AnswerScale || q.Concern == "" {
			continue
		}
		v, err := strconv.Atoi(a.Value)
		if err != nil {
			continue
		}
		hard := q.Concern == "high" && v >= q.Max-1 || q.Concern == "low" && v <= q.Min+1
		if !hard {
			continue
		}
		for _, l := range b.pack.Lessons() {
			if lp, read := progress[l.ID]; read && !lp.CompletedAt.IsZero() {
				continue
			}
			if strings.HasPrefix(q.ID, l.Topic) {
				return l, nil
			}
		}
	}
	return nil, nil
}

func (b *Bot) handleCheckinButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "checkin", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		id, idx, value, ok := parseCheckinData(ev.Data)
		old := func(key string) error { return answer(tx, ctx, ev, b.pack.Text(a.lang, key)) }
		if !ok || a.person == nil {
			return old("callback.old")
		}
		c, err := tx.Checkin(ctx, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && c.PersonID != a.person.ID {
			b.log.Info("bot: check-in button for a check-in that is not the presser's", "from", ev.From.ID)
			return old("callback.old")
		}
		if err != nil {
			return err
		}
		p := *a.person
		qs, err := b.questionSet(ctx, tx, p, c.SetID)
		if err != nil {
			return err
		}
		latest, err := tx.LatestCheckin(ctx, p.ID, c.SetID)
		if err != nil {
			return err
		}
		switch {
		case latest.ID != c.ID:
			return old("checkin.superseded")
		case c.Status == tandem.CheckinAnswered || c.Status == tandem.CheckinNotNow:
			return old("checkin.finished")
		case idx != c.Position || idx >= len(qs.Questions):
			return old("checkin.already_answered")
		}
		q := qs.Questions[idx]
		if value == notNowValue {
			c.Status, c.ClosedAt, c.Reminded = tandem.CheckinNotNow, tx.Now(), true
			if err := tx.UpdateCheckin(ctx, c); err != nil {
				return err
			}
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			if err := b.showChosen(ctx, tx, ev, p, q, b.pack.Text(p.Language, "checkin.not_now")); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "checkin.not_now_reply"))
		}
		if value != skipValue && !validAnswer(q, value) {
			return old("callback.old")
		}
		return b.recordAnswer(ctx, tx, ev, p, qs, c, idx, value)
	})
}

// recordAnswer stores an answer (or a skip), shows it on the question, and asks the next question.
func (b *Bot) recordAnswer(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person, qs *content.QuestionSet, c tandem.Checkin, idx int, value string) error {
	q := qs.Questions[idx]
	// After expiry an answer is still the person's: keep it, marked late.
	late := c.Status != tandem.CheckinOpen || !tx.Now().Before(c.ExpiresAt)
	a := tandem.Answer{CheckinID: c.ID, QuestionID: q.ID, Skipped: value == skipValue, Late: late}
	if !a.Skipped {
		a.Value = value
	}
	if saved, err := tx.SaveAnswer(ctx, a); err != nil {
		return err
	} else if !saved {
		return answer(tx, ctx, ev, b.pack.Text(p.Language, "checkin.already_answered"))
	}
	if late {
		c.Late, c.Status = true, tandem.CheckinOpen
	}
	c.Position = idx + 1
	c.Reminded = true // they are answering: no reminder needed
	if err := tx.UpdateCheckin(ctx, c); err != nil {
		return err
	}
	if !a.Skipped {
		if err := b.evaluate(ctx, tx, p, c); err != nil {
			return err
		}
	}
	if ev.CallbackID != "" {
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		if err := b.showChosen(ctx, tx, ev, p, q, b.answerLabel(p.Language, q, value)); err != nil {
			return err
		}
	}
	return b.sendCurrent(ctx, tx, p, c, tandem.PriorityConversation, "")
}

// showChosen edits the pressed question to show the answer chosen and drop its buttons, so the
// chat reads as a conversation rather than a wall of old buttons.
func (b *Bot) showChosen(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person, q content.Question, chosen string) error {
	text := "<b>" + q.TextIn(p.Language) + "</b>\n" + b.pack.Text(p.Language, "checkin.your_answer", "answer", chosen)
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindEditText, ChatID: ev.ChatID, Priority: tandem.PriorityConversation, MessageID: ev.MessageID, Text: text})
}

// textAnswer takes a typed message as the answer to an open check-in's text question. It
// reports whether the message was used, or answered as belonging to a check-in.
// With quiet, it stays silent when the message is not an answer: something else has replied.
func (b *Bot) checkinText(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person, quiet bool) (bool, error) {
	open, err := tx.OpenCheckins(ctx, p.ID)
	if err != nil || len(open) == 0 {
		return false, err
	}
	c := open[len(open)-1]
	if !tx.Now().Before(c.ExpiresAt) {
		return false, nil
	}
	qs, err := b.questionSet(ctx, tx, p, c.SetID)
	if err != nil || c.Position >= len(qs.Questions) {
		return false, err
	}
	if qs.Questions[c.Position].Kind != content.AnswerText {
		if quiet {
			return false, nil
		}
		// A button question is waiting: say how to answer it, and where help is.
		return true, reply(tx, ctx, ev, b.text(tx, ctx, actor{person: &p, lang: p.Language}, "checkin.use_buttons"))
	}
	if strings.TrimSpace(ev.Text) == "" {
		return false, nil
	}
	if len([]rune(ev.Text)) > 2000 {
		return true, reply(tx, ctx, ev, b.pack.Text(p.Language, "checkin.too_long"))
	}
	return true, b.recordAnswer(ctx, tx, ev, p, qs, c, c.Position, ev.Text)
}

// handleCheckin starts a check-in now, or brings back the one in progress.
func (b *Bot) handleCheckin(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "checkin", func(tx *store.Tx, a actor, p tandem.Person) error {
		setID := "daily"
		if strings.EqualFold(ev.Args, "weekly") {
			setID = "weekly"
		}
		open, err := tx.OpenCheckins(ctx, p.ID)
		if err != nil {
			return err
		}
		for i := len(open) - 1; i >= 0; i-- {
			if open[i].SetID == setID && tx.Now().Before(open[i].ExpiresAt) {
				return b.sendCurrent(ctx, tx, p, open[i], tandem.PriorityConversation, "")
			}
		}
		now := tx.Now()
		c := b.sched.NewCheckin(p, setID, 0, now, now)
		c.Reminded = true // they asked for it: no reminder
		if c, err = tx.CreateCheckin(ctx, c); err != nil {
			return err
		}
		return b.sendCurrent(ctx, tx, p, c, tandem.PriorityConversation, "intro")
	})
}
