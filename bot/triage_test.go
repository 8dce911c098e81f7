package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

func TestWorryingWordsGetCrisisContactsFirstAndAnUrgentFlag(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0, s0 := len(h.emu.BotMessages(workerUser.ID)), len(h.emu.BotMessages(sam.ID))

	// A backlog of bulk messages for Sam is already queued when Sam writes.
	err := h.st.Update(context.Background(), func(tx *store.Tx) error {
		for i := range 20 {
			if err := tx.Enqueue(context.Background(), tandem.Outgoing{Kind: tandem.KindText, ChatID: sam.ID, Priority: tandem.PriorityBulk, Text: fmt.Sprint("bulk ", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.send(sam, "honestly i dont want to be here anymore")
	h.waitFor(sam.ID, s0+21)
	h.settle()
	msgs := h.emu.BotMessages(sam.ID)[s0:]
	crisisAt := -1
	for i, m := range msgs {
		if strings.Contains(m.Text, "really hard right now") {
			crisisAt = i
			mustContain(t, "crisis reply", m.Text, "Crisis team", "Samaritans", "emergency services", "I've let Jordan know")
		}
		if strings.Contains(m.Text, "can't read messages like this") {
			t.Error("the generic 'your worker won't see this' reply contradicted the crisis reply")
		}
	}
	if crisisAt < 0 || crisisAt > 5 {
		t.Fatalf("the crisis reply came %d messages in, behind the bulk backlog: %s", crisisAt, dump(msgs))
	}
	flagMsg := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "urgent flag", flagMsg.Text, "⚠️", "Sam", "suicide", "want to be here")

	// Said again: crisis contacts again, and the new words reach the worker on the same flag
	// (no second flag): a worrying message is never swallowed because a flag is open.
	h.send(sam, "I want to die")
	h.waitFor(sam.ID, s0+22)
	h.settle()
	if got := h.emu.BotMessages(workerUser.ID)[w0:]; len(got) != 2 || !strings.Contains(got[1].Text, "New words at") || !strings.Contains(got[1].Text, "want to die") {
		t.Errorf("a second worrying message did not reach the worker as an addition to the flag: %s", dump(got))
	}
	ev := h.flagEvents(h.person(sam).ID)
	if len(ev) < 3 || !strings.HasPrefix(ev[1], "words:delivered") || !strings.HasPrefix(ev[2], "words:evidence") {
		t.Errorf("flag history %v", ev)
	}
	// Someone not enrolled gets the crisis contacts too.
	mustContain(t, "stranger", h.sendAndWait(stranger, "I'm going to kill myself").Text, "If you need help now", "Samaritans")
}

func TestUnacknowledgedUrgentFlagEscalates(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.openWorkerChat(otherWorkr)
	if err := h.st.SetBackup(context.Background(), workerUser.ID, otherWorkr.ID); err != nil {
		t.Fatal(err)
	}
	h.sendAndWait(sam, "i keep thinking about cutting myself")
	h.settle()
	p0, c0 := len(h.emu.BotMessages(otherWorkr.ID)), len(h.emu.BotMessages(staffChannel))
	w0 := len(h.emu.BotMessages(workerUser.ID))

	h.flagTick(mondayTen.Add(29 * time.Minute))
	if len(h.emu.BotMessages(otherWorkr.ID)) != p0 || len(h.emu.BotMessages(staffChannel)) != c0 {
		t.Fatal("escalated before 30 minutes")
	}
	h.flagTick(mondayTen.Add(31 * time.Minute))
	backup := h.waitFor(otherWorkr.ID, p0+1)[p0]
	mustContain(t, "backup", backup.Text, "Sam", "self-harm", "Sent to you as backup", "Jordan has not acknowledged it for 30 minutes")
	// Jordan is told their flag went further, and to whom.
	told := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "worker told of escalation", told.Text, "Your flag about Sam", "30 minutes", "Priya and the staff channel")
	staff := h.waitFor(staffChannel, c0+1)[c0]
	mustContain(t, "staff channel", staff.Text, "urgent flag (worrying words)", "P-", "Jordan Reyes", "30 minutes")
	if strings.Contains(staff.Text, "Sam") || strings.Contains(staff.Text, "cutting") {
		t.Errorf("the staff channel got the person's name or words: %q", staff.Text)
	}
	// Only once.
	h.flagTick(mondayTen.Add(2 * time.Hour))
	if len(h.emu.BotMessages(staffChannel)) != c0+1 {
		t.Error("escalated twice")
	}
	// The backup can now act, and Sam hears it was seen.
	s0 := len(h.emu.BotMessages(sam.ID))
	h.press(otherWorkr, backup, "✓ Acknowledge")
	mustContain(t, "seen by backup", h.waitFor(sam.ID, s0+1)[s0].Text, "Priya has seen this")
}

func TestUrgentFlagOutsideHoursWaitsForWorkingTime(t *testing.T) {
	friday := time.Date(2026, 12, 11, 20, 0, 0, 0, time.UTC)
	h := newCheckinHarness(t, friday)
	h.join(sam, workerUser, "Sam")
	mustContain(t, "out of hours", h.sendAndWait(sam, "I feel like ending it all").Text, "may not see it until Monday at 9:00am", "Please don't wait")
	h.settle()
	c0 := len(h.emu.BotMessages(staffChannel))
	h.flagTick(friday.Add(3 * time.Hour))
	if len(h.emu.BotMessages(staffChannel)) != c0 {
		t.Error("escalated outside working hours, implying someone is watching")
	}
	h.flagTick(time.Date(2026, 12, 14, 9, 31, 0, 0, time.UTC))
	h.waitFor(staffChannel, c0+1)
}

func TestCheckinAnswersRaiseFlags(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	w0 := len(h.emu.BotMessages(workerUser.ID))
	day := monday.Add(90 * time.Minute)

	// Three days with mood at 2: a run; on day three, voices upset at 5: urgent.
	for d := range 3 {
		h.tick(day.Add(time.Duration(d) * 24 * time.Hour))
		q := h.pressAndNextQuestion(sam, h.last(sam), "2 · Low") // mood
		q = h.pressAndNextQuestion(sam, q, "Skip")               // sleep
		q = h.pressAndNextQuestion(sam, q, "Skip")               // stress
		if d < 2 {
			q = h.pressAndNextQuestion(sam, q, "Not today")
			h.pressAndNext(sam, q, "Skip")
			continue
		}
		q = h.pressAndNextQuestion(sam, q, "A lot")
		h.press(sam, q, "5 · Very much")
	}
	// Both flags, waited for: settle alone can return while the last press is between the
	// emulator and the bot's record of it.
	h.waitFor(workerUser.ID, w0+2)
	h.settle()
	flags := h.emu.BotMessages(workerUser.ID)[w0:]
	var texts []string
	for _, f := range flags {
		texts = append(texts, f.Text)
	}
	all := strings.Join(texts, "\n---\n")
	mustContain(t, "flags", all, "⚠️ Sam: Distress from voices at 5 of 5", "🔔 Sam: Mood 2 or lower on 3 check-ins in a row", "• Mood: 2 on 9 Dec", "• Distress from voices: 5")
	if strings.Contains(all, "voices_upset") {
		t.Errorf("a flag shows a question's id: %s", all)
	}
	told := false
	for _, m := range h.emu.BotMessages(sam.ID) {
		told = told || strings.Contains(m.Text, "I've let Jordan know how things are")
	}
	if !told {
		t.Error("Sam was not told that Jordan was told")
	}
}

func TestMissedCheckinsRaiseASilenceFlag(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	w0, s0 := len(h.emu.BotMessages(workerUser.ID)), len(h.emu.BotMessages(sam.ID))
	day := monday.Add(90 * time.Minute)
	for d := range 3 {
		h.tick(day.Add(time.Duration(d) * 24 * time.Hour))
		h.tick(day.Add(time.Duration(d)*24*time.Hour + 5*time.Hour + time.Minute)) // expired
	}
	flag := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "silence flag", flag.Text, "Sam", "missed")
	for _, m := range h.emu.BotMessages(sam.ID)[s0:] {
		if strings.Contains(m.Text, "missed") || strings.Contains(m.Text, "let Jordan know") {
			t.Errorf("Sam was nagged about silence: %q", m.Text)
		}
	}
}

// flagTick moves the clock and runs the flag escalation pass.
func (h *harness) flagTick(at time.Time) {
	h.t.Helper()
	h.setNow(at)
	if err := h.svc.Bot.FlagTick(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	h.settle()
}

// pressAndNextQuestion presses label and returns the next message with buttons, passing over
// messages (like "I've let your worker know") that come in between.
func (h *harness) pressAndNextQuestion(u telegramtest.User, q telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	n := len(h.emu.BotMessages(u.ID))
	h.press(u, q, label)
	for i := n; ; i++ {
		m := h.waitFor(u.ID, i+1)[i]
		if len(m.Buttons) > 0 {
			return m
		}
	}
}

func TestWorkerAdjustsAThresholdForOnePerson(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	h.join(alex, workerUser, "Alex")
	mustContain(t, "rules shown", h.sendAndWait(workerUser, "/rules Sam").Text, "When Sam's answers flag to you", "Mood (mood): 1 or lower", "Distress from voices (voices_upset): 5 or higher (urgent)")
	mustContain(t, "bad question", h.sendAndWait(workerUser, "/rules Sam colour 2").Text, "Questions: Mood (mood), Sleep (sleep)")
	mustContain(t, "bad value", h.sendAndWait(workerUser, "/rules Sam mood 9").Text, "from 1 to 5")
	s0 := len(h.emu.BotMessages(sam.ID))
	mustContain(t, "saved", h.sendAndWait(workerUser, "/rules Sam mood 3").Text, "Sam has been told", "Mood (mood): 3 or lower — set for Sam")
	mustContain(t, "person told", h.waitFor(sam.ID, s0+1)[s0].Text, "Jordan has changed when your check-in answers", "Mood (mood): 3 or lower", "talk to Jordan")
	mustContain(t, "person cannot", h.sendAndWait(sam, "/rules Sam mood 5").Text, "What I can do")

	// Sam's mood of 3 now flags; the same answer from Alex would not.
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.tick(monday.Add(90 * time.Minute))
	h.pressAndNextQuestion(sam, h.last(sam), "3 · OK")
	mustContain(t, "own threshold", h.waitFor(workerUser.ID, w0+1)[w0].Text, "Sam: Mood at 3 of 5")
	mustContain(t, "back to default", h.sendAndWait(workerUser, "/rules Sam mood default").Text, "Mood (mood): 1 or lower")
}

func TestPausedPeopleAreNotFlaggedForSilence(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	w0 := len(h.emu.BotMessages(workerUser.ID))
	day := monday.Add(90 * time.Minute)
	h.tick(day) // a check-in goes out, then Sam pauses for a week before answering
	h.sendAndWait(sam, "/pause 7")
	for d := range 4 {
		h.tick(day.Add(time.Duration(d)*24*time.Hour + 5*time.Hour + time.Minute))
	}
	for _, m := range h.emu.BotMessages(workerUser.ID)[w0:] {
		if strings.Contains(m.Text, "missed") {
			t.Errorf("a paused person was flagged for silence: %q", m.Text)
		}
	}
}
