package bot

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/triage"
)

// routeTable says which handler an Event goes to: a command by its name, a button press by the
// first prefix its data starts with (in the order registered), anything else to handleOther.
type routeTable struct {
	mu       sync.RWMutex
	commands map[string]handlerFunc
	buttons  []buttonRoute
	// awaiting is where a person's typed text goes when the bot asked them for something.
	awaiting map[tandem.AwaitKind]lineFunc
}

// lineFunc takes a line someone typed, and says whether it was used.
type lineFunc func(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) (bool, error)

type buttonRoute struct {
	prefix string
	h      handlerFunc
}

// handle registers h for the command name ("invite" for "/invite").
func (b *Bot) handle(name string, h handlerFunc) {
	b.routes.mu.Lock()
	defer b.routes.mu.Unlock()
	if b.routes.commands == nil {
		b.routes.commands = map[string]handlerFunc{}
	}
	b.routes.commands[name] = h
}

// route finds the handler for ev.
func (b *Bot) route(ev *tandem.Event) handlerFunc {
	b.routes.mu.RLock()
	defer b.routes.mu.RUnlock()
	switch {
	case ev.CallbackID != "":
		for _, r := range b.routes.buttons {
			if strings.HasPrefix(ev.Data, r.prefix) {
				return r.h
			}
		}
	case ev.Command != "":
		if h, ok := b.routes.commands[commandFor(ev.Command)]; ok {
			return h
		}
	}
	return b.handleOther
}

// Handle acts on one Event and records it handled, in the same transaction as its effects; it
// is what package telegram's intake calls for each recorded update, in order.
func (b *Bot) Handle(ctx context.Context, ev *tandem.Event) error {
	res := &handlerResult{}
	if err := b.limitStrangers(b.route(ev))(context.WithValue(ctx, errKey, res), ev); err != nil {
		return err
	}
	// A handler that decided to do nothing still has to mark the update handled.
	if !res.done {
		if err := b.act(ctx, &tandem.Event{UpdateID: ev.UpdateID}, "ignored", func(*store.Tx) error { return nil }); err != nil && !errors.Is(err, store.ErrAlreadyDone) {
			return err
		}
	}
	return nil
}

// GiveUp records an Event whose handling kept failing as handled with outcome, and apologises
// to whoever sent it.
func (b *Bot) GiveUp(ctx context.Context, ev *tandem.Event, outcome string) error {
	return b.act(ctx, ev, outcome, func(tx *store.Tx) error {
		return b.apologise(ctx, tx, ev)
	})
}

// registerRoutes fills the route table.
func (b *Bot) registerRoutes() {
	command := func(name string, h handlerFunc) { b.handle(name, b.privateOnly(h)) }
	command("start", b.handleStart)
	command("help", b.handleHelp)
	command("crisis", b.handleCrisis)
	command("privacy", b.handlePrivacy)
	command("pause", b.handlePauseCommand)
	command("resume", b.handleResume)
	command("checkin", b.handleCheckin)
	command("schedule", b.handleSchedule)
	command("timezone", b.handleTimezone)
	command("quiet", b.handleQuiet)
	command("checkins", b.handleCheckins)
	command("contact", b.handleContact)
	command("rules", b.handleRules)
	command("language", b.handleLanguage)
	command("learn", b.handleLearn)
	command("plan", b.handlePlan)
	command("agenda", b.handleAgenda)
	command("signs", b.handleSigns)
	command("goals", b.handleGoals)
	command("caseload", b.handleCaseload)
	command("summary", b.handleSummary)
	command("delete", b.handleDelete)
	command("appointment", b.handleAppointment)
	command("lesson", b.handleLesson)
	command("stop", b.handleStop)
	command("mydata", b.handleMyData)
	command("invite", b.handleInvite)
	command("message", b.handleMessage)
	command("messages", b.handleMessages)

	button := func(prefix string, h handlerFunc) {
		b.routes.buttons = append(b.routes.buttons, buttonRoute{prefix, b.privateOnly(h)})
	}
	button(consentPrefix, b.handleConsentButton)
	button(stopPrefix, b.handleStopButton)
	button(checkinPrefix, b.handleCheckinButton)
	button(schedulePrefix, b.handleScheduleButton)
	button(pausePrefix, b.handlePauseButton)
	button(flagPrefix, b.handleFlagButton)
	button(contactButton, b.handleContact)
	button(languagePrefix, b.handleLanguage)
	button(lessonPrefix, b.handleLessonButton)
	button(planPrefix, b.handlePlanButton)
	button(agendaPrefix, b.handleAgendaButton)
	button(signPrefix, b.handleSignButton)
	button(goalPrefix, b.handleGoalButton)
	button(caseloadPrefix, b.handleCaseloadButton)
	button(deletePrefix, b.handleDeleteButton)

	// What a person types after the bot asked for it. A reply to a worker (AwaitReply) is not
	// here: an open check-in or lesson takes typed text before it does (see handleOther).
	b.routes.awaiting = map[tandem.AwaitKind]lineFunc{
		tandem.AwaitPlan:   b.planLine,
		tandem.AwaitAgenda: b.agendaLine,
		tandem.AwaitSign:   b.signLine,
		tandem.AwaitValue:  b.goalLine,
		tandem.AwaitGoal:   b.goalLine,
		tandem.AwaitStep:   b.goalLine,
	}
	button(msgPrefix, b.handleMessageButton)
}

