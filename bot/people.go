package bot

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/reminders"
	"github.com/tandemcare/tandem/store"
)

// Callback data is short and carries no ids: who pressed a button is what decides what it does,
// so a forged or copied press can only ever act on the presser's own record.
const (
	consentPrefix = "consent:"
	consentAgree  = consentPrefix + "agree"
	consentMore   = consentPrefix + "more"
	consentLater  = consentPrefix + "later"
	stopPrefix    = "stop:"
	stopYes       = stopPrefix + "yes"
	stopNo        = stopPrefix + "no"
)

// startPayload is what Telegram allows after /start in a deep link.
var startPayload = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (b *Bot) handleStart(ctx context.Context, ev *Event) error {
	return b.act(ctx, ev, "start", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		switch {
		case a.worker != nil:
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "help.worker"))
		case a.enrolled():
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.already", "name", a.person.Name))
		}
		if ev.Args == "" {
			if inv, err := tx.ClaimedInvite(ctx, ev.From.ID); err == nil && inv.Check(ev.From.ID, tx.Now()) == tandem.InviteOK {
				return b.askConsent(ctx, tx, ev, a, inv)
			}
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
		}
		if !startPayload.MatchString(ev.Args) {
			b.badCodes.With().Inc()
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.unknown"))
		}
		inv, err := tx.InviteByHash(ctx, hashCode(ev.Args))
		if errors.Is(err, store.ErrNotFound) {
			b.badCodes.With().Inc()
			b.log.Info("bot: /start with an unknown invite code", "from", ev.From.ID)
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.unknown"))
		}
		if err != nil {
			return err
		}
		w, err := tx.WorkerByID(ctx, inv.WorkerID)
		if err != nil {
			return err
		}
		switch inv.Check(ev.From.ID, tx.Now()) {
		case tandem.InviteUsed:
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.used"))
		case tandem.InviteExpired:
			return reply(tx, ctx, ev, b.textFor(a.lang, &w, "join.expired"))
		}
		if err := tx.ClaimInvite(ctx, inv.ID, ev.From.ID); err != nil {
			return err
		}
		return b.askConsent(ctx, tx, ev, a, inv)
	})
}

// askConsent welcomes someone who opened an invite and asks, in short messages with buttons,
// whether they agree to what Tandem shares.
func (b *Bot) askConsent(ctx context.Context, tx *store.Tx, ev *Event, a actor, inv tandem.Invite) error {
	w, err := tx.WorkerByID(ctx, inv.WorkerID)
	if err != nil {
		return err
	}
	namePart := ""
	if n := personName(inv, ev); n != "" {
		namePart = " " + n
	}
	if err := reply(tx, ctx, ev, b.textFor(a.lang, &w, "welcome", "name_part", namePart)); err != nil {
		return err
	}
	return reply(tx, ctx, ev, b.textFor(a.lang, &w, "consent.summary"), b.consentButtons(a.lang, true)...)
}

func (b *Bot) consentButtons(lang string, withMore bool) [][]tandem.Button {
	first := []tandem.Button{{Text: b.pack.Text(lang, "button.agree"), Data: consentAgree}}
	if withMore {
		first = append(first, tandem.Button{Text: b.pack.Text(lang, "button.more"), Data: consentMore})
	}
	return [][]tandem.Button{first, {{Text: b.pack.Text(lang, "button.not_now"), Data: consentLater}}}
}

// personName is what the worker calls the person, or failing that their Telegram first name.
func personName(inv tandem.Invite, ev *Event) string {
	if inv.Name != "" {
		return inv.Name
	}
	return ev.From.FirstName
}

