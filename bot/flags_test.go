package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// mondayTen is inside the harness's working hours (Mon-Fri 09:00-17:00 UTC).
var mondayTen = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func (h *harness) flagEvents(personID int64) []string {
	h.t.Helper()
	var out []string
	err := h.st.Update(context.Background(), func(tx *store.Tx) error {
		flags, err := tx.PersonFlags(context.Background(), personID)
		if err != nil {
			return err
		}
		for _, f := range flags {
			evs, err := tx.FlagEvents(context.Background(), f.ID)
			if err != nil {
				return err
			}
			for _, e := range evs {
				out = append(out, f.Kind+":"+e.Event+":"+e.Actor+":"+e.Detail)
			}
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func TestContactFlagAcknowledgeReplyResolve(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.join(alex, workerUser, "Alex")
	h.openWorkerChat(otherWorkr)
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))

	mustContain(t, "asked", h.sendAndWait(sam, "/contact please ring me").Text, "I've asked Jordan to get in touch", "tell you when")
	flagMsg := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "flag for the worker", flagMsg.Text, "Sam", "Asked for you to get in touch", "“please ring me”")
	mustContain(t, "asked again", h.sendAndWait(sam, "/contact").Text, "haven't seen it yet")

	// Only Jordan can act on it.
	ack := flagMsg.Buttons[0][0].CallbackData
	q1 := h.emu.PressForged(alex, alex.ID, flagMsg.ID, ack)
	q2 := h.emu.PressForged(otherWorkr, otherWorkr.ID, flagMsg.ID, ack)
	h.settle()
	if text, _ := h.emu.CallbackAnswer(q2); !strings.Contains(text, "another worker") {
		t.Errorf("another worker's press answered %q", text)
	}
	if text, _ := h.emu.CallbackAnswer(q1); !strings.Contains(text, "no longer does anything") {
		t.Errorf("a person's forged press answered %q", text)
	}
	p := h.person(sam)
	if ev := h.flagEvents(p.ID); len(ev) != 2 {
		t.Fatalf("forged presses changed the flag: %v", ev)
	}

	s0 := len(h.emu.BotMessages(sam.ID))
	h.press(workerUser, flagMsg, "✓ Acknowledge")
	mustContain(t, "person sees it was seen", h.waitFor(sam.ID, s0+1)[s0].Text, "Jordan has seen this")
	// The flag message itself now says so, and offers only what still applies.
	h.settle()
	edited := h.message(workerUser.ID, flagMsg.ID)
	mustContain(t, "flag edited in place", edited.Text, "please ring me", "Acknowledged by Jordan")
	if labels := buttonLabels(edited); strings.Contains(labels, "Acknowledge") || strings.Contains(labels, "Snooze") || !strings.Contains(labels, "Resolve") {
		t.Errorf("buttons after acknowledging: %s", labels)
	}
	mustContain(t, "status", h.sendAndWait(sam, "/contact").Text, "Jordan has seen your request")

	// Reply through Tandem, both ways.
	n := len(h.emu.BotMessages(workerUser.ID)) // counted first: the answer can come before press returns
	h.press(workerUser, flagMsg, "Reply through Tandem")
	mustContain(t, "type reply", h.waitFor(workerUser.ID, n+1)[n].Text, "Type your message to Sam")
	s0 = len(h.emu.BotMessages(sam.ID))
	if conf := h.sendAndWait(workerUser, "Hi Sam, I'll ring you at 3 <ok?>").Text; !strings.Contains(conf, "Queued for Sam") && !strings.Contains(conf, "Delivered to Sam ✓") {
		t.Errorf("the worker's confirmation says %q", conf)
	}
	relayed := h.waitFor(sam.ID, s0+1)[s0]
	mustContain(t, "relayed", relayed.Text, "Message from Jordan, your worker", "I'll ring you at 3 <ok?>")
	w1 := len(h.emu.BotMessages(workerUser.ID))
	mustContain(t, "passed on", h.sendAndWait(sam, "thank you, 3 is fine").Text, "passed that on to Jordan")
	back := h.waitFor(workerUser.ID, w1+1)[w1]
	mustContain(t, "reply to worker", back.Text, "Sam replied", "thank you, 3 is fine")

	// Resolve, with a note.
	h.press(workerUser, flagMsg, "Resolve")
	n = len(h.emu.BotMessages(workerUser.ID))
	mustContain(t, "note?", h.waitFor(workerUser.ID, n+1)[n].Text, "short note")
	mustContain(t, "resolved", h.sendAndWait(workerUser, "Rang Sam, all fine").Text, "Resolved")
	h.settle()
	done := h.message(workerUser.ID, flagMsg.ID)
	mustContain(t, "flag says resolved", done.Text, "Resolved by Jordan", "Rang Sam, all fine")
	if len(done.Buttons) != 0 {
		t.Errorf("a resolved flag keeps buttons: %s", buttonLabels(done))
	}
	want := []string{`asked:raised:person:"please ring me"`, "asked:delivered:system:chat 1001", "asked:acknowledged:worker:1:", "asked:reply:worker:1:", "asked:reply:person:", "asked:resolved:worker:1:Rang Sam, all fine"}
	if got := h.flagEvents(p.ID); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("flag history:\n got %v\nwant %v", got, want)
	}
	// After resolving, Sam's messages are no longer relayed as replies to the flag: they are
	// offered to Jordan like any message, and a new /contact raises a new flag.
	mustContain(t, "after resolve", h.sendAndWait(sam, "ok bye").Text, "send this to Jordan?")
	_, data := h.myData(sam)
	mustContain(t, "in /mydata", string(data.Document), `"why": "Asked for you to get in touch"`, `"status": "resolved"`)
	h.sendAndWait(sam, "/contact")
	h.waitFor(workerUser.ID, len(h.emu.BotMessages(workerUser.ID)))
}

