package bot_test

import (
	"strings"
	"testing"
	"time"
)

func TestLessonOneMessageAtATimeThenAReflectionTheirsToShare(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	list := h.sendAndWait(sam, "/learn")
	mustContain(t, "list", list.Text, "Lessons")
	if len(list.Buttons) < 13 {
		t.Fatalf("lesson list has %d buttons, want a Continue and at least 12 lessons", len(list.Buttons))
	}
	first := h.pressAndNext(sam, list, list.Buttons[0][0].Text) // ▶ the first lesson
	seen := map[string]bool{}
	for _, row := range list.Buttons {
		title := strings.TrimPrefix(strings.TrimPrefix(row[0].Text, "▶ "), "✓ ")
		if seen[title] {
			t.Errorf("/learn lists %q twice", title)
		}
		seen[title] = true
	}
	mustContain(t, "first message", first.Text, "1/")
	msg := first
	for strings.Contains(msg.Text, "/") && len(msg.Buttons) > 0 && msg.Buttons[0][0].Text == "Next ›" {
		msg = h.pressAndNext(sam, msg, "Next ›")
	}
	mustContain(t, "reflection", msg.Text, "Something to think about", "stays with you unless you choose to share it")

	w0 := len(h.emu.BotMessages(workerUser.ID))
	ask := h.sendAndWait(sam, "Seeing my sister helps me feel hopeful")
	mustContain(t, "share?", ask.Text, "share this with Jordan")
	h.settle()
	if got := len(h.emu.BotMessages(workerUser.ID)); got != w0 {
		t.Error("the reflection reached the worker before Sam chose to share it")
	}
	done := h.pressAndNext(sam, ask, "Share with Jordan")
	mustContain(t, "shared", done.Text, "Shared with Jordan")
	shared := h.waitFor(workerUser.ID, w0+1)[w0]
	mustContain(t, "worker sees it", shared.Text, "Sam finished the lesson", "Seeing my sister helps me feel hopeful")

	// The list now shows it as done, and a worker can send a lesson.
	// Counted before the command: Sam's message can arrive before the worker's "Sent" does.
	n := len(h.emu.BotMessages(sam.ID))
	mustContain(t, "worker sends", h.sendAndWait(workerUser, "/lesson Sam sleep").Text, "Sent")
	sent := h.waitFor(sam.ID, n+1)[n]
	mustContain(t, "sent by worker", sent.Text, "Jordan has sent you a short lesson")
	mustContain(t, "unknown lesson", h.sendAndWait(workerUser, "/lesson Sam juggling").Text, "Lessons:", "5. Sleep")
	_, data := h.myData(sam)
	mustContain(t, "mydata has the reflection", string(data.Document), "Seeing my sister helps me feel hopeful", `"shared_with_your_worker": true`)
	again := h.sendAndWait(sam, "/learn")
	if !strings.Contains(again.Buttons[0][0].Text, "✓") || !strings.HasPrefix(again.Buttons[1][0].Text, "▶") {
		t.Errorf("the finished lesson is not marked done, or the next not marked next: %q, %q", again.Buttons[0][0].Text, again.Buttons[1][0].Text)
	}
}

func TestLessonsOnTheScheduleThePersonChose(t *testing.T) {
	h := newCheckinHarness(t, monday)
	h.enrolWithTimes(sam, "Sam 9am")
	mustContain(t, "bad time", h.sendAndWait(sam, "/learn Sun 25:00").Text, "no 25 o'clock")
	mustContain(t, "set", h.sendAndWait(sam, "/learn weekly Sun 6pm").Text, "next lesson on Sundays at 6pm")
	mustContain(t, "in the summary", h.sendAndWait(sam, "/schedule").Text, "Lessons: on Sundays at 6pm")
	sunday6 := time.Date(2026, 12, 13, 18, 0, 0, 0, time.UTC)
	n := len(h.emu.BotMessages(sam.ID))
	h.tick(sunday6)
	var offered []string
	for _, m := range h.emu.BotMessages(sam.ID)[n:] {
		if strings.Contains(m.Text, "your next lesson") {
			offered = append(offered, m.Text)
		}
	}
	if len(offered) != 1 || !strings.Contains(offered[0], "What recovery means") {
		t.Fatalf("lessons offered on Sunday: %q", offered)
	}
	h.tick(sunday6.Add(time.Hour))
	mustContain(t, "off", h.sendAndWait(sam, "/learn off").Text, "no more lessons on a schedule")
	n = len(h.emu.BotMessages(sam.ID))
	h.tick(sunday6.Add(7 * 24 * time.Hour))
	for _, m := range h.emu.BotMessages(sam.ID)[n:] {
		if strings.Contains(m.Text, "your next lesson") {
			t.Error("a lesson came after /learn off")
		}
	}
}