func (b *Bot) handleConsentButton(ctx context.Context, ev *Event) error {
	return b.act(ctx, ev, "consent", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.enrolled() {
			return b.reconsentAnswer(ctx, tx, ev, a)
		}
		inv, err := tx.ClaimedInvite(ctx, ev.From.ID)
		if errors.Is(err, store.ErrNotFound) {
			// Not theirs to press: a forwarded message, a forged press, or a used invite.
			b.log.Info("bot: consent button from someone with no open invite", "from", ev.From.ID)
			if err := answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old")); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
		}
		if err != nil {
			return err
		}
		w, err := tx.WorkerByID(ctx, inv.WorkerID)
		if err != nil {
			return err
		}
		if inv.Check(ev.From.ID, tx.Now()) == tandem.InviteExpired {
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.textFor(a.lang, &w, "join.expired"))
		}
		switch ev.Data {
		case consentAgree:
			return b.agree(ctx, tx, ev, a, inv, w)
		case consentMore:
			if err := answer(tx, ctx, ev, ""); err != nil {
				return err
			}
			for _, key := range []string{"consent.more.1", "consent.more.2", "consent.more.3", "consent.more.4"} {
				if err := reply(tx, ctx, ev, b.textFor(a.lang, &w, key)); err != nil {
					return err
				}
			}
			return reply(tx, ctx, ev, b.textFor(a.lang, &w, "consent.more.ask"), b.consentButtons(a.lang, false)...)
		case consentLater:
			if err := answer(tx, ctx, ev, b.pack.Text(a.lang, "consent.chosen_not_now")); err != nil {
				return err
			}
			if err := tx.RecordConsent(ctx, tandem.Consent{Version: b.pack.ConsentVersion, Decision: tandem.ConsentNotNow}, inv.ID); err != nil {
				return err
			}
			if err := removeButtons(tx, ctx, ev); err != nil {
				return err
			}
			// The worker is deliberately not told: "not now" shares nothing, as the reply says.
			return reply(tx, ctx, ev, b.textFor(a.lang, &w, "consent.not_now", "expires", b.date(a.lang, inv.ExpiresAt)))
		}
		return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
	})
}

// agree enrols the person: consent stored with its version and time, invite used, worker told.
func (b *Bot) agree(ctx context.Context, tx *store.Tx, ev *Event, a actor, inv tandem.Invite, w tandem.Worker) error {
	p := tandem.Person{TelegramID: ev.From.ID, Name: personName(inv, ev), WorkerID: w.ID, State: tandem.StateActive, Language: a.lang,
		QuietStart: defaultQuietStart, QuietEnd: defaultQuietEnd}
	if p.Name == "" {
		p.Name = "Someone"
	}
	if a.person != nil { // coming back after stopping
		p.ID, p.Pseudonym = a.person.ID, a.person.Pseudonym
		if err := tx.Reenrol(ctx, p, inv.ID); err != nil {
			return err
		}
	} else {
		pseudonym, err := newPseudonym(ctx, tx)
		if err != nil {
			return err
		}
		p.Pseudonym = pseudonym
		if p, err = tx.CreatePerson(ctx, p, inv.ID); err != nil {
			return err
		}
	}
	if err := tx.RecordConsent(ctx, tandem.Consent{PersonID: p.ID, Version: b.pack.ConsentVersion, Decision: tandem.ConsentAgreed}, inv.ID); err != nil {
		return err
	}
	if err := answer(tx, ctx, ev, b.pack.Text(a.lang, "consent.chosen_agree", "date", b.date(a.lang, tx.Now()))); err != nil {
		return err
	}
	if err := removeButtons(tx, ctx, ev); err != nil {
		return err
	}
	if err := reply(tx, ctx, ev, b.textFor(a.lang, &w, "consent.agreed")); err != nil {
		return err
	}
	if a.person != nil { // coming back: their own time zone and quiet hours still stand
		reloaded, err := tx.PersonByID(ctx, p.ID)
		if err != nil {
			return err
		}
		p = reloaded
	}
	if err := b.offerSchedule(ctx, tx, ev, p, inv, w); err != nil {
		return err
	}
	b.log.Info("bot: person joined", "person_id", p.ID, "worker_id", w.ID, "consent_version", b.pack.ConsentVersion)
	return b.tellWorker(ctx, tx, w.ID, tandem.PriorityConversation, "worker.person_joined",
		"person", p.Name, "version", b.pack.ConsentVersion, "date", b.date(content0, tx.Now())+" "+tx.Now().In(b.cfg.Location).Format("15:04"))
}

