package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

// Early warning signs are the person's own: the changes that, for them, have come before a hard
// time. They pick them from a list or write them in their own words, with their worker, and the
// daily check-in asks about each; a rise beyond their usual tells the worker.

// signPrefix buttons carry "sign:add:<n>" (a common sign), "sign:own", "sign:remove:<id>".
const (
	signPrefix = "sign:"
	maxSigns   = 6 // each is a question in every daily check-in: keep it short
	maxSignLen = 60
)

// signQuestion is how a sign is asked in a check-in: how much of it today, 1 to 5.
func (b *Bot) signQuestion(s tandem.Sign) content.Question {
	return b.pack.SignQuestion(content.SignQuestionID(s.ID), s.Text)
}

// handleSigns shows a person's signs with buttons to add and remove; for a worker,
// "/signs Sam" shows Sam's and "/signs Sam add <text>" adds one (Sam is told).
func (b *Bot) handleSigns(ctx context.Context, ev *tandem.Event) error {
	return b.act(ctx, ev, "signs", func(tx *store.Tx) error {
		a, err := b.identify(ctx, tx, ev)
		if err != nil {
			return err
		}
		if a.worker != nil {
			return b.workerSigns(ctx, tx, ev, *a.worker)
		}
		if !a.enrolled() {
			return b.notForYou(ctx, tx, ev, a)
		}
		return b.showSigns(ctx, tx, ev, *a.person)
	})
}

func (b *Bot) showSigns(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) error {
	signs, err := tx.Signs(ctx, p.ID)
	if err != nil {
		return err
	}
	var sb strings.Builder
	sb.WriteString(b.text(tx, ctx, actor{person: &p, lang: p.Language}, "signs.title"))
	have := map[string]bool{}
	var rows [][]tandem.Button
	for _, s := range signs {
		have[strings.ToLower(s.Text)] = true
		rows = append(rows, []tandem.Button{{Text: "✕ " + s.Text, Data: signPrefix + "remove:" + strconv.FormatInt(s.ID, 10)}})
	}
	if len(signs) == 0 {
		sb.WriteString("\n\n" + b.pack.Text(p.Language, "signs.none"))
	}
	if len(signs) < maxSigns {
		for i, common := range content.SplitList(b.pack.Text(p.Language, "signs.common")) {
			if !have[strings.ToLower(common)] {
				rows = append(rows, []tandem.Button{{Text: "+ " + common, Data: signPrefix + "add:" + strconv.Itoa(i)}})
			}
		}
		rows = append(rows, []tandem.Button{{Text: b.pack.Text(p.Language, "signs.own"), Data: signPrefix + "own"}})
	}
	return show(tx, ctx, ev, sb.String(), rows...)
}

func (b *Bot) handleSignButton(ctx context.Context, ev *tandem.Event) error {
	return b.asPerson(ctx, ev, "signs", func(tx *store.Tx, a actor, p tandem.Person) error {
		if err := answer(tx, ctx, ev, ""); err != nil {
			return err
		}
		action := strings.TrimPrefix(ev.Data, signPrefix)
		switch {
		case action == "own":
			p.Awaiting = tandem.Await(tandem.AwaitSign, "")
			if err := tx.SetPersonSettings(ctx, p); err != nil {
				return err
			}
			return reply(tx, ctx, ev, b.pack.Text(p.Language, "signs.type"))
		case strings.HasPrefix(action, "add:"):
			i, err := strconv.Atoi(strings.TrimPrefix(action, "add:"))
			common := content.SplitList(b.pack.Text(p.Language, "signs.common"))
			if err != nil || i < 0 || i >= len(common) {
				return nil
			}
			return b.addSign(ctx, tx, ev, p, common[i], "person")
		case strings.HasPrefix(action, "remove:"):
			id, err := strconv.ParseInt(strings.TrimPrefix(action, "remove:"), 10, 64)
			if err != nil {
				return nil
			}
			if err := tx.RemoveSign(ctx, p.ID, id); err != nil {
				return err
			}
			return b.showSigns(ctx, tx, ev, p)
		}
		return nil
	})
}

// addSign adds a sign if there is room, and shows the list again.
func (b *Bot) addSign(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person, text, by string) error {
	signs, err := tx.Signs(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, s := range signs {
		if strings.EqualFold(s.Text, text) {
			// Already there (a button on an old copy of the list): show the list as it is.
			return b.showSigns(ctx, tx, ev, p)
		}
	}
	if len(signs) >= maxSigns {
		return reply(tx, ctx, ev, b.pack.Text(p.Language, "signs.full", "max", maxSigns))
	}
	if err := tx.AddSign(ctx, p.ID, text, by); err != nil {
		return err
	}
	if by == "worker" {
		return nil
	}
	return b.showSigns(ctx, tx, ev, p)
}

// signLine takes a typed message as a sign in the person's own words, when the bot asked for one.
func (b *Bot) signLine(ctx context.Context, tx *store.Tx, ev *tandem.Event, p tandem.Person) (bool, error) {
	text := strings.TrimSpace(ev.Text)
	if p.Awaiting.Kind != tandem.AwaitSign || text == "" {
		return false, nil
	}
	p.Awaiting = tandem.Awaiting{}
	if err := tx.SetPersonSettings(ctx, p); err != nil {
		return true, err
	}
	if len([]rune(text)) > maxSignLen {
		return true, reply(tx, ctx, ev, b.pack.Text(p.Language, "signs.too_long", "max", maxSignLen))
	}
	return true, b.addSign(ctx, tx, ev, p, text, "person")
}

// workerSigns shows or adds to one of the worker's people's signs.
func (b *Bot) workerSigns(ctx context.Context, tx *store.Tx, ev *tandem.Event, w tandem.Worker) error {
	people, err := tx.PeopleOfWorker(ctx, w.ID)
	if err != nil {
		return err
	}
	p, rest, problem := matchPerson(people, ev.Args)
	if problem == "worker.schedule_how" {
		problem = "worker.signs_how"
	}
	if problem != "" {
		return reply(tx, ctx, ev, b.personProblem(b.workerLang(w), problem, "signs", people))
	}
	if err := tx.Audit(ctx, w.ID, p.ID, "signs", rest); err != nil {
		return err
	}
	var text string
	ok := false
	for _, verb := range []string{"add ", "añadir ", "anadir "} { // "/senales Sam añadir dormir menos"
		if text, ok = strings.CutPrefix(rest, verb); ok {
			break
		}
	}
	if ok {
		text = strings.TrimSpace(text)
		if text == "" || len([]rune(text)) > maxSignLen {
			return reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "signs.too_long", "max", maxSignLen))
		}
		if err := b.addSign(ctx, tx, ev, p, text, "worker"); err != nil {
			return err
		}
		if err := b.tellPerson(ctx, tx, p, tandem.PriorityConversation, "signs.added_by_worker", "sign", text); err != nil {
			return err
		}
	}
	signs, err := tx.Signs(ctx, p.ID)
	if err != nil {
		return err
	}
	var list []string
	for _, s := range signs {
		list = append(list, s.Text)
	}
	return reply(tx, ctx, ev, b.pack.Text(b.workerLang(w), "worker.signs", "person", p.Name, "signs", strings.Join(list, "; "), "names", names(people)))
}
