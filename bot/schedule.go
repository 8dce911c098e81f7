package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/reminders"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// Schedule buttons: "sch:ok" accepts the worker's proposal, "sch:pick" shows times, "sch:d:HHMM"
// picks a daily time, "sch:none" declines check-ins for now. Pause buttons: "pause:<days>".
const (
	schedulePrefix = "sch:"
	pausePrefix    = "pause:"
)

// Defaults for someone joining: quiet overnight, and a short weekly check-in on Sunday evening.
const (
	defaultQuietStart = 22 * time.Hour
	defaultQuietEnd   = 7 * time.Hour
	defaultWeekly     = "0 18 * * 0"
)

// pickTimes are the daily times offered as buttons; any other can be typed.
var pickTimes = []string{"0800", "0900", "1000", "1200", "1800", "2000"}

func hhmmSpec(hhmm string) (string, bool) {
	if len(hhmm) != 4 {
		return "", false
	}
	h, err1 := strconv.Atoi(hhmm[:2])
	m, err2 := strconv.Atoi(hhmm[2:])
	if err1 != nil || err2 != nil || h > 23 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%d %d * * *", m, h), true
}

// describe says a set's times in plain words in lang ("every day at 9am and 8pm", "todos los
// días a las 9:00 y a las 20:00").
func (b *Bot) describe(lang string, specs []string, loc *time.Location) string {
	var all []schedule.Schedule
	for _, spec := range specs {
		if s, err := schedule.ParseSchedule(spec, loc); err == nil {
			all = append(all, s)
		}
	}
	return schedule.DescribeAll(lang, all)
}

// setName is a question set's name as lang says it ("daily", "diarios"), for "{set} check-ins".
func (b *Bot) setName(lang, setID string) string {
	return b.pack.Text(lang, "schedule.set."+setID)
}

// setSchedule replaces a person's times for a question set, checking them against quiet hours.
// It returns a kind message instead of an error when the times cannot be used.
func (b *Bot) setSchedule(ctx context.Context, tx *store.Tx, p tandem.Person, setID string, specs []string, setBy string) (problem string, err error) {
	loc := b.sched.Location(p)
	quiet := schedule.Quiet(p)
	for _, spec := range specs {
		s, err := schedule.ParseSchedule(spec, loc)
		if err != nil {
			return "", err
		}
		if next := s.Next(tx.Now()); quiet.Contains(next, loc) {
			return b.pack.Text(p.Language, "schedule.in_quiet_hours", "when", s.DescribeIn(p.Language), "quiet", quiet.DescribeIn(p.Language)), nil
		}
	}
	entries, err := b.sched.Plan(p, setID, specs, setBy, tx.Now())
	if err != nil {
		return "", err
	}
	if err := tx.ReplaceSchedules(ctx, p.ID, setID, entries); err != nil {
		return "", err
	}
	tx.AfterCommit(b.scheduler.Wake)
	return "", nil
}

// replan recomputes every schedule entry of a person after their time zone or quiet hours change.
func (b *Bot) replan(ctx context.Context, tx *store.Tx, p tandem.Person) error {
	entries, err := tx.Schedules(ctx, p.ID)
	if err != nil {
		return err
	}
	bySet := map[string][]tandem.ScheduleEntry{}
	for _, e := range entries {
		bySet[e.SetID] = append(bySet[e.SetID], e)
	}
	for setID, es := range bySet {
		var specs []string
		for _, e := range es {
			specs = append(specs, e.Spec)
		}
		planned, err := b.sched.Plan(p, setID, specs, es[0].SetBy, tx.Now())
		if err != nil {
			return err
		}
		if err := tx.ReplaceSchedules(ctx, p.ID, setID, planned); err != nil {
			return err
		}
	}
	tx.AfterCommit(b.scheduler.Wake)
	return nil
}

// scheduleSummary describes everything about when Tandem writes to a person, in their language.
func (b *Bot) scheduleSummary(ctx context.Context, tx *store.Tx, p tandem.Person) (string, error) {
	return b.scheduleSummaryIn(ctx, tx, p, p.Language)
}