// pseudonymAlphabet leaves out letters and digits that are easily confused (0/O, 1/I/L).
const pseudonymAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newPseudonym draws a random name like "P-7KQ3M" that says nothing about the person.
func newPseudonym(ctx context.Context, tx *store.Tx) (string, error) {
	for range 20 {
		buf := make([]byte, 5)
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		for i, c := range buf {
			buf[i] = pseudonymAlphabet[int(c)%len(pseudonymAlphabet)]
		}
		name := "P-" + string(buf)
		taken, err := tx.PseudonymTaken(ctx, name)
		if err != nil {
			return "", err
		}
		if !taken {
			return name, nil
		}
	}
	return "", errors.New("bot: could not find a free pseudonym")
}

func (b *Bot) handleHelp(ctx context.Context, ev *Event) error {
	return b.act(ctx, ev, "help", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		switch {
		case a.worker != nil:
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "help.worker"))
		case a.enrolled():
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "help.person"))
		}
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
	})
}

// handleCrisis answers anyone, enrolled or not, first in the queue.
func (b *Bot) handleCrisis(ctx context.Context, ev *Event) error {
	return b.act(ctx, ev, "crisis", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		text := b.text(tx, ctx, a, "crisis")
		if a.enrolled() {
			plan, err := b.planText(ctx, tx, *a.person)
			if err != nil {
				return err
			}
			if plan != "" {
				text += "\n\n" + plan
			}
		}
		return tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: ev.ChatID, Priority: tandem.PriorityUrgent, Text: text})
	})
}

func (b *Bot) handlePrivacy(ctx context.Context, ev *Event) error {
	return b.asPerson(ctx, ev, "privacy", func(tx *store.Tx, a actor, p tandem.Person) error {
		c, err := tx.LatestConsent(ctx, a.person.ID)
		if errors.Is(err, store.ErrNotFound) {
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "privacy.none"))
		}
		if err != nil {
			return err
		}
		if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "privacy", "date", b.date(a.lang, c.At), "version", c.Version)); err != nil {
			return err
		}
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "consent.summary"))
	})
}

// notForYou answers a command meant for someone else: a person's command from a worker or a
// stranger, or a worker's command from a person.
func (b *Bot) notForYou(ctx context.Context, tx *store.Tx, ev *Event, a actor) error {
	switch {
	case a.worker != nil:
		return reply(tx, ctx, ev, b.pack.Text(a.lang, "help.worker"))
	case a.enrolled():
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "help.person"))
	case a.person != nil:
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "stopped.reply"))
	}
	return reply(tx, ctx, ev, b.text(tx, ctx, a, "join.how"))
}

func (b *Bot) handleResume(ctx context.Context, ev *Event) error {
	return b.asPerson(ctx, ev, "resume", func(tx *store.Tx, a actor, p tandem.Person) error {
		if a.person.State != tandem.StatePaused {
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "resume.not_paused"))
		}
		if err := tx.SetPause(ctx, a.person.ID, false, time.Time{}); err != nil {
			return err
		}
		if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "resume.done")); err != nil {
			return err
		}
		return b.tellWorker(ctx, tx, a.person.WorkerID, tandem.PriorityConversation, "worker.person_resumed", "person", a.person.Name)
	})
}

func (b *Bot) handleStop(ctx context.Context, ev *Event) error {
	return b.asPerson(ctx, ev, "stop", func(tx *store.Tx, a actor, p tandem.Person) error {
		return reply(tx, ctx, ev, b.text(tx, ctx, a, "stop.ask"), []tandem.Button{
			{Text: b.pack.Text(a.lang, "stop.confirm"), Data: stopYes},
			{Text: b.pack.Text(a.lang, "stop.cancel"), Data: stopNo},
		})
	})
}

