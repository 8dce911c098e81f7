package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/bot"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// Messages between a person and their worker: offered with one tap, passed on, followed to
// delivery, and shown to the worker as a thread.

func TestFreeTextReachesTheWorkerAfterOneTap(t *testing.T) {
	h := newCheckinHarness(t, mondayTen) // a clock the test controls: working hours, not quiet hours
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	offer := h.sendAndWait(sam, "could we move thursday's appointment to the afternoon? <3 & thanks")
	mustContain(t, "offer", offer.Text, "send this to Jordan", "usually reads messages", "/crisis")
	if strings.Contains(offer.Text, "won't see") {
		t.Errorf("the offer says the worker won't see it: %q", offer.Text)
	}
	h.settle()
	if got := h.emu.BotMessages(workerUser.ID)[w0:]; len(got) != 0 {
		t.Fatalf("the words reached the worker before Sam pressed Send: %s", dump(got))
	}
	h.press(sam, offer, "Send")
	got := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "relayed", got.Text, "Sam wrote", "thursday's appointment", "<3 & thanks")
	if len(got.Buttons) == 0 {
		t.Error("the worker has no Reply button")
	}
	h.settle()
	mustContain(t, "told", h.last(sam).Text, "passed that on to Jordan")

	// Not now keeps the words back, and they are not kept.
	w1 := len(h.emu.BotMessages(workerUser.ID))
	offer = h.sendAndWait(sam, "never mind, just thinking out loud")
	h.press(sam, offer, "Not now")
	h.settle()
	mustContain(t, "kept back", h.last(sam).Text, "haven't sent it")
	if got := h.emu.BotMessages(workerUser.ID)[w1:]; len(got) != 0 {
		t.Errorf("Not now still reached the worker: %s", dump(got))
	}
	// A second press on the old offer is answered, not ignored.
	before := h.emu.Stats().Requests["answerCallbackQuery"]
	if _, err := h.emu.PressButton(sam, sam.ID, offer.ID, offer.Buttons[0][0].CallbackData); err == nil {
		h.settle()
		if h.emu.Stats().Requests["answerCallbackQuery"] == before {
			t.Error("a press on an old offer was left unanswered")
		}
	}
}

func TestAVoiceNoteArrivesInTheWorkersChat(t *testing.T) {
	h := newCheckinHarness(t, mondayTen) // a clock the test controls: working hours, not quiet hours
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	s0 := len(h.emu.BotMessages(sam.ID))
	if _, err := h.emu.SendMedia(sam, telegramtest.MediaVoice, ""); err != nil {
		t.Fatal(err)
	}
	offer := h.waitFor(sam.ID, s0+1)[s0]
	h.press(sam, offer, "Send")
	h.waitFor(workerUser.ID, w0+2)
	h.settle()
	var voice bool
	for _, m := range h.emu.BotMessages(workerUser.ID)[w0:] {
		if m.Voice != nil {
			voice = true
			mustContain(t, "voice caption", m.Text, "From Sam: voice note")
		}
	}
	if !voice {
		t.Fatalf("no voice note in the worker's chat: %s", dump(h.emu.BotMessages(workerUser.ID)[w0:]))
	}
	// A sticker gets a kind reply, and nothing goes to the worker.
	w1 := len(h.emu.BotMessages(workerUser.ID))
	if _, err := h.emu.SendMedia(sam, telegramtest.MediaSticker, ""); err != nil {
		t.Fatal(err)
	}
	h.settle()
	mustContain(t, "sticker", h.last(sam).Text, "not stickers")
	if got := h.emu.BotMessages(workerUser.ID)[w1:]; len(got) != 0 {
		t.Errorf("a sticker reached the worker: %s", dump(got))
	}
}

