package store

import (
	"context"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
)

func TestMessagesFollowTheirOutboxRows(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	w, err := s.AddWorker(ctx, 1001, "Robin Taylor")
	if err != nil {
		t.Fatal(err)
	}
	var p tandem.Person
	var offered, sent int64
	var part int64
	err = s.Update(ctx, func(tx *Tx) error {
		inv, err := tx.CreateInvite(ctx, tandem.Invite{WorkerID: w.ID, ExpiresAt: tx.Now().Add(time.Hour)}, []byte("hash"))
		if err != nil {
			return err
		}
		if p, err = tx.CreatePerson(ctx, tandem.Person{TelegramID: 2001, Name: "Sam", Pseudonym: "P-AAAAA", WorkerID: w.ID, Language: "en"}, inv.ID); err != nil {
			return err
		}
		if offered, err = tx.AddMessage(ctx, StoredMessage{Message: tandem.Message{PersonID: p.ID, WorkerID: w.ID, Direction: tandem.FromPerson, Text: "not sure yet", State: MessageOffered}}); err != nil {
			return err
		}
		m := StoredMessage{Message: tandem.Message{PersonID: p.ID, WorkerID: w.ID, Direction: tandem.FromWorker, Text: "see you at 2", State: tandem.MessageQueued}}
		if m.ID, err = tx.AddMessage(ctx, m); err != nil {
			return err
		}
		sent = m.ID
		if part, err = tx.EnqueueID(ctx, tandem.Outgoing{Kind: tandem.KindText, ChatID: 2001, Text: "see you at 2", Thread: m.ID}); err != nil {
			return err
		}
		m.Parts = []int64{part}
		return tx.UpdateMessage(ctx, m)
	})
	if err != nil {
		t.Fatal(err)
	}
	open, err := s.OpenMessages(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].ID != sent || len(open[0].Parts) != 1 || open[0].Parts[0] != part {
		t.Fatalf("open messages %+v, want only the queued one with its part", open)
	}
	if err := s.MarkSent(ctx, part, 77); err != nil {
		t.Fatal(err)
	}
	err = s.Update(ctx, func(tx *Tx) error {
		st, err := tx.OutboxState(ctx, part)
		if err != nil {
			return err
		}
		if st.Status != OutboxSent || st.MessageID != 77 {
			t.Errorf("part state %+v", st)
		}
		thread, err := tx.Thread(ctx, p.ID, 10)
		if err != nil {
			return err
		}
		if len(thread) != 1 || thread[0].ID != sent {
			t.Errorf("the thread shows %+v; an unsent offer is the person's alone", thread)
		}
		_, err = tx.Message(ctx, offered)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// An offer nobody answered goes after a while; what was sent stays.
	if n, err := s.ForgetOffers(ctx, s.Now().Add(time.Minute)); err != nil || n != 1 {
		t.Fatalf("forgot %d offers (%v), want 1", n, err)
	}
	err = s.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Message(ctx, offered); err == nil {
			t.Error("an unanswered offer is still kept")
		}
		if _, err := tx.Message(ctx, sent); err != nil {
			return err
		}
		return tx.DeletePerson(ctx, p.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Update(ctx, func(tx *Tx) error {
		_, err := tx.Message(ctx, sent)
		if err == nil {
			t.Error("a deleted person's messages are still there")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