// privateOnly keeps Tandem out of group chats: everything it says is for one person or worker.
// A button pressed in a group changes nothing, but is still answered, kindly and only to whoever
// pressed it: Telegram shows a pressed button spinning until its press is answered.
func (b *Bot) privateOnly(h handlerFunc) handlerFunc {
	return func(ctx context.Context, ev *tandem.Event) error {
		if ev.Private {
			return h(ctx, ev)
		}
		return b.groupPress(ctx, ev)
	}
}

// groupPress answers a button pressed in a group, and does nothing else; anything else said in
// a group is left alone.
func (b *Bot) groupPress(ctx context.Context, ev *tandem.Event) error {
	if ev.CallbackID == "" {
		return nil
	}
	return b.act(ctx, ev, "group_button", func(tx *store.Tx) error {
		// Only looked up, never identify: a press in a group must change nothing, not
		// even which chat counts as someone's open one.
		lang := b.pack.Language(ev.Lang)
		if w, err := tx.WorkerByTelegramID(ctx, ev.From.ID); err == nil {
			lang = b.workerLang(w)
		} else if p, err := tx.PersonByTelegramID(ctx, ev.From.ID); err == nil {
			lang = p.Language
		}
		return answer(tx, ctx, ev, b.pack.Text(lang, "callback.group"))
	})
}

// actor is who sent an update: a worker, an enrolled person, or neither.
type actor struct {
	worker *tandem.Worker
	person *tandem.Person
	lang   string
}

// identify finds who sent ev, inside the handler's transaction. Hearing from someone also tells
// us their chat is open again: messages held for them are released.
func (b *Bot) identify(ctx context.Context, tx *store.Tx, ev *tandem.Event) (actor, error) {
	a := actor{lang: b.pack.Language(ev.Lang)}
	// Blocking the bot is also an update from them, but it opens nothing.
	reachable := ev.BotStatus != "kicked"
	w, err := tx.WorkerByTelegramID(ctx, ev.From.ID)
	switch {
	case err == nil:
		a.worker = &w
		a.lang = b.workerLang(w)
		if !w.ChatOpen && reachable {
			if err := tx.MarkWorkerChatOpen(ctx, w.ID); err != nil {
				return a, err
			}
			if _, err := tx.ReleaseChat(ctx, ev.ChatID); err != nil {
				return a, err
			}
			chatID, lang := ev.ChatID, a.lang
			tx.AfterCommit(func() { b.setWorkerCommands(context.WithoutCancel(ctx), chatID, lang) })
		}
	case !errors.Is(err, store.ErrNotFound):
		return a, err
	}
	p, err := tx.PersonByTelegramID(ctx, ev.From.ID)
	switch {
	case err == nil:
		a.person = &p
		a.lang = p.Language
		if err := b.reconsent(ctx, tx, ev, a); err != nil {
			return a, err
		}
		if p.State == tandem.StateUnreachable && reachable {
			if err := tx.SetPersonState(ctx, p.ID, tandem.StateActive); err != nil {
				return a, err
			}
			a.person.State = tandem.StateActive
			if _, err := tx.ReleaseChat(ctx, ev.ChatID); err != nil {
				return a, err
			}
		}
	case !errors.Is(err, store.ErrNotFound):
		return a, err
	}
	return a, nil
}

