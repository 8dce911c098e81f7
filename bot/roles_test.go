package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// Every command and every kind of button, tried by each role: Sam (the person), Jordan (Sam's
// worker), Priya (another worker) and Kim (a stranger). Nobody ever gets an apology for a crash,
// and Sam's private things reach only Sam, and Jordan where Sam agreed.
func TestEveryCommandAndButtonAsEveryRole(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.enrolWithTimes(sam, "Sam 9am")
	h.openWorkerChat(otherWorkr)
	// Sam's private things: a plan line (private), an agenda item (for Jordan, before the
	// appointment), a check-in note (for Jordan).
	plan := h.sendAndWait(sam, "/plan")
	h.pressAndNext(sam, plan, "+ Something that helps")
	h.sendAndWait(sam, "PRIVATE-PLAN-LINE")
	h.sendAndWait(sam, "/agenda AGENDA-ITEM-FOR-JORDAN")
	h.tick(time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC))
	q := h.last(sam)
	for q.Text != "" && !strings.Contains(q.Text, "anything you'd like your worker to know") {
		q = h.pressAndNextQuestion(sam, q, "Skip")
	}
	h.sendAndWait(sam, "NOTE-FOR-JORDAN")
	h.settle()

	commands := []string{
		"/start", "/help", "/crisis", "/privacy", "/checkin", "/contact", "/schedule", "/quiet", "/timezone",
		"/pause", "/resume", "/learn", "/plan", "/signs", "/goals", "/agenda", "/appointment", "/language",
		"/mydata", "/invite", "/caseload", "/summary Sam", "/checkins Sam", "/rules Sam", "/schedule Sam",
		"/signs Sam", "/goals Sam", "/lesson Sam sleep", "/appointment Sam 2027-01-05", "/unknown", "hello",
	}
	roles := []telegramtest.User{sam, workerUser, otherWorkr, stranger}
	private := map[string][]telegramtest.User{ // who may ever see each private string
		"PRIVATE-PLAN-LINE":      {sam},
		"AGENDA-ITEM-FOR-JORDAN": {sam, workerUser},
		"NOTE-FOR-JORDAN":        {sam, workerUser},
	}
	for _, cmd := range commands {
		for _, u := range roles {
			before := len(h.emu.BotMessages(u.ID))
			h.send(u, cmd)
			h.settle()
			for _, m := range h.emu.BotMessages(u.ID)[before:] {
				if strings.Contains(m.Text, "something went wrong") {
					t.Errorf("%s as %s: an apology for a failure", cmd, u.FirstName)
				}
				for secret, allowed := range private {
					if strings.Contains(m.Text+string(m.Document), secret) && !bot.Contains(names4(allowed), u.FirstName) {
						t.Errorf("%s as %s: got %s", cmd, u.FirstName, secret)
					}
				}
			}
		}
	}
	// The /stop, /delete questions are asked but not answered: Sam is still with Jordan.
	if p := h.person(sam); p.WorkerID == 0 || p.State == "stopped" {
		t.Fatalf("the walk changed Sam's standing: %+v", p)
	}

	// Forged presses of every button kind, by everyone but the one it belongs to.
	flags, _ := h.flagIDs(sam)
	data := []string{"consent:agree", "stop:yes", "ci:1:0:5", "sch:d:0900", "pause:3", "lang:es", "ls:open:sleep",
		"plan:clear", "agenda:clear", "sign:add:0", "goal:new", "cl:1", "del:yes", "contact"}
	for _, id := range flags {
		data = append(data, fmt.Sprintf("fl:%d:resolve", id), fmt.Sprintf("fl:%d:ack", id))
	}
	for _, u := range []telegramtest.User{otherWorkr, stranger} {
		for _, d := range data {
			h.emu.PressForged(u, u.ID, 1, d)
		}
	}
	h.settle()
	if p := h.person(sam); p.State != "active" || p.Language != "en" {
		t.Errorf("forged presses changed Sam: %+v", p)
	}
	var plans int
	h.st.Update(context.Background(), func(tx *store.Tx) error {
		items, err := tx.Plan(context.Background(), h.person(sam).ID)
		plans = len(items)
		return err
	})
	if plans != 1 {
		t.Errorf("forged presses changed Sam's plan: %d lines", plans)
	}
	// The staff channel only ever gets counts and pseudonyms.
	for _, m := range h.emu.BotMessages(staffChannel) {
		for secret := range private {
			if strings.Contains(m.Text, secret) || strings.Contains(m.Text, "Sam") {
				t.Errorf("the staff channel got %q", m.Text)
			}
		}
	}
}

func names4(us []telegramtest.User) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.FirstName)
	}
	return out
}

func (h *harness) flagIDs(u telegramtest.User) ([]int64, error) {
	var ids []int64
	err := h.st.Update(context.Background(), func(tx *store.Tx) error {
		fs, err := tx.PersonFlags(context.Background(), h.person(u).ID)
		for _, f := range fs {
			ids = append(ids, f.ID)
		}
		return err
	})
	return ids, err
}