func TestAWorkersLongMessageArrivesSplitAndIsDelivered(t *testing.T) {
	h := newCheckinHarness(t, mondayTen) // a clock the test controls: working hours, not quiet hours
	h.join(sam, workerUser, "Sam")
	h.settle()
	s0 := len(h.emu.BotMessages(sam.ID))
	w0 := len(h.emu.BotMessages(workerUser.ID))
	para := strings.Repeat("Thank you for today & for telling me about the <voices>. ", 24)
	long := para + "\n\n" + para + "\n\n" + para[57:] // with the heading, over 4,096 characters
	h.send(workerUser, "/message Sam "+long)
	h.waitFor(sam.ID, s0+2)
	h.settle()
	got := h.emu.BotMessages(sam.ID)[s0:]
	var all strings.Builder
	for _, m := range got {
		if n := len([]rune(m.Text)); n > 4096 {
			t.Errorf("a part is %d characters", n)
		}
		all.WriteString(m.Text)
	}
	mustContain(t, "from the worker", got[0].Text, "Message from Jordan")
	if c := strings.Count(all.String(), "telling me about the <voices>."); c != 71 {
		t.Errorf("the parts hold %d of the 71 sentences", c)
	}
	conf := h.emu.BotMessages(workerUser.ID)[w0]
	mustContain(t, "confirmation", conf.Text, "Delivered to Sam ✓")

	// /messages shows the thread, and the view is audited.
	thread := h.sendAndWait(workerUser, "/messages Sam")
	mustContain(t, "thread", thread.Text, "Messages with Sam", "You", "delivered")
	if n := h.auditCount("view"); n == 0 {
		t.Error("the thread view is not in the audit log")
	}
	if n := h.auditCount("message"); n != 1 {
		t.Errorf("%d audit rows for one message", n)
	}
	// Someone who is not theirs: refused, and on record.
	mustContain(t, "refused", h.sendAndWait(workerUser, "/messages Alex").Text, "couldn't find that person")
	if n := h.auditCount("refused messages"); n != 1 {
		t.Errorf("%d audit rows for a refused look-up", n)
	}
	// Sam's /mydata holds the thread.
	_, data := h.myData(sam)
	mustContain(t, "in /mydata", string(data.Document), `"messages_with_your_worker"`, `"from": "Jordan"`, `"status": "delivered"`)
}

func TestABlockedPersonsWorkerSeesNotDelivered(t *testing.T) {
	h := newCheckinHarness(t, mondayTen) // a clock the test controls: working hours, not quiet hours
	h.join(sam, workerUser, "Sam")
	h.settle()
	h.emu.BlockBot(sam.ID)
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.send(workerUser, "/message Sam are you OK?")
	h.waitFor(workerUser.ID, w0+1)
	h.settle()
	var conf string
	for _, m := range h.emu.BotMessages(workerUser.ID)[w0:] {
		if strings.Contains(m.Text, "are you OK") || strings.Contains(m.Text, "Sam") {
			conf += m.Text + "\n"
		}
	}
	mustContain(t, "not delivered", conf, "Not delivered", "Sam has blocked Tandem")
	if strings.Contains(conf, "Delivered to Sam") {
		t.Errorf("a blocked person's message was reported delivered: %s", conf)
	}
	// Every confirmation now says the message waits; none says Sam has been told.
	got := h.sendAndWait(workerUser, "/schedule Sam 10am").Text
	mustContain(t, "schedule while unreachable", got, "haven't been told yet")
	if strings.Contains(got, "has been told") {
		t.Errorf("told the worker Sam knows: %q", got)
	}
}

