package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tandemcare/tandem"
	"github.com/tandemcare/tandem/store"
	"github.com/tandemcare/tandem/telegramtest"
)

// monday is a Monday morning in winter (UTC, the harness's service zone, has no DST anyway).
var monday = time.Date(2026, 12, 7, 7, 30, 0, 0, time.UTC)

// enrolWithTimes joins u with the worker proposing times in /invite, and accepts them.
func (h *harness) enrolWithTimes(u telegramtest.User, inviteArgs string) {
	h.t.Helper()
	h.openWorkerChat(workerUser)
	code, inv := h.invite(workerUser, inviteArgs)
	mustContain(h.t, "invite with times", inv.Text, "suggesting check-ins")
	before := len(h.emu.BotMessages(u.ID))
	h.send(u, "/start "+code)
	h.press(u, h.waitFor(u.ID, before+2)[before+1], "I agree")
	offer := h.waitFor(u.ID, before+4)[before+3]
	mustContain(h.t, "proposal", offer.Text, "Jordan suggested a short check-in every day at 9am")
	h.press(u, offer, "Yes, that works")
	saved := h.waitFor(u.ID, before+5)[before+4]
	mustContain(h.t, "saved", saved.Text, "Daily: every day at 9am", "Weekly: on Sundays at 6pm", "Quiet hours (nothing is sent): 10pm to 7am")
	h.settle()
}

func (h *harness) last(u telegramtest.User) telegramtest.Message {
	msgs := h.emu.BotMessages(u.ID)
	return msgs[len(msgs)-1]
}

func (h *harness) person(u telegramtest.User) tandem.Person {
	h.t.Helper()
	p, err := h.st.PersonByTelegramID(context.Background(), u.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

func (h *harness) checkins(u telegramtest.User) []tandem.Checkin {
	h.t.Helper()
	cs, err := h.st.RecentCheckins(context.Background(), h.person(u).ID, 100)
	if err != nil {
		h.t.Fatal(err)
	}
	return cs
}

// pressAndNext presses label on the open question and returns the next message.
func (h *harness) pressAndNext(u telegramtest.User, q telegramtest.Message, label string) telegramtest.Message {
	h.t.Helper()
	n := len(h.emu.BotMessages(u.ID))
	h.press(u, q, label)
	return h.waitFor(u.ID, n+1)[n]
}

func TestDailyCheckinOneQuestionAtATime(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	n := len(h.emu.BotMessages(sam.ID))

	h.tick(monday.Add(90 * time.Minute)) // 09:00
	msgs := h.emu.BotMessages(sam.ID)
	if len(msgs) != n+1 {
		t.Fatalf("at 9am Sam got %d messages: %s", len(msgs)-n, dump(msgs[n:]))
	}
	mood := msgs[n]
	mustContain(t, "first question", mood.Text, "Here's your check-in", "How has your mood been today?")
	if got := len(mood.Buttons); got != 6 { // five points, then Skip / Not now
		t.Errorf("mood question has %d rows of buttons", got)
	}

	sleep := h.pressAndNext(sam, mood, "4 · Good")
	mustContain(t, "second question", sleep.Text, "How well did you sleep")
	edited := h.emu.BotMessages(sam.ID)[n]
	mustContain(t, "answered question", edited.Text, "Your answer: 4 · Good")
	if len(edited.Buttons) != 0 {
		t.Error("the answered question still has buttons")
	}
	stress := h.pressAndNext(sam, sleep, "1 · Very poorly")
	voices := h.pressAndNext(sam, stress, "2 · A little")
	mustContain(t, "voices", voices.Text, "hear voices")
	note := h.pressAndNext(sam, voices, "Not today") // so "how upsetting" is not asked
	mustContain(t, "note", note.Text, "anything you'd like your worker to know")

	// Free text answers the text question.
	outro := h.sendAndWait(sam, "Slept badly but the walk helped")
	mustContain(t, "outro: poor sleep suggests the sleep lesson", outro.Text, "Thank you for checking in", "short lesson that might help", "Sleep")

	h.settle()
	c := h.checkins(sam)[0]
	if c.Status != tandem.CheckinAnswered || c.Late {
		t.Errorf("check-in = %+v", c)
	}
	var answers []tandem.Answer
	h.st.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		answers, err = tx.Answers(context.Background(), c.ID)
		return err
	})
	got := map[string]string{}
	for _, a := range answers {
		v := a.Value
		if a.Skipped {
			v = "(skipped)"
		}
		got[a.QuestionID] = v
	}
	want := map[string]string{"mood": "4", "sleep": "1", "stress": "2", "voices": "none", "note": "Slept badly but the walk helped"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("answer %s = %q, want %q", k, got[k], v)
		}
	}
	if _, asked := got["voices_upset"]; asked {
		t.Error("asked how upsetting voices were after \"Not today\"")
	}

	// Jordan sees it; another worker cannot.
	report := h.sendAndWait(workerUser, "/checkins Sam")
	mustContain(t, "worker's view", report.Text, "Sam's recent check-ins", "(answered, prompt delivered)", "Mood: 4 · Good", "Sleep: 1 · Very poorly", "Note: “Slept badly but the walk helped”")
	if strings.Contains(report.Text, "voices_upset") || strings.Contains(report.Text, "not_now") {
		t.Errorf("the worker reads internal ids: %s", report.Text)
	}
	h.openWorkerChat(otherWorkr)
	mustContain(t, "another worker", h.sendAndWait(otherWorkr, "/checkins Sam").Text, "couldn't find")
	mustContain(t, "person asks", h.sendAndWait(sam, "/checkins Sam").Text, "What I can do")

	// Old buttons change nothing; stray text gets the usual reply.
	id, _ := h.emu.PressButton(sam, mood.ChatID, sleep.ID, sleep.Buttons[0][0].CallbackData)
	_ = id
	h.settle()
	if got := len(h.checkins(sam)); got != 1 {
		t.Errorf("%d check-ins", got)
	}
}