// scheduleSummaryIn describes a person's schedule in lang: their worker's, when it is for them.
func (b *Bot) scheduleSummaryIn(ctx context.Context, tx *store.Tx, p tandem.Person, lang string) (string, error) {
	entries, err := tx.Schedules(ctx, p.ID)
	if err != nil {
		return "", err
	}
	loc := b.sched.Location(p)
	specs := map[string][]string{}
	for _, e := range entries {
		specs[e.SetID] = append(specs[e.SetID], e.Spec)
	}
	none := b.pack.Text(lang, "schedule.none")
	daily, weekly, lessons := b.describe(lang, specs["daily"], loc), b.describe(lang, specs["weekly"], loc), b.describe(lang, specs[reminders.LessonSet], loc)
	if lessons == "" {
		lessons = none
	}
	if daily == "" {
		daily = none
	}
	if weekly == "" {
		weekly = none
	}
	quiet := schedule.Quiet(p).DescribeIn(lang)
	if quiet == "" {
		quiet = none
	}
	paused := ""
	if p.State == tandem.StatePaused {
		paused = b.pack.Text(lang, "schedule.paused_forever")
		if !p.PausedUntil.IsZero() {
			paused = b.pack.Text(lang, "schedule.paused_until", "until", dayFor(lang, p.PausedUntil.In(loc)))
		}
	}
	return b.pack.Text(lang, "schedule.summary", "daily", daily, "weekly", weekly, "lessons", lessons, "quiet", quiet, "zone", loc.String(), "paused", paused), nil
}

func timeButtons(lang string, b *Bot) [][]tandem.Button {
	var rows [][]tandem.Button
	var row []tandem.Button
	for _, hhmm := range pickTimes {
		h, _ := strconv.Atoi(hhmm[:2])
		m, _ := strconv.Atoi(hhmm[2:])
		row = append(row, tandem.Button{Text: schedule.Clock(lang, h, m), Data: schedulePrefix + "d:" + hhmm})
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	return append(rows, []tandem.Button{{Text: b.pack.Text(lang, "schedule.no_checkins"), Data: schedulePrefix + "none"}})
}

// offerSchedule follows consent: the worker's proposed times to confirm, or times to choose.
func (b *Bot) offerSchedule(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person, inv tandem.Invite, w tandem.Worker) error {
	if inv.Proposed != "" {
		specs := strings.Split(inv.Proposed, ";")
		text := b.pack.Text(p.Language, "schedule.proposed", "worker", w.FirstName(), "when", b.describe(p.Language, specs, b.sched.Location(p)))
		return reply(tx, ctx, ev, text,
			[]tandem.Button{{Text: b.pack.Text(p.Language, "schedule.accept"), Data: schedulePrefix + "ok"}},
			[]tandem.Button{{Text: b.pack.Text(p.Language, "schedule.other_time"), Data: schedulePrefix + "pick"}},
			[]tandem.Button{{Text: b.pack.Text(p.Language, "schedule.no_checkins"), Data: schedulePrefix + "none"}})
	}
	return reply(tx, ctx, ev, b.pack.Text(p.Language, "schedule.choose"), timeButtons(p.Language, b)...)
}

func (b *Bot) handleScheduleButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "schedule", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if !a.enrolled() {
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
		}
		p := *a.person
		var specs []string
		choice := strings.TrimPrefix(ev.Data, schedulePrefix)
		switch {
		case choice == "pick":
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "schedule.choose"), timeButtons(p.Language, b)...)
		case choice == "none":
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			if err := removeButtons(tx, ctx, ev); err != nil {
				return err
			}
			if err := tx.ReplaceSchedules(ctx, p.ID, "daily", nil); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "schedule.declined"))
		case choice == "ok":
			inv, err := tx.InviteForPerson(ctx, p.ID)
			if err != nil || inv.Proposed == "" {
				return answer(tx, ctx, ev, b.pack.Text(p.Language, "callback.old"))
			}
			specs = strings.Split(inv.Proposed, ";")
		case strings.HasPrefix(choice, "d:"):
			spec, ok := hhmmSpec(strings.TrimPrefix(choice, "d:"))
			if !ok {
				return answer(tx, ctx, ev, b.pack.Text(p.Language, "callback.old"))
			}
			specs = []string{spec}
		default:
			return answer(tx, ctx, ev, b.pack.Text(p.Language, "callback.old"))
		}
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		if err := removeButtons(tx, ctx, ev); err != nil {
			return err
		}
		return b.saveTimes(ctx, tx, ev, p, "daily", specs, "person", true)
	})
}

