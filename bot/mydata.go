package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/export"
	"github.com/tandemcare/tandem/schedule"
	"github.com/tandemcare/tandem/store"
)

// /mydata: everything Tandem holds about a person, in a form they can keep.

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
	Messages  []myDataMessage `json:"messages_with_your_worker,omitempty"`
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

func (b *Bot) handleMyData(ctx context.Context, ev *tandem.Event) error {
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
			About:     b.plainText(p.Language, "mydata.json.about"),
			Generated: tx.Now().In(b.cfg.Location),
			You: myDataPerson{Name: p.Name, TelegramID: p.TelegramID, State: string(p.State), Language: p.Language,
				TimeZone: b.sched.Location(*p).String(), QuietHours: schedule.Quiet(*p).String(),
				JoinedAt: p.JoinedAt.In(b.cfg.Location), StaffSeeYou: p.Pseudonym},
			Worker: w.Name,
		}
		for _, c := range consents {
			d.Consents = append(d.Consents, myDataConsent{Decision: string(c.Decision), Version: c.Version, At: c.At.In(b.cfg.Location)})
		}
		if err := b.addCheckinData(ctx, tx, *p, &d); err != nil {
			return err
		}
		if err := b.addMessageData(ctx, tx, *p, &d); err != nil {
			return err
		}
		body, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return err
		}
		// Two files: one to read (a PDF, in their language, with a chart), and the same data
		// complete and machine-readable (JSON) to take elsewhere.
		report, err := b.myDataReport(ctx, tx, *p, w)
		if err != nil {
			return err
		}
		doc, err := export.PDF(report)
		if err != nil {
			return err
		}
		stamp := tx.Now().In(b.cfg.Location).Format("2006-01-02")
		if err := tx.Enqueue(ctx, tandem.Outgoing{
			Kind: tandem.KindDocument, ChatID: ev.ChatID, Priority: tandem.PriorityConversation,
			File: doc, FileName: fmt.Sprintf("tandem-my-data-%s.pdf", stamp),
			Text: b.text(tx, ctx, a, "mydata.caption", "date", b.date(a.lang, tx.Now())),
		}); err != nil {
			return err
		}
		return tx.Enqueue(ctx, tandem.Outgoing{
			Kind: tandem.KindDocument, ChatID: ev.ChatID, Priority: tandem.PriorityConversation,
			File: body, FileName: fmt.Sprintf("tandem-my-data-%s.json", stamp),
			Text: b.text(tx, ctx, a, "mydata.caption_json"),
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
		d.Schedules = append(d.Schedules, myDataTime{Set: b.setTitle(p.Language, e.SetID), When: b.describe(p.Language, []string{e.Spec}, loc), SetBy: e.SetBy})
	}
	plan, err := tx.Plan(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, it := range plan {
		d.Plan = append(d.Plan, myDataPlan{Section: b.pack.Text(p.Language, "plan.section."+it.Section), Text: it.Text})
	}
	if d.Values, err = tx.Values(ctx, p.ID); err != nil {
		return err
	}
	flags, err := tx.PersonFlags(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, f := range flags {
		d.Flags = append(d.Flags, myDataFlag{Why: b.flagWhyFor(p.Language, f), Raised: f.RaisedAt.In(loc), Status: string(f.Status)})
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
		out := myDataCheckin{Set: b.setTitle(p.Language, c.SetID), Due: c.DueAt.In(loc), Status: string(c.Status), Late: c.Late}
		answers, err := tx.Answers(ctx, c.ID)
		if err != nil {
			return err
		}
		// The person's own questions (a sign, a goal) are in their set as they were asked it.
		qs, _ := b.questionSet(ctx, tx, p, c.SetID)
		for _, a := range answers {
			question, answer := a.QuestionID, a.Value
			if qs != nil {
				if q, ok := qs.Question(a.QuestionID); ok {
					question = html.UnescapeString(tags.ReplaceAllString(q.TextIn(p.Language), ""))
					if q.Kind != content.AnswerText && !a.Skipped {
						// A choice is stored by its id ("people"); the person chose its words.
						answer = b.answerLabel(p.Language, *q, a.Value)
					}
				}
			}
			out.Answers = append(out.Answers, myDataAnswer{Question: question, Answer: answer, Skipped: a.Skipped, Late: a.Late, At: a.At.In(loc)})
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

// setTitle names a question set as the person knows it ("Daily check-in"), not by its id.
func (b *Bot) setTitle(lang, setID string) string {
	if qs, ok := b.pack.QuestionSet(setID); ok {
		return qs.TitleIn(lang)
	}
	if setID == "lesson" {
		return b.pack.Text(lang, "mydata.pdf.lessons")
	}
	return setID
}
