package bot_test

import (
	"strings"
	"testing"
	"time"
)

func TestGoalsAndStepsAskedWeeklyAndSeenByTheWorker(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	g := h.sendAndWait(sam, "/goals")
	mustContain(t, "goals", g.Text, "What matters to you, and your goals", "Small steps count")
	other := h.sendAndWait(sam, "/goals") // a second copy of the list
	g = h.pressInPlace(sam, g, "+ Nature")
	mustContain(t, "value", g.Text, "What matters to me: Nature")
	// The same button on the other copy brings that copy up to date rather than adding Nature twice.
	old := h.pressInPlace(sam, other, "+ Nature")
	mustContain(t, "old copy", old.Text, "What matters to me: Nature")
	if strings.Count(old.Text, "Nature") != 1 {
		t.Errorf("Nature added twice: %q", old.Text)
	}
	ask := h.pressAndNext(sam, g, "+ A goal")
	mustContain(t, "type goal", ask.Text, "Type a goal")
	g = h.sendAndWait(sam, "go to the allotment once a week")
	mustContain(t, "goal added", g.Text, "• go to the allotment once a week")
	ask = h.pressAndNext(sam, g, "+ A step")
	g = h.sendAndWait(sam, "ask Ana to come with me")
	mustContain(t, "step added", g.Text, "    • ask Ana to come with me")

	// The weekly check-in (Sundays 6pm) asks how the goal went, before its closing question.
	h.tick(time.Date(2026, 12, 13, 18, 0, 0, 0, time.UTC))
	q := h.last(sam)
	mustContain(t, "weekly", q.Text, "What mattered")
	q = h.pressAndNextQuestion(sam, q, q.Buttons[0][0].Text)
	q = h.pressAndNextQuestion(sam, q, "4 · Good")
	mustContain(t, "goal question", q.Text, "How did it go with your goal", "allotment")
	q = h.pressAndNextQuestion(sam, q, "Some of it")
	h.press(sam, q, "Skip")
	h.settle()
	mustContain(t, "worker sees progress", h.sendAndWait(workerUser, "/checkins Sam").Text, "How did it go with your goal: go to the allotment once a week?: Some of it")
	mustContain(t, "worker sees goals", h.sendAndWait(workerUser, "/goals Sam").Text, "Sam's goals", "Nature", "allotment", "ask Ana")

	// Done.
	g = h.sendAndWait(sam, "/goals")
	n := len(h.emu.BotMessages(sam.ID)) // counted first: the answer can come before press returns
	h.press(sam, g, "✓ go to the allotment once a week")
	mustContain(t, "well done", h.waitFor(sam.ID, n+1)[n].Text, "Well done")
}