// saveTimes sets a person's times and tells them (and their worker) what was set. With
// firstTime, the weekly check-in is set up too if there is none yet.
func (b *Bot) saveTimes(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person, setID string, specs []string, setBy string, firstTime bool) error {
	problem, err := b.setSchedule(ctx, tx, p, setID, specs, setBy)
	if err != nil {
		return err
	}
	if problem != "" {
		return reply(tx, ctx, ev, problem)
	}
	if firstTime {
		entries, err := tx.Schedules(ctx, p.ID)
		if err != nil {
			return err
		}
		hasWeekly := false
		for _, e := range entries {
			hasWeekly = hasWeekly || e.SetID == "weekly"
		}
		if !hasWeekly {
			if _, err := b.setSchedule(ctx, tx, p, "weekly", []string{defaultWeekly}, setBy); err != nil {
				return err
			}
		}
	}
	summary, err := b.scheduleSummary(ctx, tx, p)
	if err != nil {
		return err
	}
	if err := reply(tx, ctx, ev, b.pack.Text(p.Language, "schedule.saved")+"\n\n"+summary); err != nil {
		return err
	}
	if setBy == "worker" {
		return nil
	}
	wl := b.workerLangOf(ctx, tx, p)
	return b.tellWorker(ctx, tx, p.WorkerID, tandem.PriorityConversation, "worker.schedule_changed",
		"person", p.Name, "when", b.describe(wl, specs, b.sched.Location(p)), "set", b.setName(wl, setID))
}

// handleSchedule shows or changes a person's check-in times; for a worker, one of their people's.
func (b *Bot) handleSchedule(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "schedule", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.worker != nil {
			return b.workerSchedule(ctx, tx, ev, a)
		}
		if !a.enrolled() {
			return b.notForYou(ctx, tx, ev, a)
		}
		p := *a.person
		args := strings.TrimSpace(ev.Args)
		if args == "" {
			summary, err := b.scheduleSummary(ctx, tx, p)
			if err != nil {
				return err
			}
			return reply(tx, ctx, ev, summary+"\n\n"+b.pack.Text(p.Language, "schedule.how"), timeButtons(p.Language, b)...)
		}
		setID, rest := splitSet(args)
		if isOff(rest) {
			if err := tx.ReplaceSchedules(ctx, p.ID, setID, nil); err != nil {
				return err
			}
			if err := reply(tx, ctx, ev, b.pack.Text(p.Language, "schedule.off", "set", b.setName(p.Language, setID))); err != nil {
				return err
			}
			return b.tellWorker(ctx, tx, p.WorkerID, tandem.PriorityConversation, "worker.schedule_off", "person", p.Name, "set", b.setName(b.workerLangOf(ctx, tx, p), setID))
		}
		specs, perr := schedule.ParseTimes(rest)
		if perr != nil {
			return reply(tx, ctx, ev, b.timesProblem(p.Language, perr)+"\n\n"+b.pack.Text(p.Language, "schedule.how"))
		}
		return b.saveTimes(ctx, tx, ev, p, setID, specs, "person", false)
	})
}

// splitSet reads an optional leading "daily" or "weekly" (Spanish "diario", "semanal").
func splitSet(args string) (string, string) {
	first, rest, _ := strings.Cut(args, " ")
	switch strings.ToLower(first) {
	case "weekly", "semanal", "semanales":
		return "weekly", strings.TrimSpace(rest)
	case "daily", "diario", "diarios":
		return "daily", strings.TrimSpace(rest)
	}
	return "daily", args
}

func isOff(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off", "none", "stop", "no", "ninguno", "ninguna", "nada", "apagar", "desactivar", "parar":
		return true
	}
	return false
}

// workerSchedule lets a worker set one of their people's times: "/schedule Sam weekdays 9am".
// The person is told, and can change it back.
func (b *Bot) workerSchedule(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor) error {
	people, err := tx.PeopleOfWorker(ctx, a.worker.ID)
	if err != nil {
		return err
	}
	p, rest, problem := matchPerson(people, ev.Args)
	if problem != "" {
		return reply(tx, ctx, ev, b.personProblem(a.lang, problem, "schedule", people))
	}
	if err := tx.Audit(ctx, a.worker.ID, p.ID, "schedule", rest); err != nil {
		return err
	}
	setID, rest := splitSet(rest)
	var specs []string
	if !isOff(rest) {
		var perr error
		if specs, perr = schedule.ParseTimes(rest); perr != nil {
			return reply(tx, ctx, ev, b.timesProblem(a.lang, perr)+"\n\n"+b.pack.Text(a.lang, "worker.schedule_how", "names", names(people)))
		}
	}
	if len(specs) == 0 {
		if err := tx.ReplaceSchedules(ctx, p.ID, setID, nil); err != nil {
			return err
		}
	} else if problem, err := b.setSchedule(ctx, tx, p, setID, specs, "worker"); err != nil {
		return err
	} else if problem != "" {
		return reply(tx, ctx, ev, problem)
	}
	summary, err := b.scheduleSummary(ctx, tx, p)
	if err != nil {
		return err
	}
	if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityConversation,
		Text: b.pack.Text(p.Language, "schedule.changed_by_worker", "worker", a.worker.FirstName()) + "\n\n" + summary}); err != nil {
		return err
	}
	if summary, err = b.scheduleSummaryIn(ctx, tx, p, a.lang); err != nil {
		return err
	}
	return reply(tx, ctx, ev, b.toldWorker(a.lang, p, "worker.schedule_set", "person", p.Name)+"\n\n"+summary)
}

