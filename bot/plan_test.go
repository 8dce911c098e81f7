package bot_test

import (
	"strings"
	"testing"
)

func TestCrisisPlanIsThePersonsAndComesWithCrisisContacts(t *testing.T) {
	h := newHarness(t)
	h.join(sam, workerUser, "Sam")
	h.settle()
	empty := h.sendAndWait(sam, "/plan")
	mustContain(t, "empty plan", empty.Text, "Your plan for hard times", "with the crisis contacts")
	ask := h.pressAndNext(sam, empty, "+ Something that helps")
	mustContain(t, "type it", ask.Text, "Type one thing that helps")
	plan := h.sendAndWait(sam, "walking the dog <3")
	mustContain(t, "plan shown", plan.Text, "What helps me", "walking the dog <3")
	ask = h.pressAndNext(sam, plan, "+ Someone I can call")
	mustContain(t, "added", h.sendAndWait(sam, "my sister Ana, 07700 900123").Text, "People I can call", "my sister Ana")

	// Worrying words: the crisis contacts and the plan together, at once.
	w0 := len(h.emu.BotMessages(workerUser.ID))
	crisis := h.sendAndWait(sam, "i cant go on")
	mustContain(t, "crisis with plan", crisis.Text, "Crisis team", "Your plan for hard times", "walking the dog", "my sister Ana")
	mustContain(t, "/crisis with plan", h.sendAndWait(sam, "/crisis").Text, "Samaritans", "my sister Ana")
	h.settle()
	for _, m := range h.emu.BotMessages(workerUser.ID)[w0:] {
		if strings.Contains(m.Text, "my sister Ana") {
			t.Error("the plan reached the worker without being shared")
		}
	}
	// Shared only when Sam presses Share.
	shown := h.sendAndWait(sam, "/plan")
	w1 := len(h.emu.BotMessages(workerUser.ID))
	h.press(sam, shown, "Share with my worker")
	mustContain(t, "worker gets plan", h.waitFor(workerUser.ID, w1+1)[w1].Text, "Sam has shared their plan", "walking the dog")
}
