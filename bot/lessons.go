package bot

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/reminders"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// Lesson buttons: "ls:open:<id>", "ls:next:<id>:<index>", "ls:skip:<id>", "ls:share:<id>",
// "ls:keep:<id>". Progress is looked up for whoever pressed, so a forged press only moves the
// presser's own lesson.
const lessonPrefix = "ls:"

// maxReflection bounds a reflection answer, like other typed answers.
const maxReflection = 2000

// handleLearn lists the lessons with the person's progress, and where to carry on.
func (b *Bot) handleLearn(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "learn", func(tx *store.Tx, _ actor, p tandem.Person) error {
		args := strings.TrimSpace(ev.Args)
		switch {
		case args == "":
			return b.lessonList(ctx, tx, ev, p)
		case isOff(args):
			if err := tx.ReplaceSchedules(ctx, p.ID, reminders.LessonSet, nil); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "learn.schedule_off"))
		}
		// "/learn Sun 6pm": a lesson at the times given, like check-in times.
		specs, perr := schedule.ParseTimes(strings.TrimPrefix(strings.TrimPrefix(args, "weekly"), "semanal"))
		if perr != nil {
			return reply(tx, ctx, ev, b.timesProblem(p.Language, perr)+"\n\n"+b.pack.Text(p.Language, "learn.schedule_how"))
		}
		problem, err := b.setSchedule(ctx, tx, p, reminders.LessonSet, specs, "person")
		if err != nil {
			return err
		}
		if problem != "" {
			return reply(tx, ctx, ev, problem)
		}
		return reply(tx, ctx, ev, b.pack.Text(p.Language, "learn.schedule_set", "when", b.describe(p.Language, specs, b.sched.Location(p))))
	})
}

func (b *Bot) lessonList(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) error {
	progress, err := tx.AllLessonProgress(ctx, p.ID)
	if err != nil {
		return err
	}
	// Each lesson once, in order: done ones ticked, the one to carry on with marked ▶.
	var rows [][]tandem.Button
	var next *content.Lesson
	for _, l := range b.pack.Lessons() {
		lp, started := progress[l.ID]
		done := started && !lp.CompletedAt.IsZero()
		local, _ := b.pack.LessonIn(l.ID, p.Language)
		label := local.Title
		switch {
		case done:
			label = "✓ " + label
		case next == nil:
			next = l
			label = b.pack.Text(p.Language, "learn.continue", "title", local.Title)
		}
		rows = append(rows, []tandem.Button{{Text: label, Data: lessonPrefix + "open:" + l.ID}})
	}
	text := b.pack.Text(p.Language, "learn.title")
	if next == nil {
		text += "\n\n" + b.pack.Text(p.Language, "learn.all_done")
	}
	return reply(tx, ctx, ev, text, rows...)
}

func (b *Bot) handleLessonButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "lesson", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		parts := strings.Split(strings.TrimPrefix(ev.Data, lessonPrefix), ":")
		if !a.enrolled() || len(parts) < 2 {
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
		}
		p := *a.person
		l, ok := b.pack.Lesson(parts[1])
		if !ok {
			return answer(tx, ctx, ev, b.pack.Text(p.Language, "callback.old"))
		}
		lp, err := tx.LessonProgress(ctx, p.ID, l.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		lp.LessonID = l.ID
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		switch parts[0] {
		case "open":
			if !lp.CompletedAt.IsZero() || lp.Position >= len(l.Messages) {
				lp = tandem.LessonProgress{LessonID: l.ID} // read it again from the start
			}
			return b.sendLessonMessage(ctx, tx, p, l, lp)
		case "next":
			idx, err := strconv.Atoi(strings.Join(parts[2:], ""))
			if err != nil || idx != lp.Position-1 || !lp.CompletedAt.IsZero() {
				return nil // an old Next button: the lesson has moved on
			}
			if err := removeButtons(tx, ctx, ev); err != nil {
				return err
			}
			return b.sendLessonMessage(ctx, tx, p, l, lp)
		case "skip", "share", "keep":
			if lp.Position < len(l.Messages) || !lp.CompletedAt.IsZero() && parts[0] == "skip" {
				return nil
			}
			if err := removeButtons(tx, ctx, ev); err != nil {
				return err
			}
			return b.finishLesson(ctx, tx, ev, p, l, lp, parts[0])
		}
		return nil
	})
}

