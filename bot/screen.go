package bot

import (
	"context"
	"html"
	"slices"
	"strconv"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/triage"
)

// historyLength is how many earlier check-ins the rules see: enough for a four-week baseline of
// daily check-ins with room for a second set.
const historyLength = 60

// screen reads anything a person writes for words that sound like risk, in English and Spanish
// whatever their language. What it finds decides the reply and the flag, by tier:
//
//   - crisis: the crisis contacts at once, ahead of anything else queued, with the person's own
//     plan, and an urgent flag to their worker;
//   - concern: a calm reply that offers the crisis contacts and their plan, and a flag;
//   - relapse: words that sound like an early warning sign; a gentle reply and a flag that joins
//     the warning signs their worker watches.
//
// A message added while a flag is open still reaches the worker (raiseFlag). The person is told
// their worker knows only because they are then told. A false alarm costs less than a miss.
// It returns the tier, so callers can keep other replies (a lesson, "thanks") from following a
// crisis reply.
func (b *Bot) screen(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor, text string) (triage.Tier, error) {
	return b.screenOn(ctx, tx, ev, a, text, triage.SurfaceMessage)
}

// screenOn is screen for words written on a surface that changes how they are read: an early
// warning sign in the person's own words ("thinking people are following me") describes the
// sign and is not a disclosure, unless it says it is happening now.
func (b *Bot) screenOn(ctx context.Context, tx *store.Tx, ev *tandem.Event, a actor, text string, surface triage.Surface) (triage.Tier, error) {
	if a.worker != nil && a.person == nil {
		return triage.TierNone, nil
	}
	r := b.screener.ScreenAs(text, surface)
	if r.Tier == triage.TierNone {
		return r.Tier, nil
	}
	b.wordsMatched.With().Inc()
	// The reply is in the language the words were written in, when Tandem speaks it: someone
	// who writes in Spanish in a crisis should not have to read English.
	lang := a.lang
	if r.Lang != "" && r.Lang != lang && slices.Contains(b.pack.Languages, r.Lang) && r.Tier != triage.TierRelapse {
		lang = r.Lang
	}
	la := a
	la.lang = lang
	if !a.enrolled() {
		if r.Tier == triage.TierRelapse {
			return triage.TierNone, nil // nobody to tell; the reply they get anyway says how to join
		}
		// Not someone Tandem can flag for: the crisis contacts are still theirs, first.
		return r.Tier, tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: ev.ChatID, Priority: tandem.PriorityUrgent, Text: b.text(tx, ctx, la, "crisis")})
	}
	p := *a.person
	h := b.hours(b.workerOf(ctx, tx, &p))
	later := b.whenKey(h, tx.Now()) == "relay.sent_out_of_hours"
	key := map[triage.Tier]string{triage.TierCrisis: "words", triage.TierConcern: "words.concern", triage.TierRelapse: "words.relapse"}[r.Tier]
	if later {
		key += ".out_of_hours"
	} else {
		key += ".in_hours"
	}
	msg := b.text(tx, ctx, la, key, "next", b.nextHours(lang, h, tx.Now()))
	prio := tandem.PriorityUrgent
	if r.Tier == triage.TierRelapse {
		prio = tandem.PriorityConversation
	} else {
		// Their own plan comes with the crisis contacts: what helps them, and who they can call.
		plan, err := b.planText(ctx, tx, p)
		if err != nil {
			return r.Tier, err
		}
		if plan != "" {
			msg += "\n\n" + plan
		}
	}
	if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: ev.ChatID, Priority: prio, Text: msg}); err != nil {
		return r.Tier, err
	}
	f := b.screener.Flag(r)
	_, _, err := b.raiseFlag(ctx, tx, p, raiseOf(f, true, true))
	return r.Tier, err
}

// awaitedSurface is the surface of the text the bot asked for. An early warning sign in the
// person's own words describes the sign ("thinking people are following me"); goals, steps,
// values and agenda items name what to work on ("ask Ana to come with me", "my new tablets
// make me sleepy") and are read by the lists with their context, not by the screen's model,
// which was taught on messages (triage: modelReads). Anything else is a message.
func awaitedSurface(k tandem.AwaitKind) triage.Surface {
	switch k {
	case tandem.AwaitSign:
		return triage.SurfaceSign
	case tandem.AwaitAgenda:
		return triage.SurfaceAgenda
	case tandem.AwaitGoal, tandem.AwaitStep, tandem.AwaitValue:
		return triage.SurfaceGoal
	}
	return triage.SurfaceMessage
}

// raiseOf is a flag from triage as raiseFlag takes it: tell says whether the person is told,
// words whether it is something they wrote.
func raiseOf(f triage.Flag, tell, words bool) raise {
	return raise{Kind: string(f.Kind), Key: f.Key, Urgent: f.Urgent, Why: wording(f.Why), Facts: wordings(f.Facts),
		Reason: f.Reason, Evidence: f.Evidence, Tell: tell, Words: words}
}