func TestOutOfHoursRepliesSayWhenTheWorkerIsBack(t *testing.T) {
	saturday := time.Date(2026, 12, 12, 11, 0, 0, 0, time.UTC)
	h := newCheckinHarness(t, saturday)
	h.join(sam, workerUser, "Sam")
	msg := h.sendAndWait(sam, "/contact")
	mustContain(t, "out of hours", msg.Text, "may not see it until Monday at 9:00am", "Crisis team", "Samaritans")
}

// A part-time worker's people are told that worker's hours, not the service's.
func TestWorkersOwnHoursAreWhatPeopleAreTold(t *testing.T) {
	wednesday := time.Date(2026, 12, 9, 11, 0, 0, 0, time.UTC) // inside the service's hours
	h := newCheckinHarness(t, wednesday)
	if err := h.st.SetWorkerHours(context.Background(), workerUser.ID, "Mon-Tue 09:00-17:00"); err != nil {
		t.Fatal(err)
	}
	h.openWorkerChat(workerUser)
	code, _ := h.invite(workerUser, "Sam")
	h.send(sam, "/start "+code)
	summary := h.waitFor(sam.ID, 2)[1]
	mustContain(t, "consent", summary.Text, "Jordan usually reads them Monday and Tuesday")
	h.press(sam, summary, "I agree")
	h.waitFor(sam.ID, 4)
	mustContain(t, "contact out of Jordan's hours", h.sendAndWait(sam, "/contact").Text, "may not see it until Monday at 9:00am", "Crisis team")
}

// message is the bot's message id in chat as it stands now, after any edits.
func (h *harness) message(chatID int64, id int) telegramtest.Message {
	h.t.Helper()
	for _, m := range h.emu.BotMessages(chatID) {
		if m.ID == id {
			return m
		}
	}
	h.t.Fatalf("no message %d in chat %d", id, chatID)
	return telegramtest.Message{}
}

func buttonLabels(m telegramtest.Message) string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return strings.Join(out, ", ")
}

// Snoozing a flag edits it to say until when, and the person is not told it is unseen: the
// worker saw it and chose to come back to it.
func TestSnoozedFlagSaysSoAndCountsAsSeen(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.sendAndWait(sam, "/contact please ring me")
	flagMsg := h.waitFor(workerUser.ID, w0+1)[w0]
	h.press(workerUser, flagMsg, "Snooze 2h")
	h.settle()
	snoozed := h.message(workerUser.ID, flagMsg.ID)
	mustContain(t, "flag says snoozed", snoozed.Text, "Snoozed by Jordan until Mon 12:00")
	if labels := buttonLabels(snoozed); strings.Contains(labels, "Snooze") || !strings.Contains(labels, "Acknowledge") {
		t.Errorf("buttons after snoozing: %s", labels)
	}
	if got := h.sendAndWait(sam, "/contact").Text; strings.Contains(got, "haven't seen it yet") {
		t.Errorf("a snoozed flag reported to the person as unseen: %q", got)
	}
}

// pressInPlace presses a button on a list the person edits, and returns that same message as
// it stands after the change: the list is updated where it is, with no new copy.
func (h *harness) pressInPlace(u telegramtest.User, m telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	n := len(h.emu.BotMessages(u.ID))
	h.press(u, m, label)
	h.settle()
	if got := len(h.emu.BotMessages(u.ID)); got != n {
		h.t.Errorf("pressing %q posted %d new messages instead of updating the list: %s", label, got-n, dump(h.emu.BotMessages(u.ID)[n:]))
	}
	return h.message(u.ID, m.ID)
}