// enrolled is a person who has joined and not withdrawn.
func (a actor) enrolled() bool {
	return a.person != nil && a.person.State != tandem.StateStopped
}

// reply queues a conversation reply to the chat an event came from.
func reply(tx *store.Tx, ctx context.Context, ev *tandem.Event, text string, buttons ...[]tandem.Button) error {
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: ev.ChatID, Priority: tandem.PriorityConversation, Text: text, Buttons: buttons})
}

// show puts a list someone edits with buttons (goals, signs, plan): pressing a button updates
// the message pressed, in place, so the chat keeps one current copy rather than a new copy per
// change, and a button pressed on an old copy brings that copy up to date instead of failing.
// Typed text has no message to update, so it gets a new copy.
func show(tx *store.Tx, ctx context.Context, ev *tandem.Event, text string, buttons ...[]tandem.Button) error {
	if ev.CallbackID == "" || ev.MessageID == 0 {
		return reply(tx, ctx, ev, text, buttons...)
	}
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindEditText, ChatID: ev.ChatID, Priority: tandem.PriorityConversation,
		MessageID: ev.MessageID, Text: text, Buttons: buttons})
}

// answer stops the spinner on a pressed button; every press gets exactly one.
func answer(tx *store.Tx, ctx context.Context, ev *tandem.Event, text string) error {
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindAnswerCallback, ChatID: ev.ChatID, Priority: tandem.PriorityUrgent, CallbackID: ev.CallbackID, Text: text})
}

// removeButtons takes the buttons off the message that was pressed, so it cannot be pressed again.
func removeButtons(tx *store.Tx, ctx context.Context, ev *tandem.Event) error {
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindEditButtons, ChatID: ev.ChatID, Priority: tandem.PriorityConversation, MessageID: ev.MessageID})
}

// handleOther answers everything no command or button handler claimed.
func (b *Bot) handleOther(ctx context.Context, ev *tandem.Event) error {
	if !ev.Private {
		return b.groupPress(ctx, ev)
	}
	return b.act(ctx, ev, "other", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		switch {
		case ev.CallbackID != "":
			// An unknown or forged button: change nothing, say so gently.
			b.log.Info("bot: button press with unknown data", "from", ev.From.ID, "data_len", len(ev.Data))
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
		case ev.BotStatus != "":
			return b.chatMemberChanged(ctx, tx, ev, a)
		}
		if ev.Edited {
			// A changed message is read again for worrying words; what it first said has
			// already been acted on, so nothing else happens.
			_, err := b.screen(ctx, tx, ev, a, ev.Text)
			return err
		}
		// Every message a person writes is read for worrying words first, whatever else it is,
		// except a line of their own crisis plan: it says what helps in hard times, so it is
		// context, not a disclosure. The rest is read as what the bot asked for
		// (awaitedSurface): an early warning sign as a line of a list of signs, a goal or an
		// agenda item by the lists alone.
		tier := triage.TierNone
		surface := triage.SurfaceMessage
		if a.person != nil {
			surface = awaitedSurface(a.person.Awaiting.Kind)
		}
		if a.person == nil || a.person.Awaiting.Kind != tandem.AwaitPlan {
			if tier, err = b.screenOn(ctx, tx, ev, a, ev.Text, surface); err != nil {
				return err
			}
		}
		worried := tier != triage.TierNone
		switch {
		case a.worker != nil:
			if used, err := b.workerMessageLine(ctx, tx, ev, *a.worker); used || err != nil {
				return err
			}
			if used, err := b.workerText(ctx, tx, ev, *a.worker); used || err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "free_text.worker"))
		case a.enrolled() && ev.Media != "":
			// A voice note, photo or file is passed on like words (many who find typing hard
			// talk instead); a sticker gets a kind reply.
			return b.freeMessage(ctx, tx, ev, a, *a.person)
		case a.enrolled():
			// The words still go where they belong (a plan line, a check-in answer, a reply to
			// the worker), but the crisis reply has said all that needs saying.
			if line, ok := b.routes.awaiting[a.person.Awaiting.Kind]; ok {
				if used, err := line(ctx, tx, ev, *a.person); used || err != nil {
					return err
				}
			}
			if used, err := b.checkinText(ctx, tx, ev, *a.person, worried); used || err != nil {
				return err
			}
			if used, err := b.lessonReflection(ctx, tx, ev, *a.person); used || err != nil {
				return err
			}
			if used, err := b.personReply(ctx, tx, ev, *a.person); used || err != nil || worried {
				return err
			}
			return b.freeMessage(ctx, tx, ev, a, *a.person)
		case worried:
			return nil
		case a.person != nil:
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "stopped.reply"))
		}
		if inv, err := tx.ClaimedInvite(ctx, ev.From.ID); err == nil && inv.Check(ev.From.ID, tx.Now()) == tandem.InviteOK {
			// Someone part-way through joining: show the question again rather than a dead end.
			return b.askConsent(ctx, tx, ev, a, inv)
		}
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
	})
}