func (b *Bot) handleStopButton(ctx context.Context, ev *Event) error {
	return b.act(ctx, ev, "stop", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if !a.enrolled() || (ev.Data != stopYes && ev.Data != stopNo) {
			return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old"))
		}
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		if err := removeButtons(tx, ctx, ev); err != nil {
			return err
		}
		if ev.Data == stopNo {
			return reply(tx, ctx, ev, b.text(tx, ctx, a, "stop.kept"))
		}
		if err := tx.SetPersonState(ctx, a.person.ID, tandem.StateStopped); err != nil {
			return err
		}
		if err := tx.MarkStopped(ctx, a.person.ID); err != nil {
			return err
		}
		if err := tx.RecordConsent(ctx, tandem.Consent{PersonID: a.person.ID, Version: b.pack.ConsentVersion, Decision: tandem.ConsentWithdrawn}, 0); err != nil {
			return err
		}
		if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "stop.done")); err != nil {
			return err
		}
		return b.tellWorker(ctx, tx, a.person.WorkerID, tandem.PriorityConversation, "worker.person_stopped", "person", a.person.Name)
	})
}

// myData is everything Tandem holds about a person, in a form they can keep.
type myData struct {
	About     string          `json:"about"`
	Generated time.Time       `json:"generated_at"`
	You       myDataPerson    `json:"you"`
	Worker    string          `json:"your_worker"`
	Consents  []myDataConsent `json:"consent_decisions"`
	Schedules []myDataTime    `json:"check_in_times"`
	Plan      []myDataPlan    `json:"plan_for_hard_times"`
	Agenda    []string        `json:"for_your_next_appointment,omitempty"`
	Signs     []string        `json:"early_warning_signs,omitempty"`
	Values    []string        `json:"what_matters_to_you,omitempty"`
	Lessons   []myDataLesson  `json:"lessons,omitempty"`
	Flags     []myDataFlag    `json:"times_your_worker_was_told_to_look,omitempty"`
	Goals     []myDataGoal    `json:"goals_and_steps,omitempty"`
	NextAppt  *time.Time      `json:"next_appointment,omitempty"`
	Checkins  []myDataCheckin `json:"check_ins"`
}

type myDataFlag struct {
	Why    string    `json:"why"`
	Raised time.Time `json:"raised"`
	Status string    `json:"status"`
}

type myDataLesson struct {
	Lesson     string     `json:"lesson"`
	Finished   *time.Time `json:"finished,omitempty"`
	Reflection string     `json:"your_reflection,omitempty"`
	Shared     bool       `json:"shared_with_your_worker"`
}

type myDataGoal struct {
	Text string     `json:"text"`
	Step bool       `json:"step,omitempty"`
	Done *time.Time `json:"done,omitempty"`
}

type myDataPlan struct {
	Section string `json:"section"`
	Text    string `json:"text"`
}

type myDataTime struct {
	Set   string `json:"check_in"`
	When  string `json:"when"`
	SetBy string `json:"set_by"`
}

type myDataCheckin struct {
	Set     string         `json:"check_in"`
	Due     time.Time      `json:"due"`
	Status  string         `json:"status"`
	Late    bool           `json:"late,omitempty"`
	Answers []myDataAnswer `json:"answers,omitempty"`
}

type myDataAnswer struct {
	Question string    `json:"question"`
	Answer   string    `json:"answer,omitempty"`
	Skipped  bool      `json:"skipped,omitempty"`
	Late     bool      `json:"late,omitempty"`
	At       time.Time `json:"at"`
}

type myDataPerson struct {
	Name        string    `json:"name"`
	TelegramID  int64     `json:"telegram_user_id"`
	State       string    `json:"state"`
	Language    string    `json:"language"`
	TimeZone    string    `json:"time_zone"`
	QuietHours  string    `json:"quiet_hours"`
	JoinedAt    time.Time `json:"joined_at"`
	StaffSeeYou string    `json:"name_the_staff_channel_sees"`
}

type myDataConsent struct {
	Decision string    `json:"decision"`
	Version  string    `json:"consent_text_version"`
	At       time.Time `json:"at"`
}