// personProblem words what matchPerson could not do, naming the command the worker typed
// ("type /summary with their name first"), in lang.
func (b *Bot) personProblem(lang, problem, command string, people []tandem.Person, extra ...any) string {
	args := append([]any{"names", names(people)}, extra...)
	if problem == "worker.no_such_person" {
		args = []any{"names", names(people), "command", "/" + commandIn(lang, command)}
	}
	return b.pack.Text(lang, problem, args...)
}

// matchPerson finds which of a worker's people the arguments start with, by name.
func matchPerson(people []tandem.Person, args string) (tandem.Person, string, string) {
	if strings.TrimSpace(args) == "" {
		return tandem.Person{}, "", "worker.schedule_how"
	}
	args = strings.TrimSpace(args)
	var found []tandem.Person
	var rest string
	for _, p := range people {
		if r, ok := cutName(args, p.Name); ok {
			found = append(found, p)
			rest = r
		}
	}
	switch len(found) {
	case 0:
		return tandem.Person{}, "", "worker.no_such_person"
	case 1:
		return found[0], rest, ""
	}
	return tandem.Person{}, "", "worker.ambiguous_person"
}

func names(people []tandem.Person) string {
	var out []string
	for _, p := range people {
		out = append(out, p.Name)
	}
	if len(out) == 0 {
		return "—" // no words, so no language: the text around it says what is missing
	}
	return strings.Join(out, ", ")
}

func (b *Bot) handleTimezone(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "timezone", func(tx *store.Tx, a actor, p tandem.Person) error {
		zone := strings.TrimSpace(ev.Args)
		if zone == "" {
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "timezone.how", "zone", b.sched.Location(p).String()))
		}
		loc, err := time.LoadLocation(zone)
		if err != nil || zone == "Local" || (!strings.Contains(zone, "/") && zone != "UTC") {
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "timezone.unknown", "zone", echo(zone)))
		}
		p.TimeZone = loc.String()
		if err := tx.SetPersonSettings(ctx, p); err != nil {
			return err
		}
		if err := b.replan(ctx, tx, p); err != nil {
			return err
		}
		summary, err := b.scheduleSummary(ctx, tx, p)
		if err != nil {
			return err
		}
		return reply(tx, ctx, ev, b.pack.Text(p.Language, "timezone.set", "zone", p.TimeZone)+"\n\n"+summary)
	})
}

func (b *Bot) handleQuiet(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "quiet", func(tx *store.Tx, a actor, p tandem.Person) error {
		if strings.TrimSpace(ev.Args) == "" {
			current := schedule.Quiet(p).DescribeIn(p.Language)
			if current == "" {
				current = b.pack.Text(p.Language, "schedule.none")
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "quiet.how", "quiet", current))
		}
		q, perr := schedule.ParseQuietHours(ev.Args)
		if perr != nil {
			return reply(tx, ctx, ev, b.timesProblem(p.Language, perr))
		}
		p.QuietStart, p.QuietEnd = q.Start, q.End
		if err := tx.SetPersonSettings(ctx, p); err != nil {
			return err
		}
		if err := b.replan(ctx, tx, p); err != nil {
			return err
		}
		summary, err := b.scheduleSummary(ctx, tx, p)
		if err != nil {
			return err
		}
		return reply(tx, ctx, ev, b.pack.Text(p.Language, "quiet.set")+"\n\n"+summary)
	})
}

// pauseChoices are the pause lengths offered as buttons, in days (0: until they resume).
var pauseChoices = []int{1, 3, 7, 0}

// maxPauseDays bounds a typed pause; longer than this is better talked through with the worker.
const maxPauseDays = 90

