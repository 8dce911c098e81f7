package bot

import (
	"context"
	"html"
	"slices"
	"strconv"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// Goals are the person's own: what matters to them (values), a goal that serves it, and small
// steps towards it. The weekly check-in asks how each open goal went; their worker sees that in
// /checkins and the whole picture with /goals <name>.

// goalPrefix buttons carry "goal:value:<n>", "goal:ownvalue", "goal:new", "goal:step:<id>",
// "goal:done:<id>". While the bot waits for typed text, the person's Awaiting is a value, a
// goal or a step.
const (
	goalPrefix   = "goal:"
	maxGoalText  = 120
	maxOpenGoals = 3 // each open goal is a question in the weekly check-in
)

func (b *Bot) handleGoals(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "goals", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.worker != nil {
			people, err := tx.PeopleOfWorker(ctx, a.worker.ID)
			if err != nil {
				return err
			}
			p, _, problem := matchPerson(people, ev.Args)
			if problem == "worker.schedule_how" {
				problem = "worker.goals_how"
			}
			if problem != "" {
				return reply(tx, ctx, ev, b.personProblem(a.lang, problem, "goals", people))
			}
			if err := tx.Audit(ctx, a.worker.ID, p.ID, "goals", ""); err != nil {
				return err
			}
			text, err := b.goalsText(ctx, tx, p, a.lang)
			if err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(a.lang, "worker.goals", "person", p.Name)+"\n"+text)
		}
		if !a.enrolled() {
			return b.notForYou(ctx, tx, ev, a)
		}
		return b.showGoals(ctx, tx, ev, *a.person)
	})
}

// goalsText lists values, goals and steps.
func (b *Bot) goalsText(ctx context.Context, tx *store.Tx, p tandem.Person, lang string) (string, error) {
	values, err := tx.Values(ctx, p.ID)
	if err != nil {
		return "", err
	}
	goals, err := tx.Goals(ctx, p.ID)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	sb.WriteString("<i>" + b.pack.Text(lang, "goals.values") + "</i> ")
	if len(values) == 0 {
		sb.WriteString(b.pack.Text(lang, "schedule.none"))
	}
	for i, v := range values {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(html.EscapeString(v))
	}
	sb.WriteString("\n<i>" + b.pack.Text(lang, "goals.goals") + "</i>")
	if len(goals) == 0 {
		sb.WriteString(" " + b.pack.Text(lang, "schedule.none"))
	}
	for _, g := range goals {
		mark := "•"
		if !g.DoneAt.IsZero() {
			mark = "✓"
		}
		indent := ""
		if g.ParentID != 0 {
			indent = "    "
		}
		sb.WriteString("\n" + indent + mark + " " + html.EscapeString(g.Text))
	}
	return sb.String(), nil
}

func (b *Bot) showGoals(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) error {
	text, err := b.goalsText(ctx, tx, p, p.Language)
	if err != nil {
		return err
	}
	goals, err := tx.Goals(ctx, p.ID)
	if err != nil {
		return err
	}
	values, err := tx.Values(ctx, p.ID)
	if err != nil {
		return err
	}
	var rows [][]tandem.Button
	if len(values) == 0 {
		for i, v := range content.SplitList(b.pack.Text(p.Language, "goals.common_values")) {
			rows = append(rows, []tandem.Button{{Text: "+ " + v, Data: goalPrefix + "value:" + strconv.Itoa(i)}})
		}
	}
	rows = append(rows, []tandem.Button{{Text: b.pack.Text(p.Language, "goals.add_value"), Data: goalPrefix + "ownvalue"}, {Text: b.pack.Text(p.Language, "goals.add_goal"), Data: goalPrefix + "new"}})
	for _, g := range goals {
		if g.ParentID == 0 && g.DoneAt.IsZero() {
			id := strconv.FormatInt(g.ID, 10)
			rows = append(rows, []tandem.Button{{Text: b.pack.Text(p.Language, "goals.add_step"), Data: goalPrefix + "step:" + id}, {Text: "✓ " + g.Text, Data: goalPrefix + "done:" + id}})
		}
	}
	for _, g := range goals {
		if g.ParentID != 0 && g.DoneAt.IsZero() {
			rows = append(rows, []tandem.Button{{Text: "✓ " + g.Text, Data: goalPrefix + "done:" + strconv.FormatInt(g.ID, 10)}})
		}
	}
	return show(tx, ctx, ev, b.pack.Text(p.Language, "goals.title")+"\n\n"+text, rows...)
}

