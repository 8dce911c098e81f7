package store

import (
	"testing"
	"time"

	"github.com/tandemcare/tandem"
)

// exportFixture is two people with one worker each, check-ins on three days, flags and goals,
// written at known times so the export's filters can be checked against them.
type exportFixture struct {
	s          *Store
	ana, ben   tandem.Person
	day        [3]time.Time
	goalID     int64
	lateStepID int64
}

func newExportFixture(t *testing.T) exportFixture {
	t.Helper()
	s := open(t)
	f := exportFixture{s: s}
	base := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	for i := range f.day {
		f.day[i] = base.AddDate(0, 0, i)
	}
	at := func(tm time.Time) { s.SetClock(func() time.Time { return tm }) }

	w1, err := s.AddWorker(ctx, 501, "Jordan Reyes")
	if err != nil {
		t.Fatal(err)
	}
	w2, err := s.AddWorker(ctx, 502, "Sam Okafor")
	if err != nil {
		t.Fatal(err)
	}
	at(f.day[0])
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Update(ctx, func(tx *Tx) error {
		for i, p := range []struct {
			tg        int64
			name, pse string
			worker    int64
			out       *tandem.Person
		}{{9001, "Ana", "blue-heron", w1.ID, &f.ana}, {9002, "Ben", "red-fox", w2.ID, &f.ben}} {
			inv, err := tx.CreateInvite(ctx, tandem.Invite{WorkerID: p.worker, ExpiresAt: f.day[2]}, []byte{byte(i)})
			if err != nil {
				return err
			}
			*p.out, err = tx.CreatePerson(ctx, tandem.Person{TelegramID: p.tg, Name: p.name, Pseudonym: p.pse, WorkerID: p.worker, Language: "en"}, inv.ID)
			if err != nil {
				return err
			}
		}
		if err := tx.AddSign(ctx, f.ana.ID, "Sleeping less", "person"); err != nil {
			return err
		}
		return tx.AddGoal(ctx, f.ana.ID, 0, "Walk to the park")
	}))
	must(s.Update(ctx, func(tx *Tx) error {
		gs, err := tx.Goals(ctx, f.ana.ID)
		f.goalID = gs[0].ID
		return err
	}))

	// A daily check-in each day for each person; Ana answers hers, with her sign question.
	for i, d := range f.day {
		at(d.Add(10 * time.Minute))
		must(s.Update(ctx, func(tx *Tx) error {
			for _, p := range []tandem.Person{f.ana, f.ben} {
				status := tandem.CheckinMissed
				if p.ID == f.ana.ID {
					status = tandem.CheckinAnswered
				}
				c, err := tx.CreateCheckin(ctx, tandem.Checkin{PersonID: p.ID, SetID: "daily", DueAt: d, ExpiresAt: d.Add(5 * time.Hour), Status: status})
				if err != nil {
					return err
				}
				if p.ID != f.ana.ID {
					continue
				}
				for _, a := range []tandem.Answer{{QuestionID: "mood", Value: "2"}, {QuestionID: "sign_1", Value: "4"}, {QuestionID: "goal_1", Value: "well"}, {QuestionID: "note", Skipped: true}} {
					a.CheckinID = c.ID
					if _, err := tx.SaveAnswer(ctx, a); err != nil {
						return err
					}
				}
			}
			if i == 1 {
				fl, err := tx.CreateFlag(ctx, tandem.Flag{PersonID: f.ana.ID, WorkerID: w1.ID, Kind: "threshold", Key: "mood", Reason: "Low mood"}, "system", "mood 2", nil)
				if err != nil {
					return err
				}
				return tx.FlagEvent(ctx, fl.ID, "worker:1", "acknowledged", "")
			}
			return nil
		}))
	}

	// A value and a step added later than the range the tests ask for: the value is left out,
	// the step comes with its goal.
	at(f.day[2].Add(time.Hour))
	must(s.Update(ctx, func(tx *Tx) error {
		if err := tx.AddValue(ctx, f.ana.ID, "Being a good friend"); err != nil {
			return err
		}
		if err := tx.AddGoal(ctx, f.ana.ID, f.goalID, "Put shoes by the door"); err != nil {
			return err
		}
		gs, err := tx.Goals(ctx, f.ana.ID)
		f.lateStepID = gs[len(gs)-1].ID
		return err
	}))
	return f
}

func TestExportCheckinsFilters(t *testing.T) {
	f := newExportFixture(t)
	cases := []struct {
		name   string
		filter ExportFilter
		want   int // check-ins
		people []int64
	}{
		{"everything", ExportFilter{}, 6, []int64{f.ana.ID, f.ben.ID}},
		{"one person", ExportFilter{PersonID: f.ben.ID}, 3, []int64{f.ben.ID}},
		{"from is inclusive", ExportFilter{From: f.day[1]}, 4, []int64{f.ana.ID, f.ben.ID}},
		{"to is exclusive", ExportFilter{To: f.day[1]}, 2, []int64{f.ana.ID, f.ben.ID}},
		{"one day, one person", ExportFilter{PersonID: f.ana.ID, From: f.day[1], To: f.day[2]}, 1, []int64{f.ana.ID}},
		{"nothing in range", ExportFilter{From: f.day[2].AddDate(1, 0, 0)}, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := f.s.ExportCheckins(ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != tc.want {
				t.Fatalf("got %d check-ins, want %d", len(cs), tc.want)
			}
			seen := map[int64]bool{}
			for i, c := range cs {
				seen[c.PersonID] = true
				if i > 0 && (c.PersonID < cs[i-1].PersonID || c.PersonID == cs[i-1].PersonID && c.DueAt.Before(cs[i-1].DueAt)) {
					t.Errorf("check-ins out of order at %d", i)
				}
			}
			for _, id := range tc.people {
				if !seen[id] {
					t.Errorf("person %d missing", id)
				}
			}
		})
	}
}

