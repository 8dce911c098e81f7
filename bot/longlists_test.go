package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tandemcare/tandem/bot"
)

// Lists people build up item by item stop growing before they are too long for one Telegram
// message, say so kindly, and are still shown in full (to the person, and to the worker).
func TestLongListsStayWithinOneMessage(t *testing.T) {
	h := newCheckinHarness(t, mondayTen)
	h.join(sam, workerUser, "Sam")
	h.settle()
	long := strings.Repeat("a", 290)
	for i := range bot.MaxAgendaItems + 3 {
		m := h.sendAndWait(sam, fmt.Sprintf("/agenda A%02d %s", i, long))
		if i >= bot.MaxAgendaItems {
			mustContain(t, "agenda full", m.Text, "plenty for one appointment")
		}
	}
	m := h.sendAndWait(sam, "/agenda")
	mustContain(t, "agenda", m.Text, fmt.Sprintf("A%02d ", bot.MaxAgendaItems-1))
	if strings.Contains(m.Text, fmt.Sprintf("A%02d ", bot.MaxAgendaItems)) {
		t.Error("the agenda grew past its limit")
	}
	told := len(h.emu.BotMessages(workerUser.ID))
	h.sendAndWait(sam, "/appointment 2026-12-09 10:00")
	h.waitFor(workerUser.ID, told+1) // the worker hears of the appointment before asking
	w0 := len(h.emu.BotMessages(workerUser.ID))
	mustContain(t, "worker's view", h.sendAndWait(workerUser, "/summary Sam").Text+dump(h.emu.BotMessages(workerUser.ID)[w0:]), fmt.Sprintf("A%02d ", bot.MaxAgendaItems-1))

	for i := range bot.MaxPlanItems + 2 {
		plan := h.sendAndWait(sam, "/plan")
		h.pressAndNext(sam, plan, "+ Something that helps")
		m := h.sendAndWait(sam, fmt.Sprintf("P%02d %s", i, long))
		if i >= bot.MaxPlanItems {
			mustContain(t, "plan full", m.Text, "plan has 10 lines already")
		}
	}
	mustContain(t, "plan", h.sendAndWait(sam, "/plan").Text, fmt.Sprintf("P%02d", bot.MaxPlanItems-1))
}