func TestReminderExpiryAndLateAnswer(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	nine := monday.Add(90 * time.Minute)
	h.tick(nine)
	mood := h.last(sam)
	n := len(h.emu.BotMessages(sam.ID))

	h.tick(nine.Add(59 * time.Minute))
	if got := len(h.emu.BotMessages(sam.ID)); got != n {
		t.Fatal("reminded before the hour was up")
	}
	h.tick(nine.Add(61 * time.Minute))
	reminder := h.waitFor(sam.ID, n+1)[n]
	mustContain(t, "reminder", reminder.Text, "Just a reminder", "How has your mood been today?")
	h.tick(nine.Add(3 * time.Hour))
	if got := len(h.emu.BotMessages(sam.ID)); got != n+1 {
		t.Errorf("reminded more than once: %s", dump(h.emu.BotMessages(sam.ID)[n:]))
	}

	h.tick(nine.Add(5*time.Hour + time.Minute)) // an hour, then four more: expired
	if c := h.checkins(sam)[0]; c.Status != tandem.CheckinMissed {
		t.Fatalf("after expiry, status %s", c.Status)
	}
	// Sam answers anyway: kept, and marked late.
	next := h.pressAndNext(sam, mood, "3 · OK")
	mustContain(t, "late answer goes on", next.Text, "How well did you sleep")
	c := h.checkins(sam)[0]
	if !c.Late || c.Status != tandem.CheckinOpen {
		t.Errorf("after a late answer: %+v", c)
	}
}

