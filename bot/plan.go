package bot

import (
	"context"
	"html"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
)

// A crisis and coping plan is the person's own: what helps them, people they can call, and
// services. It is shown with the crisis contacts whenever they might need it, and reaches their
// worker only if they press Share.

// planPrefix buttons carry "plan:add:<section>", "plan:clear", "plan:share".
const planPrefix = "plan:"

// planSections are the plan's parts, in the order shown.
var planSections = []string{"helps", "people", "services"}

// maxPlanItem bounds one line of a plan: it is a note, not an essay. maxPlanItems bounds the
// plan, so that it still fits in one Telegram message (4,096 characters) with its headings.
const (
	maxPlanItem  = 300
	maxPlanItems = 10
)

func (b *Bot) handlePlan(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "plan", func(tx *store.Tx, a actor, p tandem.Person) error {
		return b.showPlan(ctx, tx, ev, p)
	})
}

// planText renders a person's plan, or "" if it is empty.
func (b *Bot) planText(ctx context.Context, tx *store.Tx, p tandem.Person) (string, error) {
	items, err := tx.Plan(ctx, p.ID)
	if err != nil || len(items) == 0 {
		return "", err
	}
	var sb strings.Builder
	sb.WriteString(b.pack.Text(p.Language, "plan.title"))
	for _, section := range planSections {
		first := true
		for _, it := range items {
			if it.Section != section {
				continue
			}
			if first {
				sb.WriteString("\n<i>" + b.pack.Text(p.Language, "plan.section."+section) + "</i>")
				first = false
			}
			sb.WriteString("\n• " + html.EscapeString(it.Text))
		}
	}
	return sb.String(), nil
}

func (b *Bot) planButtons(lang string, hasItems bool) [][]tandem.Button {
	var rows [][]tandem.Button
	for _, s := range planSections {
		rows = append(rows, []tandem.Button{{Text: b.pack.Text(lang, "plan.add."+s), Data: planPrefix + "add:" + s}})
	}
	if hasItems {
		rows = append(rows, []tandem.Button{{Text: b.pack.Text(lang, "plan.share"), Data: planPrefix + "share"}, {Text: b.pack.Text(lang, "plan.clear"), Data: planPrefix + "clear"}})
	}
	return rows
}

func (b *Bot) showPlan(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) error {
	text, err := b.planText(ctx, tx, p)
	if err != nil {
		return err
	}
	if text == "" {
		return reply(tx, ctx, ev, b.text(tx, ctx, actor{person: &p, lang: p.Language}, "plan.empty"), b.planButtons(p.Language, false)...)
	}
	return reply(tx, ctx, ev, text+"\n\n"+b.pack.Text(p.Language, "plan.how"), b.planButtons(p.Language, true)...)
}

func (b *Bot) handlePlanButton(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "plan", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if !a.enrolled() {
			return b.notForYou(ctx, tx, ev, a) // it answers the press itself
		}
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		p := *a.person
		action := strings.TrimPrefix(ev.Data, planPrefix)
		switch {
		case strings.HasPrefix(action, "add:"):
			section := strings.TrimPrefix(action, "add:")
			if !contains(planSections, section) {
				return nil
			}
			p.Awaiting = tandem.Await(tandem.AwaitPlan, section)
			if err := tx.SetPersonSettings(ctx, p); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "plan.type."+section))
		case action == "clear":
			if err := tx.ClearPlan(ctx, p.ID); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "plan.cleared"))
		case action == "share":
			text, err := b.planText(ctx, tx, p)
			if err != nil || text == "" {
				return err
			}
			w, err := tx.WorkerByID(ctx, p.WorkerID)
			if err != nil {
				return err
			}
			if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: w.TelegramID, Priority: tandem.PriorityConversation,
				Text: b.pack.Text(content0, "worker.plan_shared", "person", p.Name) + "\n\n" + text}); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "plan.shared", "worker", w.FirstName()))
		}
		return nil
	})
}

// planLine takes a typed message as a new line of the plan, when the bot asked for one.
func (b *Bot) planLine(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) (bool, error) {
	if p.Awaiting.Kind != tandem.AwaitPlan {
		return false, nil
	}
	section := p.Awaiting.Arg
	text := strings.TrimSpace(ev.Text)
	if text == "" {
		return false, nil
	}
	if len([]rune(text)) > maxPlanItem {
		return true, reply(tx, ctx, ev, b.pack.Text(p.Language, "plan.too_long"))
	}
	p.Awaiting = tandem.Awaiting{}
	if items, err := tx.Plan(ctx, p.ID); err != nil {
		return true, err
	} else if len(items) >= maxPlanItems {
		if err := tx.SetPersonSettings(ctx, p); err != nil {
			return true, err
		}
		return true, reply(tx, ctx, ev, b.pack.Text(p.Language, "plan.full", "max", maxPlanItems))
	}
	if err := tx.SetPersonSettings(ctx, p); err != nil {
		return true, err
	}
	if err := tx.AddPlanItem(ctx, p.ID, tandem.PlanItem{Section: section, Text: text}); err != nil {
		return true, err
	}
	return true, b.showPlan(ctx, tx, ev, p)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