func (b *Bot) handleMyData(ctx context.Context, ev *Event) error {
	return b.act(ctx, ev, "mydata", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.person == nil {
			return b.notForYou(ctx, tx, ev, a)
		}
		p := a.person
		w, err := tx.WorkerByID(ctx, p.WorkerID)
		if err != nil {
			return err
		}
		consents, err := tx.Consents(ctx, p.ID)
		if err != nil {
			return err
		}
		d := myData{
			About:     "Everything Tandem holds about you: your details, what you agreed to, when check-ins come, your plan, signs, goals, appointment list, lessons and reflections, every time your worker was told to look, and every check-in with your answers.",
			Generated: tx.Now().In(b.cfg.Location),
			You: myDataPerson{Name: p.Name, TelegramID: p.TelegramID, State: string(p.State), Language: p.Language,
				TimeZone: b.sched.Location(*p).String(), QuietHours: reminders.Quiet(*p).String(),
				JoinedAt: p.JoinedAt.In(b.cfg.Location), StaffSeeYou: p.Pseudonym},
			Worker: w.Name,
		}
		for _, c := range consents {
			d.Consents = append(d.Consents, myDataConsent{Decision: string(c.Decision), Version: c.Version, At: c.At.In(b.cfg.Location)})
		}
		if err := b.addCheckinData(ctx, tx, *p, &d); err != nil {
			return err
		}
		body, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, tandem.Outgoing{
			Kind: tandem.KindDocument, ChatID: ev.ChatID, Priority: tandem.PriorityConversation,
			File: body, FileName: fmt.Sprintf("tandem-my-data-%s.json", tx.Now().In(b.cfg.Location).Format("2006-01-02")),
			Text: b.text(tx, ctx, a, "mydata.caption", "date", b.date(a.lang, tx.Now())),
		})
	})
}