func TestDowntimeSendsOpenPromptsLateAndRecordsOlderAsMissed(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	n := len(h.emu.BotMessages(sam.ID))

	// Tandem was down from Monday 07:30 until Wednesday 11:00: Monday's and Tuesday's windows
	// have closed; Wednesday's 9am is still open.
	h.tick(monday.Add(2*24*time.Hour + 3*time.Hour + 30*time.Minute))
	msgs := h.emu.BotMessages(sam.ID)
	if len(msgs) != n+1 {
		t.Fatalf("after downtime Sam got %d messages, want exactly one prompt: %s", len(msgs)-n, dump(msgs[n:]))
	}
	cs := h.checkins(sam)
	if len(cs) != 3 || cs[0].Status != tandem.CheckinOpen || cs[1].Status != tandem.CheckinMissed || cs[2].Status != tandem.CheckinMissed {
		t.Fatalf("check-ins after downtime: %+v", cs)
	}
	// A second pass at the same moment does nothing more.
	h.tick(monday.Add(2*24*time.Hour + 3*time.Hour + 31*time.Minute))
	if got := len(h.emu.BotMessages(sam.ID)); got != n+1 {
		t.Errorf("a second pass sent %d more", got-n-1)
	}
}

func TestQuietHoursPauseAndTimeZone(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")

	mustContain(t, "in quiet hours", h.sendAndWait(sam, "/schedule 6am").Text, "during your quiet hours")
	mustContain(t, "impossible time", h.sendAndWait(sam, "/schedule 25:00").Text, "no 25 o'clock")
	mustContain(t, "unknown zone", h.sendAndWait(sam, "/timezone Mars/Olympus").Text, "don't know the time zone")
	mustContain(t, "quiet until 10", h.sendAndWait(sam, "/quiet 10pm-10am").Text, "Quiet hours saved", "10pm to 10am")
	n := len(h.emu.BotMessages(sam.ID))
	h.tick(monday.Add(90 * time.Minute)) // 9am is now quiet
	if got := len(h.emu.BotMessages(sam.ID)); got != n {
		t.Fatalf("a prompt came during quiet hours: %s", h.last(sam).Text)
	}
	h.tick(monday.Add(150 * time.Minute)) // 10am: quiet hours end
	mustContain(t, "after quiet hours", h.waitFor(sam.ID, n+1)[n].Text, "How has your mood")

	// Pause for a day: Tuesday's prompt does not come; Wednesday's does, after a welcome back.
	ask := h.sendAndWait(sam, "/pause")
	h.press(sam, ask, "1 day")
	n = len(h.emu.BotMessages(sam.ID))
	h.waitFor(sam.ID, n+1)
	n++
	tuesday10 := monday.Add(24*time.Hour + 150*time.Minute)
	h.tick(tuesday10.Add(-time.Hour)) // the pause ends at Tuesday ~10:00 (one day after pressing)
	if got := h.emu.BotMessages(sam.ID)[n:]; len(got) != 0 {
		t.Errorf("messages while paused: %s", dump(got))
	}
	h.tick(tuesday10.Add(time.Minute))
	mustContain(t, "pause ended", h.waitFor(sam.ID, n+1)[n].Text, "pause has ended")

	// Moving to New York: 9am there, which is 14:00 UTC.
	mustContain(t, "zone set", h.sendAndWait(sam, "/timezone America/New_York").Text, "America/New_York", "same local times")
	h.sendAndWait(sam, "/quiet off")
	entries := h.schedules(sam)
	for _, e := range entries {
		if e.SetID == "daily" && e.NextDue.UTC().Hour() != 14 {
			t.Errorf("daily check-in due at %s, want 9am New York (14:00 UTC)", e.NextDue.UTC())
		}
	}
}