func TestExportCheckinsCarryPeopleAndAnswers(t *testing.T) {
	f := newExportFixture(t)
	cs, err := f.s.ExportCheckins(ctx, ExportFilter{PersonID: f.ana.ID, To: f.day[1]})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 {
		t.Fatalf("got %d check-ins, want 1", len(cs))
	}
	c := cs[0]
	if c.Person != (ExportPerson{ID: f.ana.ID, Pseudonym: "blue-heron", Name: "Ana", Worker: "Jordan Reyes"}) {
		t.Errorf("person = %+v", c.Person)
	}
	if !c.DueAt.Equal(f.day[0]) || c.Status != tandem.CheckinAnswered || c.SetID != "daily" {
		t.Errorf("check-in = %+v", c.Checkin)
	}
	want := []struct{ id, value, subject string }{{"mood", "2", ""}, {"sign_1", "4", "Sleeping less"}, {"goal_1", "well", "Walk to the park"}, {"note", "", ""}}
	if len(c.Answers) != len(want) {
		t.Fatalf("got %d answers, want %d", len(c.Answers), len(want))
	}
	for i, w := range want {
		a := c.Answers[i]
		if a.QuestionID != w.id || a.Value != w.value || a.Subject != w.subject {
			t.Errorf("answer %d = %+v, want %+v", i, a, w)
		}
		if !a.At.Equal(f.day[0].Add(10 * time.Minute)) {
			t.Errorf("answer %d at %v", i, a.At)
		}
	}
	if !c.Answers[3].Skipped {
		t.Error("skipped answer not marked skipped")
	}
}

func TestExportFlagsWithEvents(t *testing.T) {
	f := newExportFixture(t)
	cases := []struct {
		name   string
		filter ExportFilter
		want   int
	}{
		{"everything", ExportFilter{}, 1},
		{"raised in range", ExportFilter{From: f.day[1], To: f.day[2]}, 1},
		{"raised before range", ExportFilter{From: f.day[2]}, 0},
		{"another person", ExportFilter{PersonID: f.ben.ID}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := f.s.ExportFlags(ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != tc.want {
				t.Fatalf("got %d flags, want %d", len(fs), tc.want)
			}
			if tc.want == 0 {
				return
			}
			fl := fs[0]
			if fl.Person.Pseudonym != "blue-heron" || fl.Worker != "Jordan Reyes" || fl.Reason != "Low mood" || fl.Status != tandem.FlagOpen {
				t.Errorf("flag = %+v", fl)
			}
			if len(fl.Events) != 2 || fl.Events[0].Event != "raised" || fl.Events[0].Detail != "mood 2" || fl.Events[1].Event != "acknowledged" {
				t.Errorf("events = %+v", fl.Events)
			}
		})
	}
}

func TestExportGoalsKeepStepsWithTheirGoal(t *testing.T) {
	f := newExportFixture(t)
	cases := []struct {
		name    string
		filter  ExportFilter
		people  int
		values  int
		goalIDs []int64
	}{
		{"everything", ExportFilter{}, 1, 1, []int64{f.goalID, f.lateStepID}},
		{"goal in range, step after it", ExportFilter{To: f.day[1]}, 1, 0, []int64{f.goalID, f.lateStepID}},
		{"only the later value", ExportFilter{From: f.day[2]}, 1, 1, nil},
		{"someone without goals", ExportFilter{PersonID: f.ben.ID}, 0, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs, err := f.s.ExportGoals(ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(gs) != tc.people {
				t.Fatalf("got %d people, want %d", len(gs), tc.people)
			}
			if tc.people == 0 {
				return
			}
			g := gs[0]
			if g.Person.Name != "Ana" || len(g.Values) != tc.values {
				t.Errorf("person %+v with %d values, want %d", g.Person, len(g.Values), tc.values)
			}
			var ids []int64
			for _, goal := range g.Goals {
				ids = append(ids, goal.ID)
			}
			if len(ids) != len(tc.goalIDs) {
				t.Fatalf("goals %v, want %v", ids, tc.goalIDs)
			}
			for i := range ids {
				if ids[i] != tc.goalIDs[i] {
					t.Errorf("goals %v, want %v", ids, tc.goalIDs)
				}
			}
			if len(g.Goals) == 2 && g.Goals[1].ParentID != f.goalID {
				t.Errorf("step's parent = %d, want %d", g.Goals[1].ParentID, f.goalID)
			}
		})
	}
}