// addCheckinData adds a person's check-in times, check-ins and answers to their data export.
func (b *Bot) addCheckinData(ctx context.Context, tx *store.Tx, p tandem.Person, d *myData) error {
	loc := b.sched.Location(p)
	entries, err := tx.Schedules(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, e := range entries {
		d.Schedules = append(d.Schedules, myDataTime{Set: e.SetID, When: b.describe([]string{e.Spec}, loc), SetBy: e.SetBy})
	}
	plan, err := tx.Plan(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, it := range plan {
		d.Plan = append(d.Plan, myDataPlan{Section: it.Section, Text: it.Text})
	}
	if d.Values, err = tx.Values(ctx, p.ID); err != nil {
		return err
	}
	flags, err := tx.PersonFlags(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, f := range flags {
		d.Flags = append(d.Flags, myDataFlag{Why: f.Reason, Raised: f.RaisedAt.In(loc), Status: string(f.Status)})
	}
	progress, err := tx.AllLessonProgress(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, l := range b.pack.Lessons() {
		lp, ok := progress[l.ID]
		if !ok {
			continue
		}
		d.Lessons = append(d.Lessons, myDataLesson{Lesson: l.Title, Reflection: lp.Reflection, Shared: lp.Shared, Finished: localTime(lp.CompletedAt, loc)})
	}
	goals, err := tx.Goals(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, g := range goals {
		d.Goals = append(d.Goals, myDataGoal{Text: g.Text, Step: g.ParentID != 0, Done: localTime(g.DoneAt, loc)})
	}
	signs, err := tx.Signs(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, s := range signs {
		d.Signs = append(d.Signs, s.Text)
	}
	agenda, err := tx.Agenda(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, it := range agenda {
		d.Agenda = append(d.Agenda, it.Text)
	}
	if at, err := tx.Appointment(ctx, p.ID); err == nil {
		d.NextAppt = localTime(at, loc)
	}
	checkins, err := tx.AllCheckins(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, c := range checkins {
		out := myDataCheckin{Set: c.SetID, Due: c.DueAt.In(loc), Status: string(c.Status), Late: c.Late}
		answers, err := tx.Answers(ctx, c.ID)
		if err != nil {
			return err
		}
		qs, _ := b.pack.QuestionSet(c.SetID)
		for _, a := range answers {
			question := a.QuestionID
			if qs != nil {
				if q, ok := qs.Question(a.QuestionID); ok {
					question = q.TextIn(p.Language)
				}
			}
			out.Answers = append(out.Answers, myDataAnswer{Question: question, Answer: a.Value, Skipped: a.Skipped, Late: a.Late, At: a.At.In(loc)})
		}
		d.Checkins = append(d.Checkins, out)
	}
	return nil
}

// localTime is t in loc, or nil for the zero time, so an export says "not yet" by leaving it out.
func localTime(t time.Time, loc *time.Location) *time.Time {
	if t.IsZero() {
		return nil
	}
	local := t.In(loc)
	return &local
}

// reconsent puts a changed consent text, once, to someone who agreed to an earlier version:
// what is shared must be what they agreed to, so they see what changed and can agree or stop.
func (b *Bot) reconsent(ctx context.Context, tx *store.Tx, ev *Event, a actor) error {
	p := a.person
	if p.State == tandem.StateStopped || ev.BotStatus != "" {
		return nil
	}
	consents, err := tx.Consents(ctx, p.ID)
	if err != nil || len(consents) == 0 {
		return err
	}
	agreed, asked := "", false
	for _, c := range consents {
		switch {
		case c.Decision == tandem.ConsentAgreed:
			agreed = c.Version
		case c.Decision == tandem.ConsentAsked && c.Version == b.pack.ConsentVersion:
			asked = true
		}
	}
	if agreed == "" || agreed == b.pack.ConsentVersion || asked {
		return nil
	}
	if err := tx.RecordConsent(ctx, tandem.Consent{PersonID: p.ID, Version: b.pack.ConsentVersion, Decision: tandem.ConsentAsked}, 0); err != nil {
		return err
	}
	if err := reply(tx, ctx, ev, b.text(tx, ctx, a, "consent.changed")); err != nil {
		return err
	}
	return reply(tx, ctx, ev, b.text(tx, ctx, a, "consent.summary"), b.consentButtons(a.lang, true)...)
}

// reconsentAnswer handles the consent buttons from someone already enrolled: agreeing to a
// changed text records it; "tell me more" explains; "not now" says plainly that nothing changes
// and points to /stop, since carrying on means carrying on sharing.
func (b *Bot) reconsentAnswer(ctx context.Context, tx *store.Tx, ev *Event, a actor) error {
	p := *a.person
	c, err := tx.LatestConsent(ctx, p.ID)
	if err != nil {
		return err
	}
	if c.Decision == tandem.ConsentAgreed && c.Version == b.pack.ConsentVersion {
		return answer(tx, ctx, ev, b.pack.Text(a.lang, "callback.old")) // nothing left to agree to
	}
	w := b.workerOf(ctx, tx, &p)
	switch ev.Data {
	case consentAgree:
		if err := tx.RecordConsent(ctx, tandem.Consent{PersonID: p.ID, Version: b.pack.ConsentVersion, Decision: tandem.ConsentAgreed}, 0); err != nil {
			return err
		}
		if err := answer(tx, ctx, ev, b.pack.Text(a.lang, "consent.chosen_agree", "date", b.date(a.lang, tx.Now()))); err != nil {
			return err
		}
		return removeButtons(tx, ctx, ev)
	case consentMore:
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		for _, key := range []string{"consent.more.1", "consent.more.2", "consent.more.3", "consent.more.4"} {
			if err := reply(tx, ctx, ev, b.textFor(a.lang, w, key)); err != nil {
				return err
			}
		}
		return reply(tx, ctx, ev, b.textFor(a.lang, w, "consent.more.ask"), b.consentButtons(a.lang, false)...)
	}
	if err := answer(tx, ctx, ev, ""); err != nil {
		return err
	}
	return reply(tx, ctx, ev, b.textFor(a.lang, w, "consent.changed_not_now"))
}