// sendLessonMessage sends the lesson's next message, or its reflection question after the last.
func (b *Bot) sendLessonMessage(ctx context.Context, tx *store.Tx, p tandem.Person, l *content.Lesson, lp tandem.LessonProgress) error {
	local, _ := b.pack.LessonIn(l.ID, p.Language)
	out := tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityConversation}
	if lp.Position < len(local.Messages) {
		i := lp.Position
		out.Text = local.Messages[i] + fmt.Sprintf("\n\n<i>%d/%d</i>", i+1, len(local.Messages))
		if i == 0 {
			out.Text = "<b>" + htmlEscape(local.Title) + "</b>\n\n" + out.Text
		}
		out.Buttons = [][]tandem.Button{{{Text: b.pack.Text(p.Language, "learn.next"), Data: fmt.Sprintf("%snext:%s:%d", lessonPrefix, l.ID, i)}}}
		lp.Position = i + 1
		if err := tx.SaveLessonProgress(ctx, p.ID, lp); err != nil {
			return err
		}
		return tx.Enqueue(ctx, out)
	}
	// The reflection: typed, or skipped. Its answer is the person's until they choose to share it.
	out.Text = b.pack.Text(p.Language, "learn.reflect", "question", content.HTML(local.Reflection))
	out.Buttons = [][]tandem.Button{{{Text: b.pack.Text(p.Language, "checkin.skip"), Data: lessonPrefix + "skip:" + l.ID}}}
	if err := tx.SaveLessonProgress(ctx, p.ID, lp); err != nil {
		return err
	}
	return tx.Enqueue(ctx, out)
}

// lessonReflection takes a typed message as the answer to a lesson's reflection question, if
// one is waiting, and asks whether to share it.
func (b *Bot) lessonReflection(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) (bool, error) {
	progress, err := tx.AllLessonProgress(ctx, p.ID)
	if err != nil {
		return false, err
	}
	for _, l := range b.pack.Lessons() {
		lp, ok := progress[l.ID]
		if !ok || !lp.CompletedAt.IsZero() || lp.Position < len(l.Messages) || lp.Reflection != "" {
			continue
		}
		text := strings.TrimSpace(ev.Text)
		if text == "" {
			return false, nil
		}
		if len([]rune(text)) > maxReflection {
			return true, reply(tx, ctx, ev, b.text(tx, ctx, actor{person: &p, lang: p.Language}, "checkin.too_long"))
		}
		lp.Reflection = text
		if err := tx.SaveLessonProgress(ctx, p.ID, lp); err != nil {
			return true, err
		}
		w, err := tx.WorkerByID(ctx, p.WorkerID)
		if err != nil {
			return true, err
		}
		return true, reply(tx, ctx, ev, b.pack.Text(p.Language, "learn.share_ask", "worker", w.FirstName()),
			[]tandem.Button{{Text: b.pack.Text(p.Language, "learn.share", "worker", w.FirstName()), Data: lessonPrefix + "share:" + l.ID}},
			[]tandem.Button{{Text: b.pack.Text(p.Language, "learn.keep"), Data: lessonPrefix + "keep:" + l.ID}})
	}
	return false, nil
}

// finishLesson completes a lesson: skipped reflection, or a reflection shared or kept.
func (b *Bot) finishLesson(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person, l *content.Lesson, lp tandem.LessonProgress, how string) error {
	if how != "skip" && lp.Reflection == "" {
		return nil // nothing to share or keep yet
	}
	lp.CompletedAt, lp.Shared = tx.Now(), how == "share"
	if err := tx.SaveLessonProgress(ctx, p.ID, lp); err != nil {
		return err
	}
	key := "learn.done"
	if lp.Shared {
		key = "learn.shared"
		if err := b.tellWorker(ctx, tx, p.WorkerID, tandem.PriorityConversation, "worker.reflection_shared",
			"person", p.Name, "title", l.Title, "question", content.HTML(l.Reflection), "answer", lp.Reflection); err != nil {
			return err
		}
	}
	var buttons [][]tandem.Button
	if next, ok := b.pack.NextLesson(l.ID); ok {
		local, _ := b.pack.LessonIn(next.ID, p.Language)
		buttons = append(buttons, []tandem.Button{{Text: b.pack.Text(p.Language, "learn.continue", "title", local.Title), Data: lessonPrefix + "open:" + next.ID}})
	}
	return reply(tx, ctx, ev, b.text(tx, ctx, actor{person: &p, lang: p.Language}, key), buttons...)
}

