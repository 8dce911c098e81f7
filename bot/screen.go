package bot

import (
	"context"
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

// screen looks for worrying words in anything a person writes. On a match the person gets the
// crisis contacts at once, ahead of anything else queued, and is told their worker will be told
// and when they are working; their worker gets an urgent flag. A false alarm costs less than a miss.
// It reports whether it answered, so generic replies ("your worker won't see this") stay silent.
func (b *Bot) screen(ctx context.Context, tx *store.Tx, ev *Event, a actor, text string) (bool, error) {
	res := b.screener.Screen(text)
	if res.Tier == triage.TierNone || a.worker != nil {
		return false, nil
	}
	b.wordsMatched.With().Inc()
	if !a.enrolled() {
		// Not someone Tandem can flag for: the crisis contacts are still theirs, first.
		return true, tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: ev.ChatID, Priority: tandem.PriorityUrgent, Text: b.text(tx, ctx, a, "crisis")})
	}
	p := *a.person
	h := b.hours(b.workerOf(ctx, tx, &p))
	key := "words.in_hours"
	if b.whenKey(h, tx.Now()) == "relay.sent_out_of_hours" {
		key = "words.out_of_hours"
	}
	msg := b.text(tx, ctx, a, key, "next", b.nextHours(a.lang, h, tx.Now()))
	// Their own plan comes with the crisis contacts: what helps them, and who they can call.
	plan, err := b.planText(ctx, tx, p)
	if err != nil {
		return true, err
	}
	if plan != "" {
		msg += "\n\n" + plan
	}
	if err := tx.Enqueue(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: ev.ChatID, Priority: tandem.PriorityUrgent, Text: msg}); err != nil {
		return true, err
	}
	// Until the reply is shaped by tier, every tier gets the crisis contacts: safety first.
	f := b.screener.ScreenFlag(res)
	_, _, err = b.raiseFlag(ctx, tx, p, raise{Kind: string(f.Kind), Key: f.Key, Urgent: f.Urgent, Reason: f.Reason, Evidence: f.Evidence, Tell: true})
	return true, err
}

// evaluate applies the flag rules to a check-in as it stands, after each answer, so a worrying
// answer is not held back until the whole check-in is done.
func (b *Bot) evaluate(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) error {
	latest, err := b.triageCheckin(ctx, tx, p, c)
	if err != nil {
		return err
	}
	all, err := tx.AllCheckins(ctx, p.ID)
	if err != nil {
		return err
	}
	var history []triage.Checkin
	for _, h := range all {
		if h.ID == c.ID || h.SetID != c.SetID {
			continue
		}
		tc, err := b.triageCheckin(ctx, tx, p, h)
		if err != nil {
			return err
		}
		history = append(history, tc)
	}
	if len(history) > historyLength {
		history = history[len(history)-historyLength:]
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
		_, isNew, err := b.raiseFlag(ctx, tx, p, raise{Kind: string(f.Kind), Key: f.Key, Urgent: f.Urgent, Reason: f.Reason, Evidence: f.Evidence, Tell: true})
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
	all, err := tx.AllCheckins(ctx, p.ID)
	if err != nil {
		return err
	}
	if len(all) > historyLength {
		all = all[len(all)-historyLength:]
	}
	var recent []triage.Checkin
	for _, c := range all {
		recent = append(recent, triage.Checkin{ID: c.ID, At: c.DueAt, Status: string(c.Status)})
	}
	f := triage.Silence(b.rules, recent)
	if f == nil {
		return nil
	}
	_, _, err = b.raiseFlag(ctx, tx, p, raise{Kind: string(f.Kind), Key: f.Key, Urgent: f.Urgent, Reason: f.Reason, Evidence: f.Evidence})
	return err
}

// triageCheckin turns a stored check-in and its answers into what the rules read.
func (b *Bot) triageCheckin(ctx context.Context, tx *store.Tx, p tandem.Person, c tandem.Checkin) (triage.Checkin, error) {
	tc := triage.Checkin{ID: c.ID, At: c.DueAt, Status: string(c.Status), Scale: map[string]int{}, Choice: map[string]string{}}
	answers, err := tx.Answers(ctx, c.ID)
	if err != nil {
		return tc, err
	}
	qs, err := b.questionSet(ctx, tx, p, c.SetID)
	if err != nil {
		return tc, err
	}
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
	return tc, nil
}

// rulesFromPack builds the flag rules from the content pack: which end of each scale is
// worrying (checkins.yaml) and the thresholds, runs, baseline and silence (flags.yaml).
func rulesFromPack(pack *content.Pack) triage.Rules {
	r := triage.DefaultRules()
	labels := map[string]string{}
	for _, s := range r.Scales {
		labels[s.Question] = s.Label
	}
	r.Scales = nil
	for _, qs := range pack.QuestionSets() {
		for _, q := range qs.Questions {
			if q.Kind == content.AnswerScale && q.Concern != "" {
				r.Scales = append(r.Scales, triage.Scale{Question: q.ID, Min: q.Min, Max: q.Max, Concern: q.Concern, Label: labels[q.ID]})
			}
		}
	}
	fr := pack.FlagRules()
	r.Thresholds, r.Runs = nil, nil
	for _, t := range fr.Thresholds {
		r.Thresholds = append(r.Thresholds, triage.Threshold{Question: t.Question, Value: t.Value, Urgent: t.Urgent})
	}
	for _, run := range fr.Runs {
		r.Runs = append(r.Runs, triage.Run{Question: run.Question, Value: run.Value, Count: run.Count})
	}
	r.Baseline = triage.Baseline{MinHistory: fr.Baseline.MinHistory, Window: time.Duration(fr.Baseline.WindowDays) * 24 * time.Hour, Delta: fr.Baseline.Delta}
	r.SilenceAfter = fr.SilenceAfter
	r.Words = pack.Screener()
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
