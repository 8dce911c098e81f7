package bot_test

import (
	"strings"
	"testing"
	"time"
)

func TestAgendaGoesToTheWorkerTheDayBefore(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.settle()
	list := h.sendAndWait(sam, "/agenda")
	mustContain(t, "empty agenda", list.Text, "For your next appointment", "No appointment date yet")
	ask := h.pressAndNext(sam, list, "+ Add something")
	mustContain(t, "type", ask.Text, "Type something")
	mustContain(t, "added", h.sendAndWait(sam, "my new tablets make me sleepy").Text, "• my new tablets make me sleepy")
	mustContain(t, "added by command", h.sendAndWait(sam, "/agenda going back to college").Text, "• going back to college")
	mustContain(t, "bad date", h.sendAndWait(sam, "/appointment someday").Text, "didn't understand that date")

	w0 := len(h.emu.BotMessages(workerUser.ID))
	mustContain(t, "date set", h.sendAndWait(sam, "/appointment 10 Dec 14:00").Text, "Thursday 10 December 14:00", "day before")
	mustContain(t, "worker told", h.waitFor(workerUser.ID, w0+1)[w0].Text, "Sam has set their next appointment", "Thursday 10 December 14:00")

	// Tuesday: too early. Wednesday 14:01: within a day, so the list goes.
	w1 := len(h.emu.BotMessages(workerUser.ID))
	h.flagTick(time.Date(2026, 12, 8, 14, 0, 0, 0, time.UTC))
	if len(h.emu.BotMessages(workerUser.ID)) != w1 {
		t.Fatal("the list went more than a day early")
	}
	h.flagTick(time.Date(2026, 12, 9, 14, 1, 0, 0, time.UTC))
	got := h.waitFor(workerUser.ID, w1+1)[w1]
	mustContain(t, "worker's list", got.Text, "Sam's list for your appointment on Thursday 10 December 14:00", "my new tablets make me sleepy", "going back to college")
	h.flagTick(time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC))
	if len(h.emu.BotMessages(workerUser.ID)) != w1+1 {
		t.Error("the list went twice")
	}
	mustContain(t, "emptied", h.sendAndWait(sam, "/agenda").Text, "Nothing on your list yet")

	// The worker can set the date too; Sam is told.
	s0 := len(h.emu.BotMessages(sam.ID))
	mustContain(t, "worker sets", h.sendAndWait(workerUser, "/appointment Sam 2027-01-05 11:30").Text, "has been told")
	mustContain(t, "Sam told", h.waitFor(sam.ID, s0+1)[s0].Text, "Jordan has set your next appointment", "5 January 11:30")
	if strings.Contains(h.sendAndWait(otherWorkr, "/appointment Sam 2027-01-06").Text, "has been told") {
		t.Error("another worker set Sam's appointment")
	}
}