// chatMemberChanged handles my_chat_member: Telegram tells us at once when someone blocks the bot.
func (b *Bot) chatMemberChanged(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor) error {
	// Unblocking needs nothing more: identify has already released whatever was held.
	if ev.BotStatus != "kicked" || a.person == nil {
		return nil
	}
	return b.markUnreachable(ctx, tx, *a.person, "blocked the bot")
}

// apologise tells someone that what they did could not be done, and where help is.
func (b *Bot) apologise(ctx context.Context, tx *store.Tx, ev *tandem.Event) error {
	if ev.ChatID == 0 || !ev.Private {
		return nil
	}
	lang := b.pack.Language(ev.Lang)
	if ev.CallbackID != "" {
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
	}
	return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: ev.ChatID, Priority: tandem.PriorityUrgent, Text: b.pack.Text(lang, "error.sorry")})
}

// asPerson runs f for an enrolled person, inside the update's transaction; anyone else gets the
// answer for someone a person's command is not meant for.
func (b *Bot) asPerson(ctx context.Context, ev *tandem.Event, outcome string, f func(tx *store.Tx, a actor, p tandem.Person) error) error {
	return b.act(ctx, ev, outcome, func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if !a.enrolled() {
			// notForYou answers a press too (someone else's button, a forged one, or one
			// from before they stopped), once.
			return b.notForYou(ctx, tx, ev, a)
		}
		return f(tx, a, *a.person)
	})
}

// aboutPerson runs f for a worker's command about one of their own people ("/rules Sam ..."):
// the person is found by name among that worker's caseload only. howKey explains the command
// when no name is given; its text may use {names} and the placeholders extra gives, in the worker's language.
func (b *Bot) aboutPerson(ctx context.Context, ev *tandem.Event, outcome, howKey string, extra func(lang string) []any,
	f func(tx *store.Tx, w tandem.Worker, p tandem.Person, rest string, people []tandem.Person) error) error {
	return b.act(ctx, ev, outcome, func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.worker == nil {
			return b.notForYou(ctx, tx, ev, a)
		}
		people, err := tx.PeopleOfWorker(ctx, a.worker.ID)
		if err != nil {
			return err
		}
		p, rest, problem := matchPerson(people, ev.Args)
		if problem == "worker.schedule_how" {
			problem = howKey
		}
		if problem == "worker.no_such_person" {
			// Asking about someone who is not theirs is on record, without the name they typed.
			if err := tx.Audit(ctx, a.worker.ID, 0, "refused "+outcome, "not in their caseload"); err != nil {
				return err
			}
		}
		if problem != "" {
			var more []any
			if extra != nil {
				more = extra(a.lang)
			}
			return reply(tx, ctx, ev, b.personProblem(a.lang, problem, outcome, people, more...))
		}
		if err := tx.Audit(ctx, a.worker.ID, p.ID, outcome, rest); err != nil {
			return err
		}
		return f(tx, *a.worker, p, rest, people)
	})
}