// handlePauseCommand pauses for the days given ("/pause 3"), or offers lengths as buttons.
func (b *Bot) handlePauseCommand(ctx context.Context, ev *tandem.Event) error {
	if strings.TrimSpace(ev.Args) == "" {
		return b.act(ctx, ev, "pause", func(tx *store.Tx) error {
			a, err := b.identify(ctx, tx, ev)
			if err != nil {
				return err
			}
			if !a.enrolled() {
				return b.notForYou(ctx, tx, ev, a)
			}
			var rows [][]tandem.Button
			for _, d := range pauseChoices {
				rows = append(rows, []tandem.Button{{Text: b.pack.Text(a.lang, "pause.days."+strconv.Itoa(d)), Data: pausePrefix + strconv.Itoa(d)}})
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "pause.ask"), rows...)
		})
	}
	days, err := strconv.Atoi(pauseDays(ev.Args))
	if err != nil || days < 1 || days > maxPauseDays {
		return b.act(ctx, ev, "pause", func(tx *store.Tx) error {
			a, err := b.identify(ctx, tx, ev)
			if err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "pause.bad_days", "max", maxPauseDays))
		})
	}
	return b.pauseFor(ctx, ev, days)
}

// pauseDays is the number in "3", "3 days" or "3 días".
func pauseDays(args string) string {
	s := strings.ToLower(strings.TrimSpace(args))
	for _, unit := range []string{"days", "day", "días", "dias", "día", "dia"} {
		if rest, ok := strings.CutSuffix(s, unit); ok {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

func (b *Bot) handlePauseButton(ctx context.Context, ev *tandem.Event) error {
	days, err := strconv.Atoi(strings.TrimPrefix(ev.Data, pausePrefix))
	if err != nil || days < 0 || days > maxPauseDays {
		return b.act(ctx, ev, "pause", func(tx *store.Tx) error {
			return answer(tx, ctx, ev, b.pack.Text(b.pack.Language(ev.Lang), "callback.old"))
		})
	}
	return b.pauseFor(ctx, ev, days)
}

// pauseFor pauses messages for days (0: until the person resumes) and tells their worker.
func (b *Bot) pauseFor(ctx context.Context, ev *tandem.Event, days int) error {
	return b.act(ctx, ev, "pause", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if ev.CallbackID != "" {
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			if a.enrolled() {
				if err := removeButtons(tx, ctx, ev); err != nil {
					return err
				}
			}
		}
		if !a.enrolled() {
			return b.notForYou(ctx, tx, ev, a)
		}
		p := *a.person
		var until time.Time
		when := b.pack.Text(p.Language, "pause.until_resume")
		if days > 0 {
			loc := b.sched.Location(p)
			until = tx.Now().AddDate(0, 0, days)
			when = b.pack.Text(p.Language, "pause.until", "date", dayFor(p.Language, until.In(loc)))
		}
		if err := tx.SetPause(ctx, p.ID, true, until); err != nil {
			return err
		}
		tx.AfterCommit(b.scheduler.Wake)
		if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "pause.done", "when", when)); err != nil {
			return err
		}
		w, err := tx.WorkerByID(ctx, p.WorkerID)
		if err != nil {
			return err
		}
		p.State, p.PausedUntil = tandem.StatePaused, until
		return b.tellWorker(ctx, tx, w.ID, tandem.PriorityConversation, "worker.person_paused", "person", p.Name, "when", b.pauseEnd(b.workerLang(w), p))
	})
}

// Resumed tells a person their pause has ended, and their worker. (reminders.Prompter)
func (b *Bot) Resumed(ctx context.Context, tx *store.Tx, p tandem.Person) error {
	if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: p.TelegramID, Priority: tandem.PriorityBulk,
		Text: b.pack.Text(p.Language, "pause.ended")}); err != nil {
		return err
	}
	if err := b.settlePersonMessages(ctx, tx, p.ID); err != nil { // what their worker wrote meanwhile
		return err
	}
	return b.tellWorker(ctx, tx, p.WorkerID, tandem.PriorityBulk, "worker.person_resumed", "person", p.Name)
}

// timesProblem words, in lang, what the schedule package could not read in what someone typed.
func (b *Bot) timesProblem(lang string, err error) string {
	var p *schedule.Problem
	if !errors.As(err, &p) {
		return b.pack.Text(lang, "error.sorry")
	}
	// What was typed is quoted back clipped, so a long paste never makes the reply too long for
	// Telegram to take (which would mean no reply at all).
	return b.pack.Text(lang, "times.problem."+string(p.Code), "value", clip(p.Value, 40))
}