func TestAWorkersMessageWaitsForQuietHoursToEnd(t *testing.T) {
	early := time.Date(2026, 12, 7, 5, 30, 0, 0, time.UTC) // Sam's quiet hours: 10pm to 7am
	h := newCheckinHarness(t, early)
	h.join(sam, workerUser, "Sam")
	h.settle()
	s0 := len(h.emu.BotMessages(sam.ID))
	conf := h.sendAndWait(workerUser, "/message Sam see you at 2 today")
	mustContain(t, "waiting", conf.Text, "quiet time", "7:00am")
	h.settle()
	if got := h.emu.BotMessages(sam.ID)[s0:]; len(got) != 0 {
		t.Fatalf("a message reached Sam in quiet hours: %s", dump(got))
	}
	h.setNow(early.Add(90 * time.Minute))
	if err := h.svc.Bot.MessageTick(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustContain(t, "after quiet hours", h.waitFor(sam.ID, s0+1)[s0].Text, "Message from Jordan", "see you at 2 today")
	h.settle()
	if err := h.svc.Bot.MessageTick(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.settle()
	for _, m := range h.emu.BotMessages(workerUser.ID) {
		if m.ID == conf.ID {
			mustContain(t, "confirmation edited", m.Text, "Delivered to Sam ✓")
		}
	}
	// Sam's reply goes back to Jordan without asking.
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.send(sam, "great, see you then")
	mustContain(t, "reply", h.waitFor(workerUser.ID, w0+1)[w0].Text, "Sam wrote", "see you then")

	// A message that can't wait goes through quiet hours when the worker says so. (Settled
	// first: Sam's "passed that on" may still be on its way, and would be counted as the message.)
	h.settle()
	h.setNow(early.Add(17 * time.Hour)) // 10:30pm: quiet again
	s1 := len(h.emu.BotMessages(sam.ID))
	conf2 := h.sendAndWait(workerUser, "/message Sam please ring the crisis team if the voices get worse tonight")
	mustContain(t, "waiting again", conf2.Text, "quiet time")
	h.settle()
	h.press(workerUser, conf2, "Send now (urgent)")
	mustContain(t, "urgent", h.waitFor(sam.ID, s1+1)[s1].Text, "ring the crisis team")
}

func TestAFloodIsPassedOnAsOneDigest(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.workerWritesFirst() // a reply to the worker goes without asking, so each message is passed on
	for i := range 30 {
		h.send(sam, "message number "+string(rune('A'+i%26))+" "+strings.Repeat("x", i))
		h.settle()
	}
	h.setNow(mondayTen.Add(2 * time.Minute))
	if err := h.svc.Bot.MessageTick(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.settle()
	got := h.emu.BotMessages(workerUser.ID)[w0:]
	var all strings.Builder
	for _, m := range got {
		all.WriteString(m.Text)
	}
	if len(got) > bot.FloodLimit+2 {
		t.Errorf("30 messages in a minute became %d messages to the worker", len(got))
	}
	for i := range 30 {
		if !strings.Contains(all.String(), "message number "+string(rune('A'+i%26))+" "+strings.Repeat("x", i)) {
			t.Errorf("message %d was dropped", i)
		}
	}
	mustContain(t, "digest", all.String(), "wrote 25 messages")
	for _, m := range h.emu.BotMessages(staffChannel) {
		if strings.Contains(m.Text, "message number") {
			t.Errorf("the staff channel received a person's words: %q", m.Text)
		}
	}
}

// workerWritesFirst has Jordan write to Sam, so what Sam writes next is a reply.
func (h *harness) workerWritesFirst() {
	h.t.Helper()
	h.sendAndWait(workerUser, "/message Sam hello")
	h.settle()
}

// auditCount counts audit rows with action.
func (h *harness) auditCount(action string) int {
	h.t.Helper()
	rows, err := h.st.AuditLog(context.Background(), store.AuditFilter{})
	if err != nil {
		h.t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if r.Action == action {
			n++
		}
	}
	return n
}

func TestAnOldButtonIsAlwaysAnswered(t *testing.T) {
	h := newCheckinHarness(t, mondayTen) // a clock the test controls: working hours, not quiet hours
	h.join(sam, workerUser, "Sam")
	h.settle()
	list := h.sendAndWait(sam, "/signs")
	ask := h.sendAndWait(sam, "/stop")
	h.press(sam, ask, "Yes, stop")
	h.settle()
	id := h.press(sam, list, "+ Sleeping less")
	h.settle()
	text, answered := h.emu.CallbackAnswer(id)
	if !answered {
		t.Fatal("a press on an old button after /stop was left unanswered")
	}
	mustContain(t, "old button", text, "stopped using Tandem")
}

func TestMessagingOnAndOff(t *testing.T) {
	for _, tt := range []struct {
		mode        tandem.MessagingMode
		reply       string
		reachesWork bool
	}{
		{tandem.MessagingOn, "passed that on to Jordan", true},
		{tandem.MessagingOff, "doesn't pass messages on", false},
	} {
		t.Run(string(tt.mode), func(t *testing.T) {
			t.Parallel()
			h := fastHarness(t)
			h.messaging, h.manual = tt.mode, true
			start := mondayTen
			h.clock.Store(&start)
			h.open()
			h.join(sam, workerUser, "Sam")
			h.settle()
			w0 := len(h.emu.BotMessages(workerUser.ID))
			mustContain(t, "reply", h.sendAndWait(sam, "the new tablets make me so sleepy").Text, tt.reply)
			h.settle()
			got := h.emu.BotMessages(workerUser.ID)[w0:]
			if reached := len(got) > 0; reached != tt.reachesWork {
				t.Errorf("messaging %s: reached the worker %v: %s", tt.mode, reached, dump(got))
			}
		})
	}
}

func TestAWorkerWritesFirstFromTheCaseload(t *testing.T) {
	h := newCheckinHarness(t, mondayTen) // a clock the test controls: working hours, not quiet hours
	h.join(sam, workerUser, "Sam")
	h.settle()
	list := h.sendAndWait(workerUser, "/caseload")
	n := len(h.emu.BotMessages(workerUser.ID))
	h.press(workerUser, list, "Sam")
	view := h.waitFor(workerUser.ID, n+1)[n]
	n = len(h.emu.BotMessages(workerUser.ID))
	h.press(workerUser, view, "✉️ Message")
	mustContain(t, "prompt", h.waitFor(workerUser.ID, n+1)[n].Text, "Type your message to Sam")
	s0 := len(h.emu.BotMessages(sam.ID))
	h.send(workerUser, "Would Tuesday at 3 suit you?")
	mustContain(t, "to Sam", h.waitFor(sam.ID, s0+1)[s0].Text, "Message from Jordan", "Tuesday at 3")
}

func TestAFlagThatCannotReachItsWorkerGoesToTheBackupAndStaffChannel(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.openWorkerChat(otherWorkr)
	if err := h.st.SetBackup(context.Background(), workerUser.ID, otherWorkr.ID); err != nil {
		t.Fatal(err)
	}
	h.settle()
	h.emu.BlockBot(workerUser.ID)
	h.settle()
	p0, c0 := len(h.emu.BotMessages(otherWorkr.ID)), len(h.emu.BotMessages(staffChannel))
	h.sendAndWait(sam, "/contact")
	backup := h.waitFor(otherWorkr.ID, p0+1)[p0]
	mustContain(t, "backup", backup.Text, "Sam", "Sent to you as backup", "can't reach Jordan")
	staff := h.waitFor(staffChannel, c0+1)[c0]
	mustContain(t, "staff channel", staff.Text, "could not be delivered", "Jordan Reyes", "P-")
	if strings.Contains(staff.Text, "Sam") {
		t.Errorf("the staff channel got the person's name: %q", staff.Text)
	}
	// Escalation does not send it again later.
	h.settle()
	h.flagTick(mondayTen.Add(2 * time.Hour))
	if n := len(h.emu.BotMessages(otherWorkr.ID)); n != p0+1 {
		t.Errorf("the backup got the flag %d times", n-p0)
	}
}

// Sam asked for a break from messages: what Jordan writes waits for the pause to end, Jordan is
// told so plainly, and it goes at once when Sam resumes (or when Jordan says it can't wait).
func TestAWorkersMessageWaitsForAPause(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.settle()
	w0 := len(h.emu.BotMessages(workerUser.ID))
	h.sendAndWait(sam, "/pause 3")
	mustContain(t, "worker told of the pause", h.waitFor(workerUser.ID, w0+1)[w0].Text, "Sam has paused Tandem messages until Thursday")
	h.sendAndWait(sam, "/pause")
	ask := h.emu.BotMessages(sam.ID)[len(h.emu.BotMessages(sam.ID))-1]
	n := len(h.emu.BotMessages(sam.ID))
	h.press(sam, ask, "Until I say")
	h.waitFor(sam.ID, n+1)
	w1 := len(h.emu.BotMessages(workerUser.ID))
	mustContain(t, "worker told, until resume", h.waitFor(workerUser.ID, w1)[w1-1].Text, "until they turn messages back on")
	if strings.Contains(h.emu.BotMessages(workerUser.ID)[w1-1].Text, "you type") {
		t.Errorf("the worker was told the person's own words: %q", h.emu.BotMessages(workerUser.ID)[w1-1].Text)
	}

	h.settle()
	s0 := len(h.emu.BotMessages(sam.ID))
	conf := h.sendAndWait(workerUser, "/message Sam no rush, see you thursday")
	mustContain(t, "waiting for the pause", conf.Text, "Waiting", "paused messages until they turn messages back on", "Send it now only if")
	h.settle()
	if err := h.svc.Bot.MessageTick(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.settle()
	if got := h.emu.BotMessages(sam.ID)[s0:]; len(got) != 0 {
		t.Fatalf("a message reached Sam during the pause: %s", dump(got))
	}
	for _, m := range h.emu.BotMessages(workerUser.ID) {
		if m.ID == conf.ID && m.Text != conf.Text {
			t.Errorf("the confirmation changed while nothing happened: %q", m.Text)
		}
	}

	// Sam comes back: the message goes at once and Jordan's confirmation says so.
	h.send(sam, "/resume")
	got := h.waitFor(sam.ID, s0+2)[s0:]
	mustContain(t, "after resuming", got[0].Text+got[1].Text, "on again", "Message from Jordan", "no rush")
	h.settle()
	if err := h.svc.Bot.MessageTick(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.settle()
	for _, m := range h.emu.BotMessages(workerUser.ID) {
		if m.ID == conf.ID {
			mustContain(t, "confirmation edited", m.Text, "Delivered to Sam ✓")
		}
	}

	// Paused again; a message that can't wait goes when Jordan says so.
	h.sendAndWait(sam, "/pause 7")
	h.settle()
	s1 := len(h.emu.BotMessages(sam.ID))
	conf2 := h.sendAndWait(workerUser, "/message Sam the clinic moved your appointment to tomorrow 9am")
	mustContain(t, "waiting again", conf2.Text, "paused messages until")
	h.press(workerUser, conf2, "Send now (urgent)")
	mustContain(t, "sent now", h.waitFor(sam.ID, s1+1)[s1].Text, "appointment to tomorrow")
}
