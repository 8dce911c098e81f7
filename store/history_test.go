package store

import (
	"reflect"
	"testing"

	"github.com/tandemcare/tandem"
)

// History must give what reading every check-in and then each one's answers gave, one query
// instead of one per check-in: the same check-ins, oldest first, with the same answers.
func TestHistoryIsEveryCheckinWithItsAnswers(t *testing.T) {
	f := newExportFixture(t)
	// The old way: all of a person's check-ins, then each one's answers.
	want := func(tx *Tx, p tandem.Person, setID string, except int64, n int) []tandem.AnsweredCheckin {
		all, err := tx.AllCheckins(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []tandem.AnsweredCheckin
		for _, c := range all {
			if c.ID == except || c.SetID != setID {
				continue
			}
			answers, err := tx.Answers(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, tandem.AnsweredCheckin{Checkin: c, Answers: answers})
		}
		if len(out) > n {
			out = out[len(out)-n:]
		}
		return out
	}
	err := f.s.Update(ctx, func(tx *Tx) error {
		anaAll, err := tx.AllCheckins(ctx, f.ana.ID)
		if err != nil || len(anaAll) != 3 {
			t.Fatalf("fixture: Ana has %d check-ins (%v), want 3", len(anaAll), err)
		}
		tests := []struct {
			name   string
			p      tandem.Person
			setID  string
			except int64
			n      int
		}{
			{"answered, all", f.ana, "daily", 0, 60},
			{"answered, the latest left out", f.ana, "daily", anaAll[2].ID, 60},
			{"answered, the middle left out", f.ana, "daily", anaAll[1].ID, 60},
			{"answered, last two", f.ana, "daily", 0, 2},
			{"missed, no answers", f.ben, "daily", 0, 60},
			{"another set", f.ana, "weekly", 0, 60},
		}
		for _, tt := range tests {
			got, err := tx.History(ctx, tt.p.ID, tt.setID, tt.except, tt.n)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if w := want(tx, tt.p, tt.setID, tt.except, tt.n); !reflect.DeepEqual(got, w) {
				t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, w)
			}
		}
		latest, err := tx.LatestCheckins(ctx, f.ana.ID, 2)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(latest, anaAll[1:]) {
			t.Errorf("LatestCheckins(2) = %+v, want the last two oldest first: %+v", latest, anaAll[1:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