// evaluate applies the flag rules to a check-in as it stands, after each answer, so a worrying
// answer is not held back until the whole check-in is done.
func (b *Bot) evaluate(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error {
	latest, err := b.triageCheckin(ctx, tx, p, c)
	if err != nil {
		return err
	}
	past, err := tx.History(ctx, p.ID, c.SetID, c.ID, historyLength)
	if err != nil {
		return err
	}
	qs, err := b.questionSet(ctx, tx, p, c.SetID)
	if err != nil {
		return err
	}
	history := make([]triage.Checkin, 0, len(past))
	for _, h := range past {
		history = append(history, triageAnswers(qs, h.Checkin, h.Answers))
	}
	told := false
	rules, err := b.personRules(ctx, tx, p)
	if err != nil {
		return err
	}
	// The person's own warning signs are watched against their own usual answers.
	signs, err := tx.Signs(ctx, p.ID)
	if err != nil {
		return err
	}
	// Copies, so this person's signs never reach the shared rules.
	rules.Scales, rules.Signs = slices.Clone(rules.Scales), slices.Clone(rules.Signs)
	for _, s := range signs {
		q := b.signQuestion(s)
		rules.Signs = append(rules.Signs, q.ID)
		rules.Scales = append(rules.Scales, triage.Scale{Question: q.ID, Min: q.Min, Max: q.Max, Concern: q.Concern, Label: s.Text})
	}
	for _, f := range triage.Evaluate(rules, history, latest) {
		_, isNew, err := b.raiseFlag(ctx, tx, p, raiseOf(f, true, false))
		if err != nil {
			return err
		}
		if isNew && !told {
			told = true
			h := b.hours(b.workerOf(ctx, tx, &p))
			key := "checkin.worker_told"
			if b.whenKey(h, tx.Now()) == "relay.sent_out_of_hours" {
				key = "checkin.worker_told_later"
			}
			if err := b.tellPerson(ctx, tx, p, tandem.PriorityUrgent, key, "next", b.nextHours(p.Language, h, tx.Now())); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkSilence flags a run of missed check-ins. The person is not told: silence is for the worker
// to follow up kindly, not for the bot to nag about.
func (b *Bot) checkSilence(ctx context.Context, tx *store.Tx, p tandem.Person) error {
	if p.State != tandem.StateActive {
		return nil // a pause is the person's choice, and an unreachable person is already flagged
	}
	all, err := tx.LatestCheckins(ctx, p.ID, historyLength)
	if err != nil {
		return err
	}
	var recent []triage.Checkin
	for _, c := range all {
		recent = append(recent, triage.Checkin{ID: c.ID, At: c.DueAt, Status: string(c.Status)})
	}
	f := triage.Silence(b.rules, recent)
	if f == nil {
		return nil
	}
	_, _, err = b.raiseFlag(ctx, tx, p, raiseOf(*f, false, false))
	return err
}

// triageCheckin turns a stored check-in and its answers into what the rules read.
func (b *Bot) triageCheckin(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) (triage.Checkin, error) {
	answers, err := tx.Answers(ctx, c.ID)
	if err != nil {
		return triage.Checkin{}, err
	}
	qs, err := b.questionSet(ctx, tx, p, c.SetID)
	if err != nil {
		return triage.Checkin{}, err
	}
	return triageAnswers(qs, c, answers), nil
}

// triageAnswers turns a check-in and its answers to the questions qs into what the rules read.
func triageAnswers(qs *content.QuestionSet, c tandem.Checkin, answers []tandem.Answer) triage.Checkin {
	tc := triage.Checkin{ID: c.ID, At: c.DueAt, Status: string(c.Status), Scale: map[string]int{}, Choice: map[string]string{}}
	for _, a := range answers {
		if a.Skipped || qs == nil {
			continue
		}
		q, ok := qs.Question(a.QuestionID)
		if !ok {
			continue
		}
		switch q.Kind {
		case content.AnswerScale:
			if n, err := strconv.Atoi(a.Value); err == nil {
				tc.Scale[q.ID] = n
			}
		case content.AnswerText:
			tc.Texts = append(tc.Texts, a.Value)
		default:
			tc.Choice[q.ID] = a.Value
		}
	}
	return tc
}

// rulesFromPack builds the flag rules from the content pack, their one source: which end of each
// scale is worrying (checkins.yaml) and the thresholds, runs, baseline, silence and scale names
// (flags.yaml).
func rulesFromPack(pack *content.Pack) triage.Rules {
	var r triage.Rules
	fr := pack.FlagRules()
	for _, qs := range pack.QuestionSets() {
		for _, q := range qs.Questions {
			if q.Kind == content.AnswerScale && q.Concern != "" {
				// The label is the rules' own English name (for tools and logs); readers get
				// the question's name in their language from the pack when the bot words it.
				label := fr.Labels[q.ID]
				if key := "question.name." + q.ID; label == "" && pack.Has(key) {
					label = html.UnescapeString(pack.Text(content.DefaultLanguage, key))
				}
				r.Scales = append(r.Scales, triage.Scale{Question: q.ID, Min: q.Min, Max: q.Max, Concern: q.Concern, Label: label})
			}
		}
	}
	for _, t := range fr.Thresholds {
		r.Thresholds = append(r.Thresholds, triage.Threshold{Question: t.Question, Value: t.Value, Urgent: t.Urgent})
	}
	for _, run := range fr.Runs {
		r.Runs = append(r.Runs, triage.Run{Question: run.Question, Value: run.Value, Count: run.Count})
	}
	r.Baseline = triage.Baseline{MinHistory: fr.Baseline.MinHistory, Window: time.Duration(fr.Baseline.WindowDays) * 24 * time.Hour, Delta: fr.Baseline.Delta}
	r.SilenceAfter = fr.SilenceAfter
	return r
}

// personRules are the pack's rules with the person's own thresholds, as their worker set them.
func (b *Bot) personRules(ctx context.Context, tx *store.Tx, p tandem.Person) (triage.Rules, error) {
	own, err := tx.PersonRules(ctx, p.ID)
	if err != nil || len(own) == 0 {
		return b.rules, err
	}
	r := b.rules
	r.Thresholds = nil
	for _, t := range b.rules.Thresholds {
		if v, ok := own[t.Question]; ok {
			t.Value = v
			delete(own, t.Question)
		}
		r.Thresholds = append(r.Thresholds, t)
	}
	for q, v := range own {
		r.Thresholds = append(r.Thresholds, triage.Threshold{Question: q, Value: v})
	}
	return r, nil
}