func (b *Bot) handleGoalButton(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "goals", func(tx *store.Tx, a actor, p tandem.Person) error {
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		action, arg, _ := strings.Cut(strings.TrimPrefix(ev.Data, goalPrefix), ":")
		await := func(what tandem.Awaiting, key string) error {
			p.Awaiting = what
			if err := tx.SetPersonSettings(ctx, p); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, key))
		}
		switch action {
		case "value":
			i, err := strconv.Atoi(arg)
			common := content.SplitList(b.pack.Text(p.Language, "goals.common_values"))
			if err != nil || i < 0 || i >= len(common) {
				return nil
			}
			values, err := tx.Values(ctx, p.ID)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(v, common[i]) }) {
				if err := tx.AddValue(ctx, p.ID, common[i]); err != nil {
					return err
				}
			}
			return b.showGoals(ctx, tx, ev, p)
		case "ownvalue":
			return await(tandem.Await(tandem.AwaitValue, ""), "goals.type_value")
		case "new":
			goals, err := tx.Goals(ctx, p.ID)
			if err != nil {
				return err
			}
			if openGoals(goals) >= maxOpenGoals {
				return reply(tx, ctx, ev, b.pack.Text(p.Language, "goals.full", "max", maxOpenGoals))
			}
			return await(tandem.Await(tandem.AwaitGoal, ""), "goals.type_goal")
		case "step":
			if _, err := strconv.ParseInt(arg, 10, 64); err != nil {
				return nil
			}
			return await(tandem.Await(tandem.AwaitStep, arg), "goals.type_step")
		case "done":
			id, err := strconv.ParseInt(arg, 10, 64)
			if err != nil {
				return nil
			}
			goals, err := tx.Goals(ctx, p.ID)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(goals, func(g tandem.Goal) bool { return g.ID == id && g.DoneAt.IsZero() }) {
				return b.showGoals(ctx, tx, ev, p) // done already, from an old copy of the list
			}
			if err := tx.MarkGoalDone(ctx, p.ID, id); err != nil {
				return err
			}
			if err := reply(tx, ctx, ev, b.pack.Text(p.Language, "goals.well_done")); err != nil {
				return err
			}
			return b.showGoals(ctx, tx, ev, p)
		}
		return nil
	})
}

func openGoals(goals []tandem.Goal) int {
	n := 0
	for _, g := range goals {
		if g.ParentID == 0 && g.DoneAt.IsZero() {
			n++
		}
	}
	return n
}

// goalLine takes typed text as a value, goal or step, when the bot asked for one.
func (b *Bot) goalLine(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) (bool, error) {
	kind, arg := p.Awaiting.Kind, p.Awaiting.Arg
	text := strings.TrimSpace(ev.Text)
	if (kind != tandem.AwaitValue && kind != tandem.AwaitGoal && kind != tandem.AwaitStep) || text == "" {
		return false, nil
	}
	p.Awaiting = tandem.Awaiting{}
	if err := tx.SetPersonSettings(ctx, p); err != nil {
		return true, err
	}
	if len([]rune(text)) > maxGoalText {
		return true, reply(tx, ctx, ev, b.pack.Text(p.Language, "goals.too_long", "max", maxGoalText))
	}
	var err error
	switch kind {
	case tandem.AwaitValue:
		err = tx.AddValue(ctx, p.ID, text)
	case tandem.AwaitGoal:
		err = tx.AddGoal(ctx, p.ID, 0, text)
	case tandem.AwaitStep:
		parent, perr := strconv.ParseInt(arg, 10, 64)
		if perr != nil {
			return true, nil
		}
		err = tx.AddGoal(ctx, p.ID, parent, text)
	}
	if err != nil {
		return true, err
	}
	return true, b.showGoals(ctx, tx, ev, p)
}

// goalQuestions are asked in the weekly check-in: how each open goal went.
func (b *Bot) goalQuestions(ctx context.Context, tx *store.Tx, p tandem.Person) ([]content.Question, error) {
	goals, err := tx.Goals(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var out []content.Question
	for _, g := range goals {
		if g.ParentID != 0 || !g.DoneAt.IsZero() {
			continue
		}
		out = append(out, b.pack.GoalQuestion(content.GoalQuestionID(g.ID), g.Text))
	}
	return out, nil
}
