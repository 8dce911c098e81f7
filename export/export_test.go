package export

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/content"
	"github.com/tandemcare/tandem/store"
)

var ctx = context.Background()

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// scenario is what a service would export after a few days: Ana answered her daily check-in
// (with her own sign), skipped the note, wrote one worrying-looking formula as a goal, missed
// a check-in, answered a weekly one about her goal; Ben said "not now". One flag was raised and
// acknowledged.
type scenario struct {
	checkins []store.ExportCheckin
	flags    []store.ExportFlag
	goals    []store.ExportGoals
}

// newScenario writes the scenario through the store and reads it back with the export queries,
// so the tests check what `tandem export` would really write.
func newScenario(t *testing.T) scenario {
	t.Helper()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	now := t0
	s.SetClock(func() time.Time { return now })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	w, err := s.AddWorker(ctx, 501, "Jordan Reyes")
	must(err)

	var ana, ben tandem.Person
	must(s.Update(ctx, func(tx *store.Tx) error {
		for i, p := range []struct {
			tg        int64
			name, pse string
			out       *tandem.Person
		}{{9001, "Ana Lima", "blue-heron", &ana}, {9002, "Ben, \"Benny\" Cole", "red-fox", &ben}} {
			inv, err := tx.CreateInvite(ctx, tandem.Invite{WorkerID: w.ID, ExpiresAt: t0.Add(time.Hour)}, []byte{byte(i)})
			if err != nil {
				return err
			}
			if *p.out, err = tx.CreatePerson(ctx, tandem.Person{TelegramID: p.tg, Name: p.name, Pseudonym: p.pse, WorkerID: w.ID, Language: "en"}, inv.ID); err != nil {
				return err
			}
		}
		if err := tx.AddSign(ctx, ana.ID, "Sleeping less", "person"); err != nil {
			return err
		}
		if err := tx.AddValue(ctx, ana.ID, "Family"); err != nil {
			return err
		}
		if err := tx.AddGoal(ctx, ana.ID, 0, "=HYPERLINK(\"http://evil\")"); err != nil {
			return err
		}
		return tx.AddGoal(ctx, ana.ID, 1, "Walk, then rest")
	}))
	must(s.Update(ctx, func(tx *store.Tx) error { return tx.MarkGoalDone(ctx, ana.ID, 2) }))

	checkin := func(p tandem.Person, set string, due time.Time, status tandem.CheckinStatus, answers ...tandem.Answer) {
		t.Helper()
		now = due.Add(5 * time.Minute)
		must(s.Update(ctx, func(tx *store.Tx) error {
			c, err := tx.CreateCheckin(ctx, tandem.Checkin{PersonID: p.ID, SetID: set, DueAt: due, ExpiresAt: due.Add(5 * time.Hour), Status: status})
			if err != nil {
				return err
			}
			for _, a := range answers {
				a.CheckinID = c.ID
				if _, err := tx.SaveAnswer(ctx, a); err != nil {
					return err
				}
			}
			return nil
		}))
	}
	checkin(ana, "daily", t0, tandem.CheckinAnswered,
		tandem.Answer{QuestionID: "mood", Value: "2"},
		tandem.Answer{QuestionID: "sleep", Value: "4"},
		tandem.Answer{QuestionID: "stress", Skipped: true},
		tandem.Answer{QuestionID: "voices", Value: "little"},
		tandem.Answer{QuestionID: "voices_upset", Value: "3"},
		tandem.Answer{QuestionID: "sign_1", Value: "5"},
		tandem.Answer{QuestionID: "note", Value: "-1 day, \"rough\"\nbut ok"})
	checkin(ana, "daily", t0.AddDate(0, 0, 1), tandem.CheckinMissed)
	checkin(ana, "weekly", t0.AddDate(0, 0, 2), tandem.CheckinPartial,
		tandem.Answer{QuestionID: "mattered", Value: "people"},
		tandem.Answer{QuestionID: "goal_1", Value: "some"})
	checkin(ben, "daily", t0.AddDate(0, 0, 1), tandem.CheckinNotNow)

	now = t0.Add(30 * time.Minute)
	must(s.Update(ctx, func(tx *store.Tx) error {
		f, err := tx.CreateFlag(ctx, tandem.Flag{PersonID: ana.ID, WorkerID: w.ID, Kind: "threshold", Key: "mood", Reason: "Mood 2 of 5"}, "system", "@mood low", nil)
		if err != nil {
			return err
		}
		return tx.FlagEvent(ctx, f.ID, "worker:1", "acknowledged", "")
	}))

	var sc scenario
	if sc.checkins, err = s.ExportCheckins(ctx, store.ExportFilter{}); err != nil {
		t.Fatal(err)
	}
	if sc.flags, err = s.ExportFlags(ctx, store.ExportFilter{}); err != nil {
		t.Fatal(err)
	}
	if sc.goals, err = s.ExportGoals(ctx, store.ExportFilter{}); err != nil {
		t.Fatal(err)
	}
	return sc
}

// defaultPack is the embedded content pack, whose daily and weekly sets the scenario answers.
var defaultPack = content.Default()