func (h *harness) schedules(u telegramtest.User) []tandem.ScheduleEntry {
	h.t.Helper()
	var out []tandem.ScheduleEntry
	err := h.st.Update(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = tx.Schedules(context.Background(), h.person(u).ID)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func TestSpringForwardInLondonSendsOnceAtTheJump(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	start := time.Date(2026, 3, 27, 12, 0, 0, 0, time.UTC)
	h := newCheckinHarness(t, start)
	h.join(sam, workerUser, "Sam")
	h.sendAndWait(sam, "/timezone Europe/London")
	h.sendAndWait(sam, "/quiet off")
	mustContain(t, "1:30am", h.sendAndWait(sam, "/schedule 1:30am").Text, "every day at 1:30am")
	n := len(h.emu.BotMessages(sam.ID))

	// Saturday 01:30 GMT; Sunday 01:30 does not exist (clocks jump 01:00 -> 02:00); Monday 01:30 BST.
	var sent []time.Time
	for t0 := start; t0.Before(start.Add(4 * 24 * time.Hour)); t0 = t0.Add(15 * time.Minute) {
		before := len(h.emu.BotMessages(sam.ID))
		h.tick(t0)
		if len(h.emu.BotMessages(sam.ID)) > before {
			sent = append(sent, t0)
			h.pressAndNext(sam, h.last(sam), "Not now")
		}
	}
	var local []string
	for _, s := range sent {
		local = append(local, s.In(london).Format("Mon 15:04"))
	}
	want := "Sat 01:30,Sun 02:00,Mon 01:30,Tue 01:30"
	if got := strings.Join(local, ","); got != want {
		t.Errorf("prompts at %s, want %s", got, want)
	}
	if got := len(h.emu.BotMessages(sam.ID)) - n; got != 8 { // each prompt and its "not now" reply
		t.Errorf("%d messages over four days, want 8", got)
	}
}

func TestCheckinButtonsAreCheckedAgainstWhoPressed(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	h.join(alex, workerUser, "Alex")
	h.tick(monday.Add(90 * time.Minute))
	mood := h.last(sam)
	data := mood.Buttons[0][0].CallbackData

	// Alex forges Sam's button; a stranger sends nonsense.
	q := h.emu.PressForged(alex, alex.ID, mood.ID, data)
	h.emu.PressForged(stranger, stranger.ID, 1, "ci:1:0:99")
	h.emu.PressForged(sam, sam.ID, mood.ID, strings.Replace(data, ":1", ":9", 1)) // a value off the scale
	h.settle()
	if text, _ := h.emu.CallbackAnswer(q); !strings.Contains(text, "no longer does anything") {
		t.Errorf("forged press answered %q", text)
	}
	if c := h.checkins(sam)[0]; c.Position != 0 {
		t.Errorf("a forged press moved Sam's check-in to question %d", c.Position)
	}
	// Typing where a button is expected: a kind pointer, and nothing changes.
	mustContain(t, "text at a button", h.sendAndWait(sam, "fine I guess").Text, "use the buttons", "/crisis")
	if c := h.checkins(sam)[0]; c.Position != 0 {
		t.Errorf("typing moved the check-in on")
	}
}

func TestWorkerChangesScheduleAndPersonIsTold(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	mustContain(t, "unknown person", h.sendAndWait(workerUser, "/schedule Nobody 9am").Text, "couldn't find", "Sam")
	mustContain(t, "bad time", h.sendAndWait(workerUser, "/schedule Sam 9:75").Text, "Your people: Sam")
	n := len(h.emu.BotMessages(sam.ID))
	mustContain(t, "worker sets", h.sendAndWait(workerUser, "/schedule Sam weekdays 8pm").Text, "Sam has been told", "Monday to Friday at 8pm")
	mustContain(t, "person told", h.waitFor(sam.ID, n+1)[n].Text, "Jordan has changed when I send you check-ins", "Monday to Friday at 8pm", "/schedule")
	// Another worker cannot touch Sam.
	h.openWorkerChat(otherWorkr)
	mustContain(t, "other worker", h.sendAndWait(otherWorkr, "/schedule Sam 9am").Text, "couldn't find")
	// Sam starts a check-in themselves.
	mustContain(t, "/checkin", h.sendAndWait(sam, "/checkin").Text, "How has your mood")
}