// handleLesson lets a worker send one of their people a lesson, say during a session:
// "/lesson Sam sleep".
func (b *Bot) handleLesson(ctx context.Context, ev *tandem.Event) error {
	lessons := func(lang string) []any { return []any{"lessons", content.HTML(b.lessonsToSend(lang))} }
	return b.aboutPerson(ctx, ev, "lesson", "worker.lesson_how", lessons,
		func(tx *store.Tx, w tandem.Worker, p tandem.Person, rest string, people []tandem.Person) error {
			lang := b.workerLang(w)
			l, ok := b.lessonNamed(rest)
			if !ok {
				return reply(tx, ctx, ev, b.pack.Text(lang, "worker.lesson_how", "names", names(people), "lessons", content.HTML(b.lessonsToSend(lang))))
			}
			local, _ := b.pack.LessonIn(l.ID, p.Language)
			if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityConversation,
				Text:    b.pack.Text(p.Language, "learn.sent_by_worker", "worker", w.FirstName(), "title", local.Title),
				Buttons: [][]tandem.Button{{{Text: b.pack.Text(p.Language, "learn.start"), Data: lessonPrefix + "open:" + l.ID}}}}); err != nil {
				return err
			}
			mine, _ := b.pack.LessonIn(l.ID, lang)
			return reply(tx, ctx, ev, b.toldWorker(lang, p, "worker.lesson_sent", "person", p.Name, "title", mine.Title))
		})
}

// lessonsToSend is the lessons a worker can send, numbered, by their titles in lang: a number is
// the same in every language, where an id is an English word.
func (b *Bot) lessonsToSend(lang string) string {
	var lines []string
	for i, l := range b.pack.Lessons() {
		local, _ := b.pack.LessonIn(l.ID, lang)
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, html.EscapeString(local.Title)))
	}
	return strings.Join(lines, "\n")
}

// lessonNamed finds the lesson a worker named: by its number in the list, its title in any of
// the pack's languages (accents and case aside), or its id.
func (b *Bot) lessonNamed(name string) (*content.Lesson, bool) {
	name = strings.TrimSpace(name)
	all := b.pack.Lessons()
	if n, err := strconv.Atoi(name); err == nil && n >= 1 && n <= len(all) {
		return all[n-1], true
	}
	if l, ok := b.pack.Lesson(strings.ToLower(name)); ok {
		return l, true
	}
	for _, l := range all {
		for _, lang := range b.pack.Languages {
			if local, ok := b.pack.LessonIn(l.ID, lang); ok && name != "" && foldWord(local.Title) == foldWord(name) {
				return l, true
			}
		}
	}
	return nil, false
}

func htmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// Lesson offers the person their next unread lesson, on the schedule they chose. (reminders.Prompter)
func (b *Bot) Lesson(ctx context.Context, tx *store.Tx, p tandem.Person) error {
	progress, err := tx.AllLessonProgress(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, l := range b.pack.Lessons() {
		if lp, ok := progress[l.ID]; ok && !lp.CompletedAt.IsZero() {
			continue
		}
		local, _ := b.pack.LessonIn(l.ID, p.Language)
		return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityBulk,
			Text:    b.pack.Text(p.Language, "learn.scheduled", "title", local.Title),
			Buttons: [][]tandem.Button{{{Text: b.pack.Text(p.Language, "learn.start"), Data: lessonPrefix + "open:" + l.ID}}}})
	}
	return nil // every lesson read: nothing to offer
}
