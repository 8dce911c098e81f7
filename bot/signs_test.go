package bot_test

import (
	"strings"
	"testing"
	"time"
)

func TestEarlyWarningSignsAreAskedAndWatched(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	list := h.sendAndWait(sam, "/signs")
	mustContain(t, "signs", list.Text, "Your early warning signs", "You haven't chosen any yet")
	added := h.pressInPlace(sam, list, "+ Sleeping less")
	mustContain(t, "added", added.Text, "Your early warning signs")
	if added.Buttons[0][0].Text != "✕ Sleeping less" {
		t.Fatalf("first button %q", added.Buttons[0][0].Text)
	}
	ask := h.pressAndNext(sam, added, "+ In my own words")
	mustContain(t, "own words", ask.Text, "Type a sign in your own words")
	h.sendAndWait(sam, "pacing at night")
	mustContain(t, "worker adds", h.sendAndWait(workerUser, "/signs Sam add talking very fast").Text, "Sleeping less; pacing at night; talking very fast")
	h.waitFor(sam.ID, len(h.emu.BotMessages(sam.ID))) // Sam is told
	w0 := len(h.emu.BotMessages(workerUser.ID))

	// Eight days: the signs asked each day after the standard questions; "pacing at night" at
	// 1 or 2 for a week, then 5: a rise against Sam's own usual.
	day := monday.Add(90 * time.Minute)
	for d := range 8 {
		h.tick(day.Add(time.Duration(d) * 24 * time.Hour))
		q := h.pressAndNextQuestion(sam, h.last(sam), "3 · OK")
		q = h.pressAndNextQuestion(sam, q, "3 · OK")
		q = h.pressAndNextQuestion(sam, q, "2 · A little")
		q = h.pressAndNextQuestion(sam, q, "Not today")
		mustContain(t, "sign asked", q.Text, "Have you noticed this today", "Sleeping less")
		q = h.pressAndNextQuestion(sam, q, "Skip")
		mustContain(t, "own sign asked", q.Text, "pacing at night")
		level := []string{"1 · Not at all", "2 · A little"}[d%2]
		if d == 7 {
			level = "5 · Very much"
		}
		q = h.pressAndNextQuestion(sam, q, level)
		q = h.pressAndNextQuestion(sam, q, "Skip") // talking very fast
		mustContain(t, "then the note", q.Text, "anything you'd like your worker to know")
		h.press(sam, q, "Skip")
		h.settle()
	}
	var flags []string
	for _, m := range h.emu.BotMessages(workerUser.ID)[w0:] {
		flags = append(flags, m.Text)
	}
	all := strings.Join(flags, "\n---\n")
	mustContain(t, "sign flag", all, "Sam", "Early warning sign", "pacing at night")
}
